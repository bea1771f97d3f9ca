"""Soak: thousands of accounts, several processes, one Redis limiter, a faulty server, and a
Redis restart in the middle. Does every item end right?

1,000 ad accounts x 3 creatives by default. Each account's creatives are spread over 3 of the 4
worker processes, so the shared Redis limiter is what keeps each account's calls apart. Every
worker runs two overlapping bulk jobs: all of its creatives OFF, then a third of them ON (a
later change to the same creative that must win). The fake server (its own process) injects
faults into 5 % of requests (503, 429, connection resets, slow answers), and Redis is stopped
for 2 s mid-run (no persistence: it comes back empty).

Reports: items without a result (must be 0), creatives whose final state at the server is not
the last value submitted for them (must be 0), quota violations seen by the server (429s the
schedule caused; must be 0) apart from the injected ones, the span from the first to the last
accepted call over two bounds, and each worker's peak RSS. "bound" is (the busiest account's
accepted calls - 1) x interval; "sent bound" counts every onOff request of the busiest account
that reached the server, faulted ones included, since each spent an interval of its quota.

    .venv/bin/python -m benchmarks.bench_soak [--accounts 1000] [--interval 1.0] [--runs 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks._table import table
from kakao_async.testing import control, fake_server_process, on_off_arrivals
from tests.redis_server import RedisServer

WORKERS = 4
CREATIVES = 3
ON_OFF = "/openapi/v4/creatives/onOff"


def shares(seeded: dict[str, list[int]]) -> list[dict[str, list[list[Any]]]]:
    """Creative i of account a goes to worker (a + i) % 4; every third creative is turned ON
    again by the worker's second job."""
    out: list[dict[str, list[list[Any]]]] = [{"first": [], "second": []} for _ in range(WORKERS)]
    for account_text, ids in seeded.items():
        account = int(account_text)
        for i, creative in enumerate(ids):
            share = out[(account + i) % WORKERS]
            share["first"].append([account, creative, "OFF"])
            if (account + i) % 3 == 0:
                share["second"].append([account, creative, "ON"])
    return out


def outage(redis: RedisServer, after: float, seconds: float, log: list[str]) -> None:
    if seconds <= 0:
        return
    time.sleep(after)
    redis.stop()
    log.append(f"redis stopped at {after:.1f}s for {seconds:.1f}s")
    time.sleep(seconds)
    redis.start()


