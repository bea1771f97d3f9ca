"""An ad-ops team that runs Kakao Moment and Keyword Ad through ``kakao-async`` only (cliops32).

Every run here is a real process (``python -m kakao_async``), as from a terminal, a cron job or a
shell pipeline: in a real pseudo-terminal of a given width, with stdout piped, or with the bare
environment cron gives (no HOME, TERM, COLUMNS or LANG). The ``kakao_fake`` server on its own
thread holds what a Korean team has: 11-digit ids, 40-character Hangul names, 200+ rows.

README, "Command line": ids are what a user copies from one command into the next; piped or
redirected output is for ``grep`` and logs; exit codes 0, 1, 2, 130, 143.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from kakao_async.endpoints import QUOTAS
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.terminal import run_in_terminal

#: A 40-character Hangul name, as a Korean team writes them.
NAME40 = "겨울시즌특가할인행사소재서울강남지역한정프로모션무료배송추가적립금혜택한정수량중"
ACCOUNT = 1
CAMPAIGN = 55555555551
AD_GROUP = 44444444441
CHANNEL = 2222222221
#: 210 display creatives in AD_GROUP (11-digit ids), and one stopped by an administrator.
CREATIVES = tuple(range(66666666000, 66666666210))
STOPPED = 66666667000
REASON = "광고 심사 기준 위반: " + NAME40
#: 205 more campaigns, and 205 more ad groups in CAMPAIGN.
CAMPAIGNS = tuple(range(55555556000, 55555556205))
AD_GROUPS = tuple(range(44444445000, 44444445205))
KEYWORD_CREATIVE = 77777777000
#: An id the fake does not hold: its row fails with Kakao's Korean "not found" message.
MISSING = 99999999999
STAMP = "2026-01-01T00:00:00"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def creative_name(index: int) -> str:
    return f"{NAME40} {index}"


@pytest.fixture
def ops(kakao_fake: FakeKakaoServer) -> FakeKakaoServer:
    """The team's ad account, seeded as Kakao would answer for it."""
    fake = kakao_fake
    fake.add_ad_account(id=ACCOUNT, name="광고계정 " + NAME40)
    fake.add_campaign(
        ad_account_id=ACCOUNT, name="캠페인 " + NAME40, id=CAMPAIGN, daily_budget_amount=100_000
    )
    fake.add_ad_group(campaign_id=CAMPAIGN, name="광고그룹 " + NAME40, id=AD_GROUP, bid_amount=500)
    for index, creative in enumerate(CREATIVES):
        fake.add_moment_creative(
            ad_account_id=ACCOUNT,
            ad_group_id=AD_GROUP,
            name=creative_name(index),
            id=creative,
            config="ON" if index % 2 else "OFF",
        )
    fake.add_moment_creative(
        ad_account_id=ACCOUNT,
        ad_group_id=AD_GROUP,
        name="관리자중지 " + NAME40,
        id=STOPPED,
        system_config="ADMIN_STOP",
        admin_stop_reason=REASON,
    )
    for index, campaign in enumerate(CAMPAIGNS):
        fake.add_campaign(ad_account_id=ACCOUNT, name=f"캠페인{index} {NAME40}", id=campaign)
    for index, ad_group in enumerate(AD_GROUPS):
        fake.add_ad_group(campaign_id=CAMPAIGN, name=f"그룹{index} {NAME40}", id=ad_group)
    fake.add_keyword_creative(
        ad_account_id=ACCOUNT,
        biz_channel_id=CHANNEL,
        name="키워드 " + NAME40,
        id=KEYWORD_CREATIVE,
    )
    return fake


