"""structure -> unstructure -> JSON -> structure gives an equal model, for every sample; and
every model a call can return (every :class:`Resource`) has at least one sample here."""

from __future__ import annotations

import json
import traceback
from typing import Any

import pytest

import kakao_async as ka
import kakao_async.models as models
from kakao_async.models import decode, unstructure
from tests.conftest import DATA, sample

#: Each model-shaped sample: (file, the part of it that is a model, the model type).
MODEL_SAMPLES: list[tuple[str, tuple[str, ...], Any]] = [
    ("moment_list.json", ("content",), tuple[ka.CreativeSummary, ...]),
    ("moment_display_creative.json", (), ka.DisplayCreative),
    ("moment_display_creative_bizboard.json", (), ka.DisplayCreative),
    ("moment_display_creative_biz_form.json", (), ka.DisplayCreative),
    ("moment_message_creative.json", (), ka.MessageCreative),
    ("moment_message_creative_carousel.json", (), ka.MessageCreative),
    ("moment_on_off_request.json", (), ka.CreativeSummary),
    ("moment_system_config_history.json", (), ka.SystemConfigHistory),
    ("moment_system_config_histories.json", (), tuple[ka.SystemConfigHistory, ...]),
    # Ad accounts, campaigns and ad groups: the shapes of Kakao's field tables and of public
    # samples (the ids and names are placeholders).
    ("moment_ad_account_pages.json", (), ka.AdAccountPage),
    ("moment_ad_account_pages.json", ("content",), tuple[ka.AdAccountSummary, ...]),
    ("moment_ad_account.json", (), ka.AdAccount),
    ("moment_campaign_list.json", ("content",), tuple[ka.CampaignSummary, ...]),
    ("moment_campaign.json", (), ka.Campaign),
    ("moment_ad_group_list.json", ("content",), tuple[ka.AdGroupSummary, ...]),
    ("moment_ad_group.json", (), ka.AdGroup),
    ("keyword_list.json", (), ka.KeywordCreativePage),
    ("keyword_list.json", ("content",), tuple[ka.KeywordCreativeSummary, ...]),
    ("keyword_creative.json", (), ka.KeywordCreative),
    ("keyword_create_response.json", (), ka.KeywordCreative),
    ("keyword_create_request.json", ("assets",), ka.Assets),
    ("keyword_create_request.json", ("landingInfo",), ka.LandingInfo),
    ("keyword_create_request.json", ("license",), ka.License),
    ("keyword_keywords.json", (), tuple[ka.Keyword, ...]),
]
#: Error bodies: no model reads them.
NOT_MODELS = {
    "moment_error_delete_message.json",
    "moment_error_detail_not_found.json",
    "moment_error_no_permission.json",
    "moment_error_not_found_en.json",
    "moment_error_on_off_not_found.json",
}


def test_every_sample_is_covered() -> None:
    covered = {name for name, _, _ in MODEL_SAMPLES} | NOT_MODELS
    assert {p.name for p in DATA.glob("*.json")} == covered


@pytest.mark.parametrize(("name", "part", "tp"), MODEL_SAMPLES)
def test_sample_round_trips(name: str, part: tuple[str, ...], tp: Any) -> None:
    body = sample(name)
    for key in part:
        body = body[key]
    model = decode(tp, body)
    again = json.loads(json.dumps(unstructure(model)))
    assert decode(tp, again) == model


def _resources() -> set[type[Any]]:
    """Every public model a call returns."""
    return {
        cls
        for name in models.__all__
        if isinstance(cls := getattr(models, name), type)
        and issubclass(cls, ka.Resource)
        and cls is not ka.Resource
    }


def test_every_returned_model_has_a_sample() -> None:
    # A new response model needs a real payload in tests/data/ and a row in MODEL_SAMPLES.
    sampled: set[type[Any]] = set()
    for _, _, tp in MODEL_SAMPLES:
        sampled.add(tp)
        sampled.update(a for a in getattr(tp, "__args__", ()) if isinstance(a, type))
    assert _resources() - sampled == set()
    assert len(_resources()) >= 7


@pytest.mark.parametrize(("name", "part", "tp"), MODEL_SAMPLES)
def test_raw_is_the_json_and_takes_no_part_in_equality(
    name: str, part: tuple[str, ...], tp: Any
) -> None:
    body = sample(name)
    for key in part:
        body = body[key]
    model = decode(tp, body)
    for m, b in zip(model, body, strict=True) if isinstance(model, tuple) else [(model, body)]:
        if isinstance(m, ka.Resource):
            assert m.raw is b  # the very object, not a copy
            again = decode(type(m), unstructure(m))  # a new raw, so equality ignores raw
            assert again == m and hash(again) == hash(m) and again.raw is not b
            assert "raw" not in unstructure(m) and "raw=" not in repr(m)


def test_unstructure_leaves_out_none_and_writes_camel_case() -> None:
    out = unstructure(decode(ka.KeywordCreative, sample("keyword_creative.json")))
    assert out["landingInfo"] == {"rspvLandingUrl": "https://www.daum.net"}
    assert out["adAccountId"] == 1111111111 and "config" not in out


def test_decode_error_tracebacks_show_source_lines() -> None:
    # The generated hooks register their source with linecache: every frame has a line.
    with pytest.raises(ka.KakaoDecodeError) as info:
        decode(ka.DisplayCreative, {"id": 1, "image": {"width": "wide"}})
    cause = info.value.__cause__
    assert cause is not None
    frames = traceback.extract_tb(cause.__traceback__)
    assert any("generated" in f.filename for f in frames)
    assert all(f.line for f in frames)
