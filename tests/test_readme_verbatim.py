"""README read by a new user who trusts it literally: what its lines say they print or do.

tests/test_readme.py runs every block (exit codes, no crash); this file checks the outputs and
effects README states: the quick start against the fake README tells you to start, the values
its snippets' comments say they print, what each command-line example prints against the fake
of the Command line section (ids included), that fake at Kakao's own 5 s, and the names the
"How it works" diagrams give.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.metadata
import json
import math
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import control, fake_server_process, on_off_gaps
from tests import test_readme as readme_blocks

README = Path(__file__).resolve().parent.parent / "README.md"


def readme() -> str:
    return README.read_text(encoding="utf-8")


def section(title: str) -> str:
    return readme().split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def cli(url: str, command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """A README command line as a user types it, `kakao-async` being `python -m kakao_async`."""
    argv = shlex.split(command)
    assert argv[0] == "kakao-async", command
    return subprocess.run(
        [sys.executable, "-m", "kakao_async", *argv[1:]],
        capture_output=True,
        text=True,
        env=readme_blocks.env_for(url) | env,
        timeout=60,
    )


# --- Quick start, "To try it without a token" --------------------------------------------------


def test_the_quick_start_runs_against_the_fake_it_names_with_only_the_fills_it_lists(
    tmp_path: Path,
) -> None:
    text = section("Quick start")
    (start,) = re.findall(r"\(`(python -m kakao_async\.testing[^`]*)`", text.replace("\n", " "))
    assert start == "python -m kakao_async.testing --port 8080 --seed-accounts 1 --seed-creatives 3"
    code = readme_blocks.blocks("python")[0]
    assert "asyncio.run(main())" in code
    argv = shlex.split(start)[3:]
    argv[argv.index("--port") + 1] = "0"  # 8080 may be taken on a test machine
    # No --on-off-interval in README's line: the fake keeps Kakao's 5 s, as the client does.
    with fake_server_process(on_off_interval=None, args=argv) as url:
        filled = (
            code.replace('"<business access token>"', '"fake-kakao-token"')
            .replace("ad_account_id=1234", f'moment_base_url="{url}", ad_account_id=1')
            .replace("ad_group_id=5678", "ad_group_id=1")
            .replace("set_config(1112,", "set_config(1001,")  # "the ids it hands out"
        )
        assert filled.count("fake-kakao-token") == 1 and "1234" not in filled
        script = tmp_path / "quick_start.py"
        script.write_text(filled, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=60
        )
        stats = asyncio.run(control(url, "GET", "/_fake/stats"))
        calls = asyncio.run(control(url, "GET", "/_fake/on-off-calls"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"{1000 + n} creative-{n} ON" for n in (1, 2, 3)]
    assert [(c["creative_id"], c["config"]) for c in calls] == [(1001, "OFF")]
    assert stats["onOffRejected"] == 0


# --- what the snippets' comments say they print -------------------------------------------------


async def test_the_snippets_print_what_their_comments_say(
    redis_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every quota scaled down (test_readme keeps Kakao's, so its report block waits 2 x 5 s).
    defaults = dict(ka.KakaoClient.__init__.__kwdefaults__ or {})
    defaults["quotas"] = dict.fromkeys(ka.endpoints.QUOTAS, 0.05)
    monkeypatch.setattr(ka.KakaoClient.__init__, "__kwdefaults__", defaults)
    await readme_blocks.test_python_blocks(redis_url, monkeypatch)
    lines = capsys.readouterr().out.splitlines()
    # Quotas: `print(fast.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1234))`
    # prints `creatives.onOff:1234`
    assert "creatives.onOff:1234" in lines
    # Quotas: `print(fast.quotas["reports.app"])  # the effective table`
    assert "Quota(name='reports.app', interval=0.05, scope='app')" in lines
    # Bulk: `on_progress=print,  # e.g. "3/3 done, 0 failed, 0.1s, ETA 0.0s"`
    progress = [line for line in lines if re.fullmatch(r"\d+/3 done, .*", line)]
    assert progress and all(
        re.fullmatch(r"\d/3 done, 0 failed, \d+\.\ds, ETA (\d+\.\ds|\?)", line) for line in progress
    ), progress
    assert re.fullmatch(r"3/3 done, 0 failed, \d+\.\ds, ETA 0\.0s", progress[-1]), progress
    # Models: `print(ka.unknown_fields(creative))  # {} until Kakao adds a field`
    assert "{}" in lines
    # The onOff quota, in numbers: two clients given one limiter share it.
    assert "True" in lines
    # Metrics: `print(answers)  # Counter({('moment.creatives.get', 200): 1})`
    assert "Counter({('moment.creatives.get', 200): 1})" in lines
    # Creatives: `print(history.reason if history else "not admin-stopped")` for an admin stop.
    assert "landing page ended" in lines


# --- Command line: the examples against the fake the section starts -----------------------------


def the_sections_fake() -> list[str]:
    (start,) = [
        c
        for c in readme_blocks.console_commands()
        if c.startswith("python -m kakao_async.testing ") and c.endswith(" &")
    ]
    return shlex.split(start.removesuffix(" &"))[3:]


def examples() -> list[str]:
    return [c for c in readme_blocks.console_commands() if c.startswith("kakao-async ")]


def test_the_moment_examples_print_what_the_section_says() -> None:
    commands = [c for c in examples() if c.startswith("kakao-async moment ")]
    assert commands == [
        "kakao-async moment list --ad-group 1",
        "kakao-async moment get 1001 1002",
        "kakao-async moment off 1001 1002 1003",
        "kakao-async moment on --skip-unchanged 1001 1002 1003",
        "kakao-async moment on 1001 --json",
        "kakao-async moment history --all 1001",
        "kakao-async moment delete 1004",
    ]
    with fake_server_process(args=readme_blocks.scaled(the_sections_fake())) as url:
        out = {}
        for command in commands:
            proc = cli(url, command)
            assert proc.returncode == 0, (command, proc.stderr)
            out[command] = proc.stdout
        rejected = asyncio.run(control(url, "GET", "/_fake/stats"))["onOffRejected"]
        deleted = asyncio.run(control(url, "GET", "/_fake/requests"))[-1]
    # "creatives 1001-1030, ten per account in ad group 1"
    assert re.findall(r"\b(10\d\d)\b", out[commands[0]]) == [str(i) for i in range(1001, 1011)]
    assert "creative 1001" in out[commands[1]] and "creative 1002" in out[commands[1]]
    assert out[commands[2]].count("switched OFF") == 3
    # The three are OFF now: --skip-unchanged reads them first and switches every one.
    assert out[commands[3]].count("switched ON") == 3 and "skipped" not in out[commands[3]]
    # `{"id", "config", "outcome": "switched" | "skipped" | "superseded"}` for on/off
    assert json.loads(out[commands[4]]) == {
        "results": [{"id": 1001, "config": "ON", "outcome": "switched"}],
        "errors": [],
    }
    # "why a creative was admin-stopped (`no record` when it was not)"
    assert "no record" in out[commands[5]]
    assert re.search(r"1004\s.*deleted", out[commands[6]])
    assert (deleted["method"], deleted["path"]) == ("DELETE", "/openapi/v4/creatives/1004")
    # One process after another in one account: "its first call may meet one 429" each.
    assert rejected <= 3


def test_the_other_examples_print_what_the_section_says() -> None:
    commands = [
        c for c in examples() if not c.startswith(("kakao-async moment ", "kakao-async demo"))
    ]
    assert len(commands) == 6, commands
    with fake_server_process(args=readme_blocks.scaled(the_sections_fake())) as url:
        out = {}
        for command in commands:
            proc = cli(url, command)
            assert proc.returncode == 0, (command, proc.stderr)
            out[command] = proc.stdout + proc.stderr
        # "then per account a campaign and its ad group, 1031 and 1032 for account 1"
        ad_groups = cli(url, "kakao-async ad-groups list --campaign 1031 --json")
    by_start = {c.split(" --", 1)[0]: c for c in commands}
    # "then keyword creatives in biz channel 1, 1037-1039 for account 1"
    keyword = out[by_start["kakao-async keyword list"]]
    assert re.findall(r"\b(10\d\d)\b", keyword) == ["1037", "1038", "1039"]
    assert re.findall(r"\b(10\d\d)\b", out["kakao-async campaigns list"]) == ["1031"]
    assert [g["id"] for g in json.loads(ad_groups.stdout)["results"]] == [1032]
    assert re.search(r"1031\s.*switched OFF", out["kakao-async campaigns off 1031"])
    assert "LAST_7DAY" in out[by_start["kakao-async report account"]]
    csv = out[by_start["kakao-async report creatives 1001 1002"]].splitlines()
    assert csv[0].startswith("start,end,creative_id,") and len(csv) == 3
    assert [row.split(",")[:3] for row in csv[1:]] == [
        ["2026-01-01", "2026-01-31", "1001"],
        ["2026-01-01", "2026-01-31", "1002"],
    ]
    assert out["kakao-async --version"].strip() == f"kakao-async {ka.__version__}"


def test_the_sections_fake_and_exports_at_kakaos_5_s_meet_no_429() -> None:
    # README's own numbers, not scaled: the fake at --on-off-interval 5, KAKAO_ON_OFF_INTERVAL=5.
    argv = the_sections_fake()
    assert argv[argv.index("--on-off-interval") + 1] == "5"
    argv[argv.index("--port") + 1] = "0"
    with fake_server_process(on_off_interval=None, args=argv) as url:
        proc = cli(url, "kakao-async moment off 1001 1002", KAKAO_ON_OFF_INTERVAL="5")
        stats = asyncio.run(control(url, "GET", "/_fake/stats"))
        calls = asyncio.run(control(url, "GET", "/_fake/on-off-calls"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("switched OFF") == 2
    assert stats["onOffRejected"] == 0 and stats["onOffAccepted"] == 2
    (gaps,) = on_off_gaps(calls).values()
    assert gaps[0] >= 5.0  # at the server: interval + margin after the first response


# --- How it works --------------------------------------------------------------------------------

#: What the diagrams say each module holds (test_readme_names checks only that the files exist).
NAMED = {
    "moment._creatives": ["MomentCreatives.set_config"],
    "moment._sender": ["ChangeSender"],
    "moment._ops": ["Op"],
    "_http._requester": ["Requester.send"],
    "_http._transport": ["AiohttpTransport"],
    "_http._exchange": ["Transport", "HttpRequest"],
    "_http._mock": ["MockTransport"],
    "_http._cause": ["without_credentials"],
    "_http._foreign": ["ForeignTransport"],
    "_http._retry": ["decide", "Failure"],
    "_http._attempt": ["answer"],
    "_http._request": ["Request.decode", "Request.turn"],
    "moment._set_configs": ["Turn"],
    "_service": ["Service"],
    "_bulk": [
        "BulkJob.start",
        "BulkJob.report",
        "BulkJob.set_eta",
        "BulkJob.progress",
        "BulkJob.watch",
        "BulkJob.cancel",
        "BulkJob.map",
        "BulkResult",
    ],
    "ratelimit._memory": ["MemoryRateLimiter.lane"],
    "endpoints": ["MOMENT_CREATIVE_SET_CONFIG"],
}


@pytest.mark.parametrize("module", sorted(NAMED))
def test_how_it_works_names_what_its_modules_hold(module: str) -> None:
    text = section("How it works")
    found = importlib.import_module(f"kakao_async.{module}")
    for dotted in NAMED[module]:
        assert dotted.split(".")[-1] in text, dotted
        obj: Any = found
        for part in dotted.split("."):
            assert hasattr(obj, part), f"{module}.{dotted}"
            obj = getattr(obj, part)


# --- Install -------------------------------------------------------------------------------------


def test_each_extra_install_names_is_declared() -> None:
    dist = importlib.metadata.metadata("kakao-async")
    extras = set(re.findall(r"pip install 'kakao-async\[(\w+)\]'", section("Install")))
    assert extras == {"cli", "redis", "fastapi", "speed", "pandas", "otel"}
    assert extras <= set(dist.get_all("Provides-Extra") or [])
    assert dist["Requires-Python"] == ">=3.10"  # "Python ≥ 3.10"
    (named,) = re.findall(r"# the library: ([^\n]+)", section("Install"))
    requires = importlib.metadata.requires("kakao-async") or []
    declared = {re.split(r"[<>=;\[ ]", r, maxsplit=1)[0] for r in requires if "extra ==" not in r}
    assert {n.strip() for n in named.split(",")} <= declared


# --- Errors: "a `retry_after` that is not a number is a `KakaoInputError`" -----------------------


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_error_for_response_refuses_a_retry_after_that_is_not_a_number(value: float) -> None:
    try:
        error = ka.errors.error_for_response(
            status=429, body={"code": -10}, method="GET", path="/x", retry_after=value
        )
    except ka.KakaoInputError:
        return
    raise AssertionError(f"{type(error).__name__} with retry_after={error.retry_after}")
