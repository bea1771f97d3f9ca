"""README "Models", sentence by sentence: over real calls to the fake (a canned body where
Kakao's document is the source) and through ``ka.decode``/``ka.unstructure``."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pytest

import kakao_async as ka
from kakao_async.models import OpenEnum
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import sample

RETURNED = (
    ka.DisplayCreative,
    ka.MessageCreative,
    ka.CreativeSummary,
    ka.SystemConfigHistory,
    ka.AdAccountPage,
    ka.AdAccountSummary,
    ka.AdAccount,
    ka.CampaignSummary,
    ka.Campaign,
    ka.AdGroupSummary,
    ka.AdGroup,
    ka.KeywordCreativePage,
    ka.KeywordCreativeSummary,
    ka.KeywordCreative,
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer() as server:
        yield server


@pytest.fixture
async def kakao(fake: FakeKakaoServer) -> AsyncIterator[ka.KakaoClient]:
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
    ) as client:
        yield client


@pytest.mark.parametrize("cls", RETURNED)
def test_models_are_frozen_slotted_keyword_only_resources(cls: type) -> None:
    assert attrs.has(cls)
    assert all(field.kw_only for field in attrs.fields(cls))
    assert issubclass(cls, ka.Resource)
    model = ka.decode(cls, {"id": 1, "content": []})
    assert not hasattr(model, "__dict__")  # slotted
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        model.id = 2  # type: ignore[attr-defined]
    with pytest.raises((AttributeError, TypeError)):
        model.not_a_field = 1  # type: ignore[attr-defined]


def test_snake_case_names_of_the_json_fields() -> None:
    display = ka.decode(ka.DisplayCreative, sample("moment_display_creative.json"))
    assert display.image is not None and display.image.width
    message = ka.decode(ka.MessageCreative, sample("moment_message_creative.json"))
    assert message.message_element is not None
    assert message.message_element.item_asset_groups[1].title == "title2"
    keyword = ka.decode(ka.KeywordCreative, sample("keyword_creative.json"))
    assert keyword.landing_info is not None
    assert keyword.landing_info.rspv_landing_url == "https://www.daum.net"
    page = ka.decode(ka.KeywordCreativePage, sample("keyword_list.json"))
    assert page.page.total_elements == 1


def test_ids_are_ints_where_keyword_ad_sends_strings() -> None:
    keyword = ka.decode(ka.KeywordCreative, sample("keyword_creative.json"))
    assert (keyword.id, keyword.ad_account_id, keyword.biz_channel_id) == (
        66666666661,
        1111111111,
        2222222221,
    )
    assert keyword.assets is not None
    # The document's sample sends one imageId as a number and the others as strings.
    assert [t.image_id for t in keyword.assets.multi_thumbnails] == [
        8888888882,
        8888888883,
        8888888883,
    ]


def test_dates_are_datetimes_exactly_as_given() -> None:
    naive = ka.decode(ka.DisplayCreative, {"id": 1, "createdDate": "2021-06-23T13:26:53"})
    assert naive.created_date == datetime(2021, 6, 23, 13, 26, 53)
    assert naive.created_date is not None and naive.created_date.tzinfo is None
    aware = ka.decode(ka.DisplayCreative, {"id": 1, "createdDate": "2021-06-23T13:26:53+09:00"})
    assert aware.created_date is not None
    assert aware.created_date.utcoffset() == timedelta(hours=9)
    assert aware.created_date == datetime(2021, 6, 23, 4, 26, 53, tzinfo=timezone.utc)


def test_lists_are_tuples_and_default_to_empty() -> None:
    bare = ka.decode(ka.DisplayCreative, {"id": 1})
    assert bare.rejected_reason == ()
    page = ka.decode(ka.KeywordCreativePage, sample("keyword_list.json"))
    assert isinstance(page.content, tuple)
    assert isinstance(page.content[0].asset_types, tuple)


async def test_unknown_enum_values_are_kept_over_a_real_call(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.respond_next(
        {"content": [{"id": 7, "name": "c", "config": "PAUSED", "systemConfig": "NEW_STOP"}]}
    )
    (row,) = await kakao.moment.creatives.list(ad_group_id=1)
    assert row.config == "PAUSED"
    assert isinstance(row.config, ka.Config)
    assert row.config.is_known is False
    assert ka.Config("PAUSED") == "PAUSED"
    assert ka.Config.ON.is_known is True
    assert [c.value for c in ka.Config] == ["ON", "OFF", "DEL"]
    assert ka.Config.OFF == "OFF"


async def test_unknown_fields_never_break_decoding_and_are_listed(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    body = copy.deepcopy(sample("moment_message_creative.json"))
    body["messageElement"]["badge"] = "NEW"
    body["brandNewTopLevel"] = {"nested": [1, 2]}
    fake.add_moment_creative(ad_account_id=1, id=12345)
    fake.respond_next(body)
    creative = await kakao.moment.creatives.get(12345)
    assert isinstance(creative, ka.MessageCreative)
    assert creative.raw == body  # the JSON object Kakao sent, untouched
    assert ka.unknown_fields(creative) == {
        "messageElement.badge": "NEW",
        "brandNewTopLevel": {"nested": [1, 2]},
    }


def test_ad_account_page_carries_page_and_number_as_kakao_sends_both() -> None:
    both = ka.decode(
        ka.AdAccountPage, {"content": [], "page": 2, "number": 2, "totalPages": 3, "size": 10}
    )
    assert (both.page, both.number) == (2, 2)


def test_ad_account_page_number_from_kakaos_own_sample() -> None:
    # Kakao's sample (and its Korean table) send only page; the English table lists number too.
    data = sample("moment_ad_account_pages.json")
    assert "number" not in data
    page = ka.decode(ka.AdAccountPage, data)
    assert (page.page, page.number) == (0, 0)
    assert page.raw == data and ka.unknown_fields(page) == {}  # raw is what Kakao sent
    only_number = {key: value for key, value in data.items() if key != "page"} | {"number": 2}
    assert ka.decode(ka.AdAccountPage, only_number).page == 2


def test_a_message_creative_with_only_creative_id_gets_it_as_its_id() -> None:
    body = {"creativeId": 77, "format": "BASIC_TEXT_MESSAGE", "config": "ON"}
    creative = ka.decode(ka.MomentCreative, body)
    assert isinstance(creative, ka.MessageCreative)
    assert (creative.id, creative.creative_id) == (77, 77)


def test_carousel_prices_are_exact_decimals_equal_to_the_int_when_whole() -> None:
    creative = ka.decode(ka.MessageCreative, sample("moment_message_creative_carousel.json"))
    assert creative.message_element is not None
    group = creative.message_element.item_asset_groups[0]
    assert isinstance(group.price_amount, Decimal)
    assert group.price_amount == 78400
    assert group.discounted_price_amount == Decimal("49880")
    body = ka.unstructure(creative)
    written = body["messageElement"]["itemAssetGroups"][0]
    assert (written["priceAmount"], written["discountedPriceAmount"]) == ("78400", "49880")
    fraction = copy.deepcopy(sample("moment_message_creative_carousel.json"))
    fraction["messageElement"]["itemAssetGroups"][0]["priceAmount"] = "0.1"
    exact = ka.decode(ka.MessageCreative, fraction)
    assert exact.message_element is not None
    assert exact.message_element.item_asset_groups[0].price_amount == Decimal("0.1")


@pytest.mark.parametrize(
    ("cls", "name"),
    [
        (ka.MomentCreative, "moment_display_creative.json"),
        (ka.MomentCreative, "moment_message_creative.json"),
        (ka.Campaign, "moment_campaign.json"),
        (ka.AdGroup, "moment_ad_group.json"),
        (ka.AdAccount, "moment_ad_account.json"),
        (ka.KeywordCreative, "keyword_creative.json"),
    ],
)
def test_unstructure_writes_kakaos_json_and_round_trips(cls: type, name: str) -> None:
    model = ka.decode(cls, sample(name))
    body = ka.unstructure(model)
    assert "null" not in repr(body) and None not in _values(body)  # None left out
    assert all(k[:1].islower() and "_" not in k for k in _keys(body))  # camelCase
    assert ka.decode(type(model), body) == model
    created = body.get("createdDate")
    if created is not None:
        assert datetime.fromisoformat(created)  # ISO 8601


def test_moment_creative_or_none_reads_the_same_way() -> None:
    assert ka.decode(ka.MomentCreative | None, None) is None  # type: ignore[arg-type]
    display = ka.decode(
        ka.MomentCreative | None,  # type: ignore[arg-type]
        sample("moment_display_creative.json"),
    )
    assert isinstance(display, ka.DisplayCreative)


async def test_the_section_code_block_runs(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.add_moment_creative(ad_account_id=1, id=1111)
    creative = await kakao.moment.creatives.get(1111)
    assert isinstance(creative.raw, dict)
    assert ka.unknown_fields(creative) == {}
    body = ka.unstructure(creative)
    assert ka.decode(type(creative), body) == creative


def _keys(value: object) -> list[str]:
    if isinstance(value, dict):
        return [k for k, v in value.items() for k in [k, *_keys(v)]]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


def _values(value: object) -> list[object]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in [v, *_values(v)]]
    if isinstance(value, list):
        return [x for v in value for x in [v, *_values(v)]]
    return []


SAMPLES = [
    (ka.MomentCreative, "moment_display_creative.json"),
    (ka.MomentCreative, "moment_display_creative_bizboard.json"),
    (ka.MomentCreative, "moment_message_creative.json"),
    (ka.MomentCreative, "moment_message_creative_carousel.json"),
    (ka.Campaign, "moment_campaign.json"),
    (ka.AdGroup, "moment_ad_group.json"),
    (ka.AdAccount, "moment_ad_account.json"),
    (ka.AdAccountPage, "moment_ad_account_pages.json"),
    (ka.KeywordCreative, "keyword_creative.json"),
    (ka.KeywordCreativePage, "keyword_list.json"),
]


def _snake(key: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key)


def _renew_enums(model: object, raw: object) -> int:
    """Replace, in ``raw``, every value the model read as an enum by a value no enum has."""
    count = 0
    if isinstance(raw, dict) and attrs.has(type(model)):
        for key, value in raw.items():
            got = getattr(model, _snake(key), None)
            if isinstance(got, OpenEnum):
                raw[key] = "BRAND_NEW_VALUE"
                count += 1
            else:
                count += _renew_enums(got, value)
    elif isinstance(raw, list) and isinstance(model, tuple):
        for item, value in zip(model, raw, strict=False):
            if isinstance(item, OpenEnum):
                count += 1
            count += _renew_enums(item, value)
        raw[:] = [
            "BRAND_NEW_VALUE" if isinstance(m, OpenEnum) else v
            for m, v in zip(model, raw, strict=False)
        ]
    return count


@pytest.mark.parametrize(("cls", "name"), SAMPLES)
def test_every_enum_value_kakao_adds_and_every_new_field_is_tolerated(cls: type, name: str) -> None:
    body = copy.deepcopy(sample(name))
    renewed = _renew_enums(ka.decode(cls, sample(name)), body)
    body["fieldKakaoAddedLater"] = {"deep": ["x"]}
    model = ka.decode(cls, body)
    before = ka.unknown_fields(ka.decode(cls, sample(name)))
    assert ka.unknown_fields(model) == {**before, "fieldKakaoAddedLater": {"deep": ["x"]}}
    assert _renew_enums(model, copy.deepcopy(body)) == renewed  # still read as enums
    if renewed:
        assert "BRAND_NEW_VALUE" in repr(model)
