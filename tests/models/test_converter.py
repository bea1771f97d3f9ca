"""Every sample body of both seed documents decodes into its model."""

from __future__ import annotations

from datetime import datetime

import pytest

import kakao_async as ka
from kakao_async.models import decode, decode_moment_creative, unstructure
from tests.conftest import sample


def test_moment_list_sample() -> None:
    rows = decode(tuple[ka.CreativeSummary, ...], sample("moment_list.json")["content"])
    assert [(r.id, r.name, r.type, r.config) for r in rows] == [
        (1111, "creative1", "DISPLAY", ka.Config.ON),
        (1112, "creative2", "DISPLAY", ka.Config.OFF),
    ]


def test_display_creative_sample() -> None:
    c = decode_moment_creative(sample("moment_display_creative.json"))
    assert isinstance(c, ka.DisplayCreative)
    assert c.id == 1111 and c.format == "IMAGE_BANNER"
    assert c.image is not None and (c.image.width, c.image.height, c.image.size) == (
        640,
        100,
        50000,
    )
    assert c.landing_info == ka.LandingInfo(landing_type="AD_VIEW", communicator_ad_view_id=1)
    # Fields the table does not list but the sample carries.
    assert (c.landing_url, c.frequency_cap_type, c.frequency_cap) == (
        "http://www.daum.net",
        "DAY_IMP",
        3,
    )
    assert c.review_status is ka.ReviewStatus.REJECTED
    assert c.creative_status is ka.CreativeStatus.UNAPPROVED
    assert c.rejected_reason[0].rejected_title == "공통1>가격 불일치"
    assert "49,800" in (c.rejected_reason[0].rejected_content or "")
    assert c.created_date == datetime(2020, 1, 1, 0, 0) and c.created_date.tzinfo is None
    assert c.has_expandable is False


def test_message_creative_sample() -> None:
    c = decode_moment_creative(sample("moment_message_creative.json"))
    assert isinstance(c, ka.MessageCreative)
    assert (c.id, c.creative_id, c.ad_group_id, c.format) == (
        12345,
        12345,
        39656,
        "WIDE_LIST_MESSAGE",
    )
    m = c.message_element
    assert m is not None
    assert (m.ad_account_id, m.profile_id, m.share_flag, m.ad_flag) == (123, "_xbHxd", True, True)
    assert m.item_asset_groups[1].title == "title2"
    assert (
        m.item_asset_groups[2].image is not None
        and m.item_asset_groups[2].image.image_height == 720
    )
    assert m.message_thumbnail is not None and m.message_thumbnail.image_width == 1280
    assert m.button_asset_groups[0].landing_type == "LANDING_URL"
    assert c.last_modified_date == datetime(2021, 6, 23, 13, 26, 54)


def test_system_config_history_reads_admin_stop_reason() -> None:
    h = decode(ka.SystemConfigHistory, sample("moment_system_config_history.json"))
    assert h.id == 1234 and h.system_config is ka.SystemConfig.ADMIN_STOP
    assert h.reason == "has been suspended due to the end of the creative landing."
    rows = decode(tuple[ka.SystemConfigHistory, ...], sample("moment_system_config_histories.json"))
    assert [r.id for r in rows] == [1235, 1234] and all(r.reason for r in rows)
    # The documented name works too, and wins when both are present.
    both = decode(ka.SystemConfigHistory, {"id": 1, "reason": "doc", "adminStopReason": "sample"})
    assert both.reason == "doc"


def test_keyword_list_sample_ids_as_strings() -> None:
    page = decode(ka.KeywordCreativePage, sample("keyword_list.json"))
    assert page.page == ka.Page(number=0, size=10, total_elements=1, total_pages=1)
    first, second = page.content
    assert (first.id, first.biz_channel_id) == (66666666661, 2222222221)
    assert first.asset_types[0] == "THUMBNAIL" and len(first.asset_types) == 9
    assert second.asset_types == () and second.config == "ON"


@pytest.mark.parametrize("name", ["keyword_creative.json", "keyword_create_response.json"])
def test_keyword_creative_samples(name: str) -> None:
    c = decode(ka.KeywordCreative, sample(name))
    assert (c.ad_account_id, c.biz_channel_id, c.id) == (1111111111, 2222222221, 66666666661)
    assert c.landing_info is not None and c.landing_info.rspv_landing_url == "https://www.daum.net"
    assert c.landing_info.pc_landing_url is None
    assert c.license == ka.License(license_number="1234567890", review_document_id=9999999991)
    a = c.assets
    assert a is not None and a.thumbnail == ka.Thumbnail(
        image_id=8888888881, text="썸네일이미지설명"
    )
    assert [t.image_id for t in a.multi_thumbnails][:2] == [8888888882, 8888888883]
    assert a.additional_links[2].text == "부가링크3"
    assert a.subject is not None and a.subject.subject == "DISCOUNT"
    assert [(p.price, p.range) for p in a.price_tables] == [
        (1000, "STATIC"),
        (2000, "FROM"),
        (3000, "TO"),
    ]
    assert a.calculate is not None and a.calculate.landing_info is not None
    assert a.phone_number == "010-1234-5678" and (a.talk_channel_id or "").startswith("@")