def client_env(fake: FakeKakaoServer, **extra: str) -> dict[str, str]:
    """What cron gives the job: PATH and the team's KAKAO_* variables, nothing else (no HOME,
    TERM, COLUMNS, LANG or LC_ALL); ``extra`` adds or overrides."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "KAKAO_ACCESS_TOKEN": DEFAULT_TOKEN,
        "KAKAO_AD_ACCOUNT_ID": str(ACCOUNT),
        "KAKAO_BASE_URL": fake.base_url,
        "KAKAO_ON_OFF_INTERVAL": "0.05",
        "KAKAO_QUOTAS": " ".join(f"{name}=0.05" for name in QUOTAS),
    }
    if "PYTHONPATH" in os.environ:  # the kakao_async under test, wherever it is
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    env.update(extra)
    return env


def piped(
    fake: FakeKakaoServer,
    *argv: str,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """``kakao-async ARGV | ...`` from cron: no terminal anywhere, stdout and stderr piped."""
    return subprocess.run(
        [sys.executable, "-m", "kakao_async", *argv],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        env=dict(env if env is not None else client_env(fake)),
        timeout=120,
    )


def in_terminal(fake: FakeKakaoServer, columns: int, *argv: str) -> tuple[int, str]:
    """``kakao-async ARGV`` typed in a real terminal ``columns`` wide (a pseudo-terminal on
    stdin, stdout and stderr); returns the exit code and the screen's text, colours removed."""
    env = client_env(fake, TERM="xterm-256color", HOME=os.environ.get("HOME", "/tmp"))
    code, written = run_in_terminal(list(argv), env, columns=columns, rows=50)
    return code, ANSI.sub("", written.decode("utf-8", "replace")).replace("\r", "")


def text(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stdout.decode("utf-8")


def assert_no_token(*outputs: str | bytes) -> None:
    for output in outputs:
        data = output if isinstance(output, str) else output.decode("utf-8", "replace")
        assert DEFAULT_TOKEN not in data


# --- piped or redirected: every cell whole -------------------------------------------------

#: Commands whose human output is a table or a record, and what must reach a pipe whole. (keyword
#: list is keyword29's finding, test_piped_keyword_list_prints_every_cell_whole.)
PIPED_WHOLE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "moment list": (
        ("moment", "list", "--ad-group", str(AD_GROUP)),
        tuple(creative_name(i) for i in range(len(CREATIVES))),
    ),
    "campaigns list": (
        ("campaigns", "list"),
        tuple(f"캠페인{i} {NAME40}" for i in range(len(CAMPAIGNS))),
    ),
    "ad-groups list": (
        ("ad-groups", "list", "--campaign", str(CAMPAIGN)),
        tuple(f"그룹{i} {NAME40}" for i in range(len(AD_GROUPS))),
    ),
    "moment history": (("moment", "history", str(STOPPED)), (REASON, STAMP)),
    "moment history --all": (("moment", "history", "--all", str(STOPPED)), (REASON, STAMP)),
    "moment get": (("moment", "get", str(STOPPED)), ("관리자중지 " + NAME40,)),
    "campaigns get": (("campaigns", "get", str(CAMPAIGN)), ("캠페인 " + NAME40,)),
    "ad-groups get": (("ad-groups", "get", str(AD_GROUP)), ("광고그룹 " + NAME40,)),
    "keyword get": (("keyword", "get", str(KEYWORD_CREATIVE)), ("키워드 " + NAME40,)),
}


@pytest.mark.parametrize("command", list(PIPED_WHOLE))
def test_piped_output_keeps_every_cell_whole(ops: FakeKakaoServer, command: str) -> None:
    argv, wanted = PIPED_WHOLE[command]
    result = piped(ops, *argv)
    out = text(result)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in out
    missing = [w for w in wanted if w not in out]
    assert not missing, f"{len(missing)} of {len(wanted)} cut, e.g. {missing[0]!r}:\n{out[:1500]}"
    assert "…" not in out


