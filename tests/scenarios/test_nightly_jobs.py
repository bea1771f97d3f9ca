"""Scenario: the nightly batch of an ad-tech team, from README's reports section and its
"ad accounts, campaigns, ad groups" section: a report per ad account for the last 40 days (two
windows each), a multi-account summary, campaign reports; then a sweep that lists each account's
campaigns and ad groups, switches them and sets budgets. Every quota scaled down on both the
client and the fake; the fake refuses any call that comes too early."""

from __future__ import annotations

import asyncio
import itertools
from datetime import date, timedelta

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, control
from tests.scenarios.ledger import Ledger

INTERVAL = 0.05
QUOTAS = {name: INTERVAL for name in ka.endpoints.QUOTAS}
ACCOUNTS = [41, 42, 43, 44, 45, 46, 47]


def client(fake: FakeKakaoServer, ledger: Ledger) -> ka.KakaoClient:
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        moment_base_url=fake.base_url,
        quotas=QUOTAS,
        retry=ka.RetryPolicy(base=0.01, cap=0.05),
        observers=[ledger],
    )


async def test_nightly_reports_for_several_accounts_stay_inside_the_report_quotas() -> None:
    ledger = Ledger()
    start, end = date(2026, 1, 1), date(2026, 2, 9)  # 40 days: two windows of <= 31 days
    async with FakeKakaoServer(on_off_interval=INTERVAL, quotas=QUOTAS) as fake:
        seeded = await control(
            fake.base_url,
            "POST",
            "/_fake/seed-hierarchy",
            {"adAccounts": ACCOUNTS, "campaignsPerAccount": 6},
        )
        async with client(fake, ledger) as kakao:
            per_account = await asyncio.gather(
                *(
                    kakao.moment.reports.ad_account(
                        start=start, end=end, time_unit="DAY", ad_account_id=account
                    )
                    for account in ACCOUNTS
                )
            )
            summary = await kakao.moment.reports.ad_accounts(
                ad_account_ids=ACCOUNTS, date_preset="YESTERDAY"
            )
            campaigns = await asyncio.gather(
                *(
                    kakao.moment.reports.campaigns(
                        campaign_ids=seeded[str(a)]["campaigns"],
                        date_preset=ka.DatePreset.LAST_7DAY,
                        ad_account_id=a,
                    )
                    for a in ACCOUNTS[:3]
                )
            )

        assert fake.report_rejections == 0
        for account, report in zip(ACCOUNTS, per_account, strict=True):
            days = [row.start for row in report]
            assert days == [start + timedelta(d) for d in range(40)]  # one row a day, in order
            assert {row.dimensions["ad_account_id"] for row in report} == {str(account)}
        calls = [c for c in fake.report_calls if c.endpoint == "moment.reports.ad_account"]
        assert len(calls) == 2 * len(ACCOUNTS)
        for call in calls:
            assert isinstance(call.period, tuple)
            assert (call.period[1] - call.period[0]).days < 31
        # ad_accounts: 5 accounts per call, at the app-wide quota
        app_calls = [c for c in fake.report_calls if c.quota == "reports.app"]
        assert [len(c.ids) for c in app_calls] == [5, 2]
        assert sorted(int(r.dimensions["ad_account_id"]) for r in summary) == ACCOUNTS
        # campaigns: 6 campaigns -> 5 + 1 per account, one report each
        for account, report in zip(ACCOUNTS[:3], campaigns, strict=True):
            ids = {int(r.dimensions["campaign_id"]) for r in report}
            assert ids == set(seeded[str(account)]["campaigns"])
        assert len([c for c in fake.report_calls if c.quota == "reports.campaigns"]) == 6
        # per quota key, the fake saw the calls at least one interval apart
        by_key: dict[tuple[str, str], list[float]] = {}
        for call in fake.report_calls:
            by_key.setdefault((call.quota, call.key), []).append(call.arrived_at)
        for times in by_key.values():
            assert all(b - a >= INTERVAL for a, b in itertools.pairwise(times))
        csv = per_account[0].to_csv()
        assert csv.splitlines()[0].startswith("start,end,") and len(csv.splitlines()) == 41
    calls_seen = ledger.check()
    report_calls = [e for e in ledger.ended() if e.endpoint.startswith("moment.reports")]
    assert len(report_calls) == len(fake.report_calls) == len(calls_seen)
    assert {e.outcome for e in report_calls} == {"ok"}


async def test_campaign_and_ad_group_sweep_lists_switches_and_budgets() -> None:
    ledger = Ledger()
    async with FakeKakaoServer(on_off_interval=INTERVAL, quotas=QUOTAS) as fake:
        seeded = await control(
            fake.base_url,
            "POST",
            "/_fake/seed-hierarchy",
            {"adAccounts": ACCOUNTS[:3], "campaignsPerAccount": 3, "adGroupsPerCampaign": 2},
        )
        async with client(fake, ledger) as kakao:

            async def sweep(account: int) -> tuple[ka.BulkResult[object, object], list[bool]]:
                campaigns = await kakao.moment.campaigns.list(ad_account_id=account)
                groups = [
                    g
                    for c in campaigns
                    for g in await kakao.moment.ad_groups.list(
                        campaign_id=c.id, ad_account_id=account
                    )
                ]
                everything = await kakao.moment.set_configs(
                    [ka.CampaignConfigChange(c.id, "OFF", ad_account_id=account) for c in campaigns]
                    + [ka.AdGroupConfigChange(g.id, "OFF", ad_account_id=account) for g in groups]
                )
                budgets = [
                    await kakao.moment.campaigns.set_daily_budget(
                        c.id, 70_000, ad_account_id=account
                    )
                    for c in campaigns
                ]
                return everything, budgets

            results = await asyncio.gather(*(sweep(a) for a in ACCOUNTS[:3]))

        assert sum(fake.quota_rejections.values()) == 0  # a Counter by quota
        for account, (everything, budgets) in zip(ACCOUNTS[:3], results, strict=True):
            ids = seeded[str(account)]
            assert everything.ok and len(everything) == len(ids["campaigns"]) + len(ids["adGroups"])
            assert budgets == [True] * len(ids["campaigns"])
            for c in ids["campaigns"]:
                assert fake.campaign(c).config == "OFF"
                assert fake.campaign(c).daily_budget_amount == 70_000
            for g in ids["adGroups"]:
                assert fake.ad_group(g).config == "OFF"
        # campaigns and ad groups of one account move in parallel, each at its own quota
        by_key: dict[tuple[str, int], list[float]] = {}
        for call in fake.quota_calls:
            by_key.setdefault((call.quota, call.ad_account_id), []).append(call.arrived_at)
        assert {q for q, _ in by_key} == {
            "campaigns.onOff",
            "adGroups.onOff",
            "campaigns.dailyBudgetAmount",
        }
        for times in by_key.values():
            assert all(b - a >= INTERVAL for a, b in itertools.pairwise(times))
    ledger.check()
    writes = [e for e in ledger.ended() if e.method == "PUT"]
    assert len(writes) == len(fake.quota_calls) and {e.outcome for e in writes} == {"ok"}