def run_once(args: argparse.Namespace, redis: RedisServer) -> dict[str, Any]:
    with fake_server_process(on_off_interval=args.interval) as url:
        seeded = asyncio.run(
            control(
                url,
                "POST",
                "/_fake/seed",
                {"adAccounts": list(range(1, args.accounts + 1)), "creativesPerAccount": CREATIVES},
            )
        )
        chaos = {"rate": args.fault_rate, "kinds": ["status", "429", "reset", "stall"]}
        asyncio.run(
            control(url, "POST", "/_fake/config", {"chaos": {**chaos, "stallSeconds": 0.3}})
        )
        namespace = f"soak-{time.time_ns()}"
        with tempfile.TemporaryDirectory() as tmp:
            procs = []
            for n, share in enumerate(shares(seeded)):
                path = Path(tmp) / f"share{n}.json"
                path.write_text(json.dumps(share), encoding="utf-8")
                procs.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "benchmarks.soak_worker",
                            redis.url,
                            url,
                            namespace,
                            str(args.interval),
                            str(path),
                        ],
                        stdout=subprocess.PIPE,
                        text=True,
                    )
                )
            started = time.monotonic()
            log: list[str] = []
            breaker = threading.Thread(
                target=outage, args=(redis, args.outage_after, args.outage, log)
            )
            breaker.start()
            outputs = [p.communicate(timeout=1800)[0] for p in procs]
            wall = time.monotonic() - started
            breaker.join()
        if any(p.returncode for p in procs):
            raise RuntimeError(f"a worker failed: {[p.returncode for p in procs]}")
        stats = asyncio.run(control(url, "GET", "/_fake/stats"))
        calls = asyncio.run(control(url, "GET", "/_fake/on-off-calls"))
        requests = asyncio.run(control(url, "GET", "/_fake/requests"))
    reports = [json.loads(out) for out in outputs]
    final: dict[int, str] = {}
    for call in sorted(calls, key=lambda c: c["arrived_at"]):
        final[int(call["creative_id"])] = call["config"]
    wanted: dict[int, str] = {}
    for report in reports:
        wanted.update({int(k): v for k, v in report["last"].items()})
    arrivals = on_off_arrivals(calls)
    busiest = max(len(t) for t in arrivals.values())
    first = min(t[0] for t in arrivals.values())
    last = max(t[-1] for t in arrivals.values())
    # Every onOff request that reached the server spent an interval of its account's quota,
    # faulted ones included (Kakao may have applied them): the bound the schedule could reach.
    sent: dict[int, int] = {}
    for r in requests:
        if r["path"] == ON_OFF and r["ad_account_id"]:
            sent[int(r["ad_account_id"])] = sent.get(int(r["ad_account_id"]), 0) + 1
    busiest_sent = max(sent.values())
    outcomes: dict[str, int] = {}
    for report in reports:
        for name, count in report["outcomes"].items():
            outcomes[name] = outcomes.get(name, 0) + count
    return {
        "items": sum(r["items"] for r in reports),
        "lost": sum(r["items"] - r["results"] for r in reports),
        "wrong": sum(1 for c, v in wanted.items() if final.get(c) != v),
        "injected": stats.get("chaosInjected", {}),
        "quota_429": stats["onOffRejected"],
        "span_over_bound": (last - first) / max(busiest - 1, 1) / args.interval,
        "span_over_sent_bound": (last - first) / max(busiest_sent - 1, 1) / args.interval,
        "wall": wall,
        "busiest": busiest,
        "outcomes": outcomes,
        "peak_rss_mib": [round(r["peak_rss_mib"], 1) for r in reports],
        "outage": log,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--fault-rate", type=float, default=0.05)
    parser.add_argument(
        "--outage", type=float, default=2.0, help="seconds Redis is down (0: no restart)"
    )
    parser.add_argument("--outage-after", type=float, default=1.5)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    redis = RedisServer()
    redis.start()
    try:
        rows = [run_once(args, redis) for _ in range(args.runs)]
    finally:
        redis.cleanup()
    print(
        f"{args.accounts} accounts x {CREATIVES} creatives, {WORKERS} processes, interval "
        f"{args.interval:g} s, {args.fault_rate:.0%} faults, Redis down {args.outage:g} s"
    )
    header = [
        "run",
        "items",
        "lost",
        "wrong final",
        "quota 429s",
        "injected",
        "span/bound",
        "span/sent bound",
        "wall s",
        "outcomes",
        "peak RSS MiB",
    ]
    body = [
        [
            str(n + 1),
            str(r["items"]),
            str(r["lost"]),
            str(r["wrong"]),
            str(r["quota_429"]),
            ", ".join(f"{k} {v}" for k, v in sorted(r["injected"].items())),
            f"{r['span_over_bound']:.3f}",
            f"{r['span_over_sent_bound']:.3f}",
            f"{r['wall']:.1f}",
            ", ".join(f"{k} {v}" for k, v in sorted(r["outcomes"].items())),
            "/".join(str(m) for m in r["peak_rss_mib"]),
        ]
        for n, r in enumerate(rows)
    ]
    print(table([header, *body]))
    if len(rows) > 1:
        for name in ("span_over_bound", "span_over_sent_bound"):
            ratio = statistics.median(r[name] for r in rows)
            print(f"median {name.replace('_', ' ')} over {len(rows)} runs: {ratio:.3f}")
    for r in rows:
        for line in r["outage"]:
            print(line)


if __name__ == "__main__":
    main()