def test_piped_reports_and_switches_are_whole_and_plain(ops: FakeKakaoServer) -> None:
    """What works piped today: a report's table is widened to fit (cli/_report.py), and
    on/off keeps its rows on stdout, plain, with the progress bar and summary on stderr."""
    ids = [str(i) for i in CREATIVES[:3]]
    report = piped(ops, "report", "creatives", *ids, "--preset", "LAST_7DAY")
    assert report.returncode == 0, report.stderr
    rows = [line for line in text(report).splitlines() if "6666666600" in line]
    assert len(rows) == 3 and "…" not in text(report)

    off = piped(ops, "moment", "off", *ids, str(MISSING))
    out, err = text(off), off.stderr.decode("utf-8")
    assert off.returncode == 1
    assert "\x1b" not in out and "ETA" not in out  # no colour, no progress bar in the data
    assert all(i in out for i in ids) and str(MISSING) in out
    assert "3 switched OFF, 1 failed" in err
    assert_no_token(out, err)


# --- a real terminal: ids never cut ----------------------------------------------------------

#: (columns, argv, ids that must show whole: the user copies them into the next command).
NARROW: dict[str, tuple[int, tuple[str, ...], tuple[int, ...]]] = {
    "moment list@60": (60, ("moment", "list", "--ad-group", str(AD_GROUP)), CREATIVES),
    "campaigns list@60": (60, ("campaigns", "list"), CAMPAIGNS),
    "ad-groups list@60": (60, ("ad-groups", "list", "--campaign", str(CAMPAIGN)), AD_GROUPS),
    "moment history@60": (60, ("moment", "history", str(STOPPED)), (STOPPED * 10,)),
    "report creatives@60": (
        60,
        ("report", "creatives", *map(str, CREATIVES[:3]), "--preset", "LAST_7DAY"),
        CREATIVES[:3],
    ),
    "moment off@40": (
        40,
        ("moment", "off", str(CREATIVES[1]), str(MISSING)),
        (CREATIVES[1], MISSING),
    ),
    "campaigns off@40": (
        40,
        ("campaigns", "off", str(CAMPAIGNS[0]), str(MISSING)),
        (CAMPAIGNS[0], MISSING),
    ),
}


@pytest.mark.parametrize("case", list(NARROW))
def test_ids_stay_whole_on_a_narrow_terminal(ops: FakeKakaoServer, case: str) -> None:
    columns, argv, ids = NARROW[case]
    code, screen = in_terminal(ops, columns, *argv)
    assert code in (0, 1), screen[-2000:]
    assert "Traceback" not in screen
    cut = [i for i in ids if str(i) not in screen]
    assert not cut, f"{len(cut)} of {len(ids)} ids cut at {columns} columns:\n{screen[:1500]}"


def test_report_numbers_stay_whole_on_a_narrow_terminal(ops: FakeKakaoServer) -> None:
    ids = [str(i) for i in CREATIVES[:3]]
    argv = ("report", "creatives", *ids, "--preset", "LAST_7DAY", "--dimension", "CREATIVE_FORMAT")
    rows = json.loads(text(piped(ops, "--json", *argv)))["results"]
    code, screen = in_terminal(ops, 60, *argv)
    assert code == 0, screen
    figures = {str(v) for row in rows for v in row["metrics"].values()}
    figures |= {row[key] for row in rows for key in ("start", "end")}
    assert figures and not [f for f in figures if f not in screen], screen


@pytest.mark.parametrize("columns", [200, 80])
def test_wide_terminals_show_whole_ids_and_korean(ops: FakeKakaoServer, columns: int) -> None:
    code, screen = in_terminal(ops, columns, "moment", "list", "--ad-group", str(AD_GROUP))
    assert code == 0
    assert all(str(i) in screen for i in CREATIVES)
    if columns == 200:
        assert all(creative_name(i) in screen for i in range(len(CREATIVES)))
    assert "\ufffd" not in screen  # no Hangul cut through its bytes


