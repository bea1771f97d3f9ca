"""Benchmark 2: fetch throughput.

``get_many`` of N creative details against the fake server in its own process, versus raw aiohttp
(and raw httpx) doing the same GETs at the same concurrency and parsing the JSON. Then a profile
of the kakao_async run: how much of the client's time goes to the cattrs converter.

    .venv/bin/python -m benchmarks.bench_fetch [--count 5000] [--concurrency 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import time
from typing import Any

import aiohttp
import httpx

import kakao_async as ka
from benchmarks._table import table
from kakao_async.testing import DEFAULT_TOKEN, control, fake_server_process

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}


async def run_kakao_async(url: str, ids: list[int], concurrency: int) -> None:
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=url, max_connections=concurrency
    ) as kakao:
        result = await kakao.moment.creatives.get_many(ids, concurrency=concurrency)
        assert result.ok


async def run_aiohttp(url: str, ids: list[int], concurrency: int) -> None:
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        pending = iter(ids)

        async def worker() -> None:
            for cid in pending:
                async with session.get(f"{url}/openapi/v4/creatives/{cid}", headers=HEADERS) as r:
                    body: Any = await r.json()
                    assert body["id"] == cid

        await asyncio.gather(*(worker() for _ in range(concurrency)))


async def run_aiohttp_keeping(url: str, ids: list[int], concurrency: int) -> None:
    """Raw aiohttp that, like get_many, keeps every parsed body in input order."""
    connector = aiohttp.TCPConnector(limit=concurrency)
    kept: list[Any] = [None] * len(ids)
    async with aiohttp.ClientSession(connector=connector) as session:
        pending = iter(enumerate(ids))

        async def worker() -> None:
            for index, cid in pending:
                async with session.get(f"{url}/openapi/v4/creatives/{cid}", headers=HEADERS) as r:
                    kept[index] = await r.json()

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    assert all(body is not None for body in kept)


async def run_httpx(url: str, ids: list[int], concurrency: int) -> None:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, headers=HEADERS) as client:
        pending = iter(ids)

        async def worker() -> None:
            for cid in pending:
                r = await client.get(f"{url}/openapi/v4/creatives/{cid}")
                assert r.json()["id"] == cid

        await asyncio.gather(*(worker() for _ in range(concurrency)))


async def timed(fn: Any, *args: Any) -> float:
    started = time.perf_counter()
    await fn(*args)
    return time.perf_counter() - started


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with fake_server_process() as url:
        seeded = await control(
            url, "POST", "/_fake/seed", {"adAccounts": [1], "creativesPerAccount": args.count}
        )
        ids = seeded["1"]
        # Warm both sides (imports, server code paths) before measuring.
        await run_aiohttp(url, ids[:200], args.concurrency)
        clients = {
            "raw aiohttp": run_aiohttp,
            "raw aiohttp, keeping bodies": run_aiohttp_keeping,
            "kakao_async get_many": run_kakao_async,
            "raw httpx": run_httpx,
        }
        samples: dict[str, list[float]] = {name: [] for name in clients}
        # Rounds interleave the clients, so drift in the machine's load hits all of them alike.
        for _ in range(args.rounds):
            for name, fn in clients.items():
                samples[name].append(await timed(fn, url, ids, args.concurrency))
        results = {name: statistics.median(times) for name, times in samples.items()}
        profile = cProfile.Profile()
        profile.enable()
        await run_kakao_async(url, ids, args.concurrency)
        profile.disable()
    base = results["raw aiohttp"]
    keeping = results["raw aiohttp, keeping bodies"]
    rows = [["client", "seconds", "requests/s", "vs raw aiohttp", "vs raw keeping bodies"]]
    for name, seconds in results.items():
        rows.append(
            [
                name,
                f"{seconds:.3f}",
                f"{args.count / seconds:,.0f}",
                f"{base / seconds:.2f}",
                f"{keeping / seconds:.2f}",
            ]
        )
    from kakao_async._http import JSON_PARSER

    print(
        f"{args.count} creative details, concurrency {args.concurrency}, "
        f"median of {args.rounds} interleaved rounds; kakao_async parses JSON with {JSON_PARSER} "
        "(raw clients: the json module)"
    )
    print(table(rows))
    stats = pstats.Stats(profile)
    entries = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in entries.values())  # self time of every function

    def is_decoding(where: tuple[str, int, str]) -> bool:
        filename = where[0]
        return (
            "kakao_async/models" in filename
            or "cattrs" in filename
            or "kakao_async structure" in filename
        )

    decoding = sum(v[2] for k, v in entries.items() if is_decoding(k))
    print(
        f"\nProfile of one kakao_async run (self time, profiler on): decoding into models "
        f"(converter + generated hooks + attrs) {decoding:.3f} s of {total:.3f} s "
        f"= {decoding / total:.0%}"
    )
    print(
        f"Per request: raw aiohttp {base / args.count * 1e6:.0f} us, kakao_async "
        f"{results['kakao_async get_many'] / args.count * 1e6:.0f} us of client CPU and wall time"
    )


if __name__ == "__main__":
    asyncio.run(main())
