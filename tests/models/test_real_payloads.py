"""Real Moment payloads (issue #12): what they carry beyond Kakao's field tables decodes, and
what no model reads stays reachable through ``raw`` and ``unknown_fields``.

Where the fixtures come from:

* ``moment_message_creative_carousel.json``: a ``GET /openapi/v4/creatives/{id}`` body of a
  carousel commerce message creative, published in a public repository's API notes. It has
  ``creativeId`` but no ``id``, and prices as strings.
* ``moment_display_creative_bizboard.json``: a display creative body kept in a public client's
  tests (``landingInfo.url``, ``adGroupId``, ``serviceContent``, ``decodedProfileId``).
* ``moment_display_creative_biz_form.json``: the fields a public client printed from a real
  display creative (``type``, ``bidAmount``, ``modifyReviewStatus``), with the Business Form
  landing that client reads (``landingInfo.bizFormId``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.models import decode, decode_moment_creative, unstructure
from kakao_async.testing import FakeKakaoServer
from tests.conftest import sample, sample_bytes


def test_message_creative_with_only_creative_id() -> None:
    body = sample("moment_message_creative_carousel.json")
    assert "id" not in body
    c = decode_moment_creative(body)
    assert isinstance(c, ka.MessageCreative)
    assert (c.id, c.creative_id, c.ad_group_id) == (30803007, 30803007, 4412053)
    assert c.raw is body  # the body Kakao sent, not the copy that filled in "id"
    m = c.message_element
    assert m is not None
    assert m.description == "빨래 고민 끝 세제는 퍼실vs유연제는 다우니"
    assert m.mobile_landing_url == m.intro_mobile_landing_url
    assert m.intro_mobile_landing_url == "https://my.gsshop.com/todayhenkel_260527_carousel0"
    card = m.item_asset_groups[0]
    assert card.price_currency_code == "KRW"
    assert (card.price_amount, card.discounted_price_amount) == (Decimal(78400), Decimal(49880))
    assert card.price_amount == 78400  # a whole Decimal equals the int
    assert ka.unknown_fields(c) == {}


def test_carousel_prices_go_back_as_the_strings_kakao_sent() -> None:
    c = decode_moment_creative(sample("moment_message_creative_carousel.json"))
    out = unstructure(c)
    card = out["messageElement"]["itemAssetGroups"][0]
    assert (card["priceAmount"], card["discountedPriceAmount"]) == ("78400", "49880")
    assert out["id"] == out["creativeId"] == 30803007


def test_message_creative_id_wins_over_creative_id() -> None:
    body = {"id": 1, "creativeId": 2, "messageElement": {}}
    assert decode(ka.MessageCreative, body).id == 1
    with pytest.raises(ka.KakaoDecodeError, match="missing field 'id'"):
        decode(ka.MessageCreative, {"name": "neither id"})


def test_display_creative_id_is_not_filled_from_creative_id() -> None:
    # For display creatives the two differ while a modification is in review.
    with pytest.raises(ka.KakaoDecodeError, match="missing field 'id'"):
        decode(ka.DisplayCreative, {"creativeId": 5})


def test_bizboard_display_creative() -> None:
    c = decode_moment_creative(sample("moment_display_creative_bizboard.json"))
    assert isinstance(c, ka.DisplayCreative)
    assert (c.id, c.creative_id, c.ad_group_id) == (13100740, 13100740, 1286777)
    assert c.landing_info == ka.LandingInfo(
        landing_type="URL", url="http://www.adpaas.co.kr/mobile/introMobile"
    )
    assert c.creative_status is ka.CreativeStatus.ADGROUP_UNAVAILABLE
    assert c.asset_groups == () and c.opinion_proof == ()  # null lists read as empty
    # Sent, but in no field table and null here: reachable, not modelled.
    assert ka.unknown_fields(c) == {"serviceContent": None, "decodedProfileId": None}


def test_biz_form_display_creative() -> None:
    c = decode_moment_creative(sample("moment_display_creative_biz_form.json"))
    assert isinstance(c, ka.DisplayCreative)
    assert (c.type, c.bid_amount, c.ad_group_id, c.creative_id) == ("DISPLAY", 130, 35443, 1470241)
    assert c.landing_info == ka.LandingInfo(landing_type="BIZ_FORM", biz_form_id=5678)
    assert ka.unknown_fields(c) == {"modifyReviewStatus": "NONE"}
    assert c.raw is not None and c.raw["modifyReviewStatus"] == "NONE"


@pytest.mark.parametrize(
    ("sent", "read"),
    [("78400", Decimal(78400)), ("12.99", Decimal("12.99")), ("0", 0), (49880, 49880)],
)
def test_price_amounts_are_exact(sent: object, read: Decimal) -> None:
    card = decode(ka.ItemAssetGroup, {"priceAmount": sent})
    assert card.price_amount == read and isinstance(card.price_amount, Decimal)
    assert json.loads(json.dumps(unstructure(card)))["priceAmount"] == str(read)


def test_a_float_price_keeps_its_shortest_text() -> None:
    card = decode(ka.ItemAssetGroup, {"priceAmount": 0.1})
    assert card.price_amount == Decimal("0.1")  # not 0.1000000000000000055511151231257827


#: Fullwidth and Arabic-Indic digits: ``Decimal()`` would read them.
OTHER_DIGITS = ["\uff11\uff12", "\u0661\u0662"]


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "1e5", " 12", "12.", True, [1], *OTHER_DIGITS])
def test_price_amounts_refuse_what_is_not_a_plain_number(bad: object) -> None:
    with pytest.raises(ka.KakaoDecodeError, match="expected a decimal number"):
        decode(ka.ItemAssetGroup, {"priceAmount": bad})


def test_unknown_fields_nested_paths_and_values() -> None:
    body: dict[str, Any] = {
        "id": 1,
        "newTopField": {"a": 1},
        "messageElement": {
            "id": 1,
            "badge": "NEW",
            "itemAssetGroups": [{"ordering": 0}, {"ordering": 1, "couponId": 7}],
            "messageThumbnail": {"url": "u", "alt": "x"},
        },
    }
    c = decode(ka.MessageCreative, body)
    assert ka.unknown_fields(c) == {
        "newTopField": {"a": 1},
        "messageElement.badge": "NEW",
        "messageElement.itemAssetGroups[1].couponId": 7,
        "messageElement.messageThumbnail.alt": "x",
    }


def test_unknown_fields_of_a_model_built_by_hand_is_empty() -> None:
    made = ka.DisplayCreative(id=1, name="mine")
    assert made.raw is None and ka.unknown_fields(made) == {}
    with pytest.raises(TypeError, match="expected a model a call returned"):
        ka.unknown_fields(ka.Image(url="u"))  # type: ignore[arg-type]


def test_aliases_are_not_unknown() -> None:
    history = decode(ka.SystemConfigHistory, sample("moment_system_config_history.json"))
    assert history.raw is not None and "adminStopReason" in history.raw
    assert ka.unknown_fields(history) == {}


# --- through the client, over real HTTP to the fake ------------------------------------------


async def test_get_returns_the_payload_as_raw(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.respond_next(sample_bytes("moment_message_creative_carousel.json"), method="GET")
    c = await kakao.moment.creatives.get(30803007)
    assert isinstance(c, ka.MessageCreative) and c.id == 30803007
    assert c.raw == sample("moment_message_creative_carousel.json")
    assert c.message_element is not None
    assert c.message_element.item_asset_groups[0].discounted_price_amount == Decimal("49880")


async def test_every_row_and_page_keeps_its_json(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.add_moment_creative(ad_account_id=1, ad_group_id=9)
    rows = await kakao.moment.creatives.list(ad_group_id=9)
    assert rows and all(r.raw is not None and r.raw["id"] == r.id for r in rows)
    fake.seed_keyword(ad_account_id=1, biz_channel_id=5, count=3)
    page = await kakao.keyword.creatives.list(biz_channel_id=5)
    assert page.raw is not None and page.raw["page"]["totalElements"] == 3
    items = [item async for item in kakao.keyword.creatives.iter(biz_channel_id=5, page_size=2)]
    # Keyword Ad sends ids as text; raw keeps them so, the model reads them as ints.
    assert [i.raw["id"] for i in items if i.raw] == [str(i.id) for i in items]
    assert len(items) == 3
