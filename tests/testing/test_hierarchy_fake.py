"""The fake's ad accounts, campaigns and ad groups over raw HTTP: quotas, errors, pages."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.endpoints import QUOTAS
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, control, fake_server_process

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}
INTERVAL = 0.2

#: Every quota'd write but creatives' onOff: (quota, path, body for object ``id``).
WRITES = [
    ("campaigns.onOff", "/openapi/v4/campaigns/onOff", "campaign", {"config": "OFF"}),
    (
        "campaigns.dailyBudgetAmount",
        "/openapi/v4/campaigns/dailyBudgetAmount",
        "campaign",
        {"dailyBudgetAmount": 60_000},
    ),
    ("adGroups.onOff", "/openapi/v4/adGroups/onOff", "ad_group", {"config": "OFF"}),
    (
        "adGroups.dailyBudgetAmount",
        "/openapi/v4/adGroups/dailyBudgetAmount",
        "ad_group",
        {"dailyBudgetAmount": 60_000},
    ),
    ("adGroups.bidAmount", "/openapi/v4/adGroups/bidAmount", "ad_group", {"bidAmount": 900}),
    ("adGroups.pacing", "/openapi/v4/adGroups/pacing", "ad_group", {"pacing": "QUICK"}),
    ("adAccounts.onOff", "/openapi/v4/adAccounts/onOff", "account", {"config": "OFF"}),
]


@pytest.fixture
async def slow_fake() -> Any:
    async with FakeKakaoServer(quotas={name: INTERVAL for name in QUOTAS}) as server:
        yield server


def body_for(fake: FakeKakaoServer, kind: str, fields: dict[str, Any], account: int) -> dict:
    campaign = fake.add_campaign(ad_account_id=account)
    if kind == "campaign":
        return {"id": campaign.id, **fields}
    if kind == "ad_group":
        return {"id": fake.add_ad_group(campaign_id=campaign.id).id, **fields}
    return dict(fields)


@pytest.mark.parametrize(("quota", "path", "kind", "fields"), WRITES)
async def test_each_write_is_quota_limited_on_arrival_per_user_and_account(
    slow_fake: FakeKakaoServer, quota: str, path: str, kind: str, fields: dict[str, Any]
) -> None:
    fake = slow_fake
    fake.set_quota(quota, 5.0)  # far longer than the calls below take, however slow
    fake.add_token("other-token")
    first, second = body_for(fake, kind, fields, 1), body_for(fake, kind, fields, 1)
    elsewhere = body_for(fake, kind, fields, 2)
    url = fake.base_url + path
    async with aiohttp.ClientSession() as s:
        async with s.put(url, json=first, headers=HEADERS) as r:
            assert r.status == 200
        async with s.put(url, json=second, headers=HEADERS) as r:
            assert r.status == 429
            body = await r.json()
            assert body["code"] == -813 and body["extras"]["detailCode"] == 30003
        # Another ad account, or another user, has a window of its own.
        async with s.put(url, json=elsewhere, headers={**HEADERS, "adAccountId": "2"}) as r:
            assert r.status == 200
        other = {"Authorization": "Bearer other-token", "adAccountId": "1"}
        async with s.put(url, json=second, headers=other) as r:
            assert r.status == 200
        # Once the interval has passed, the window is open again.
        fake.set_quota(quota, 0.05)
        await asyncio.sleep(0.05)
        async with s.put(url, json=second, headers=HEADERS) as r:
            assert r.status == 200
    assert fake.quota_rejections == {quota: 1}
    assert [c.quota for c in fake.quota_calls] == [quota] * 4
    assert fake.stats()["quotaRejected"] == {quota: 1}


async def test_refused_writes_do_not_move_the_window(slow_fake: FakeKakaoServer) -> None:
    campaign = slow_fake.add_campaign(ad_account_id=1)
    url = slow_fake.base_url + "/openapi/v4/campaigns/onOff"
    async with aiohttp.ClientSession() as s:
        for body, status, detail in [
            ({"id": campaign.id, "config": "PAUSED"}, 400, 30001),  # a bad body
            ({"id": campaign.id + 99, "config": "OFF"}, 400, 31001),  # no such campaign
            ({"id": campaign.id, "config": "OFF"}, 200, None),
        ]:
            async with s.put(url, json=body, headers=HEADERS) as r:
                assert r.status == status
                if detail is not None:
                    assert (await r.json())["extras"]["detailCode"] == detail
    assert slow_fake.quota_rejections == {} and campaign.config == "OFF"


async def test_bad_amounts_are_400(slow_fake: FakeKakaoServer) -> None:
    campaign = slow_fake.add_campaign(ad_account_id=1)
    group = slow_fake.add_ad_group(campaign_id=campaign.id)
    url = slow_fake.base_url + "/openapi/v4/adGroups/bidAmount"
    async with aiohttp.ClientSession() as s:
        for bad in (0, -10, 1.5, "100", None, True):
            async with s.put(url, json={"id": group.id, "bidAmount": bad}, headers=HEADERS) as r:
                assert r.status == 400, bad
        async with s.put(url, json={"id": group.id}, headers=HEADERS) as r:
            assert r.status == 400
    assert group.history == []


async def test_pages_need_no_ad_account_header_but_everything_else_does(
    slow_fake: FakeKakaoServer,
) -> None:
    slow_fake.add_ad_account(id=9)
    auth = {"Authorization": HEADERS["Authorization"]}
    async with aiohttp.ClientSession() as s:
        async with s.get(slow_fake.base_url + "/openapi/v4/adAccounts/pages", headers=auth) as r:
            assert r.status == 200
            assert await r.json() == {
                "content": [{"id": 9, "name": "account-9", "memberType": "MASTER", "config": "ON"}],
                "number": 0,
                "size": 10,
                "totalElements": 1,
                "totalPages": 1,
                "page": 0,
            }
        async with s.get(slow_fake.base_url + "/openapi/v4/campaigns", headers=auth) as r:
            assert r.status == 400


def test_unknown_quota_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown quota"):
        FakeKakaoServer(quotas={"campaigns.onoff": 1.0})
    fake = FakeKakaoServer(quotas={"creatives.onOff": 0.3, "adGroups.pacing": 0.4})
    assert fake.on_off_interval == 0.3
    assert fake.quota_book.intervals["adGroups.pacing"] == 0.4
    assert fake.quota_book.intervals["campaigns.onOff"] == QUOTAS["campaigns.onOff"].interval


async def test_reset_forgets_the_hierarchy_and_the_windows(slow_fake: FakeKakaoServer) -> None:
    slow_fake.seed_hierarchy(ad_accounts=[1], creatives_per_ad_group=1)
    campaign = next(iter(slow_fake.state.hierarchy.campaigns.values()))
    async with aiohttp.ClientSession() as s:
        url = slow_fake.base_url + "/openapi/v4/campaigns/onOff"
        async with s.put(url, json={"id": campaign.id, "config": "OFF"}, headers=HEADERS) as r:
            assert r.status == 200
    slow_fake.reset()
    assert not slow_fake.state.hierarchy.campaigns and not slow_fake.quota_calls
    again = slow_fake.add_campaign(ad_account_id=1)
    assert again.id == 1001  # ids restart
    async with aiohttp.ClientSession() as s:
        async with s.put(url, json={"id": again.id, "config": "OFF"}, headers=HEADERS) as r:
            assert r.status == 200  # no window left over from before the reset


def test_a_standalone_fake_is_seeded_and_tuned_through_its_control_endpoints() -> None:
    async def scenario(url: str) -> None:
        seeded = await control(
            url, "POST", "/_fake/seed-hierarchy", {"adAccounts": [1], "adGroupsPerCampaign": 2}
        )
        groups = seeded["1"]["adGroups"]
        await control(url, "POST", "/_fake/config", {"quotas": {"adGroups.onOff": 0.05}})
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=url, on_off_interval=0.05
        ) as kakao:
            result = await kakao.moment.ad_groups.set_configs([(g, "OFF") for g in groups])
        assert result.ok
        calls = await control(url, "GET", "/_fake/quota-calls")
        assert [(c["quota"], c["object_id"]) for c in calls] == [
            ("adGroups.onOff", g) for g in groups
        ]
        assert (await control(url, "GET", "/_fake/stats"))["quotaRejected"] == {}

    with fake_server_process(args=["--quota", "campaigns.onOff=0.5"]) as url:
        asyncio.run(scenario(url))


async def test_creative_lists_read_every_repeated_config(
    slow_fake: FakeKakaoServer,
) -> None:
    """The client sends ``config=ON&config=DEL``; the fake must not read only the first."""
    on = slow_fake.add_moment_creative(ad_account_id=1, ad_group_id=5)
    gone = slow_fake.add_moment_creative(ad_account_id=1, ad_group_id=5, config="DEL")
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=slow_fake.base_url
    ) as kakao:
        rows = await kakao.moment.creatives.list(ad_group_id=5, config=["ON", "DEL"])
    assert [r.id for r in rows] == [on.id, gone.id]


def test_a_standalone_fake_takes_0_for_any_quota_as_enforcing_none() -> None:
    """docs/testing.md: 0 enforces none (``on_off_interval=0``, ``fake.set_quota(name, 0)``).
    ``--quota NAME=0`` refused to start and ``/_fake/config`` answered 400 for the same 0."""

    async def scenario(url: str) -> None:
        await control(url, "POST", "/_fake/config", {"quotas": {"adGroups.onOff": 0}})
        quotas = await control(url, "GET", "/_fake/quotas")
        assert quotas["campaigns.onOff"]["interval"] == 0
        assert quotas["adGroups.onOff"]["interval"] == 0

    with fake_server_process(args=["--quota", "campaigns.onOff=0"]) as url:
        asyncio.run(scenario(url))
