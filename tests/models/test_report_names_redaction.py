"""A report row's metric and dimension names are keys of the body: a server echoing a secret as
a key must not get it into a decode error (README, Security). Names shaped like Kakao's
(``imp``, ``video_play_3s``, ``campaign_id``) are still named, so the error stays useful."""

from __future__ import annotations

import traceback
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.models import ReportRow, decode

SECRET_KEYS = [
    "AbCdEf0123456789-access-token_LIKE_value",  # mixed case, dashes: an access token
    "0123abcdef4567890123abcdef456789",  # 32 lowercase hex: a REST API key or client secret
    "f1e2d3c4b5a697881726354453627181",
]


def _row(**part: Any) -> list[dict[str, Any]]:
    return [{"start": "2026-09-01", "end": "2026-09-01", **part}]


@pytest.mark.parametrize("secret", SECRET_KEYS)
@pytest.mark.parametrize("part", ["metrics", "dimensions"])
def test_a_secret_sent_as_a_name_is_not_quoted(secret: str, part: str) -> None:
    with pytest.raises(ka.KakaoDecodeError) as info:
        decode(tuple[ReportRow, ...], _row(**{part: {secret: [1]}}))
    rendered = "".join(traceback.format_exception(info.value))
    for text in (str(info.value), repr(info.value), rendered):
        assert secret[:12] not in text, text
    assert ("metric" if part == "metrics" else "dimension") in str(info.value)


@pytest.mark.parametrize("name", ["imp", "video_play_3s", "conv_purchase_7d", "new_metric"])
def test_a_kakao_shaped_metric_name_is_still_named(name: str) -> None:
    with pytest.raises(ka.KakaoDecodeError, match=f"metric '{name}' is not a number"):
        decode(tuple[ReportRow, ...], _row(metrics={name: "n/a"}))


def test_a_kakao_shaped_dimension_name_is_still_named() -> None:
    with pytest.raises(ka.KakaoDecodeError, match="dimension 'campaign_id' is not a scalar"):
        decode(tuple[ReportRow, ...], _row(dimensions={"campaign_id": {"a": 1}}))
