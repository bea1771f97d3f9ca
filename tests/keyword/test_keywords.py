"""kakao.keyword.keywords (``GET /openapi/v1/keywords``) against the fake server over loopback
HTTP, and Kakao's sample (its document's Korean page, "광고 만들기: 키워드") through the model."""

from __future__ import annotations

import json

import pytest

import kakao_async as ka
from kakao_async import events
from kakao_async.testing import FakeKakaoServer
from tests.conftest import sample, sample_bytes


async def test_list_sends_the_ad_group_and_reads_every_row(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    manual = fake.add_keyword(ad_account_id=1, ad_group_id=44, text="꽃배달", bid_amount=1000)
    by_group = fake.add_keyword(ad_account_id=1, ad_group_id=44, config="OFF")
    fake.add_keyword(ad_account_id=1, ad_group_id=44, config="DEL")
    fake.add_keyword(ad_account_id=1, ad_group_id=45)  # another ad group
    fake.add_keyword(ad_account_id=2, ad_group_id=44)  # another ad account's
    found = await kakao.keyword.keywords.list(ad_group_id=44)
    assert [k.id for k in found] == [manual.id, by_group.id]  # Kakao's default: ON and OFF
    assert found[0].text == "꽃배달" and found[0].ad_group_id == 44
    assert found[0].bid_strategy == ka.KeywordBidStrategy(type="MANUAL", bid_amount=1000)
    assert found[1].bid_strategy == ka.KeywordBidStrategy(type="AD_GROUP", bid_amount=None)
    assert found[1].config is ka.Config.OFF
    # The fake answers reviewStatus as the sample does (one string): read as a tuple.
    assert found[0].review_status == ("APPROVED",)
    sent = fake.requests[-1]
    assert (sent.method, sent.path, sent.query) == ("GET", "/openapi/v1/keywords", "adGroupId=44")


async def test_config_asks_for_one_state(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.add_keyword(ad_account_id=1, ad_group_id=7)
    gone = fake.add_keyword(ad_account_id=1, ad_group_id=7, config="DEL")
    found = await kakao.keyword.keywords.list(ad_group_id=7, config=ka.Config.DEL)
    assert [(k.id, k.config) for k in found] == [(gone.id, ka.Config.DEL)]
    assert fake.requests[-1].query == "adGroupId=7&config=DEL"


async def test_an_ad_group_without_keywords_is_an_empty_list(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    assert await kakao.keyword.keywords.list(ad_group_id=99) == []


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"ad_group_id": 0}, ka.KakaoInputError),
        ({"ad_group_id": True}, ka.KakaoInputTypeError),
        ({"ad_group_id": 7, "config": "PAUSED"}, ka.KakaoInputError),
        ({"ad_group_id": 7, "config": ["ON", "OFF"]}, ka.KakaoInputError),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, arguments: dict[str, object], error: type
) -> None:
    with pytest.raises(error):
        await kakao.keyword.keywords.list(**arguments)  # type: ignore[arg-type]
    assert len(fake.requests) == 0


async def test_kakaos_sample_decodes_field_for_field(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.respond_next(sample_bytes("keyword_keywords.json"))
    first, second = await kakao.keyword.keywords.list(ad_group_id=4444444441, config="ON")
    assert first == ka.Keyword(
        id=55555555551,
        ad_group_id=4444444441,
        text="키워드1",
        config=ka.Config.ON,
        landing_info=ka.LandingInfo(rspv_landing_url="https://www.daum.net"),
        bid_strategy=ka.KeywordBidStrategy(type="MANUAL", bid_amount=1000),
        status=("WAITING", "OFF_BY_BIZ_CHANNEL_WAITING", "OFF"),
        review_status=("WAITING",),
    )
    assert second.landing_info is not None and second.landing_info.pc_landing_url
    assert second.bid_strategy == ka.KeywordBidStrategy(type="AD_GROUP", bid_amount=None)
    # raw is what Kakao sent (one reviewStatus string), and every field of it is modelled.
    assert first.raw == sample("keyword_keywords.json")[0]
    assert ka.models.unknown_fields(first) == {}


async def test_the_call_is_reported_under_its_declared_name(fake: FakeKakaoServer) -> None:
    seen: list[events.Event] = []
    async with ka.KakaoClient(
        "fake-token",
        ad_account_id=1,
        keyword_base_url=fake.base_url,
        observers=[seen.append],
    ) as kakao:
        fake.add_token("fake-token")
        await kakao.keyword.keywords.list(ad_group_id=3)
    ended = [e for e in seen if isinstance(e, events.CallEnded)]
    assert [(e.endpoint, e.path, e.outcome) for e in ended] == [
        ("keyword.keywords.list", "/openapi/v1/keywords", "ok")
    ]


async def test_an_empty_review_status_string_is_no_status(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    # One string stands for a one-item list; the empty string for none, not for a status "".
    row = {"id": 5, "adGroupId": 7, "text": "꽃", "config": "ON", "reviewStatus": ""}
    fake.respond_next(json.dumps([row]).encode())
    (found,) = await kakao.keyword.keywords.list(ad_group_id=7)
    assert found.review_status == ()
    assert found.raw == row
