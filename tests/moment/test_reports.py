"""Reports against the fake over loopback HTTP: typed rows, windows, batches, quotas, exports."""

from __future__ import annotations

import asyncio
import csv
import inspect
import io
import itertools
import sys
import time
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.endpoints import REPORT_ACCOUNT_QUOTA, REPORT_APP_QUOTA
from kakao_async.moment._report_plan import windows
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, ReportCall
from kakao_async.testing._report_routes import REPORT_QUOTAS
from tests.conftest import INTERVAL

#: Every report quota scaled down to the suite's interval.
QUOTAS = dict.fromkeys(REPORT_QUOTAS, INTERVAL)
TODAY = date(2026, 6, 15)
REPORT = "/openapi/v4/adAccounts/report"


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer(on_off_interval=INTERVAL, quotas=QUOTAS) as server:
        server.report_routes.today = TODAY
        yield server


def client(fake: FakeKakaoServer, token: str = DEFAULT_TOKEN, **options: Any) -> ka.KakaoClient:
    """A client at the fake's scaled intervals. Until per-quota intervals exist, every quota
    shares the limiter's one interval (``on_off_interval``); once ``quotas=`` exists, it sets
    the report quotas too."""
    if "quotas" in inspect.signature(ka.KakaoClient).parameters:
        options.setdefault("quotas", QUOTAS)
    if "rate_limiter" not in options:
        options["on_off_interval"] = INTERVAL
    return ka.KakaoClient(
        token,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        retry=ka.RetryPolicy(base=0.01, cap=0.05),
        **options,
    )


@pytest.fixture
async def kakao(fake: FakeKakaoServer) -> AsyncIterator[ka.KakaoClient]:
    async with client(fake, ad_account_id=1) as c:
        yield c


def gaps(calls: list[ReportCall]) -> list[float]:
    """Seconds between consecutive accepted calls of each (quota, scope key)."""
    result: list[float] = []
    for _, group in itertools.groupby(
        sorted(calls, key=lambda c: (c.quota, c.key, c.arrived_at)), key=lambda c: (c.quota, c.key)
    ):
        times = [c.arrived_at for c in group]
        result += [b - a for a, b in itertools.pairwise(times)]
    return result


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


async def test_an_ad_account_report_has_typed_rows(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    report = await kakao.moment.reports.ad_account(
        date_preset="YESTERDAY", metrics_groups=[ka.MetricsGroup.BASIC, "ADDITION"]
    )
    assert len(report) == 1
    row = report[0]
    assert row.start == row.end == TODAY - timedelta(days=1)
    assert row.dimensions == {"ad_account_id": "1"}
    assert {"imp", "click", "ctr", "cost", "reach", "cost_per_click"} <= set(row.metrics)
    assert type(row.metrics["imp"]) is int and type(row.metrics["ctr"]) is float
    (sent,) = fake.requests
    assert (sent.path, sent.ad_account_id) == (REPORT, "1")
    assert sent.query == "datePreset=YESTERDAY&metricsGroup=BASIC,ADDITION"
    (call,) = fake.report_calls
    assert (call.quota, call.key) == ("reports.account", "1")


@pytest.mark.parametrize(
    ("method", "argument", "key", "quota"),
    [
        ("campaigns", "campaign_ids", "campaign_id", "reports.campaigns"),
        ("ad_groups", "ad_group_ids", "ad_group_id", "reports.adGroups"),
        ("creatives", "creative_ids", "creative_id", "reports.creatives"),
        ("ad_accounts", "ad_account_ids", "ad_account_id", "reports.app"),
    ],
)
async def test_each_report_kind_reports_every_id_it_names(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, method: str, argument: str, key: str, quota: str
) -> None:
    fetch = getattr(kakao.moment.reports, method)
    report = await fetch(**{argument: [7, 8, 9]}, date_preset=ka.DatePreset.LAST_7DAY)
    assert sorted(row.dimensions[key] for row in report) == ["7", "8", "9"]
    assert all(
        (row.start, row.end) == (TODAY - timedelta(days=7), TODAY - timedelta(days=1))
        for row in report
    )
    assert {c.quota for c in fake.report_calls} == {quota}


async def test_a_long_range_comes_back_complete_and_in_date_order_from_31_day_windows(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    start, end = date(2026, 1, 1), date(2026, 3, 31)  # 90 days: 31 + 31 + 28
    report = await kakao.moment.reports.ad_account(start=start, end=end, time_unit="DAY")
    assert [c.period for c in fake.report_calls] == [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 3, 3)),
        (date(2026, 3, 4), date(2026, 3, 31)),
    ]
    assert [row.start for row in report] == days(start, end)
    assert all(row.end == row.start for row in report)
    assert fake.report_rejections == 0 and min(gaps(fake.report_calls)) >= INTERVAL


