"""README "Security defaults": a body that fails to decode gives a KakaoDecodeError naming the
model, the field and the expected and actual type, never the value. The field is named by its
path in Kakao's JSON (camelCase, list positions in brackets)."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka

SECRET = "echoed-token-abcdefghijklmnop"


def _display(**extra: Any) -> dict[str, Any]:
    return {"id": 1, "name": "creative", "format": "IMAGE_BANNER", "config": "ON", **extra}


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (_display(name=[SECRET]), "field 'name'"),
        (_display(landingInfo={"url": [SECRET]}), "field 'landingInfo.url'"),
        (
            _display(assetGroups=[{"title": "ok"}, {"title": {"t": SECRET}}]),
            "field 'assetGroups[1].title'",
        ),
        (_display(rejectedReason={"x": SECRET}), "field 'rejectedReason'"),  # not a list
    ],
)
def test_a_wrong_typed_field_is_named_by_its_path(body: dict[str, Any], where: str) -> None:
    with pytest.raises(ka.KakaoDecodeError) as info:
        ka.decode(ka.DisplayCreative, body)
    text = str(info.value)
    assert "DisplayCreative" in text and where in text, text
    assert SECRET not in text and SECRET[:12] not in text


def test_a_missing_required_field_is_still_named() -> None:
    with pytest.raises(ka.KakaoDecodeError, match="missing field 'id'"):
        ka.decode(ka.DisplayCreative, {"name": "no id"})


def test_a_wrong_shape_at_the_top_names_no_field() -> None:
    with pytest.raises(ka.KakaoDecodeError) as info:
        ka.decode(ka.DisplayCreative, [SECRET])
    assert "field '" not in str(info.value) and SECRET not in str(info.value)
