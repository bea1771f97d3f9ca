"""Benchmark: a long multi-account daily report at the per-app bound.

A ``--days``-day (default 90), ``--accounts``-account (default 5) daily report through
``kakao.moment.reports.ad_accounts`` against the fake server (its own process) with the per-app
report quota scaled to ``--interval``. The report takes ceil(days / 31) windows x ceil(accounts
/ 5) calls, one per interval at best, so the bound is (calls - 1) x interval. Prints the median
over ``--runs`` runs of wall / bound, whether every (account, day) row came back exactly once,
and the server's 429s.

    .venv/bin/python -m benchmarks.bench_reports [--days 90] [--accounts 5] [--interval 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import math
import statistics
import time
from datetime import date, timedelta
from typing import Any

import kakao_async as ka
from benchmarks._table import table
from kakao_async.endpoints import REPORT_MAX_IDS, REPORT_WINDOW_DAYS
from kakao_async.testing import DEFAULT_TOKEN, control, fake_server_process

START = date(2026, 1, 1)


def client(url: str, interval: float) -> ka.KakaoClient:
    options: dict[str, Any] = {"on_off_interval": interval}
    if "quotas" in inspect.signature(ka.KakaoClient).parameters:  # per-quota intervals
        options["quotas"] = {"reports.app": interval}
    return ka.KakaoClient(DEFAULT_TOKEN, moment_base_url=url, keyword_base_url=url, **options)


async def one_run(url: str, *, days: int, accounts: int, interval: float) -> dict[str, Any]:
    await control(url, "POST", "/_fake/reset")
    ids = list(range(1, accounts + 1))
    end = START + timedelta(days=days - 1)
    async with client(url, interval) as kakao:
        started = time.monotonic()
        report = await kakao.moment.reports.ad_accounts(
            ad_account_ids=ids, start=START, end=end, time_unit="DAY"
        )
        wall = time.monotonic() - started
    stats = await control(url, "GET", "/_fake/stats")
    seen = [(row.start, row.dimensions.get("ad_account_id")) for row in report]
    expected = [(START + timedelta(days=n), str(a)) for n in range(days) for a in ids]
    calls = math.ceil(days / REPORT_WINDOW_DAYS) * math.ceil(
        accounts / REPORT_MAX_IDS["moment.reports.ad_accounts"]
    )
    return {
        "wall": wall,
        "calls": calls,
        "bound": (calls - 1) * interval,
        "rows": len(report),
        "complete": seen == expected,
        "accepted": stats["reportsAccepted"],
        "rejected": stats["reportsRejected"],
    }


async def main(args: argparse.Namespace) -> None:
    with fake_server_process(args=["--quota", f"reports.app={args.interval}"]) as url:
        runs = [
            await one_run(url, days=args.days, accounts=args.accounts, interval=args.interval)
            for _ in range(args.runs)
        ]
    first = runs[0]
    walls = [r["wall"] for r in runs]
    wall = statistics.median(walls)
    rows = [
        ["days", "accounts", "calls", "interval", "bound", "wall (median)", "wall / bound"],
        [
            str(args.days),
            str(args.accounts),
            str(first["calls"]),
            f"{args.interval:g} s",
            f"{first['bound']:.3f} s",
            f"{wall:.3f} s",
            f"{wall / first['bound']:.3f}" if first["bound"] else "n/a",
        ],
    ]
    print(table(rows))
    print(
        f"runs: {len(runs)}; walls: {', '.join(f'{w:.3f}' for w in walls)} s; "
        f"rows per run: {first['rows']}; complete and in order: "
        f"{all(r['complete'] for r in runs)}; calls accepted: {sum(r['accepted'] for r in runs)}; "
        f"server 429s: {sum(r['rejected'] for r in runs)}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--accounts", type=int, default=5)
    parser.add_argument("--interval", type=float, default=0.5, help="scaled per-app interval")
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args()))
