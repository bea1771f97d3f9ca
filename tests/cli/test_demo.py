"""``kakao-async demo`` end to end, as a user runs it."""

from __future__ import annotations

import subprocess
import sys


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    """``python -m kakao_async *argv``, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "kakao_async", *argv], capture_output=True, text=True, timeout=60
    )


def test_demo_runs_a_bulk_toggle_without_429s() -> None:
    proc = cli("demo", "--accounts", "3", "--creatives", "3", "--interval", "0.2")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "3 ad accounts x 3 creatives" in out
    assert "Done: 9 ok, 0 failed; 9/9 OFF at the server." in out
    assert "rejected with 429: 0" in out
    assert "ratio" in out
    # Beside the creatives: 2 campaigns and their ad groups per account, at their own quotas,
    # counted as README counts them ("16 campaigns and their 16 ad groups" for 8 accounts).
    assert "3 creatives + 2 campaigns per account, an ad group each" in out
    assert (
        "6 campaigns and their 6 ad groups, each level at its own onOff quota (1 call / 0.04 s "
        "per account at the server): 12 ok, 12/12 OFF at the server, rejected with 429: 0." in out
    )


def test_demo_without_campaigns_says_nothing_of_them() -> None:
    argv = ["demo", "--accounts", "2", "--creatives", "2", "--interval", "0.1", "--campaigns", "0"]
    proc = cli(*argv)
    assert proc.returncode == 0, proc.stderr
    assert "Done: 4 ok, 0 failed; 4/4 OFF at the server." in proc.stdout
    assert "campaign" not in proc.stdout.lower()


def test_demo_rejects_bad_arguments() -> None:
    proc = cli("demo", "--accounts", "0")
    assert proc.returncode == 2 and "--accounts" in proc.stderr


def test_demo_takes_json_and_debug_after_the_command_too() -> None:
    # The README and --help say --json and --debug go before or after the command; after
    # `demo`, click refused them as unknown options (with a traceback, under --debug).
    for argv in (["--json", "demo"], ["demo", "--json"]):
        proc = cli(*argv)
        assert proc.returncode == 2, argv
        assert "demo prints for people only: drop --json" in proc.stderr, argv
    tiny = ["--accounts", "1", "--creatives", "2", "--interval", "0.1", "--campaigns", "0"]
    proc = cli("demo", *tiny, "--debug")
    assert proc.returncode == 0, proc.stderr
    assert "Done: 2 ok, 0 failed; 2/2 OFF at the server." in proc.stdout
    assert "Traceback" not in proc.stderr


def test_demo_with_one_creative_per_account_gives_no_ratio() -> None:
    # (1 - 1) x interval is a bound of 0 s: "ratio 0.000" read as if the run beat it.
    argv = ["demo", "--accounts", "2", "--creatives", "1", "--interval", "0.1", "--campaigns", "0"]
    proc = cli(*argv)
    assert proc.returncode == 0, proc.stderr
    assert "ratio" not in proc.stdout
    assert "bound 0 s: one creative per account, nothing to wait for." in proc.stdout