# --- --help at 40 columns ------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv", [("moment", "off"), ("campaigns", "list"), ("report", "creatives")], ids=" ".join
)
def test_help_fits_a_40_column_terminal(ops: FakeKakaoServer, argv: Sequence[str]) -> None:
    code, screen = in_terminal(ops, 40, *argv, "--help")
    assert code == 0
    wide = [line for line in screen.splitlines() if len(line) > 40]
    assert not wide, "\n".join(wide)


# --- --json and --csv ------------------------------------------------------------------------

#: argv, how many results, whether Korean names are in them.
JSON_COMMANDS: dict[str, tuple[tuple[str, ...], int, bool]] = {
    "moment list": (("moment", "list", "--ad-group", str(AD_GROUP)), len(CREATIVES) + 1, True),
    "campaigns list": (("campaigns", "list"), len(CAMPAIGNS) + 1, True),
    "ad-groups list": (
        ("ad-groups", "list", "--campaign", str(CAMPAIGN)),
        len(AD_GROUPS) + 1,
        True,
    ),
    "moment get": (("moment", "get", str(STOPPED), str(CREATIVES[0])), 2, True),
    "campaigns get": (("campaigns", "get", str(CAMPAIGN)), 1, True),
    "ad-groups get": (("ad-groups", "get", str(AD_GROUP)), 1, True),
    "moment history": (("moment", "history", str(STOPPED)), 1, True),
    "moment history --all": (("moment", "history", "--all", str(STOPPED)), 1, True),
    "keyword list": (("keyword", "list", "--biz-channel", str(CHANNEL)), 1, True),
    "keyword get": (("keyword", "get", str(KEYWORD_CREATIVE)), 1, True),
    "moment off": (("moment", "off", str(CREATIVES[1]), str(CREATIVES[3])), 2, False),
    "campaigns off": (("campaigns", "off", str(CAMPAIGNS[0])), 1, False),
    "ad-groups off": (("ad-groups", "off", str(AD_GROUPS[0])), 1, False),
    "moment delete": (("moment", "delete", str(CREATIVES[4])), 1, False),
    "campaigns budget": (("campaigns", "budget", str(CAMPAIGN), "200000"), 1, False),
    "ad-groups bid": (("ad-groups", "bid", str(AD_GROUP), "600"), 1, False),
}


@pytest.mark.parametrize("command", list(JSON_COMMANDS))
def test_json_parses_with_numeric_ids_and_korean_as_is(ops: FakeKakaoServer, command: str) -> None:
    argv, count, korean = JSON_COMMANDS[command]
    result = piped(ops, "--json", *argv)
    assert result.returncode == 0, result.stderr
    out = text(result)
    body = json.loads(out)
    assert body["errors"] == [] and len(body["results"]) == count
    assert all(type(r["id"]) is int and r["id"] >= 1000 for r in body["results"])
    if korean:
        assert NAME40 in out and "\\u" not in out  # as is, not escaped, on a UTF-8 pipe
    assert_no_token(out, result.stderr)


def test_json_on_a_failed_id_and_a_usage_error(ops: FakeKakaoServer) -> None:
    failed = piped(ops, "--json", "moment", "get", str(CREATIVES[0]), str(MISSING))
    body = json.loads(text(failed))
    assert failed.returncode == 1
    assert [e["id"] for e in body["errors"]] == [MISSING]
    assert body["errors"][0]["error"]["kind"] == "not_found"
    assert "소재" in body["errors"][0]["error"]["detailMsg"]
    before = len(ops.requests)
    usage = piped(ops, "--json", "moment", "get", "12a")
    assert usage.returncode == 2 and len(ops.requests) == before
    (error,) = json.loads(text(usage))["errors"]
    assert error["id"] is None and error["error"]["kind"] == "usage"


