"""Every line ``kakao-async demo`` prints around its progress bars, word for word (only the
port and the measured times vary)."""

from __future__ import annotations

import re
import subprocess
import sys


def demo(*argv: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "kakao_async", "demo", *argv, "--interval", "0.05", "--jitter", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    # The bars are rich's (redrawn live); the lines before and after them are the demo's.
    return [line for line in lines if "━" not in line]


def masked(lines: list[str]) -> list[str]:
    port = [re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", line) for line in lines]
    return [re.sub(r"\d+\.\d+ s(?= vs|;)|ratio \d+\.\d+|: \d\.\d{3} s", "<t>", x) for x in port]


def test_the_lines_around_the_bars_with_campaigns() -> None:
    assert masked(demo("--accounts", "2", "--creatives", "3", "--campaigns", "1")) == [
        "Fake Kakao server at http://127.0.0.1:PORT: 2 ad accounts x 3 creatives + 1 campaigns "
        "per account, an ad group each.",
        "onOff quota scaled down to 1 call / 0.05 s per (user, ad account) (Kakao's is 1 / 5 s); "
        "network jitter up to 0 ms each way.",
        "Switching 6 creatives OFF. Physical bound: (3 - 1) x 0.05 s = 0.10 s.",
        "Done: 6 ok, 0 failed; 6/6 OFF at the server.",
        "onOff calls sent: 6, rejected with 429: 0.",
        "Wall time <t> vs bound 0.10 s: <t>.",
        "Closest two calls of one account at the server<t> (quota 0.05 s).",
        "2 campaigns and their 2 ad groups, each level at its own onOff quota (1 call / 0.01 s "
        "per account at the server): 4 ok, 4/4 OFF at the server, rejected with 429: 0.",
    ]


def test_the_lines_around_the_bars_with_one_creative_and_no_campaigns() -> None:
    assert masked(demo("--accounts", "1", "--creatives", "1", "--campaigns", "0")) == [
        "Fake Kakao server at http://127.0.0.1:PORT: 1 ad accounts x 1 creatives.",
        "onOff quota scaled down to 1 call / 0.05 s per (user, ad account) (Kakao's is 1 / 5 s); "
        "network jitter up to 0 ms each way.",
        "Switching 1 creatives OFF. Physical bound: (1 - 1) x 0.05 s = 0.00 s.",
        "Done: 1 ok, 0 failed; 1/1 OFF at the server.",
        "onOff calls sent: 1, rejected with 429: 0.",
        "Wall time <t>; bound 0 s: one creative per account, nothing to wait for.",
    ]
