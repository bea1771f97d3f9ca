"""README "Kakao Moment v4 — kakao.moment.reports", claim by claim against the fake: windows,
id batches, quotas, typed rows, the arguments each method takes and the errors promised before
any request."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.endpoints import ENDPOINTS, QUOTAS
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

#: Every report quota scaled down; the fake enforces the same.
REPORT_INTERVAL = 0.05
SCALED = {name: (REPORT_INTERVAL if name.startswith("reports.") else 0.01) for name in QUOTAS}


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer(quotas=SCALED) as server:
        yield server


@pytest.fixture
async def kakao(fake: FakeKakaoServer) -> AsyncIterator[ka.KakaoClient]:
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        quotas=SCALED,
        retry=ka.RetryPolicy(base=0.01, cap=0.01),
    ) as client:
        yield client


def queries(fake: FakeKakaoServer) -> list[dict[str, str]]:
    return [dict(p.split("=", 1) for p in r.query.split("&")) for r in fake.requests]


def test_the_table_names_each_path_and_quota() -> None:
    declared = {e.name: e for e in ENDPOINTS}
    expected = {
        "moment.reports.ad_account": ("/openapi/v4/adAccounts/report", 5.0, "account"),
        "moment.reports.ad_accounts": ("/openapi/v4/adAccounts/report", 5.0, "app"),
        "moment.reports.campaigns": ("/openapi/v4/campaigns/report", 5.0, "account"),
        "moment.reports.ad_groups": ("/openapi/v4/adGroups/report", 5.0, "account"),
        "moment.reports.creatives": ("/openapi/v4/creatives/report", 5.0, "account"),
    }
    for name, (path, interval, scope) in expected.items():
        endpoint = declared[name]
        assert endpoint.method == "GET"
        assert endpoint.path == path
        assert endpoint.quota is not None
        assert (endpoint.quota.interval, endpoint.quota.scope) == (interval, scope), name


async def test_the_90_day_example_is_three_calls_of_at_most_31_days_in_date_order(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    report = await kakao.moment.reports.ad_account(
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        time_unit="DAY",
        metrics_groups=[ka.MetricsGroup.BASIC, "ADDITION"],
    )
    sent = queries(fake)
    assert [(q["start"], q["end"]) for q in sent] == [
        ("20260101", "20260131"),
        ("20260201", "20260303"),
        ("20260304", "20260331"),
    ]
    assert all(q["timeUnit"] == "DAY" and q["metricsGroup"] == "BASIC,ADDITION" for q in sent)
    assert {r.path for r in fake.requests} == {"/openapi/v4/adAccounts/report"}
    assert len(report) == 90
    starts = [row.start for row in report]
    assert starts == sorted(starts)
    row = report[0]
    assert isinstance(row.start, date) and isinstance(row.end, date)
    assert row.dimensions["ad_account_id"] == "1"
    assert isinstance(row.metrics["imp"], int)
    assert isinstance(row.metrics["ctr"], float)
    assert fake.report_rejections == 0  # each call waited for its quota turn


@pytest.mark.parametrize(
    ("method", "argument", "count", "per_call", "param"),
    [
        ("ad_accounts", "ad_account_ids", 7, 5, "adAccountId"),
        ("campaigns", "campaign_ids", 11, 5, "campaignId"),
        ("ad_groups", "ad_group_ids", 41, 40, "adGroupId"),
        ("creatives", "creative_ids", 101, 100, "creativeId"),
    ],
)
async def test_ids_go_in_batches_of_kakaos_limit(
    fake: FakeKakaoServer,
    kakao: ka.KakaoClient,
    method: str,
    argument: str,
    count: int,
    per_call: int,
    param: str,
) -> None:
    ids = list(range(1, count + 1))
    report = await getattr(kakao.moment.reports, method)(**{argument: ids}, date_preset="YESTERDAY")
    batches = [q[param].split(",") for q in queries(fake)]
    assert [len(b) for b in batches] == [per_call] * (count // per_call) + [count % per_call]
    assert [int(i) for b in batches for i in b] == ids
    assert len(report) == count
    assert fake.report_rejections == 0


async def test_ids_per_call_is_at_most_kakaos_limit(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    reports = kakao.moment.reports
    await reports.ad_groups(ad_group_ids=[1, 2, 3], date_preset="YESTERDAY", ids_per_call=2)
    assert [q["adGroupId"] for q in queries(fake)] == ["1,2", "3"]
    fake.requests.clear()
    for call in (
        reports.campaigns(campaign_ids=[1], date_preset="YESTERDAY", ids_per_call=6),
        reports.ad_groups(ad_group_ids=[1], date_preset="YESTERDAY", ids_per_call=41),
        reports.creatives(creative_ids=[1], date_preset="YESTERDAY", ids_per_call=101),
        reports.creatives(creative_ids=[1], date_preset="YESTERDAY", ids_per_call=0),
    ):
        with pytest.raises(ka.KakaoInputError, match="ids_per_call"):
            await call
    assert fake.requests.received == 0


async def test_by_id_reports_take_the_ad_account_and_the_multi_account_one_does_not(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    await kakao.moment.reports.campaigns(campaign_ids=[5], date_preset="YESTERDAY", ad_account_id=2)
    await kakao.moment.reports.ad_account(date_preset="YESTERDAY", ad_account_id=3)
    assert [r.ad_account_id for r in fake.requests] == ["2", "3"]
    with pytest.raises(TypeError):
        await kakao.moment.reports.ad_accounts(  # type: ignore[call-arg]
            ad_account_ids=[1], date_preset="YESTERDAY", ad_account_id=1
        )


@pytest.mark.parametrize(
    "arguments",
    [
        {},  # neither a preset nor a range
        {"start": date(2026, 1, 1)},
        {"end": date(2026, 1, 1)},
        {"date_preset": "YESTERDAY", "start": date(2026, 1, 1), "end": date(2026, 1, 2)},
        {"start": date(2026, 1, 2), "end": date(2026, 1, 1)},  # start after end
        {"date_preset": "LAST_9000DAY"},  # an unknown preset
        {"start": "20260101", "end": "2026-01-02"},  # "YYYY-MM-DD" and nothing else
        {"start": "2026-W01-1", "end": "2026-01-02"},
        {"start": "2026-02-30", "end": "2026-03-02"},
        {"start": datetime(2026, 1, 1), "end": date(2026, 1, 2)},
        {"start": 20260101, "end": date(2026, 1, 2)},
        {"start": date(2026, 1, 1), "end": date(2026, 2, 1)},  # 32 days, no time unit
        {"start": date(2026, 1, 1), "end": date(2026, 3, 1), "time_unit": ka.TimeUnit("WEEK")},
        {"date_preset": "YESTERDAY", "dimension": "AGE_BAND"},
        {"date_preset": "YESTERDAY", "metrics_groups": []},
        {"date_preset": "YESTERDAY", "metrics_groups": "NOPE"},
        {"date_preset": "YESTERDAY", "time_unit": "HOURLY"},
        {"date_preset": "YESTERDAY", "timeout": 0},
    ],
)
async def test_bad_input_raises_before_any_request(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, arguments: dict[str, Any]
) -> None:
    with pytest.raises(ka.KakaoInputError):
        await kakao.moment.reports.ad_account(**arguments)
    with pytest.raises(ka.KakaoInputError):
        await kakao.moment.reports.creatives(creative_ids=[1], **arguments)
    assert fake.requests.received == 0


@pytest.mark.parametrize("ids", [[], [0], ["x"], "123", 5, [True]])
async def test_bad_ids_raise_before_any_request(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, ids: Any
) -> None:
    with pytest.raises(ka.KakaoInputError):
        await kakao.moment.reports.campaigns(campaign_ids=ids, date_preset="YESTERDAY")
    with pytest.raises(ka.KakaoInputError):
        await kakao.moment.reports.ad_accounts(ad_account_ids=ids, date_preset="YESTERDAY")
    assert fake.requests.received == 0


async def test_exactly_31_days_needs_no_time_unit_and_is_one_call(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    report = await kakao.moment.reports.ad_account(start="2026-01-01", end="2026-01-31")
    assert len(fake.requests) == 1
    assert [(row.start, row.end) for row in report] == [(date(2026, 1, 1), date(2026, 1, 31))]


async def test_a_preset_kakao_added_later_passes_when_written_explicitly(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    with pytest.raises(ka.KakaoAPIError):  # the fake knows no such preset; Kakao decides
        await kakao.moment.reports.ad_account(date_preset=ka.DatePreset("LAST_90DAY"))
    assert queries(fake) == [{"datePreset": "LAST_90DAY"}]


async def test_one_failing_call_fails_the_whole_report(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.fail_next(10, status=503, path="/openapi/v4/creatives/report")
    fake.requests.clear()
    with pytest.raises(ka.KakaoServerError):
        await kakao.moment.reports.creatives(
            creative_ids=list(range(1, 151)), date_preset="YESTERDAY"
        )


async def test_every_metric_kakao_sends_is_kept_as_a_number(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.respond_next(
        {
            "data": [
                {
                    "start": "2026-01-02",
                    "end": "2026-01-02",
                    "dimensions": {"campaign_id": "5"},
                    "metrics": {"imp": "1,200", "ctr": 2.5, "brand_new_metric": "7"},
                },
                {
                    "start": "2026-01-01",
                    "end": "2026-01-01",
                    "dimensions": {"campaign_id": "5"},
                    "metrics": {"imp": 10},
                },
            ]
        }
    )
    report = await kakao.moment.reports.campaigns(campaign_ids=[5], date_preset="LAST_7DAY")
    assert [row.start for row in report] == [date(2026, 1, 1), date(2026, 1, 2)]  # date order
    assert report[1].metrics == {"imp": 1200, "ctr": 2.5, "brand_new_metric": 7}
    assert "brand_new_metric" in report.metric_names
    assert report.dimension_names == ("campaign_id",) or list(report.dimension_names) == [
        "campaign_id"
    ]


async def test_the_section_code_block_runs(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, tmp_path: Path
) -> None:
    report = await kakao.moment.reports.ad_account(
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        time_unit="DAY",
        metrics_groups=[ka.MetricsGroup.BASIC, "ADDITION"],
    )
    row = report[0]
    assert row.dimensions["ad_account_id"] and row.metrics["imp"] >= 0 and "ctr" in row.metrics
    by_device = await kakao.moment.reports.campaigns(
        campaign_ids=[111, 112], date_preset=ka.DatePreset.LAST_7DAY, dimension="DEVICE_TYPE"
    )
    text = by_device.to_csv()
    assert text.splitlines()[0].startswith("start,end,campaign_id,device_type")
    by_device.to_csv(tmp_path / "report.csv")
    assert (tmp_path / "report.csv").read_bytes().decode("utf-8") == text
    handle = io.StringIO()
    by_device.to_csv(handle)
    assert handle.getvalue() == text
    accounts = await kakao.moment.reports.ad_accounts(
        ad_account_ids=[1234, 4321], date_preset="YESTERDAY"
    )
    records = accounts.to_records()
    assert {r["ad_account_id"] for r in records} == {"1234", "4321"}
    pandas = pytest.importorskip("pandas")
    frame = accounts.to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert len(frame) == 2
