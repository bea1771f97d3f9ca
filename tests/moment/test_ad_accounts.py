"""kakao.moment.ad_accounts against the fake over loopback HTTP."""

from __future__ import annotations

import json

import pytest
from aiohttp import web

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer
from tests.loopback import serve
from tests.moment.conftest import scaled_client


async def test_list_walks_every_page_without_an_ad_account_header(
    scaled_fake: FakeKakaoServer,
) -> None:
    for account in range(1, 8):
        scaled_fake.add_ad_account(id=account, name=f"acc {account}")
    scaled_fake.add_ad_account(id=8, config="DEL")
    # The list is the user's: it works on a client with no ad account at all.
    async with scaled_client(scaled_fake, ad_account_id=None) as kakao:
        rows = [a async for a in kakao.moment.ad_accounts.list(page_size=3)]
        assert [a.id for a in rows] == list(range(1, 8))
        assert rows[0].name == "acc 1" and rows[0].member_type is ka.MemberType.MASTER
        pages = [r for r in scaled_fake.requests if r.path.endswith("/pages")]
        assert [r.query for r in pages] == [f"page={n}&size=3" for n in range(3)]
        assert all(r.ad_account_id is None for r in pages)
        deleted = [a.id async for a in kakao.moment.ad_accounts.list(config="DEL")]
        assert deleted == [8]


async def test_accounts_holding_anything_are_listed_without_being_recorded(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    scaled_fake.add_moment_creative(ad_account_id=5)
    scaled_fake.add_campaign(ad_account_id=3)
    assert [a.id async for a in scaled_kakao.moment.ad_accounts.list()] == [3, 5]


async def test_a_page_without_total_pages_is_a_decode_error(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    scaled_fake.respond_next({"content": [{"id": 1}]}, path="/openapi/v4/adAccounts/pages")
    with pytest.raises(ka.KakaoDecodeError, match="totalPages"):
        [a async for a in scaled_kakao.moment.ad_accounts.list()]


async def test_get_and_set_config_of_the_account_itself(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    scaled_fake.add_ad_account(id=1, name="shop")
    scaled_fake.add_ad_account(id=2)
    account = await scaled_kakao.moment.ad_accounts.get()  # the client's own
    assert (account.id, account.name, account.config) == (1, "shop", "ON")
    assert account.type is ka.AdAccountType.BUSINESS
    assert await scaled_kakao.moment.ad_accounts.set_config("OFF") is True
    assert await scaled_kakao.moment.ad_accounts.set_config("OFF", ad_account_id=2) is True
    assert (await scaled_kakao.moment.ad_accounts.get(1)).config is ka.Config.OFF
    assert scaled_fake.ad_account(2).config == "OFF"
    assert [(c.quota, c.ad_account_id) for c in scaled_fake.quota_calls] == [
        ("adAccounts.onOff", 1),
        ("adAccounts.onOff", 2),
    ]


async def test_bad_input_is_refused_before_any_request(scaled_fake: FakeKakaoServer) -> None:
    async with scaled_client(scaled_fake, ad_account_id=None) as kakao:
        accounts = kakao.moment.ad_accounts
        with pytest.raises(ValueError, match="ad_account_id is required"):
            await accounts.get()
        with pytest.raises(ValueError, match="ad_account_id is required"):
            await accounts.set_config("ON")
        with pytest.raises(ValueError, match="'ON' or 'OFF'"):
            await accounts.set_config("DEL", ad_account_id=1)
        with pytest.raises(ValueError, match="page_size"):
            accounts.list(page_size=0)  # refused at the call, before iterating
        with pytest.raises(ValueError, match="config must be among"):
            accounts.list(config="GONE")
        with pytest.raises(ValueError, match="timeout"):
            accounts.list(timeout=0)
    assert list(scaled_fake.requests) == []


async def test_set_config_sends_only_the_state_with_the_account_in_the_header() -> None:
    headers: list[str | None] = []

    async def ok(request: web.Request) -> web.Response:
        headers.append(request.headers.get("adAccountId"))
        return web.Response(status=200, content_type="application/json")

    async with serve(ok) as (url, seen):
        async with ka.KakaoClient("t", moment_base_url=url, on_off_interval=0.01) as kakao:
            await kakao.moment.ad_accounts.set_config("OFF", ad_account_id=42)
    ((method, path, body),) = seen.requests
    assert (method, path, json.loads(body), headers) == (
        "PUT",
        "/openapi/v4/adAccounts/onOff",
        {"config": "OFF"},
        ["42"],
    )
