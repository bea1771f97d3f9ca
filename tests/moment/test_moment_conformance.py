"""Kakao Moment v4 as Kakao's documents describe it: each README endpoint's method, path, query
names, headers and JSON body, read off the wire (``MockTransport``, which keeps the exact header
names), and what the documented response fields decode to.

Ground truth: the Kakao Moment creative document (``/work/shared/seeds``; its samples are the
files under ``tests/data``) and developers.kakao.com's ad account, campaign, ad group and report
pages and API reference ("Limit" column).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.endpoints import QUOTAS
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import sample_bytes

TOKEN = "conformance-token"
ACCOUNT = 1234

#: A body each GET can decode, by path prefix (the longest match wins).
_ANSWERS: dict[str, bytes] = {
    "/openapi/v4/creatives/report": b'{"data": []}',
    "/openapi/v4/campaigns/report": b'{"data": []}',
    "/openapi/v4/adGroups/report": b'{"data": []}',
    "/openapi/v4/adAccounts/report": b'{"data": []}',
    "/openapi/v4/adAccounts/pages": sample_bytes("moment_ad_account_pages.json"),
    "/openapi/v4/adAccounts/": sample_bytes("moment_ad_account.json"),
    "/openapi/v4/creatives": sample_bytes("moment_list.json"),
    "/openapi/v4/creatives/": sample_bytes("moment_display_creative.json"),
    "/openapi/v4/campaigns": sample_bytes("moment_campaign_list.json"),
    "/openapi/v4/campaigns/": sample_bytes("moment_campaign.json"),
    "/openapi/v4/adGroups": sample_bytes("moment_ad_group_list.json"),
    "/openapi/v4/adGroups/": sample_bytes("moment_ad_group.json"),
}


def _answer(request: ka.HttpRequest) -> ka.HttpResponse:
    path = request.path
    if request.method == "DELETE" or (request.method == "PUT" and not path.endswith("adGroups")):
        # Kakao's onOff / budget / bid / pacing / delete answer: 200 without a body.
        return ka.HttpResponse(200, {"Content-Length": "0"}, b"")
    if path.endswith("systemConfigHistory"):
        return ka.HttpResponse(200, {}, sample_bytes("moment_system_config_history.json"))
    if path.endswith("systemConfigHistories"):
        return ka.HttpResponse(200, {}, sample_bytes("moment_system_config_histories.json"))
    if path.endswith("adGroups") and request.method != "GET":
        return ka.HttpResponse(200, {}, sample_bytes("moment_ad_group.json"))
    prefix = max(
        (p for p in _ANSWERS if path == p or (p.endswith("/") and path.startswith(p))), key=len
    )
    return ka.HttpResponse(200, {"Content-Type": _JSON}, _ANSWERS[prefix])


_JSON = "application/json;charset=UTF-8"


Call = Callable[[ka.KakaoClient], Awaitable[Any]]


async def _drain(iterator: Any) -> list[Any]:
    return [item async for item in iterator]


#: (call, method, path, query pairs, JSON body or None), one row per README endpoint.
WIRE: list[tuple[str, Call, str, str, list[tuple[str, str]], Any]] = [
    (
        "creatives.list",
        lambda k: k.moment.creatives.list(ad_group_id=5678, config=["ON"]),
        "GET",
        "/openapi/v4/creatives",
        [("adGroupId", "5678"), ("config", "ON")],
        None,
    ),
    (
        "creatives.get",
        lambda k: k.moment.creatives.get(1111),
        "GET",
        "/openapi/v4/creatives/1111",
        [],
        None,
    ),
    (
        "creatives.set_config",
        lambda k: k.moment.creatives.set_config(1234, ka.Config.ON),
        "PUT",
        "/openapi/v4/creatives/onOff",
        [],
        {"id": 1234, "config": "ON"},  # the document's request sample, exactly
    ),
    (
        "creatives.delete",
        lambda k: k.moment.creatives.delete(1113),
        "DELETE",
        "/openapi/v4/creatives/1113",
        [],
        None,
    ),
    (
        "creatives.system_config_history",
        lambda k: k.moment.creatives.system_config_history(1111),
        "GET",
        "/openapi/v4/creatives/1111/systemConfigHistory",
        [],
        None,
    ),
    (
        "creatives.system_config_histories",
        lambda k: k.moment.creatives.system_config_histories(1111),
        "GET",
        "/openapi/v4/creatives/1111/systemConfigHistories",
        [],
        None,
    ),
    (
        "ad_accounts.list",
        lambda k: _drain(k.moment.ad_accounts.list(config=["ON", "OFF"], page_size=2)),
        "GET",
        "/openapi/v4/adAccounts/pages",
        # The page's documented sample: config as one comma-separated text, page and size.
        [("page", "0"), ("size", "2"), ("config", "ON,OFF")],
        None,
    ),
    (
        "ad_accounts.get",
        lambda k: k.moment.ad_accounts.get(),
        "GET",
        f"/openapi/v4/adAccounts/{ACCOUNT}",
        [],
        None,
    ),
    (
        "ad_accounts.set_config",
        lambda k: k.moment.ad_accounts.set_config("OFF"),
        "PUT",
        "/openapi/v4/adAccounts/onOff",
        [],
        {"config": "OFF"},
    ),
    (
        "campaigns.list",
        lambda k: k.moment.campaigns.list(config="ON"),
        "GET",
        "/openapi/v4/campaigns",
        [("config", "ON")],  # the page's sample: ?config=ON
        None,
    ),
    (
        "campaigns.get",
        lambda k: k.moment.campaigns.get(1111),
        "GET",
        "/openapi/v4/campaigns/1111",
        [],
        None,
    ),
    (
        "campaigns.set_config",
        lambda k: k.moment.campaigns.set_config(1111, "OFF"),
        "PUT",
        "/openapi/v4/campaigns/onOff",
        [],
        {"id": 1111, "config": "OFF"},
    ),
    (
        "campaigns.set_daily_budget",
        lambda k: k.moment.campaigns.set_daily_budget(1111, 70_000),
        "PUT",
        "/openapi/v4/campaigns/dailyBudgetAmount",
        [],
        {"id": 1111, "dailyBudgetAmount": 70000},
    ),
    (
        "campaigns.system_config_histories",
        lambda k: k.moment.campaigns.system_config_histories(1111),
        "GET",
        "/openapi/v4/campaigns/1111/systemConfigHistories",
        [],
        None,
    ),
    (
        "ad_groups.list",
        lambda k: k.moment.ad_groups.list(campaign_id=1234, config="ON"),
        "GET",
        "/openapi/v4/adGroups",
        [("campaignId", "1234"), ("config", "ON")],  # the page's sample query
        None,
    ),
    (
        "ad_groups.get",
        lambda k: k.moment.ad_groups.get(35443),
        "GET",
        "/openapi/v4/adGroups/35443",
        [],
        None,
    ),
    (
        "ad_groups.set_config",
        lambda k: k.moment.ad_groups.set_config(35443, "OFF"),
        "PUT",
        "/openapi/v4/adGroups/onOff",
        [],
        {"id": 35443, "config": "OFF"},
    ),
    (
        "ad_groups.set_daily_budget",
        lambda k: k.moment.ad_groups.set_daily_budget(35443, 50_000),
        "PUT",
        "/openapi/v4/adGroups/dailyBudgetAmount",
        [],
        {"id": 35443, "dailyBudgetAmount": 50000},
    ),
    (
        "ad_groups.set_bid_amount",
        lambda k: k.moment.ad_groups.set_bid_amount(35443, 300),
        "PUT",
        "/openapi/v4/adGroups/bidAmount",
        [],
        {"id": 35443, "bidAmount": 300},
    ),
    (
        "ad_groups.set_pacing",
        lambda k: k.moment.ad_groups.set_pacing(35443, "QUICK"),
        "PUT",
        "/openapi/v4/adGroups/pacing",
        [],
        {"id": 35443, "pacing": "QUICK"},
    ),
    (
        "ad_groups.create",
        lambda k: k.moment.ad_groups.create({"campaign": {"id": 1111}, "name": "group"}),
        "POST",
        "/openapi/v4/adGroups",
        [],
        {"campaign": {"id": 1111}, "name": "group"},
    ),
    (
        "ad_groups.update",
        lambda k: k.moment.ad_groups.update({"id": 35443, "name": "renamed"}),
        "PUT",
        "/openapi/v4/adGroups",
        [],
        {"id": 35443, "name": "renamed"},
    ),
    (
        "reports.ad_account",
        lambda k: k.moment.reports.ad_account(
            start=date(2026, 1, 1), end=date(2026, 1, 7), metrics_groups=["BASIC", "ADDITION"]
        ),
        "GET",
        "/openapi/v4/adAccounts/report",
        [("start", "20260101"), ("end", "20260107"), ("metricsGroup", "BASIC,ADDITION")],
        None,
    ),
    (
        "reports.campaigns",
        lambda k: k.moment.reports.campaigns(campaign_ids=[111, 112], date_preset="YESTERDAY"),
        "GET",
        "/openapi/v4/campaigns/report",
        [("datePreset", "YESTERDAY"), ("campaignId", "111,112")],
        None,
    ),
    (
        "reports.ad_accounts",
        lambda k: k.moment.reports.ad_accounts(
            ad_account_ids=[1234, 4321], date_preset="YESTERDAY"
        ),
        "GET",
        "/openapi/v4/adAccounts/report",
        [("datePreset", "YESTERDAY"), ("adAccountId", "1234,4321")],
        None,
    ),
    (
        "reports.ad_groups",
        lambda k: k.moment.reports.ad_groups(ad_group_ids=[35443], date_preset="YESTERDAY"),
        "GET",
        "/openapi/v4/adGroups/report",
        [("datePreset", "YESTERDAY"), ("adGroupId", "35443")],
        None,
    ),
    (
        "reports.creatives",
        lambda k: k.moment.reports.creatives(creative_ids=[1111], date_preset="YESTERDAY"),
        "GET",
        "/openapi/v4/creatives/report",
        [("datePreset", "YESTERDAY"), ("creativeId", "1111")],
        None,
    ),
]


@pytest.mark.parametrize(
    ("call", "method", "path", "query", "body"),
    [row[1:] for row in WIRE],
    ids=[row[0] for row in WIRE],
)
async def test_each_endpoint_sends_what_kakao_documents(
    call: Call, method: str, path: str, query: list[tuple[str, str]], body: Any
) -> None:
    transport = ka.MockTransport(_answer)
    quotas = {name: 0.001 for name in QUOTAS}
    async with ka.KakaoClient(
        TOKEN, ad_account_id=ACCOUNT, transport=transport, quotas=quotas
    ) as kakao:
        await call(kakao)
    sent = transport.requests[0]
    assert (sent.method, sent.path) == (method, path)
    assert sent.url.startswith("https://apis.moment.kakao.com" + path)
    assert sorted(sent.params) == sorted(query)
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    if path == "/openapi/v4/adAccounts/pages":
        assert "adAccountId" not in sent.headers  # the user's accounts: no account header
    else:
        assert sent.headers["adAccountId"] == str(ACCOUNT)
    if body is None:
        assert sent.body is None
    else:
        assert sent.headers["Content-Type"].startswith("application/json")
        assert sent.body is not None and json.loads(sent.body) == body


def test_every_readme_endpoint_has_a_row() -> None:
    covered = {(m, p.replace("1111", "{id}").replace("35443", "{id}")) for _, _, m, p, _, _ in WIRE}
    covered = {(m, p.replace("1113", "{id}").replace(str(ACCOUNT), "{id}")) for m, p in covered}
    declared = {(e.method, e.path) for e in ka.endpoints.MOMENT_ENDPOINTS}
    assert declared <= covered


# ------------------------------------------------------------------ documented response fields


async def test_ad_account_page_reads_every_documented_field() -> None:
    """developers.kakao.com, "View list of ad accounts": the body has ``content``, ``number``
    ("Page number, same as page"), ``size``, ``totalElements``, ``totalPages`` and ``page``."""
    body = {
        "content": [{"id": 1, "name": "a", "memberType": "MASTER", "config": "ON"}],
        "number": 0,
        "size": 2,
        "totalElements": 1,
        "totalPages": 1,
        "page": 0,
    }
    page = ka.decode(ka.AdAccountPage, body)
    assert (page.number, page.page, page.size, page.total_elements, page.total_pages) == (
        0,
        0,
        2,
        1,
        1,
    )
    assert ka.unknown_fields(page) == {}


async def test_the_fakes_ad_account_page_carries_number_like_kakaos() -> None:
    async with FakeKakaoServer() as fake:
        for account in (1, 2, 3):
            fake.add_ad_account(id=account)
        async with aiohttp.ClientSession() as session:
            async with session.get(
                fake.base_url + "/openapi/v4/adAccounts/pages",
                params={"page": "1", "size": "2"},
                headers={"Authorization": f"Bearer {DEFAULT_TOKEN}"},
            ) as response:
                second = ka.decode(ka.AdAccountPage, await response.json())
    assert (second.number, second.page, [a.id for a in second.content]) == (1, 1, [3])
    assert ka.unknown_fields(second) == {}


async def test_the_fake_requires_the_campaign_lists_config_as_kakao_does() -> None:
    """developers.kakao.com, "View list of campaigns": ``config`` is a required query parameter
    (the client always sends one: ``ON,OFF`` by default)."""
    headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}
    async with FakeKakaoServer() as fake:
        fake.add_campaign(ad_account_id=1)
        async with aiohttp.ClientSession() as session:
            url = fake.base_url + "/openapi/v4/campaigns"
            async with session.get(url, headers=headers) as response:
                assert response.status == 400
                answer = await response.json()
            async with session.get(url, params={"config": "ON"}, headers=headers) as response:
                assert response.status == 200
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
        ) as k:
            assert len(await k.moment.campaigns.list()) == 1
    assert answer["code"] == -813 and answer["extras"]["detailMsg"] == "config is required"


def test_report_quotas_follow_the_report_page() -> None:
    """ "every five seconds per ad account ID for a single report or app ID for multiple reports";
    "the period should be within 31 days"."""
    quotas = ka.endpoints.QUOTAS
    assert (quotas["reports.account"].interval, quotas["reports.account"].scope) == (5.0, "account")
    assert (quotas["reports.app"].interval, quotas["reports.app"].scope) == (5.0, "app")
    assert ka.endpoints.MOMENT_REPORT_AD_ACCOUNT.quota is quotas["reports.account"]
    assert ka.endpoints.MOMENT_REPORT_AD_ACCOUNTS.quota is quotas["reports.app"]
    assert ka.endpoints.REPORT_WINDOW_DAYS == 31
