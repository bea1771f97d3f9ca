"""``kakao-async demo`` end to end, as a user runs it."""

from __future__ import annotations

import subprocess
import sys


def test_demo_runs_a_bulk_toggle_without_429s() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "kakao_async",
            "demo",
            "--accounts",
            "3",
            "--creatives",
            "3",
            "--interval",
            "0.2",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "3 ad accounts x 3 creatives" in out
    assert "Done: 9 ok, 0 failed; 9/9 OFF at the server." in out
    assert "rejected with 429: 0" in out
    assert "ratio" in out


def test_demo_rejects_bad_arguments() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kakao_async", "demo", "--accounts", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2 and "--accounts" in proc.stderr
