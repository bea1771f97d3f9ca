"""``ka.decode(ka.MomentCreative, ...)``: the type ``creatives.get`` returns reads back what
``ka.unstructure`` wrote, picking the display or message model as ``get`` does."""

from __future__ import annotations

import pytest

import kakao_async as ka
from tests.conftest import sample

SAMPLES = [
    ("moment_display_creative.json", ka.DisplayCreative),
    ("moment_display_creative_bizboard.json", ka.DisplayCreative),
    ("moment_message_creative.json", ka.MessageCreative),
    ("moment_message_creative_carousel.json", ka.MessageCreative),
]


@pytest.mark.parametrize(("name", "model"), SAMPLES)
def test_decode_the_union_picks_the_model_get_would(name: str, model: type) -> None:
    body = sample(name)
    creative: ka.MomentCreative = ka.decode(ka.MomentCreative, body)
    assert type(creative) is model
    assert creative.raw is body
    assert ka.decode(ka.MomentCreative, ka.unstructure(creative)) == creative


def test_a_stored_list_of_mixed_creatives_reads_back() -> None:
    bodies = [sample(name) for name, _ in SAMPLES]
    creatives = ka.decode(tuple[ka.MomentCreative, ...], bodies)
    assert [type(c) for c in creatives] == [model for _, model in SAMPLES]


def test_a_wrong_shape_is_still_a_decode_error() -> None:
    with pytest.raises(ka.KakaoDecodeError):
        ka.decode(ka.MomentCreative, [1, 2])


@pytest.mark.parametrize(("name", "model"), [*SAMPLES, (None, type(None))])
def test_an_optional_creative_reads_back(name: str | None, model: type) -> None:
    """``MomentCreative | None`` (a field of the user's own model that may hold no creative)
    is the union plus None: cattrs could not disambiguate it, even for a None."""
    body = None if name is None else sample(name)
    assert type(ka.decode(ka.MomentCreative | None, body)) is model
