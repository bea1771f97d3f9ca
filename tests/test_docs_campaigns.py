"""README "Kakao Moment v4 — ad accounts, campaigns, ad groups", row by row against the fake:
each method's HTTP method and path (from the fake's request log), its quota, its defaults, its
return value, and the checks it promises before sending."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.endpoints import ENDPOINTS, QUOTAS
from kakao_async.events import RequestSent
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

FAST = {name: 0.01 for name in QUOTAS}


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer(quotas=FAST, record_bodies=True) as server:
        yield server


@pytest.fixture
async def kakao(fake: FakeKakaoServer) -> AsyncIterator[ka.KakaoClient]:
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        quotas=FAST,
    ) as client:
        yield client


def sent(fake: FakeKakaoServer) -> list[tuple[str, str, str]]:
    return [(r.method, r.path, r.query) for r in fake.requests]


#: The table's quota column: name and Kakao's interval (seconds), per method.
TABLE_QUOTAS = {
    "moment.ad_accounts.list": None,
    "moment.ad_accounts.get": None,
    "moment.ad_accounts.set_config": ("adAccounts.onOff", 1.0),
    "moment.campaigns.list": None,
    "moment.campaigns.get": None,
    "moment.campaigns.set_config": ("campaigns.onOff", 1.0),
    "moment.campaigns.set_daily_budget": ("campaigns.dailyBudgetAmount", 1.0),
    "moment.campaigns.system_config_histories": None,
    "moment.ad_groups.list": None,
    "moment.ad_groups.get": None,
    "moment.ad_groups.set_config": ("adGroups.onOff", 1.0),
    "moment.ad_groups.set_daily_budget": ("adGroups.dailyBudgetAmount", 1.0),
    "moment.ad_groups.set_bid_amount": ("adGroups.bidAmount", 1.0),
    "moment.ad_groups.set_pacing": ("adGroups.pacing", 1.0),
    "moment.ad_groups.create": ("adGroups.write", 5.0),
    "moment.ad_groups.update": ("adGroups.write", 5.0),
}


def test_the_quota_column_matches_the_declarations() -> None:
    declared = {e.name: e for e in ENDPOINTS}
    for name, quota in TABLE_QUOTAS.items():
        endpoint = declared[name]
        got = None if endpoint.quota is None else (endpoint.quota.name, endpoint.quota.interval)
        assert got == quota, name


async def test_ad_accounts_list_walks_every_page_without_an_account_header(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    for account in range(1, 6):
        fake.add_ad_account(id=account, config="OFF" if account == 3 else "ON")
    fake.add_ad_account(id=6, config="DEL")
    listing = kakao.moment.ad_accounts.list(page_size=2)
    assert [a.id async for a in listing] == [1, 2, 3, 4, 5]
    assert sent(fake) == [
        ("GET", "/openapi/v4/adAccounts/pages", f"page={n}&size=2") for n in range(3)
    ]
    assert {r.ad_account_id for r in fake.requests} == {None}
    fake.requests.clear()
    rows = [a async for a in kakao.moment.ad_accounts.list(config=["DEL"])]
    assert [(a.id, a.config) for a in rows] == [(6, ka.Config.DEL)]
    assert sent(fake) == [("GET", "/openapi/v4/adAccounts/pages", "page=0&size=100&config=DEL")]


async def test_ad_accounts_list_checks_its_arguments_at_the_call(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    with pytest.raises(ka.KakaoInputError):
        kakao.moment.ad_accounts.list(page_size=0)
    with pytest.raises(ka.KakaoInputError):
        kakao.moment.ad_accounts.list(config="PAUSED")
    with pytest.raises(ka.KakaoInputError):
        kakao.moment.ad_accounts.list(timeout=-1)
    assert fake.requests.received == 0


async def test_ad_accounts_get_defaults_to_the_clients_account(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.add_ad_account(id=1, name="mine")
    fake.add_ad_account(id=2, name="other")
    assert (await kakao.moment.ad_accounts.get()).name == "mine"
    assert (await kakao.moment.ad_accounts.get(2)).name == "other"
    assert sent(fake) == [
        ("GET", "/openapi/v4/adAccounts/1", ""),
        ("GET", "/openapi/v4/adAccounts/2", ""),
    ]


async def test_ad_accounts_set_config_sends_only_config_in_the_body(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.add_ad_account(id=1)
    assert await kakao.moment.ad_accounts.set_config("OFF") is True
    assert sent(fake) == [("PUT", "/openapi/v4/adAccounts/onOff", "")]
    assert fake.requests[0].body == {"config": "OFF"}
    assert fake.ad_account(1).config == "OFF"


async def test_campaigns_list_is_one_get_per_state_on_then_off_by_default(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    on = fake.add_campaign(ad_account_id=1)
    off = fake.add_campaign(ad_account_id=1, config="OFF")
    gone = fake.add_campaign(ad_account_id=1, config="DEL")
    assert [c.id for c in await kakao.moment.campaigns.list()] == [on.id, off.id]
    assert sent(fake) == [
        ("GET", "/openapi/v4/campaigns", "config=ON"),
        ("GET", "/openapi/v4/campaigns", "config=OFF"),
    ]
    fake.requests.clear()
    rows = await kakao.moment.campaigns.list(config=["DEL", "OFF"])
    assert [c.id for c in rows] == [gone.id, off.id]  # state by state, in the order given
    assert [q for _, _, q in sent(fake)] == ["config=DEL", "config=OFF"]


async def test_campaign_get_set_config_and_histories(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    campaign = fake.add_campaign(ad_account_id=1, daily_budget_amount=30_000)
    detail = await kakao.moment.campaigns.get(campaign.id)
    assert isinstance(detail, ka.Campaign)
    assert detail.daily_budget_amount == 30_000
    assert await kakao.moment.campaigns.set_config(campaign.id, "OFF") is True
    assert fake.requests[-1].body == {"id": campaign.id, "config": "OFF"}
    histories = await kakao.moment.campaigns.system_config_histories(campaign.id)
    assert histories == []
    assert sent(fake) == [
        ("GET", f"/openapi/v4/campaigns/{campaign.id}", ""),
        ("PUT", "/openapi/v4/campaigns/onOff", ""),
        ("GET", f"/openapi/v4/campaigns/{campaign.id}/systemConfigHistories", ""),
    ]


async def test_campaign_daily_budget_none_removes_it(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    campaign = fake.add_campaign(ad_account_id=1, daily_budget_amount=30_000)
    assert await kakao.moment.campaigns.set_daily_budget(campaign.id, 70_000) is True
    assert fake.campaign(campaign.id).daily_budget_amount == 70_000
    assert await kakao.moment.campaigns.set_daily_budget(campaign.id, None) is True
    assert fake.campaign(campaign.id).daily_budget_amount is None
    assert [r.body for r in fake.requests] == [
        {"id": campaign.id, "dailyBudgetAmount": 70_000},
        {"id": campaign.id, "dailyBudgetAmount": None},
    ]
    assert {p for _, p, _ in sent(fake)} == {"/openapi/v4/campaigns/dailyBudgetAmount"}


async def test_ad_group_rows_send_their_method_and_path(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    campaign = fake.add_campaign(ad_account_id=1)
    group = fake.add_ad_group(campaign_id=campaign.id)
    rows = await kakao.moment.ad_groups.list(campaign_id=campaign.id)
    assert [g.id for g in rows] == [group.id]
    assert isinstance(await kakao.moment.ad_groups.get(group.id), ka.AdGroup)
    assert await kakao.moment.ad_groups.set_config(group.id, "OFF") is True
    assert await kakao.moment.ad_groups.set_daily_budget(group.id, 40_000) is True
    assert await kakao.moment.ad_groups.set_bid_amount(group.id, 300) is True
    assert await kakao.moment.ad_groups.set_pacing(group.id, ka.Pacing.QUICK) is True
    assert sent(fake) == [
        ("GET", "/openapi/v4/adGroups", f"campaignId={campaign.id}"),
        ("GET", f"/openapi/v4/adGroups/{group.id}", ""),
        ("PUT", "/openapi/v4/adGroups/onOff", ""),
        ("PUT", "/openapi/v4/adGroups/dailyBudgetAmount", ""),
        ("PUT", "/openapi/v4/adGroups/bidAmount", ""),
        ("PUT", "/openapi/v4/adGroups/pacing", ""),
    ]
    stored = fake.ad_group(group.id)
    assert (stored.config, stored.daily_budget_amount, stored.bid_amount, stored.pacing) == (
        "OFF",
        40_000,
        300,
        "QUICK",
    )


@pytest.mark.parametrize("amount", [0, -10, 1.5, "300", True, None])
async def test_amounts_are_positive_integers_checked_before_sending(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, amount: Any
) -> None:
    with pytest.raises(ka.KakaoInputError):
        await kakao.moment.ad_groups.set_bid_amount(1, amount)
    with pytest.raises(ka.KakaoInputError):
        await kakao.moment.ad_groups.set_daily_budget(1, amount)
    if amount is not None:  # None removes a campaign's budget (the table says so)
        with pytest.raises(ka.KakaoInputError):
            await kakao.moment.campaigns.set_daily_budget(1, amount)
    assert fake.requests.received == 0


@pytest.mark.parametrize("config", ["DEL", "off", "PAUSED", None, 1])
async def test_a_setter_takes_on_or_off_only(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, config: Any
) -> None:
    for call in (
        kakao.moment.campaigns.set_config(1, config),
        kakao.moment.ad_groups.set_config(1, config),
        kakao.moment.ad_accounts.set_config(config),
    ):
        with pytest.raises(ka.KakaoInputError):
            await call
    assert fake.requests.received == 0


async def test_a_newer_change_supersedes_a_queued_one_and_the_older_returns_false(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    # "Every write returns True when applied, or False when a newer change to the same object
    # superseded it."
    campaign = fake.add_campaign(ad_account_id=1)
    fake.set_quota("campaigns.dailyBudgetAmount", 0.5)
    first_sent = asyncio.Event()
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        quotas={**FAST, "campaigns.dailyBudgetAmount": 0.5},
        observers=[lambda event: isinstance(event, RequestSent) and first_sent.set()],
    ) as slow:
        first = asyncio.ensure_future(slow.moment.campaigns.set_daily_budget(campaign.id, 10_000))
        await first_sent.wait()  # the first was sent; the next two wait for the quota
        second = asyncio.ensure_future(slow.moment.campaigns.set_daily_budget(campaign.id, 20_000))
        await asyncio.sleep(0)
        third = asyncio.ensure_future(slow.moment.campaigns.set_daily_budget(campaign.id, 30_000))
        assert await asyncio.gather(first, second, third) == [True, False, True]
    assert fake.campaign(campaign.id).daily_budget_amount == 30_000
    assert [r.body["dailyBudgetAmount"] for r in fake.requests] == [10_000, 30_000]


async def test_create_needs_campaign_id_and_name_and_no_id(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    campaign = fake.add_campaign(ad_account_id=1)
    for body in (
        {"name": "no campaign"},
        {"campaign": {}, "name": "no campaign id"},
        {"campaign": {"id": campaign.id}},
        {"campaign": {"id": campaign.id}, "name": "   "},
        {"id": 5, "campaign": {"id": campaign.id}, "name": "has an id"},
        [("name", "not a mapping")],
    ):
        with pytest.raises(ka.KakaoInputError):
            await kakao.moment.ad_groups.create(body)  # type: ignore[arg-type]
    assert fake.requests.received == 0
    created = await kakao.moment.ad_groups.create(
        {"campaign": {"id": campaign.id}, "name": "spring", "pacing": "QUICK"}
    )
    assert isinstance(created, ka.AdGroup)
    assert created.name == "spring"
    assert sent(fake) == [("POST", "/openapi/v4/adGroups", "")]


async def test_update_needs_the_id_sends_every_body_and_returns_the_ad_group(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    campaign = fake.add_campaign(ad_account_id=1)
    group = fake.add_ad_group(campaign_id=campaign.id)
    with pytest.raises(ka.KakaoInputError):
        await kakao.moment.ad_groups.update({"name": "no id"})
    assert fake.requests.received == 0
    results = await asyncio.gather(
        kakao.moment.ad_groups.update({"id": group.id, "name": "renamed"}),
        kakao.moment.ad_groups.update({"id": group.id, "pacing": "QUICK"}),
    )
    assert all(isinstance(r, ka.AdGroup) for r in results)
    assert sent(fake) == [("PUT", "/openapi/v4/adGroups", "")] * 2  # not last write wins
    stored = fake.ad_group(group.id)
    assert (stored.name, stored.pacing) == ("renamed", "QUICK")


async def test_create_is_never_retried_once_sent_and_update_is(
    fake: FakeKakaoServer,
) -> None:
    campaign = fake.add_campaign(ad_account_id=1)
    group = fake.add_ad_group(campaign_id=campaign.id)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        quotas=FAST,
        retry=ka.RetryPolicy(base=0.01, cap=0.01),
    ) as kakao:
        fake.fail_next(1, status=503)
        with pytest.raises(ka.KakaoServerError):
            await kakao.moment.ad_groups.create({"campaign": {"id": campaign.id}, "name": "x"})
        assert [r.method for r in fake.requests] == ["POST"]
        fake.fail_next(1, status=503)
        updated = await kakao.moment.ad_groups.update({"id": group.id, "name": "y"})
        assert updated.name == "y"
        assert [r.method for r in fake.requests] == ["POST", "PUT", "PUT"]


async def test_the_hierarchy_bulk_refuses_bare_pairs_and_keeps_levels_apart(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    with pytest.raises(ka.KakaoInputTypeError):
        await kakao.moment.set_configs([(1, "OFF")])  # type: ignore[list-item]
    assert fake.requests.received == 0
    # A campaign and a creative with the same id are different objects: both are sent.
    campaign = fake.add_campaign(ad_account_id=1, id=4242)
    group = fake.add_ad_group(campaign_id=campaign.id)
    fake.add_moment_creative(ad_account_id=1, ad_group_id=group.id, id=4242)
    result = await kakao.moment.set_configs(
        [ka.CampaignConfigChange(4242, "OFF"), ka.CreativeConfigChange(4242, "OFF")]
    )
    assert result.ok
    assert [r.value for r in result] == [ka.Config.OFF, ka.Config.OFF]
    assert fake.campaign(4242).config == "OFF"
    assert fake.moment_creative(4242).config == "OFF"


async def test_the_section_code_block_runs(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.add_ad_account(id=1234, name="acme")
    campaign = fake.add_campaign(ad_account_id=1, id=1111)
    group = fake.add_ad_group(campaign_id=campaign.id, id=35443)
    fake.add_moment_creative(ad_account_id=1, ad_group_id=group.id, id=1112)
    kakao.ad_account_id = 1
    accounts = [(a.id, a.name, a.config) async for a in kakao.moment.ad_accounts.list()]
    assert (1234, "acme", ka.Config.ON) in accounts
    assert await kakao.moment.campaigns.set_daily_budget(1111, 70_000) is True
    assert await kakao.moment.ad_groups.set_bid_amount(35443, 300) is True
    everything = await kakao.moment.set_configs(
        [
            ka.CampaignConfigChange(1111, "OFF"),
            ka.AdGroupConfigChange(35443, "OFF"),
            ka.ConfigChange(1112, "OFF"),
            ka.AdAccountConfigChange(1234, "ON"),
        ]
    )
    assert [r.ok for r in everything] == [True] * 4
    assert json.dumps([str(r.item) for r in everything])  # printable, as the block prints it


async def test_a_body_is_sent_as_it_was_at_the_call_even_after_a_quota_wait(
    fake: FakeKakaoServer,
) -> None:
    # The common template pattern: one dict, changed between calls that wait for adGroups.write
    # (5 s at Kakao). What each call sends is its body at the call, nested parts included.
    campaign = fake.add_campaign(ad_account_id=1)
    group = fake.add_ad_group(campaign_id=campaign.id)
    fake.set_quota("adGroups.write", 0.3)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        quotas={**FAST, "adGroups.write": 0.3},
    ) as kakao:
        template: dict[str, Any] = {
            "campaign": {"id": campaign.id, "note": "first"},
            "name": "first",
            "targeting": {"ages": ["20"]},
        }
        first = asyncio.ensure_future(kakao.moment.ad_groups.create(template))
        second = asyncio.ensure_future(kakao.moment.ad_groups.create(template))
        update = asyncio.ensure_future(
            kakao.moment.ad_groups.update({"id": group.id, "targeting": template["targeting"]})
        )
        await asyncio.sleep(0)  # all three were called (and checked); two wait for the quota
        template["name"] = "changed"
        template["campaign"]["note"] = "changed"
        template["targeting"]["ages"].append("30")
        await asyncio.gather(first, second, update)
    bodies = [r.body for r in fake.requests]
    assert [b.get("targeting") for b in bodies] == [{"ages": ["20"]}] * 3
    assert [b.get("name") for b in bodies[:2]] == ["first", "first"]
    assert [b["campaign"]["note"] for b in bodies[:2]] == ["first", "first"]
