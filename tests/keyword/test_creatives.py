"""kakao.keyword.creatives against the fake server over loopback HTTP."""

from __future__ import annotations

import pytest

import kakao_async as ka
from kakao_async.models import decode
from kakao_async.testing import FakeKakaoServer
from tests.conftest import sample, sample_bytes


async def test_list_defaults_and_page_info(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    made = [fake.add_keyword_creative(ad_account_id=1, biz_channel_id=7) for _ in range(12)]
    fake.add_keyword_creative(ad_account_id=1, biz_channel_id=8)
    page = await kakao.keyword.creatives.list(biz_channel_id=7)
    assert [c.id for c in page.content] == [c.id for c in made[:10]]
    assert page.page == ka.Page(number=0, size=10, total_elements=12, total_pages=2)
    assert fake.requests[-1].query == "bizChannelId=7&page=0&limit=10"
    second = await kakao.keyword.creatives.list(biz_channel_id=7, page=1, limit=10)
    assert [c.id for c in second.content] == [c.id for c in made[10:]]


async def test_list_config_filter(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    on = fake.add_keyword_creative(ad_account_id=1, biz_channel_id=7)
    gone = fake.add_keyword_creative(ad_account_id=1, biz_channel_id=7, config="DEL")
    assert [
        c.id for c in (await kakao.keyword.creatives.list(biz_channel_id=7, config="ON")).content
    ] == [on.id]
    dels = await kakao.keyword.creatives.list(biz_channel_id=7, config=ka.Config.DEL)
    assert [(c.id, c.config) for c in dels.content] == [(gone.id, ka.Config.DEL)]


async def test_list_decodes_the_sample(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.respond_next(sample_bytes("keyword_list.json"))
    page = await kakao.keyword.creatives.list(biz_channel_id=2222222221, config="ON")
    assert [c.id for c in page.content] == [66666666661, 66666666662]


async def test_iter_walks_to_the_last_page(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    made = [fake.add_keyword_creative(ad_account_id=1, biz_channel_id=3).id for _ in range(23)]
    seen = [c.id async for c in kakao.keyword.creatives.iter(biz_channel_id=3, page_size=5)]
    assert seen == made
    pages = [r.query for r in fake.requests]
    assert pages == [f"bizChannelId=3&page={n}&limit=5" for n in range(5)]


async def test_iter_of_an_empty_channel_makes_one_request(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    assert [c async for c in kakao.keyword.creatives.iter(biz_channel_id=99)] == []
    assert len(fake.requests) == 1


async def test_iter_exact_multiple_of_page_size(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    made = [fake.add_keyword_creative(ad_account_id=1, biz_channel_id=3).id for _ in range(10)]
    seen = [c.id async for c in kakao.keyword.creatives.iter(biz_channel_id=3, page_size=5)]
    assert seen == made and len(fake.requests) == 2


async def test_get_and_sample(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    c = fake.add_keyword_creative(
        ad_account_id=1, biz_channel_id=5, landing_info={"rspvLandingUrl": "https://x.test"}
    )
    got = await kakao.keyword.creatives.get(c.id)
    assert (got.id, got.biz_channel_id, got.ad_account_id) == (c.id, 5, 1)
    assert got.landing_info is not None and got.landing_info.rspv_landing_url == "https://x.test"
    fake.respond_next(sample_bytes("keyword_creative.json"))
    detail = await kakao.keyword.creatives.get(66666666661)
    assert detail == decode(ka.KeywordCreative, sample("keyword_creative.json"))
    assert fake.requests[-1].path == "/openapi/v1/creatives/basic/66666666661"


async def test_create_sends_the_documented_body(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.record_bodies = True
    doc = sample("keyword_create_request.json")
    assets = decode(ka.Assets, doc["assets"])
    created = await kakao.keyword.creatives.create(
        biz_channel_id=2222222221,
        name="소재이름",
        title="타이틀",
        description="설명문구",
        landing_info=ka.LandingInfo(rspv_landing_url="https://www.daum.net"),
        license=ka.License(license_number="1234567890", review_document_id=9999999991),
        assets=assets,
    )
    sent = fake.requests[-1].body
    # Ids go out as JSON strings, like the document's request sample.
    assert sent["bizChannelId"] == "2222222221"
    assert sent["license"] == doc["license"]
    assert sent["assets"]["thumbnail"] == doc["assets"]["thumbnail"]
    assert sent["assets"]["multiThumbnails"][0]["imageId"] == "8888888882"
    assert sent["assets"]["priceTables"] == [
        {k: v for k, v in row.items() if k != "landingInfo"}
        | {"landingInfo": {"rspvLandingUrl": "https://www.daum.net"}}
        for row in doc["assets"]["priceTables"]
    ]
    assert created.biz_channel_id == 2222222221 and created.ad_account_id == 1
    assert created.assets == assets
    assert fake.keyword_creative(created.id).name == "소재이름"


async def test_create_response_sample(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.respond_next(sample_bytes("keyword_create_response.json"), method="POST")
    created = await kakao.keyword.creatives.create(
        biz_channel_id=2222222221, name="n", title="t", description="d"
    )
    assert created.id == 66666666661 and created.assets is not None
    assert created.assets.price_tables[0].text == "할인1"


async def test_create_is_never_retried(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.fail_next(1, status=503, method="POST")
    with pytest.raises(ka.KakaoServerError):
        await kakao.keyword.creatives.create(biz_channel_id=1, name="n", title="t", description="d")
    assert [r.method for r in fake.requests] == ["POST"]
    assert fake.state.keyword == {}


async def test_delete_uses_the_path_outside_basic(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    c = fake.add_keyword_creative(ad_account_id=1)
    assert await kakao.keyword.creatives.delete(c.id) is None
    assert fake.requests[-1].path == f"/openapi/v1/creatives/{c.id}"
    assert fake.keyword_creative(c.id).config == "DEL"
    with pytest.raises(ka.KakaoNotFoundError):
        await kakao.keyword.creatives.delete(123456789)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"biz_channel_id": 1, "limit": 0}, "limit must be an integer from 1 to 1000"),
        ({"biz_channel_id": 1, "limit": 1001}, "limit must be an integer from 1 to 1000"),
        ({"biz_channel_id": 1, "page": -1}, "page must be a non-negative"),
        ({"biz_channel_id": 1, "config": "OFF"}, "config must be among"),
        ({"biz_channel_id": 0}, "biz_channel_id must be a positive"),
    ],
)
async def test_list_bad_input(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, kwargs: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        await kakao.keyword.creatives.list(**kwargs)
    assert len(fake.requests) == 0


async def test_create_bad_input(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    with pytest.raises(ValueError, match="name"):
        await kakao.keyword.creatives.create(biz_channel_id=1, name=" ", title="t", description="d")
    with pytest.raises(TypeError, match="LandingInfo"):
        await kakao.keyword.creatives.create(
            biz_channel_id=1,
            name="n",
            title="t",
            description="d",
            landing_info={"rspvLandingUrl": "x"},  # type: ignore[arg-type]
        )
    with pytest.raises(ValueError, match="page_size"):
        [c async for c in kakao.keyword.creatives.iter(biz_channel_id=1, page_size=0)]
    assert len(fake.requests) == 0