def test_keyword_detail_sample_mixes_string_and_number_ids() -> None:
    c = decode(ka.KeywordCreative, sample("keyword_creative.json"))
    assert c.assets is not None
    assert c.assets.multi_thumbnails[2].image_id == 8888888883  # a JSON number in the sample


def test_create_request_sample_round_trips() -> None:
    body = sample("keyword_create_request.json")
    assets = decode(ka.Assets, body["assets"])
    again = unstructure(assets)
    assert again["priceTables"][1] == {
        "text": "가격테이블2",
        "price": 2000,
        "range": "FROM",
        "landingInfo": {"rspvLandingUrl": "https://www.daum.net"},
    }


def test_unknown_fields_and_enum_values_are_tolerated() -> None:
    c = decode(
        ka.CreativeSummary,
        {"id": 5, "config": "PAUSED", "newField": {"x": 1}, "systemConfig": "SOMETHING"},
    )
    assert c.config == "PAUSED" and not c.config.is_known
    assert c.system_config == "SOMETHING"
    assert ka.Config.ON.is_known and ka.Config.ON == "ON"


def test_nulls_mean_absent() -> None:
    c = decode_moment_creative({"id": "7", "rejectedReason": None, "image": None, "config": None})
    assert isinstance(c, ka.DisplayCreative)
    assert c.rejected_reason == () and c.image is None and c.config is None


def test_timezone_offsets_are_kept_as_given() -> None:
    h = decode(ka.SystemConfigHistory, {"id": 1, "createdDate": "2020-04-01T10:16:14.294+0000"})
    assert h.created_date is not None and h.created_date.utcoffset() is not None


@pytest.mark.parametrize(
    "body",
    [
        {"name": "no id"},
        {"id": "abc"},
        {"id": True},
        {"id": 1, "rejectedReason": {"rejectedTitle": "object, not list"}},
        {"id": 1, "rejectedReason": "text, not list"},
        {"id": 1, "hasExpandable": "false-ish"},
        {"id": 1, "createdDate": "yesterday"},
        {"id": 1, "image": ["not", "an", "object"]},
        ["not an object"],
        "<html>",
    ],
)
def test_bad_shapes_raise_decode_error(body: object) -> None:
    with pytest.raises(ka.KakaoDecodeError):
        decode_moment_creative(body)


def test_models_are_frozen_slotted_keyword_only() -> None:
    c = ka.CreativeSummary(id=1)
    with pytest.raises(AttributeError):
        c.id = 2  # type: ignore[misc]
    assert not hasattr(c, "__dict__")
    with pytest.raises(TypeError):
        ka.CreativeSummary(1)  # type: ignore[misc]


@pytest.mark.parametrize("value", [{"a": 1}, ["x"], True])
def test_text_fields_refuse_objects_lists_and_booleans(value: object) -> None:
    with pytest.raises(ka.KakaoDecodeError, match="expected text"):
        decode(ka.CreativeSummary, {"id": 1, "name": value})


def test_enum_fields_refuse_non_text() -> None:
    with pytest.raises(ka.KakaoDecodeError, match="Config"):
        decode(ka.CreativeSummary, {"id": 1, "config": 5})


@pytest.mark.parametrize("value", [{"a": 1}, ["ON"], 5, True])
def test_optional_enum_fields_refuse_non_text_by_name(value: object) -> None:
    # An ``X | None`` enum field answers known values itself and hands the rest on: a value
    # that is not text is still the enum hook's own error, not a failed lookup.
    with pytest.raises(ka.KakaoDecodeError, match="expected text for Config"):
        decode_moment_creative({"id": 1, "config": value})


def test_null_arrays_and_models_in_nested_models() -> None:
    c = decode_moment_creative(
        {"id": 1, "assetGroups": [{"image": None, "title": None}], "opinionProof": None}
    )
    assert isinstance(c, ka.DisplayCreative)
    assert c.asset_groups == (ka.AssetGroup(),) and c.opinion_proof == ()