async def test_the_figures_do_not_depend_on_how_the_range_was_cut(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    whole = await kakao.moment.reports.ad_account(
        start=date(2026, 1, 1), end=date(2026, 3, 31), time_unit="DAY", dimension="DEVICE_TYPE"
    )
    february = await kakao.moment.reports.ad_account(
        start="2026-02-01", end="2026-02-28", time_unit="DAY", dimension="DEVICE_TYPE"
    )
    assert len(february) == 28 * 3
    assert list(february) == [r for r in whole if r.start.month == 2]
    # Without a time unit, a row covers the whole period, its counts the sums of the days'.
    (total,) = await kakao.moment.reports.ad_account(start=date(2026, 1, 1), end=date(2026, 1, 31))
    january = await kakao.moment.reports.ad_account(
        start=date(2026, 1, 1), end=date(2026, 1, 31), time_unit="DAY"
    )
    assert (total.start, total.end) == (date(2026, 1, 1), date(2026, 1, 31))
    assert total.metrics["imp"] == sum(r.metrics["imp"] or 0 for r in january)


async def test_a_multi_account_report_goes_5_accounts_per_call_under_the_app_quota(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    accounts = list(range(101, 113))  # 12 accounts: calls of 5, 5 and 2
    start, end = date(2026, 1, 1), date(2026, 2, 9)  # 40 days: two windows
    report = await kakao.moment.reports.ad_accounts(
        ad_account_ids=[*accounts, 101], start=start, end=end, time_unit="DAY"
    )
    calls = fake.report_calls
    assert [c.ids for c in calls] == [tuple(accounts[:5]), tuple(accounts[5:10]), (111, 112)] * 2
    assert {(c.quota, c.key) for c in calls} == {("reports.app", "app")}
    # The header names the first account of each call; the query names all of them.
    assert [r.ad_account_id for r in fake.requests] == ["101", "106", "111"] * 2
    seen = [(r.start, int(r.dimensions["ad_account_id"] or 0)) for r in report]
    assert seen == [(d, a) for d in days(start, end) for a in accounts]
    assert fake.report_rejections == 0 and min(gaps(calls)) >= INTERVAL


async def test_calls_keep_the_quota_at_the_server_under_jitter(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.latency = (0.0, 0.03)  # up to 30 ms each way
    started = time.monotonic()
    report = await kakao.moment.reports.campaigns(
        campaign_ids=range(1, 13), start=date(2026, 1, 1), end=date(2026, 3, 3), time_unit="DAY"
    )
    wall = time.monotonic() - started
    assert len(fake.report_calls) == 6  # 2 windows x 3 batches of 5, 5, 2 campaigns
    assert len(report) == 12 * 62
    assert fake.report_rejections == 0
    assert min(gaps(fake.report_calls)) >= INTERVAL
    assert wall >= 5 * INTERVAL


async def test_clients_of_different_users_share_an_ad_accounts_report_quota(
    fake: FakeKakaoServer,
) -> None:
    fake.add_token("second-token")
    limiter = ka.MemoryRateLimiter(interval=INTERVAL)
    async with (
        client(fake, rate_limiter=limiter) as first,
        client(fake, "second-token", rate_limiter=limiter) as second,
    ):
        assert first.user_key != second.user_key
        assert first.quota_key(REPORT_ACCOUNT_QUOTA, 1) == "reports.account:1"
        assert second.quota_key(REPORT_ACCOUNT_QUOTA, 1) == "reports.account:1"
        assert first.quota_key(REPORT_APP_QUOTA, 1) == "reports.app:app"
        period = {"start": date(2026, 1, 1), "end": date(2026, 1, 5)}
        await asyncio.gather(
            first.moment.reports.ad_account(ad_account_id=1, **period),
            second.moment.reports.ad_account(ad_account_id=1, **period),
            first.moment.reports.ad_accounts(ad_account_ids=[1, 2], **period),
            second.moment.reports.ad_accounts(ad_account_ids=[3], **period),
        )
    assert len(fake.report_calls) == 4 and fake.report_rejections == 0
    assert min(gaps(fake.report_calls)) >= INTERVAL


async def test_a_report_rides_out_a_server_error_and_a_foreign_429(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.fail_next(1, status=503, path=REPORT)
    fake.fail_next(1, status=429, code=-813, path=REPORT)
    report = await kakao.moment.reports.ad_account(
        start=date(2026, 1, 1), end=date(2026, 2, 10), time_unit="DAY"
    )
    assert len(report) == 41
    assert [r.status for r in fake.requests] == [503, 429, 200, 200]
    # The 429 pushed the key back a whole interval.
    assert fake.requests[2].arrived_at - fake.requests[1].arrived_at >= INTERVAL


async def test_a_report_is_decoded_leniently_but_numbers_are_numbers(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    row = {
        "start": "20260901",
        "end": "2026-09-01",
        "dimensions": {"campaign_id": 1234, "placement": None},
        "metrics": {"imp": "4", "ctr": "25.5", "cost": 150.0, "reach": None, "new_metric": "-7"},
    }
    fake.respond_next({"code": 200, "message": "Success", "data": [row]}, path=REPORT)
    (got,) = await kakao.moment.reports.ad_account(date_preset="TODAY")
    assert got.start == got.end == date(2026, 9, 1)
    assert got.dimensions == {"campaign_id": "1234", "placement": None}
    assert got.metrics == {"imp": 4, "ctr": 25.5, "cost": 150.0, "reach": None, "new_metric": -7}
    assert type(got.metrics["imp"]) is int and type(got.metrics["ctr"]) is float
    fake.respond_next({"code": 200, "message": "Success"}, path=REPORT)
    assert await kakao.moment.reports.ad_account(date_preset="TODAY") == []
    fake.respond_next({"data": [{**row, "metrics": {"imp": "n/a"}}]}, path=REPORT)
    with pytest.raises(ka.KakaoDecodeError, match="metric 'imp' is not a number"):
        await kakao.moment.reports.ad_account(date_preset="TODAY")


BAD_INPUT: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"start": date(2026, 2, 1), "end": date(2026, 1, 1)}, ValueError, "is after end"),
    ({"date_preset": "TODAY", "start": date(2026, 1, 1)}, ValueError, "not both"),
    ({"start": date(2026, 1, 1)}, ValueError, "both start= and end="),
    ({}, ValueError, "date_preset="),
    ({"date_preset": "LAST_90DAY"}, ValueError, r"DatePreset\('LAST_90DAY'\)"),
    ({"date_preset": "TODAY", "dimension": "AGE_BAND"}, ValueError, "dimension must be one of"),
    ({"date_preset": "TODAY", "metrics_groups": ["BASIC", "CLICKS"]}, ValueError, "metrics_g"),
    ({"date_preset": "TODAY", "metrics_groups": []}, ValueError, "at least one group"),
    ({"date_preset": "TODAY", "time_unit": "WEEK"}, ValueError, "time_unit must be one of"),
    ({"start": datetime(2026, 1, 1), "end": date(2026, 1, 2)}, TypeError, "not a datetime"),
    ({"start": "2026/01/01", "end": date(2026, 1, 2)}, ValueError, "YYYY-MM-DD"),
    # Python 3.11's date.fromisoformat also reads these; README promises YYYY-MM-DD only.
    ({"start": "20260101", "end": date(2026, 1, 2)}, ValueError, "YYYY-MM-DD"),
    ({"start": "2026-01-01", "end": "2026-W02-1"}, ValueError, "YYYY-MM-DD"),
    ({"start": "\uff12\uff10\uff126-01-01", "end": date(2026, 1, 2)}, ValueError, "YYYY-MM"),
    # Over Kakao's 31-day window, a row without a time unit would cover a window the library
    # chose: refused, with the way out.
    ({"start": date(2026, 1, 1), "end": date(2026, 2, 1)}, ValueError, "time_unit='DAY'"),
    ({"date_preset": "TODAY", "timeout": -1}, ValueError, "timeout"),
    ({"date_preset": "TODAY", "ad_account_id": 0}, ValueError, "ad_account_id"),
]


def test_a_range_ending_on_the_last_date_is_split_without_overflow() -> None:
    last = date.max
    assert list(windows(last - timedelta(days=40), last))[-1] == (last - timedelta(days=9), last)


@pytest.mark.parametrize(("arguments", "error", "text"), BAD_INPUT)
async def test_bad_input_is_refused_before_any_request(
    fake: FakeKakaoServer,
    kakao: ka.KakaoClient,
    arguments: dict[str, Any],
    error: type[Exception],
    text: str,
) -> None:
    with pytest.raises(error, match=text):
        await kakao.moment.reports.ad_account(**arguments)
    assert not fake.requests


@pytest.mark.parametrize(
    ("arguments", "text"),
    [
        ({"campaign_ids": []}, "at least one id"),
        ({"campaign_ids": "123"}, "iterable of ids"),
        ({"campaign_ids": [1, -2]}, "positive"),
        ({"campaign_ids": [1], "ids_per_call": 6}, "at most 5"),
        ({"campaign_ids": [1], "ids_per_call": 0}, "positive"),
    ],
)
async def test_bad_ids_are_refused_before_any_request(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, arguments: dict[str, Any], text: str
) -> None:
    with pytest.raises((TypeError, ValueError), match=text):
        await kakao.moment.reports.campaigns(date_preset="TODAY", **arguments)
    async with client(fake) as no_default:
        with pytest.raises(ValueError, match="ad_account_id is required"):
            await no_default.moment.reports.creatives(creative_ids=[1], date_preset="TODAY")
    assert not fake.requests


async def test_a_value_kakao_added_later_is_sent_when_asked_for_explicitly(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    with pytest.raises(ka.KakaoAPIError) as caught:
        await kakao.moment.reports.ad_account(date_preset=ka.DatePreset("LAST_90DAY"))
    assert caught.value.status == 400  # the fake, like Kakao, does not know it
    assert fake.requests[0].query == "datePreset=LAST_90DAY"


async def test_fewer_ids_per_call_make_more_calls(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    report = await kakao.moment.reports.creatives(
        creative_ids=range(1, 8), ids_per_call=3, date_preset="YESTERDAY"
    )
    assert [c.ids for c in fake.report_calls] == [(1, 2, 3), (4, 5, 6), (7,)]
    assert [r.dimensions["creative_id"] for r in report] == [str(n) for n in range(1, 8)]


async def test_csv_export(kakao: ka.KakaoClient, tmp_path: Path) -> None:
    report = await kakao.moment.reports.ad_accounts(
        ad_account_ids=[1, 2], start=date(2026, 1, 1), end=date(2026, 1, 3), time_unit="DAY"
    )
    text = report.to_csv()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["start", "end", "ad_account_id", "imp", "click", "cost", "ctr"]
    assert len(table) == 1 + 6
    assert table[1][:3] == ["2026-01-01", "2026-01-01", "1"]
    assert int(table[1][3]) == report[0].metrics["imp"]
    path = tmp_path / "report.csv"
    report.to_csv(path)
    assert path.read_bytes().decode("utf-8") == text
    handle = io.StringIO()
    report.to_csv(handle)
    assert handle.getvalue() == text


def test_csv_leaves_absent_values_empty_and_keeps_colliding_names_apart() -> None:
    rows = [
        ka.ReportRow(start=date(2026, 1, 1), end=date(2026, 1, 1), metrics={"imp": 1}),
        ka.ReportRow(
            start=date(2026, 1, 2),
            end=date(2026, 1, 2),
            dimensions={"hour": "01"},
            metrics={"imp": None, "hour": 3},
        ),
    ]
    table = list(csv.reader(io.StringIO(ka.Report(rows).to_csv())))
    assert table == [
        ["start", "end", "hour", "imp", "metrics.hour"],
        ["2026-01-01", "2026-01-01", "", "1", ""],
        ["2026-01-02", "2026-01-02", "01", "", "3"],
    ]


async def test_to_pandas(kakao: ka.KakaoClient) -> None:
    pandas = pytest.importorskip("pandas")
    report = await kakao.moment.reports.ad_account(
        start=date(2026, 1, 1), end=date(2026, 1, 10), time_unit="DAY", dimension="GENDER"
    )
    frame = report.to_pandas()
    assert list(frame.columns) == ["start", "end", "ad_account_id", "gender", *report.metric_names]
    assert len(frame) == 20
    assert pandas.api.types.is_datetime64_any_dtype(frame["start"])
    assert pandas.api.types.is_integer_dtype(frame["imp"])
    assert pandas.api.types.is_float_dtype(frame["ctr"])
    assert int(frame["imp"].sum()) == sum(r.metrics["imp"] or 0 for r in report)


def test_to_pandas_names_the_extra_when_pandas_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(ImportError, match=r"kakao-async\[pandas\]"):
        ka.Report([]).to_pandas()


def test_rows_are_frozen_and_picklable() -> None:
    import pickle

    row = ka.ReportRow(start=date(2026, 1, 1), end=date(2026, 1, 1), metrics={"imp": 1})
    with pytest.raises(AttributeError):
        row.start = date(2026, 1, 2)  # type: ignore[misc]
    with pytest.raises(TypeError):
        row.metrics["imp"] = 2  # type: ignore[index]
    assert pickle.loads(pickle.dumps(row)) == row
    assert ka.Report([row]) == [row] and ka.Report([row]) == ka.Report([row])


async def test_clients_sharing_redis_share_the_report_quotas(
    fake: FakeKakaoServer, redis_url: str
) -> None:
    fake.add_token("second-token")
    period = {"start": date(2026, 1, 1), "end": date(2026, 2, 10), "time_unit": "DAY"}
    limiters = [ka.RedisRateLimiter(redis_url, interval=INTERVAL) for _ in range(2)]
    async with (
        client(fake, rate_limiter=limiters[0]) as first,
        client(fake, "second-token", rate_limiter=limiters[1]) as second,
    ):
        reports = await asyncio.gather(
            first.moment.reports.ad_account(ad_account_id=1, **period),
            second.moment.reports.ad_account(ad_account_id=1, **period),
            first.moment.reports.ad_accounts(ad_account_ids=[1, 2], **period),
            second.moment.reports.ad_accounts(ad_account_ids=[3], **period),
        )
    for limiter in limiters:
        await limiter.aclose()
    assert [len(r) for r in reports] == [41, 41, 82, 41]
    assert len(fake.report_calls) == 8 and fake.report_rejections == 0
    assert min(gaps(fake.report_calls)) >= INTERVAL