def test_report_csv_opens_in_pythons_csv_module(ops: FakeKakaoServer) -> None:
    """README: "--csv is data for a loader, always UTF-8"; it promises no byte order mark
    (Excel's cue for UTF-8), and writes none: the header row is the first bytes."""
    ids = [str(i) for i in CREATIVES[:3]]
    result = piped(
        ops,
        "report",
        "creatives",
        *ids,
        "--preset",
        "LAST_7DAY",
        "--csv",
        env=client_env(ops, PYTHONIOENCODING="ascii"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"start,end,creative_id,")
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"), newline="")))
    assert [r["creative_id"] for r in rows] == ids
    assert all(r["imp"].isdigit() for r in rows)


# --- cron, env files, id files ---------------------------------------------------------------


@pytest.mark.parametrize(
    "locale",
    [{"LANG": "C"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}, {}],
    ids=["LANG=C", "LC_ALL=C-no-coercion", "bare"],
)
def test_cron_without_home_or_locale_prints_korean(
    ops: FakeKakaoServer, locale: dict[str, str]
) -> None:
    """README: Hangul on a cron job's ASCII output is written as \\uXXXX escapes rather than
    failing the command."""
    env = client_env(ops, **locale)
    history = piped(ops, "moment", "history", str(STOPPED), env=env)
    assert history.returncode == 0, history.stderr
    out = text(history)
    assert "광고" in out or "\\uad11\\uace0" in out
    listed = piped(ops, "--json", "moment", "list", "--ad-group", str(AD_GROUP), env=env)
    assert listed.returncode == 0, listed.stderr
    assert NAME40 in json.loads(text(listed))["results"][0]["name"]
    off = piped(ops, "moment", "off", str(CREATIVES[1]), str(MISSING), env=env)
    assert off.returncode == 1 and b"Traceback" not in off.stderr
    assert str(MISSING) in text(off)


def test_an_env_file_saved_on_windows_works(ops: FakeKakaoServer, tmp_path: Any) -> None:
    """``set -a; . ops.env`` of a file with CRLF line ends: every value ends in '\\r'."""
    env = client_env(ops)
    crlf = {name: value + "\r" for name, value in env.items() if name.startswith("KAKAO_")}
    result = piped(ops, "--json", "campaigns", "off", str(CAMPAIGNS[1]), env=env | crlf)
    assert result.returncode == 0, result.stderr
    assert json.loads(text(result))["results"] == [
        {"id": CAMPAIGNS[1], "config": "OFF", "outcome": "switched"}
    ]
    token_file = tmp_path / "token"
    token_file.write_bytes(DEFAULT_TOKEN.encode() + b"\r\n")
    no_token = {k: v for k, v in (env | crlf).items() if k != "KAKAO_ACCESS_TOKEN"}
    result = piped(
        ops, "--token-file", str(token_file), "moment", "history", str(STOPPED), env=no_token
    )
    assert result.returncode == 0, result.stderr


def test_from_file_with_bom_crlf_blank_lines_and_duplicates(
    ops: FakeKakaoServer, tmp_path: Any
) -> None:
    ids = CREATIVES[11], CREATIVES[13], CREATIVES[15]
    lines = [str(ids[0]), str(ids[1]), "", f"  {ids[2]}  ", str(ids[0]), ""]
    path = tmp_path / "stop.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode())
    calls = len(ops.on_off_calls)
    result = piped(ops, "--json", "moment", "off", "--from-file", str(path))
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(text(result))["results"]] == list(ids)
    assert len(ops.on_off_calls) == calls + 3  # the duplicate is sent once
    # stdin, as in `grep ... | kakao-async moment on --from-file -`
    result = piped(ops, "moment", "on", "--from-file", "-", stdin=path.read_bytes())
    assert result.returncode == 0, result.stderr


def test_a_comment_in_an_id_file_is_a_usage_error_with_nothing_sent(
    ops: FakeKakaoServer, tmp_path: Any
) -> None:
    """README allows spaces, commas and lines between ids, nothing else."""
    path = tmp_path / "stop.txt"
    path.write_text(f"# weekend stop list\n{CREATIVES[1]}\n", encoding="utf-8")
    before = len(ops.requests)
    result = piped(ops, "moment", "off", "--from-file", str(path))
    assert result.returncode == 2
    assert "line 1: '#' is not an id" in result.stderr.decode("utf-8")
    assert len(ops.requests) == before


