"""README "Kakao Moment v4 — kakao.moment.reports", read by an ad-tech engineer new to the
library, for what tests/test_docs_reports.py and tests/moment/test_reports.py leave out: the
``Report`` as a sequence with its columns, ``to_csv`` to a path or a file, each report kind's
quota as the fake counts it, the multi-account form, metrics groups, and timeouts."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.endpoints import QUOTAS
from kakao_async.testing import FakeKakaoServer, SeededAccount

FAST = {name: 0.01 for name in QUOTAS}
TOKEN = "bb16-reports-SECRET-token-value"


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer(quotas=FAST, tokens=[TOKEN]) as server:
        yield server


@pytest.fixture
def seeded(fake: FakeKakaoServer) -> dict[int, SeededAccount]:
    return fake.seed_hierarchy(
        ad_accounts=range(1, 8), campaigns_per_account=2, creatives_per_ad_group=1
    )


@pytest.fixture
async def kakao(fake: FakeKakaoServer) -> AsyncIterator[ka.KakaoClient]:
    async with ka.KakaoClient(
        TOKEN, ad_account_id=1, moment_base_url=fake.base_url, quotas=FAST
    ) as client:
        yield client


async def test_a_report_is_a_sequence_of_typed_rows_and_names_its_columns(
    kakao: ka.KakaoClient, seeded: dict[int, SeededAccount]
) -> None:
    report = await kakao.moment.reports.ad_account(
        start="2026-01-01", end=date(2026, 1, 3), time_unit="DAY", metrics_groups="BASIC"
    )
    assert len(report) == 3 and len(list(report)) == 3
    assert [row.start for row in report] == [date(2026, 1, d) for d in (1, 2, 3)]
    assert all(isinstance(row, ka.ReportRow) and row.start == row.end for row in report)
    assert report[0] == next(iter(report))
    records = report.to_records()
    assert [list(r) for r in records] == [
        ["start", "end", *report.dimension_names, *report.metric_names]
    ] * 3
    assert "ad_account_id" in report.dimension_names and "imp" in report.metric_names
    for row in report:
        assert all(isinstance(v, (int, float)) for v in row.metrics.values())


async def test_to_csv_writes_to_a_path_or_an_open_file_what_it_returns(
    kakao: ka.KakaoClient, seeded: dict[int, SeededAccount], tmp_path: Path
) -> None:
    report = await kakao.moment.reports.campaigns(
        campaign_ids=seeded[1].campaigns, date_preset="YESTERDAY", dimension="DEVICE_TYPE"
    )
    text = report.to_csv()
    header = text.splitlines()[0].split(",")
    assert header == ["start", "end", *report.dimension_names, *report.metric_names]
    assert len(text.splitlines()) == len(report) + 1
    path = tmp_path / "report.csv"
    assert report.to_csv(str(path)) is None
    assert path.read_bytes().decode("utf-8") == text  # bytes: the rows end in CRLF as csv writes
    opened = io.StringIO()
    assert report.to_csv(opened) is None
    assert opened.getvalue() == text


async def test_each_report_kind_is_counted_under_its_own_quota(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, seeded: dict[int, SeededAccount]
) -> None:
    reports = kakao.moment.reports
    await reports.ad_account(date_preset="TODAY")
    await reports.ad_accounts(ad_account_ids=[1, 2], date_preset="TODAY")
    await reports.campaigns(campaign_ids=seeded[1].campaigns, date_preset="TODAY")
    await reports.ad_groups(ad_group_ids=seeded[1].ad_groups, date_preset="TODAY")
    await reports.creatives(creative_ids=seeded[1].creatives, date_preset="TODAY")
    assert [c.quota for c in fake.report_calls] == [
        "reports.account",
        "reports.app",
        "reports.campaigns",
        "reports.adGroups",
        "reports.creatives",
    ]
    assert fake.report_rejections == 0
    # Scopes: per ad account, or the app's for the multi-account form, whoever the user is.
    assert kakao.quota_key("reports.app", 5) == "reports.app:app"
    for name in ("reports.account", "reports.campaigns", "reports.adGroups", "reports.creatives"):
        assert kakao.quota_key(name, 5) == f"{name}:5"
        assert TOKEN not in kakao.quota_key(name, 5)


async def test_the_multi_account_report_takes_no_account_and_each_row_names_its_own(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, seeded: dict[int, SeededAccount]
) -> None:
    with pytest.raises(TypeError):
        await kakao.moment.reports.ad_accounts(  # type: ignore[call-arg]
            ad_account_ids=[1], date_preset="YESTERDAY", ad_account_id=1
        )
    report = await kakao.moment.reports.ad_accounts(
        ad_account_ids=[7, 1, 2, 3, 4, 5, 6, 7], date_preset="YESTERDAY"
    )
    queries = [r.query for r in fake.requests]
    assert queries == [
        "datePreset=YESTERDAY&adAccountId=7,1,2,3,4",
        "datePreset=YESTERDAY&adAccountId=5,6",
    ]
    assert [row.dimensions["ad_account_id"] for row in report] == [
        "7",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
    ]


async def test_metrics_groups_take_one_group_or_several_each_sent_once(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    await kakao.moment.reports.ad_account(date_preset="TODAY", metrics_groups="BASIC")
    await kakao.moment.reports.ad_account(
        date_preset="TODAY", metrics_groups=[ka.MetricsGroup.BASIC, "ADDITION", "BASIC"]
    )
    assert [r.query for r in fake.requests] == [
        "datePreset=TODAY&metricsGroup=BASIC",
        "datePreset=TODAY&metricsGroup=BASIC,ADDITION",
    ]
    for bad, error in (([], ka.KakaoInputError), (5, ka.KakaoInputTypeError)):
        with pytest.raises(error, match="metrics_groups"):
            await kakao.moment.reports.ad_account(date_preset="TODAY", metrics_groups=bad)
    assert len(fake.requests) == 2


Call = Callable[[ka.KakaoClient, dict[int, SeededAccount], Any], Awaitable[ka.Report]]
CALLS: dict[str, Call] = {
    "ad_account": lambda k, s, t: k.moment.reports.ad_account(date_preset="TODAY", timeout=t),
    "ad_accounts": lambda k, s, t: k.moment.reports.ad_accounts(
        ad_account_ids=[1], date_preset="TODAY", timeout=t
    ),
    "campaigns": lambda k, s, t: k.moment.reports.campaigns(
        campaign_ids=s[1].campaigns, date_preset="TODAY", timeout=t
    ),
    "ad_groups": lambda k, s, t: k.moment.reports.ad_groups(
        ad_group_ids=s[1].ad_groups, date_preset="TODAY", timeout=t
    ),
    "creatives": lambda k, s, t: k.moment.reports.creatives(
        creative_ids=s[1].creatives, date_preset="TODAY", timeout=t
    ),
}


@pytest.mark.parametrize(
    ("timeout", "error"),
    [(0, ka.KakaoInputError), (-1, ka.KakaoInputError), ("5", ka.KakaoInputTypeError)],
)
@pytest.mark.parametrize("name", sorted(CALLS))
async def test_every_report_checks_its_timeout_before_any_request(
    fake: FakeKakaoServer,
    kakao: ka.KakaoClient,
    seeded: dict[int, SeededAccount],
    name: str,
    timeout: Any,
    error: type[Exception],
) -> None:
    with pytest.raises(error, match="timeout"):
        await CALLS[name](kakao, seeded, timeout)
    assert len(fake.requests) == 0


@pytest.mark.parametrize("name", ["campaigns", "ad_groups", "creatives"])
async def test_the_by_id_reports_fall_back_to_the_clients_account_or_refuse(
    fake: FakeKakaoServer, seeded: dict[int, SeededAccount], name: str
) -> None:
    async with ka.KakaoClient(TOKEN, moment_base_url=fake.base_url, quotas=FAST) as kakao:
        with pytest.raises(ka.KakaoInputError, match="ad_account_id"):
            await CALLS[name](kakao, seeded, None)
        with pytest.raises(ka.KakaoInputError, match="ad_account_id"):
            await kakao.moment.reports.ad_account(date_preset="TODAY")
        assert len(fake.requests) == 0
        kakao.ad_account_id = 1  # "also settable later"
        assert len(await CALLS[name](kakao, seeded, None)) >= 1
    assert [r.ad_account_id for r in fake.requests] == ["1"]


async def test_a_report_error_carries_kakaos_codes_and_no_token(fake: FakeKakaoServer) -> None:
    fake.set_quota("reports.account", 60.0)  # Kakao's window, longer than the client's
    policy = ka.RetryPolicy(attempts=1, rate_limit_attempts=1)
    async with ka.KakaoClient(
        TOKEN, ad_account_id=1, moment_base_url=fake.base_url, quotas=FAST, retry=policy
    ) as strict:
        await strict.moment.reports.ad_account(date_preset="TODAY")  # its first: accepted
        with pytest.raises(ka.KakaoRateLimitError) as caught:
            await strict.moment.reports.ad_account(date_preset="YESTERDAY")
    assert (caught.value.status, caught.value.code, caught.value.detail_code) == (429, -813, 30005)
    assert caught.value.path == "/openapi/v4/adAccounts/report"
    assert TOKEN not in str(caught.value) and TOKEN not in repr(caught.value)
