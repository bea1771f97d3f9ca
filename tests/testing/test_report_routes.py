"""The fake's report endpoints over raw HTTP: what Kakao refuses, the quotas, the figures."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import aiohttp
import pytest

from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, control, fake_server_process
from kakao_async.testing.__main__ import main as fake_main
from kakao_async.testing._report_data import preset_range

ACCOUNT = "/openapi/v4/adAccounts/report"
CAMPAIGNS = "/openapi/v4/campaigns/report"
LONG = 60.0  # no second call of one scope within a test is meant to pass


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    quotas = dict.fromkeys(
        ["reports.account", "reports.app", "reports.campaigns", "reports.adGroups"], LONG
    )
    async with FakeKakaoServer(quotas=quotas) as server:
        server.report_routes.today = date(2026, 6, 15)
        yield server


async def get(
    fake: FakeKakaoServer, path: str, query: dict[str, str], account: int = 1
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": str(account)}
    async with (
        aiohttp.ClientSession() as session,
        session.get(fake.base_url + path, params=query, headers=headers) as response,
    ):
        return response.status, await response.json()


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ({"start": "20260101", "end": "20260201"}, "32 days"),
        ({"start": "20260102", "end": "20260101"}, "start after end"),
        ({"start": "2026-01-01", "end": "2026-01-02"}, "not yyyyMMdd"),
        ({"start": "20260101"}, "no end"),
        ({}, "no period"),
        ({"datePreset": "TODAY", "start": "20260101", "end": "20260101"}, "both"),
        ({"datePreset": "LAST_90DAY"}, "unknown preset"),
        ({"datePreset": "TODAY", "dimension": "AGE_BAND"}, "unknown dimension"),
        ({"datePreset": "TODAY", "metricsGroup": "BASIC,CLICKS"}, "unknown group"),
        ({"datePreset": "TODAY", "timeUnit": "WEEK"}, "unknown time unit"),
    ],
)
async def test_malformed_reports_are_refused_and_cost_no_quota(
    fake: FakeKakaoServer, query: dict[str, str], why: str
) -> None:
    status, body = await get(fake, ACCOUNT, query)
    assert (status, body["code"]) == (400, -813), why
    status, _ = await get(fake, ACCOUNT, {"start": "20260101", "end": "20260131"})
    assert status == 200 and fake.report_rejections == 0


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ({"campaignId": "1,2,3,4,5,6"}, "six campaigns"),
        ({"campaignId": "1,x"}, "not an id"),
        ({}, "no campaign"),
    ],
)
async def test_id_lists_are_checked(fake: FakeKakaoServer, query: dict[str, str], why: str) -> None:
    status, _ = await get(fake, CAMPAIGNS, {"datePreset": "TODAY", **query})
    assert status == 400, why


async def test_each_quota_is_per_account_or_per_app(fake: FakeKakaoServer) -> None:
    today = {"datePreset": "TODAY"}
    assert (await get(fake, ACCOUNT, today, account=1))[0] == 200
    assert (await get(fake, ACCOUNT, today, account=2))[0] == 200  # another account's window
    status, body = await get(fake, ACCOUNT, today, account=1)
    assert (status, body["code"], body["extras"]["detailCode"]) == (429, -813, 30005)
    # The campaign report has its own window; the multi-account form one for the whole app.
    assert (await get(fake, CAMPAIGNS, {**today, "campaignId": "5"}))[0] == 200
    assert (await get(fake, ACCOUNT, {**today, "adAccountId": "3,4"}, account=3))[0] == 200
    assert (await get(fake, ACCOUNT, {**today, "adAccountId": "5"}, account=5))[0] == 429
    assert fake.report_rejections == 2
    assert [(c.quota, c.key) for c in fake.report_calls] == [
        ("reports.account", "1"),
        ("reports.account", "2"),
        ("reports.campaigns", "1"),
        ("reports.app", "app"),
    ]
    assert fake.stats()["reportsAccepted"] == 4 and fake.stats()["reportsRejected"] == 2
    fake.reset()
    assert (await get(fake, ACCOUNT, today, account=1))[0] == 200


async def test_a_multi_account_report_needs_every_account_open(fake: FakeKakaoServer) -> None:
    fake.restricted_ad_accounts = {4}
    status, _ = await get(fake, ACCOUNT, {"datePreset": "TODAY", "adAccountId": "3,4"}, account=3)
    assert status == 403
    status, _ = await get(fake, ACCOUNT, {"datePreset": "TODAY", "adAccountId": "1,2,3,5,6,7"})
    assert status == 400  # six accounts
    assert not fake.report_calls


async def test_faults_apply_to_reports(fake: FakeKakaoServer) -> None:
    fake.fail_next(1, status=503, path=ACCOUNT)
    assert (await get(fake, ACCOUNT, {"datePreset": "TODAY"}))[0] == 503
    assert (await get(fake, ACCOUNT, {"datePreset": "TODAY"}))[0] == 200


async def test_rows_carry_the_period_the_breakdown_and_the_asked_metrics(
    fake: FakeKakaoServer,
) -> None:
    query = {
        "start": "20260101",
        "end": "20260102",
        "timeUnit": "DAY",
        "dimension": "GENDER",
        "metricsGroup": "VIDEO",
        "campaignId": "9,8",
    }
    status, body = await get(fake, CAMPAIGNS, query)
    assert status == 200 and body["code"] == 200
    keys = [
        (r["start"], r["dimensions"]["campaign_id"], r["dimensions"]["gender"])
        for r in body["data"]
    ]
    assert keys == [
        (day, campaign, gender)
        for day in ("2026-01-01", "2026-01-02")
        for campaign in ("9", "8")
        for gender in ("MALE", "FEMALE")
    ]
    assert all(set(r["metrics"]) == {"video_play_3s"} for r in body["data"])


@pytest.mark.parametrize(
    ("preset", "today", "period"),
    [
        ("TODAY", date(2026, 6, 15), (date(2026, 6, 15), date(2026, 6, 15))),
        ("LAST_7DAY", date(2026, 6, 15), (date(2026, 6, 8), date(2026, 6, 14))),
        ("THIS_MONTH", date(2026, 6, 15), (date(2026, 6, 1), date(2026, 6, 14))),
        ("THIS_MONTH", date(2026, 6, 1), None),
        ("LAST_MONTH", date(2026, 3, 10), (date(2026, 2, 1), date(2026, 2, 28))),
    ],
)
def test_presets_end_yesterday_except_today(
    preset: str, today: date, period: tuple[date, date] | None
) -> None:
    assert preset_range(preset, today) == period


def test_unknown_quota_names_are_refused() -> None:
    with pytest.raises(ValueError, match=r"reports\.account"):
        FakeKakaoServer(quotas={"reports.acount": 0.1})


async def test_the_standalone_fake_takes_report_quotas() -> None:
    with fake_server_process(args=["--quota", "reports.account=30"]) as url:
        headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}
        async with aiohttp.ClientSession(headers=headers) as session:
            statuses = []
            for _ in range(2):
                async with session.get(url + ACCOUNT, params={"datePreset": "TODAY"}) as response:
                    statuses.append(response.status)
        assert statuses == [200, 429]
        assert (await control(url, "GET", "/_fake/stats"))["reportsRejected"] == 1


def test_the_standalone_fake_refuses_a_malformed_quota() -> None:
    with pytest.raises(SystemExit):
        fake_main(["--quota", "reports.account"])