def test_five_thousand_ids_start_at_once_and_sigterm_exits_143(
    ops: FakeKakaoServer, tmp_path: Any
) -> None:
    """A 5,000-id stop list: the first call goes out within seconds, memory stays small, and
    SIGTERM (a cron job's `timeout`) stops it with a row per id and exit 143."""
    ids = [CREATIVES[i % len(CREATIVES)] + 10_000 * (i // len(CREATIVES)) for i in range(5000)]
    path = tmp_path / "ids.txt"
    path.write_text("\n".join(map(str, ids)) + "\n", encoding="utf-8")
    before = len(ops.requests)
    started = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-m", "kakao_async", "--json", "moment", "off", "--from-file", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=client_env(ops),
    ) as process:
        while len(ops.requests) == before and time.monotonic() - started < 15:
            time.sleep(0.02)
        first = time.monotonic() - started
        time.sleep(0.5)
        with open(f"/proc/{process.pid}/status") as status:
            rss_kb = int(next(x for x in status if x.startswith("VmRSS")).split()[1])
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert first < 5, f"first request after {first:.1f} s"
    assert rss_kb < 300_000
    assert process.returncode == 143, err
    body = json.loads(out)
    assert len(body["results"]) + len(body["errors"]) == 5000
    assert {e["error"]["kind"] for e in body["errors"]} <= {"interrupted", "not_found"}
    assert body["errors"][-1]["error"]["kind"] == "interrupted"


def test_debug_never_shows_the_token(ops: FakeKakaoServer) -> None:
    """The accepted token and a refused one (its 401 traceback shown by --debug)."""
    secret = "ops-team-secret-token-0123456789"
    for env in (client_env(ops), client_env(ops, KAKAO_ACCESS_TOKEN=secret)):
        for argv in (
            ("--debug", "moment", "get", str(CREATIVES[0]), str(MISSING)),
            ("--debug", "campaigns", "list"),
            ("--debug", "moment", "history", str(STOPPED)),
        ):
            result = piped(ops, *argv, env=env)
            assert result.returncode in (0, 1)
            both = result.stdout + result.stderr
            assert DEFAULT_TOKEN.encode() not in both and secret.encode() not in both
            assert b"debug:" in result.stderr


# --- a reader that stops early (`| head`, `| grep -q`) ----------------------------------------


def closed_stdout(fake: FakeKakaoServer, *argv: str) -> subprocess.CompletedProcess[bytes]:
    """``kakao-async ARGV | grep -q ...`` whose reader has already exited: stdout is a pipe
    with no reader (each write fails with EPIPE, as after `head` or `grep -q` quits)."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run(
            [sys.executable, "-m", "kakao_async", *argv],
            stdin=subprocess.DEVNULL,
            stdout=writer,
            stderr=subprocess.PIPE,
            env=client_env(fake),
            timeout=60,
        )
    finally:
        os.close(writer)


@pytest.mark.parametrize("as_json", [False, True], ids=["table", "json"])
def test_a_reader_that_quits_early_does_not_turn_done_work_into_a_failure(
    ops: FakeKakaoServer, as_json: bool
) -> None:
    flag = ("--json",) if as_json else ()
    off = closed_stdout(ops, *flag, "moment", "off", str(CREATIVES[21]))
    assert ops.moment_creative(CREATIVES[21]).config == "OFF"  # it was done
    assert "1 switched OFF, 0 failed" in off.stderr.decode("utf-8")
    assert off.returncode == 0, off.stderr
    deleted = closed_stdout(ops, *flag, "moment", "delete", str(CREATIVES[22]))
    assert ops.moment_creative(CREATIVES[22]).config == "DEL"
    assert deleted.returncode == 0, deleted.stderr
