"""README "The fake Kakao server, for your tests" and docs/testing.md, read by an ad-tech engineer
who tests campaigns, ad groups and reports against the fake, for what the other
tests/testing/test_docs_*.py leave out: the ``kakao_fake`` fixture's quotas for those
endpoints, what a write that arrives too early is answered, and stalled hierarchy writes and
reports being dropped, not applied."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.endpoints import QUOTAS
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, SeededAccount, quota_gaps

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}
FAST = {name: 0.01 for name in QUOTAS}


async def test_the_fixtures_quota_interval_is_every_quotas(kakao_fake: FakeKakaoServer) -> None:
    # README: "a kakao_fake fixture (the server on its own thread, quota interval 0.05 s)". A
    # client scaled the same way for campaigns and reports must not meet Kakao's 1 s and 5 s.
    seeded = kakao_fake.seed_hierarchy(ad_accounts=[1], campaigns_per_account=3)[1]
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=kakao_fake.base_url,
        quotas={name: 0.05 for name in QUOTAS},
        retry=ka.RetryPolicy(attempts=1, rate_limit_attempts=1),
    ) as kakao:
        result = await kakao.moment.campaigns.set_configs([(c, "OFF") for c in seeded.campaigns])
        for _ in range(2):
            await kakao.moment.reports.ad_account(date_preset="TODAY")
    assert result.ok
    assert {name: q.interval for name, q in kakao_fake.quotas.items()} == dict.fromkeys(
        QUOTAS, 0.05
    )
    assert sum(kakao_fake.quota_rejections.values()) == 0
    assert kakao_fake.report_rejections == 0


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer() as server:  # Kakao's intervals: 1 s, 5 s
        yield server


@pytest.fixture
def seeded(fake: FakeKakaoServer) -> SeededAccount:
    return fake.seed_hierarchy(ad_accounts=[1])[1]


async def test_every_quotad_write_arriving_too_early_is_429_and_counted_by_its_quota(
    fake: FakeKakaoServer, seeded: SeededAccount
) -> None:
    # docs/testing.md lists detailCode 30003 for "an onOff call inside the quota window"; the
    # fake answers every write quota the same way (budgets, bids, pacing, ad group writes).
    campaign, ad_group = seeded.campaigns[0], seeded.ad_groups[0]
    writes = [
        ("PUT", "/openapi/v4/adAccounts/onOff", {"config": "OFF"}, "adAccounts.onOff"),
        ("PUT", "/openapi/v4/campaigns/onOff", {"id": campaign, "config": "OFF"}, None),
        (
            "PUT",
            "/openapi/v4/campaigns/dailyBudgetAmount",
            {"id": campaign, "dailyBudgetAmount": 50_000},
            None,
        ),
        ("PUT", "/openapi/v4/adGroups/onOff", {"id": ad_group, "config": "OFF"}, None),
        ("PUT", "/openapi/v4/adGroups/bidAmount", {"id": ad_group, "bidAmount": 300}, None),
        ("PUT", "/openapi/v4/adGroups/pacing", {"id": ad_group, "pacing": "QUICK"}, None),
        (
            "PUT",
            "/openapi/v4/adGroups/dailyBudgetAmount",
            {"id": ad_group, "dailyBudgetAmount": 50_000},
            None,
        ),
        ("PUT", "/openapi/v4/adGroups", {"id": ad_group, "name": "renamed"}, "adGroups.write"),
    ]
    async with aiohttp.ClientSession() as session:
        for method, path, body, _ in writes:
            answers = []
            for _ in range(2):
                async with session.request(
                    method, fake.base_url + path, json=body, headers=HEADERS
                ) as answer:
                    answers.append((answer.status, await answer.json(content_type=None)))
            assert answers[0][0] == 200, path
            status, envelope = answers[1]
            assert status == 429, path
            assert envelope["code"] == -813
            assert envelope["extras"]["detailCode"] == 30003
    assert set(fake.quota_rejections) == {
        "adAccounts.onOff",
        "campaigns.onOff",
        "campaigns.dailyBudgetAmount",
        "adGroups.onOff",
        "adGroups.bidAmount",
        "adGroups.pacing",
        "adGroups.dailyBudgetAmount",
        "adGroups.write",
    }
    assert all(count == 1 for count in fake.quota_rejections.values())
    assert fake.stats()["quotaRejected"] == dict(fake.quota_rejections)
    # A refused write changed nothing and is not among the accepted calls.
    assert len(fake.quota_calls) == len(writes)


@pytest.mark.parametrize("what", ["budget", "bid", "create", "report"])
async def test_a_stalled_write_or_report_whose_client_gave_up_is_dropped_not_applied(
    what: str,
) -> None:
    async with FakeKakaoServer(quotas=FAST) as fake:
        seeded = fake.seed_hierarchy(ad_accounts=[1], daily_budget_amount=100_000)[1]
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            quotas=FAST,
            retry=ka.RetryPolicy(attempts=1),
        ) as kakao:
            calls = {
                "budget": lambda: kakao.moment.campaigns.set_daily_budget(
                    seeded.campaigns[0], 70_000, timeout=0.1
                ),
                "bid": lambda: kakao.moment.ad_groups.set_bid_amount(
                    seeded.ad_groups[0], 777, timeout=0.1
                ),
                "create": lambda: kakao.moment.ad_groups.create(
                    {"campaign": {"id": seeded.campaigns[0]}, "name": "late"}, timeout=0.1
                ),
                "report": lambda: kakao.moment.reports.ad_account(date_preset="TODAY", timeout=0.1),
            }
            fake.stall_next(1, seconds=0.5)
            with pytest.raises(ka.KakaoTimeoutError):
                await calls[what]()
            # Until the stalled request has ended at the fake (no wall-clock bound asserted).
            for _ in range(600):
                if fake.in_flight == 0 and fake.requests[-1].status is not None:
                    break
                await asyncio.sleep(0.05)
        assert fake.in_flight == 0
        assert fake.quota_calls == [] and fake.report_calls == []
        assert fake.campaign(seeded.campaigns[0]).daily_budget_amount == 100_000
        assert fake.ad_group(seeded.ad_groups[0]).bid_amount == 500
        assert sorted(fake.state.hierarchy.ad_groups) == list(seeded.ad_groups)


async def test_quota_gaps_of_a_hierarchy_bulk_stay_at_each_quotas_interval() -> None:
    interval = 0.05
    scaled = {name: interval for name in QUOTAS}
    async with FakeKakaoServer(quotas=scaled) as fake:
        seeded = fake.seed_hierarchy(
            ad_accounts=[1, 2], campaigns_per_account=3, ad_groups_per_campaign=1
        )
        async with ka.KakaoClient(
            DEFAULT_TOKEN, moment_base_url=fake.base_url, quotas=scaled
        ) as kakao:
            changes = [
                change
                for account, s in seeded.items()
                for change in (
                    *(
                        ka.CampaignConfigChange(c, "OFF", ad_account_id=account)
                        for c in s.campaigns
                    ),
                    *(ka.AdGroupConfigChange(g, "OFF", ad_account_id=account) for g in s.ad_groups),
                )
            ]
            result = await kakao.moment.set_configs(changes)
    assert result.ok and sum(fake.quota_rejections.values()) == 0
    gaps = quota_gaps(fake.quota_calls)
    assert sorted(gaps) == [
        ("adGroups.onOff", 1),
        ("adGroups.onOff", 2),
        ("campaigns.onOff", 1),
        ("campaigns.onOff", 2),
    ]
    assert all(len(g) == 2 and min(g) >= interval for g in gaps.values())
