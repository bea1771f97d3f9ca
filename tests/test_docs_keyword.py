"""README "Kakao Keyword Ad v1 — kakao.keyword.creatives", row by row against the fake, and
against Kakao's document (limit 1..1000, default 10; page from 0; config ON or DEL; ids sent as
JSON strings; DELETE outside ``/basic``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer(record_bodies=True) as server:
        yield server


@pytest.fixture
async def kakao(fake: FakeKakaoServer) -> AsyncIterator[ka.KakaoClient]:
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, keyword_base_url=fake.base_url
    ) as client:
        yield client


def sent(fake: FakeKakaoServer) -> list[tuple[str, str, str]]:
    return [(r.method, r.path, r.query) for r in fake.requests]


async def test_list_defaults_to_page_0_of_10_and_returns_a_page(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed_keyword(ad_account_id=1, count=12)
    page = await kakao.keyword.creatives.list(biz_channel_id=1)
    assert isinstance(page, ka.KeywordCreativePage)
    assert [c.id for c in page.content] == ids[:10]
    assert (page.page.number, page.page.size, page.page.total_elements) == (0, 10, 12)
    assert page.page.total_pages == 2
    assert sent(fake) == [("GET", "/openapi/v1/creatives/basic", "bizChannelId=1&page=0&limit=10")]


@pytest.mark.parametrize(
    "arguments",
    [
        {"limit": 0},
        {"limit": 1001},  # Kakao: at most 1000
        {"limit": "10"},
        {"page": -1},
        {"page": 1.0},
        {"config": "OFF"},  # Kakao's list takes ON or DEL
        {"config": "PAUSED"},
        {"biz_channel_id": 0},
        {"timeout": 0},
    ],
)
async def test_list_refuses_bad_input_before_sending(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, arguments: dict[str, Any]
) -> None:
    arguments.setdefault("biz_channel_id", 1)
    with pytest.raises(ka.KakaoInputError):
        await kakao.keyword.creatives.list(**arguments)
    assert fake.requests.received == 0


async def test_iter_walks_every_page_of_1000_by_default(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed_keyword(ad_account_id=1, count=5)
    walked = [c.id async for c in kakao.keyword.creatives.iter(biz_channel_id=1)]
    assert walked == ids
    assert sent(fake) == [
        ("GET", "/openapi/v1/creatives/basic", "bizChannelId=1&page=0&limit=1000")
    ]
    fake.requests.clear()
    small = [c async for c in kakao.keyword.creatives.iter(biz_channel_id=1, page_size=2)]
    assert all(isinstance(c, ka.KeywordCreativeSummary) for c in small)
    assert [c.id for c in small] == ids
    assert [q for _, _, q in sent(fake)] == [f"bizChannelId=1&page={n}&limit=2" for n in range(3)]


async def test_get_reads_the_detail_with_ids_sent_as_strings(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    (creative_id,) = fake.seed_keyword(ad_account_id=1, count=1)
    detail = await kakao.keyword.creatives.get(creative_id)
    assert isinstance(detail, ka.KeywordCreative)
    assert detail.id == creative_id  # Kakao writes it as "1001": an int here
    assert isinstance(detail.raw["id"], str)
    assert sent(fake) == [("GET", f"/openapi/v1/creatives/basic/{creative_id}", "")]


async def test_create_sends_only_what_is_passed_and_returns_the_creative(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    created = await kakao.keyword.creatives.create(
        biz_channel_id=2222222221,
        name="소재이름",
        title="타이틀",
        description="설명문구",
        landing_info=ka.LandingInfo(rspv_landing_url="https://www.daum.net"),
        assets=ka.Assets(phone_number="010-1234-5678"),
    )
    assert isinstance(created, ka.KeywordCreative)
    assert created.name == "소재이름"
    assert fake.requests[-1].body == {
        "bizChannelId": "2222222221",
        "name": "소재이름",
        "title": "타이틀",
        "description": "설명문구",
        "landingInfo": {"rspvLandingUrl": "https://www.daum.net"},
        "assets": {"phoneNumber": "010-1234-5678"},
    }
    assert sent(fake) == [("POST", "/openapi/v1/creatives/basic", "")]


@pytest.mark.parametrize(
    "arguments",
    [
        {"name": ""},
        {"title": "  "},
        {"description": None},
        {"biz_channel_id": "x"},
        {"landing_info": {"rspvLandingUrl": "https://www.daum.net"}},  # a model, not a dict
        {"assets": []},
    ],
)
async def test_create_refuses_bad_input_before_sending(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, arguments: dict[str, Any]
) -> None:
    full: dict[str, Any] = {"biz_channel_id": 1, "name": "n", "title": "t", "description": "d"}
    with pytest.raises(ka.KakaoInputError):
        await kakao.keyword.creatives.create(**{**full, **arguments})
    assert fake.requests.received == 0


async def test_delete_is_outside_basic_and_returns_none(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    (creative_id,) = fake.seed_keyword(ad_account_id=1, count=1)
    assert await kakao.keyword.creatives.delete(creative_id) is None
    assert sent(fake) == [("DELETE", f"/openapi/v1/creatives/{creative_id}", "")]


async def test_get_many_and_delete_many_give_one_result_per_id(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed_keyword(ad_account_id=1, count=3)
    got = await kakao.keyword.creatives.get_many([*ids, 999_999])
    assert isinstance(got, ka.BulkResult)
    assert [(r.item, r.ok) for r in got] == [(i, True) for i in ids] + [(999_999, False)]
    assert [r.value.id for r in got if r.ok] == ids
    deleted = await kakao.keyword.creatives.delete_many(ids[:2], concurrency=1)
    assert [(r.item, r.ok, r.value) for r in deleted] == [
        (ids[0], True, None),
        (ids[1], True, None),
    ]
    job = kakao.keyword.creatives.start_get_many(ids[2:])
    assert isinstance(job, ka.BulkJob)
    assert [r.ok for r in await job] == [True]
    with pytest.raises(ka.KakaoInputError):
        await kakao.keyword.creatives.get_many(ids, concurrency=0)


async def test_the_section_code_block_runs(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    ids = [
        fake.add_keyword_creative(
            ad_account_id=1,
            biz_channel_id=2222222221,
            id=66666666661 + n,
            landing_info={"rspvLandingUrl": "https://www.daum.net"},
            assets={"priceTables": [{"text": "가격", "price": 1000, "range": "STATIC"}]},
        ).id
        for n in range(2)
    ]
    page = await kakao.keyword.creatives.list(biz_channel_id=2222222221, limit=100, config="ON")
    assert page.page.total_elements == 2
    assert [c.name for c in page.content] == [fake.keyword_creative(i).name for i in ids]
    summaries = [s async for s in kakao.keyword.creatives.iter(biz_channel_id=2222222221)]
    assert [s.id for s in summaries] == ids
    assert all(s.asset_types == ("PRICE_TABLE",) for s in summaries)
    detail = await kakao.keyword.creatives.get(66666666661)
    assert detail.landing_info is not None and detail.assets is not None
    assert detail.landing_info.rspv_landing_url == "https://www.daum.net"
    assert detail.assets.price_tables[0].price == 1000
    created = await kakao.keyword.creatives.create(
        biz_channel_id=2222222221,
        name="소재이름",
        title="타이틀",
        description="설명문구",
        landing_info=ka.LandingInfo(rspv_landing_url="https://www.daum.net"),
        assets=ka.Assets(phone_number="010-1234-5678"),
    )
    await kakao.keyword.creatives.delete(created.id)
    assert fake.keyword_creative(created.id).config == "DEL"
