"""Benchmark: bulk set_configs at 1,000s of accounts against a hand-rolled loop, same run.

``--accounts`` ad accounts x 3 creatives switched OFF, the quota interval scaled down (default
0.2 s) so thousands of calls per interval are due and one Python process is the limit. The lean
server (its own process) answers every PUT at once and counts arrivals of one account closer
than the interval. Every client is given the same list of :class:`~kakao_async.ConfigChange`,
built before the clocks start (it is the caller's data). Baseline: that list grouped by account,
one task per account over one aiohttp session, sending the library's requests byte for byte
(same headers, same compact orjson body), sleeping the interval after each response
(completion-based, like the library). A third client runs the same loop on
the library's single calls (``set_config`` per change, one task per account): the requester,
the scheduler and last write wins without the bulk plan and its results, which tells the two
apart. Medians of ``--rounds`` interleaved rounds: wall time and client CPU per item, both as
ratios (the median of each round's own ratio, and their range), the share of the client's CPU
spent in the cyclic garbage collector (and its full collections), plus the server's CPU.

    .venv/bin/python -m benchmarks.bench_bulk_scale [--accounts 1000] [--rounds 5] [--uvloop]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import time
from collections.abc import Sequence
from typing import Any

import aiohttp
import orjson

import kakao_async as ka
from benchmarks._gc import GcClock
from benchmarks._table import spread, table
from benchmarks.lean_server import lean_server, run

CREATIVES = 3
MARGIN = 0.01


def changes(accounts: int) -> list[ka.ConfigChange]:
    """The job every client is given: ``accounts`` x 3 creatives switched OFF. Built before a
    client's clock starts: the list is the caller's data, and every client reads the same one."""
    return [
        ka.ConfigChange(a * 10 + c, "OFF", ad_account_id=a)
        for a in range(1, accounts + 1)
        for c in range(CREATIVES)
    ]


def by_account(job: Sequence[ka.ConfigChange]) -> dict[int | None, list[ka.ConfigChange]]:
    lanes: dict[int | None, list[ka.ConfigChange]] = {}
    for change in job:
        lanes.setdefault(change.ad_account_id, []).append(change)
    return lanes


async def hand_rolled(
    url: str, job: Sequence[ka.ConfigChange], interval: float, *, timed: bool = True
) -> int:
    """The baseline. ``timed=False`` runs it without aiohttp's default ClientTimeout (300 s: a
    timer per request), a loop with no deadline at all, to show what that timer costs it: the
    library keeps one timer for all its exchanges in flight."""
    connector = aiohttp.TCPConnector(limit=100)
    # Timed: the session's default timeout, as a loop written without a thought for it has.
    timeout = aiohttp.client.DEFAULT_TIMEOUT if timed else aiohttp.ClientTimeout()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def lane(account: int | None, its: list[ka.ConfigChange]) -> int:
            done = 0
            # The library's request, byte for byte: the same headers in the same order, the
            # same compact orjson body, so the loop is charged for every byte the library sends.
            headers = {
                "Authorization": "Bearer bench-token",
                "Accept": "application/json",
                "adAccountId": str(account),
                "Content-Type": "application/json;charset=UTF-8",
            }
            for number, change in enumerate(its):
                if number:
                    await asyncio.sleep(interval + MARGIN)
                # A Config is a str: orjson writes its text.
                body = orjson.dumps({"id": change.creative_id, "config": change.config})
                async with session.put(
                    f"{url}/openapi/v4/creatives/onOff", data=body, headers=headers
                ) as r:
                    await r.read()
                    done += r.status == 200
            return done

        lanes = by_account(job)
        return sum(await asyncio.gather(*(lane(a, its) for a, its in lanes.items())))


async def library(url: str, job: Sequence[ka.ConfigChange], interval: float) -> int:
    async with ka.KakaoClient(
        "bench-token",
        moment_base_url=url,
        on_off_interval=interval,
        on_off_margin=MARGIN,
        # The loop runs under aiohttp's default ClientTimeout (300 s, a timer per request);
        # under valgrind (bench_instructions) on a loaded host, thousands of calls in flight
        # can take longer than the default 30 s.
        timeout=600.0,
    ) as kakao:
        result = await kakao.moment.creatives.set_configs(job)
        return sum(r.applied for r in result)


async def single_calls(url: str, job: Sequence[ka.ConfigChange], interval: float) -> int:
    async with ka.KakaoClient(
        "bench-token",
        moment_base_url=url,
        on_off_interval=interval,
        on_off_margin=MARGIN,
        # The loop runs under aiohttp's default ClientTimeout (300 s, a timer per request);
        # under valgrind (bench_instructions) on a loaded host, thousands of calls in flight
        # can take longer than the default 30 s.
        timeout=600.0,
    ) as kakao:
        set_config = kakao.moment.creatives.set_config

        async def lane(account: int | None, its: list[ka.ConfigChange]) -> int:
            done = 0
            for change in its:
                done += await set_config(change.creative_id, change.config, ad_account_id=account)
            return done

        lanes = by_account(job)
        return sum(await asyncio.gather(*(lane(a, its) for a, its in lanes.items())))


LOOP = "hand-rolled loop"
CLIENTS = {
    LOOP: hand_rolled,
    "kakao_async set_config per account": single_calls,
    "kakao_async set_configs": library,
}


async def stats(url: str) -> Any:
    async with aiohttp.ClientSession() as session, session.get(f"{url}/_stats") as r:
        return json.loads(await r.read())


async def measure(url: str, args: argparse.Namespace) -> dict[str, Any]:
    await library(url, changes(50), args.interval)  # warm-up
    job = changes(args.accounts)
    walls: dict[str, list[float]] = {n: [] for n in CLIENTS}
    cpus: dict[str, list[float]] = {n: [] for n in CLIENTS}
    gcs: dict[str, list[tuple[float, int]]] = {n: [] for n in CLIENTS}
    applied: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, client in CLIENTS.items():
            await asyncio.sleep(args.interval * 2)  # every key cools between runs
            # Each client starts with no garbage of the one before: a collection it did not
            # cause must not land on its clock.
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            with GcClock() as clock:
                applied[name] = await client(url, job, args.interval)
            walls[name].append(time.perf_counter() - wall)
            cpus[name].append(time.process_time() - cpu)
            gcs[name].append((clock.seconds / cpus[name][-1], clock.full))
    return {
        "walls": walls,
        "cpus": cpus,
        "gcs": {
            n: (statistics.median(s for s, _ in v), statistics.median(f for _, f in v))
            for n, v in gcs.items()
        },
        "applied": applied,
        "server": await stats(url),
    }


def rows(out: dict[str, Any], items: int) -> list[list[str]]:
    """The table, from :func:`measure`'s rounds; ``items`` onOff calls per client run."""
    walls, cpus = out["walls"], out["cpus"]
    table_rows = [
        ["client", "wall s", "wall vs loop", "CPU us/item", "CPU vs loop", "gc (full)", "applied"]
    ]
    for name in CLIENTS:
        gc_share, full = out["gcs"][name]
        table_rows.append(
            [
                name,
                f"{statistics.median(walls[name]):.3f}",
                spread([w / b for w, b in zip(walls[name], walls[LOOP], strict=True)]),
                f"{statistics.median(cpus[name]) / items * 1e6:.1f}",
                spread([c / b for c, b in zip(cpus[name], cpus[LOOP], strict=True)]),
                f"{gc_share:.0%} ({full:g})",
                f"{out['applied'][name]}/{items}",
            ]
        )
    return table_rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--uvloop", action="store_true")
    args = parser.parse_args()
    with lean_server(b"", args.interval) as url:
        out = run(measure(url, args), use_uvloop=args.uvloop)
    server_stats = out["server"]
    print(
        f"{args.accounts} accounts x {CREATIVES} creatives, interval {args.interval:g} s "
        f"(bound {(CREATIVES - 1) * args.interval:g} s), "
        f"{'uvloop' if args.uvloop else 'default loop'}, median of {args.rounds} rounds (range)"
    )
    print(table(rows(out, args.accounts * CREATIVES)))
    print(
        f"server: {server_stats['requests']} requests, {server_stats['violations']} quota "
        f"violations (arrivals closer than the interval), {server_stats['cpu']:.1f} s CPU in all"
    )


if __name__ == "__main__":
    main()
