"""``report``: a table, --json rows or --csv; periods and metrics checked before sending."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from kakao_async.endpoints import REPORT_QUOTAS
from kakao_async.testing import FakeKakaoServer, Fault
from tests.cli.conftest import CLI
from tests.cli.test_errors import one_line
from tests.cli.test_output import ENVELOPE, ERROR


@pytest.fixture
def fake(cli_env: FakeKakaoServer) -> FakeKakaoServer:
    """Report quotas at the CLI's 0.05 s (KAKAO_ON_OFF_INTERVAL); presets count from a fixed
    day so rows can be compared with fixed dates."""
    for name in REPORT_QUOTAS:
        cli_env.set_quota(name, 0.05)
    cli_env.report_routes.today = date(2026, 4, 1)
    return cli_env


def test_account_report_as_a_table_json_and_csv(cli: CLI, fake: FakeKakaoServer) -> None:
    table = cli("report", "account", "--preset", "LAST_7DAY")
    assert table.code == 0, table.err
    assert "ad account report, LAST_7DAY" in table.out
    assert "2026-03-25" in table.out and "2026-03-31" in table.out
    header = next(line for line in table.out.splitlines() if "start" in line).split()
    assert [w for w in header if w.isidentifier()] == [
        "start",
        "end",
        "ad_account_id",
        "imp",
        "click",
        "cost",
        "ctr",
    ]

    body = cli("--json", "report", "account", "--preset", "last_7day").json()
    assert set(body) == ENVELOPE and body["errors"] == []
    (row,) = body["results"]
    assert row["start"] == "2026-03-25" and row["end"] == "2026-03-31"
    assert row["dimensions"] == {"ad_account_id": "1"}
    assert set(row["metrics"]) == {"imp", "click", "cost", "ctr"}

    text = cli("report", "account", "--preset", "LAST_7DAY", "--csv")
    assert text.code == 0 and text.err == ""
    records = list(csv.DictReader(io.StringIO(text.out)))
    assert len(records) == 1
    assert records[0]["start"] == "2026-03-25" and records[0]["ad_account_id"] == "1"
    assert records[0]["imp"] == str(row["metrics"]["imp"])  # the same figures, every format
    # Three runs in a row share no limiter (as three processes would not): a run may wait for
    # a 429 from the previous one's call; never a failure.
    assert [c.period for c in fake.report_calls] == ["LAST_7DAY"] * 3


def test_a_long_campaign_report_is_fetched_in_windows(cli: CLI, fake: FakeKakaoServer) -> None:
    proc = cli(
        "--json",
        "report",
        "campaigns",
        "11",
        "12",
        "--start",
        "2026-01-01",
        "--end",
        "2026-02-15",
        "--metrics",
        "BASIC,ADDITION",
        "--dimension",
        "device_type",
        "--daily",
    )
    assert proc.code == 0, proc.err
    assert "report: 2 calls" in proc.err  # said before the wait, on stderr
    rows = proc.json()["results"]
    assert len(rows) == 46 * 2 * 3  # days x campaigns x device types
    assert rows[0]["start"] == "2026-01-01" and rows[-1]["end"] == "2026-02-15"
    assert {r["dimensions"]["device_type"] for r in rows} == {"ANDROID", "IOS", "PC"}
    assert {"reach", "cost_per_click"} <= set(rows[0]["metrics"])
    assert [c.period for c in fake.report_calls] == [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 15)),
    ]
    assert all(c.ids == (11, 12) for c in fake.report_calls)
    assert fake.report_rejections == 0  # one run: its calls were spaced by the quota


def test_ad_group_and_creative_reports_as_csv(cli: CLI, fake: FakeKakaoServer) -> None:
    groups = cli(
        "report", "ad-groups", "7", "--start", "2026-03-01", "--end", "2026-03-03", "--daily"
    )
    assert groups.code == 0 and "ad group report, 2026-03-01 to 2026-03-03" in groups.out
    text = cli("report", "creatives", "1001,1002", "--preset", "YESTERDAY", "--csv")
    assert text.code == 0
    lines = text.out.splitlines()
    assert lines[0] == "start,end,creative_id,imp,click,cost,ctr"
    assert [line.split(",")[:3] for line in lines[1:]] == [
        ["2026-03-31", "2026-03-31", "1001"],
        ["2026-03-31", "2026-03-31", "1002"],
    ]


def test_multi_account_report_batches_five_accounts(cli: CLI, fake: FakeKakaoServer) -> None:
    proc = cli("report", "accounts", "1", "2", "3", "4", "5", "6", "--preset", "YESTERDAY")
    assert proc.code == 0, proc.err
    assert "report: 2 calls" in proc.err and "per app" in proc.err
    assert [c.ids for c in fake.report_calls] == [(1, 2, 3, 4, 5), (6,)]
    assert "multi-account report, YESTERDAY" in proc.out


def test_a_failing_report_exits_1_with_the_json_shape(cli: CLI, fake: FakeKakaoServer) -> None:
    fake.restricted_ad_accounts.add(6)
    proc = cli("--json", "report", "accounts", "5", "6", "--preset", "YESTERDAY")
    assert proc.code == 1
    body = proc.json()
    assert body["results"] == [] and len(body["errors"]) == 1
    assert body["errors"][0]["id"] is None and set(body["errors"][0]["error"]) == ERROR
    assert body["errors"][0]["error"]["kind"] == "permission"

    fake.inject(Fault(kind="status", status=400, code=-813, detail_code=9004))
    text = cli("report", "campaigns", "1", "--preset", "YESTERDAY", "--csv")
    assert text.code == 1 and text.out == ""
    assert "no permission" in one_line(text) and "detailCode 9004" in one_line(text)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["account"], "--preset"),
        (["account", "--start", "2026-01-01"], "--end"),
        (["account", "--end", "2026-01-01"], "--start"),
        (["account", "--preset", "TODAY", "--start", "2026-01-01"], "not both"),
        (["account", "--start", "2026-03-02", "--end", "2026-03-01"], "after"),
        (["account", "--start", "2026-1-1", "--end", "2026-01-31"], "YYYY-MM-DD"),
        (["account", "--start", "20260101", "--end", "2026-01-31"], "YYYY-MM-DD"),
        (["account", "--start", "2026-W01", "--end", "2026-01-31"], "YYYY-MM-DD"),
        (["account", "--start", "\uff12\uff10\uff12\uff16-01-01", "--end", "2026-01-31"], "date"),
        (["account", "--start", "2026-02-30", "--end", "2026-03-01"], "day is out of range"),
        (["account", "--start", "2026-01-01", "--end", "2026-03-31"], "pass --daily"),
        (["account", "--preset", "LAST_8DAY"], "--preset"),
        (["account", "--preset", "TODAY", "--metrics", "BASIC,NOPE"], "NOPE"),
        (["account", "--preset", "TODAY", "--metrics", ","], "--metrics"),
        (["account", "--preset", "TODAY", "--dimension", "COLOR"], "--dimension"),
        (["account", "--preset", "TODAY", "--csv", "--json"], "pick one"),
        (["campaigns", "--preset", "TODAY"], "IDS"),
        (["campaigns", "0", "--preset", "TODAY"], "ids start at 1"),
        (["creatives", "-3", "--preset", "TODAY"], "ids start at 1"),
        (["ad-groups", "\u0661", "--preset", "TODAY"], "IDS"),
    ],
)
def test_bad_periods_metrics_and_ids_exit_2_with_nothing_sent(
    cli: CLI, fake: FakeKakaoServer, argv: list[str], words: str
) -> None:
    proc = cli("report", *argv)
    assert proc.code == 2
    line = one_line(proc)
    assert words in line and "--help" in line
    assert len(fake.requests) == 0


def test_json_goes_before_or_after_every_report_command(cli: CLI, fake: FakeKakaoServer) -> None:
    for command in (
        ["report", "account", "--preset", "YESTERDAY"],
        ["report", "accounts", "1", "--preset", "YESTERDAY"],
        ["report", "campaigns", "1", "--preset", "YESTERDAY"],
        ["report", "ad-groups", "1", "--preset", "YESTERDAY"],
        ["report", "creatives", "1", "--preset", "YESTERDAY"],
    ):
        before, after = cli("--json", *command), cli(*command, "--json")
        assert before.code == after.code == 0, (command, before.err, after.err)
        assert before.json() == after.json() and len(before.json()["results"]) == 1, command
