"""Benchmark 5: the Redis limiter.

1. Several worker processes switch creatives of the same few (user, ad account) keys through one
   Redis against the fake server (its own process): wall time / bound, and 429s.
2. Per-acquire overhead: hold + release on fresh keys, Redis backend versus in-process.

Needs a running Redis: ``--redis redis://127.0.0.1:6379/0`` (default), or ``--start-redis`` to
launch a private redis-server on a free port.

    .venv/bin/python -m benchmarks.bench_redis [--workers 4] [--accounts 2] [--creatives 12]
"""

from __future__ import annotations

import argparse
import asyncio
import time

import kakao_async as ka
from benchmarks._table import table
from kakao_async.testing import control, fake_server_process, on_off_arrivals, on_off_gaps
from tests.ratelimit.worker import run_workers


async def acquire_cost(limiter: ka.QuotaLimiter, n: int) -> float:
    started = time.perf_counter()
    for i in range(n):
        async with limiter.hold(f"bench:{i}"):
            pass
    return (time.perf_counter() - started) / n


def multi_process(
    redis_url: str, workers: int, accounts: int, creatives: int, interval: float
) -> list[str]:
    margin = 0.005
    with fake_server_process(on_off_interval=interval) as url:
        seeded = asyncio.run(
            control(
                url,
                "POST",
                "/_fake/seed",
                {"adAccounts": list(range(1, accounts + 1)), "creativesPerAccount": creatives},
            )
        )
        started = time.monotonic()
        run_workers(
            redis_url,
            url,
            namespace=f"bench-{time.time_ns()}",
            interval=interval,
            margin=margin,
            seeded=seeded,
            workers=workers,
        )
        wall = time.monotonic() - started
        stats = asyncio.run(control(url, "GET", "/_fake/stats"))
        calls = asyncio.run(control(url, "GET", "/_fake/on-off-calls"))
    arrivals = on_off_arrivals(calls)
    span = max(t[-1] - t[0] for t in arrivals.values())
    gap = min(g for gs in on_off_gaps(calls).values() for g in gs)
    bound = (creatives - 1) * interval
    return [
        f"{workers} processes",
        f"{accounts} x {creatives}",
        f"{span / bound:.3f}",
        f"{wall:.2f} (incl. start-up)",
        str(stats["onOffRejected"]),
        f"{stats['onOffAccepted']}/{accounts * creatives}",
        f"{gap:.3f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--start-redis", action="store_true")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--accounts", type=int, default=2)
    parser.add_argument("--creatives", type=int, default=12)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--acquires", type=int, default=2000)
    args = parser.parse_args()
    server = None
    if args.start_redis:
        from tests.redis_server import RedisServer

        server = RedisServer()
        server.start()
        args.redis = server.url
    try:
        row = multi_process(args.redis, args.workers, args.accounts, args.creatives, args.interval)
        print(
            f"interval {args.interval:g} s; wall/bound: first-to-last accepted call of an "
            "account / (K-1) x interval"
        )
        print(
            table(
                [
                    [
                        "run",
                        "accounts x creatives",
                        "wall/bound",
                        "wall s",
                        "429s",
                        "applied",
                        "min gap s",
                    ],
                    row,
                ]
            )
        )

        async def overhead() -> tuple[float, float]:
            redis_limiter = ka.RedisRateLimiter(
                args.redis, namespace=f"cost-{time.time_ns()}", interval=0.001, margin=0
            )
            memory_limiter = ka.MemoryRateLimiter(interval=0.001, margin=0)
            try:
                return await acquire_cost(redis_limiter, args.acquires), await acquire_cost(
                    memory_limiter, args.acquires
                )
            finally:
                await redis_limiter.aclose()

        redis_cost, memory_cost = asyncio.run(overhead())
        print(
            f"\nhold + release, {args.acquires} fresh keys: Redis {redis_cost * 1e6:.0f} us, "
            f"in-process {memory_cost * 1e6:.1f} us ({redis_cost / memory_cost:.0f}x)"
        )
    finally:
        if server is not None:
            server.cleanup()


if __name__ == "__main__":
    main()
