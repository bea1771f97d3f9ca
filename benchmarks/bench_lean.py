"""Benchmark: what the client costs over raw aiohttp, against a server that is not the bottleneck.

A lean loopback server (``benchmarks/lean_server.py``, its own process) answers every request
with the seed DisplayCreative sample. In one run, interleaved, medians of ``--rounds``:

* raw aiohttp + orjson, plain dicts kept in input order (the baseline);
* raw aiohttp + orjson + hand-written attrs construction of the same models (the floor for
  typed results);
* the same, each model also keeping its JSON as ``raw`` as the library's do (retained JSON is
  what the garbage collector then walks: a few microseconds per kept creative);
* ``kakao_async``'s own transport and decoder with nothing between them
  (:class:`~kakao_async.AiohttpTransport`, then :func:`~kakao_async.models.decode_moment_creative`):
  the floor of any request path built on those two, since it already pays for cattrs and ``raw``;
* ``kakao_async`` ``get_many`` (same concurrency, same parser).

Throughput ratios and client CPU per request (``time.process_time``; the server's CPU is in
another process): each round runs every client once, back to back, and each ratio is the median
of the rounds' own ratios, with their range. ``--uvloop`` runs everything on uvloop.

    .venv/bin/python -m benchmarks.bench_lean [--count 5000] [--concurrency 20] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import aiohttp
import orjson

import kakao_async as ka
from benchmarks._table import spread, table
from benchmarks.bench_decode import display_by_hand
from benchmarks.lean_server import lean_server, run
from kakao_async.models import decode_moment_creative

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "moment_display_creative.json"
HEADERS = {"Authorization": "Bearer bench-token", "adAccountId": "1", "Accept": "application/json"}
#: A GET client returns what it read (a test checks each row does the work it names).
Client = Callable[[str, int, int], Awaitable[Sequence[Any]]]


async def fan_out(count: int, concurrency: int, one: Callable[[int], Awaitable[Any]]) -> list[Any]:
    kept: list[Any] = [None] * count
    pending = iter(range(count))

    async def worker() -> None:
        for index in pending:
            kept[index] = await one(index)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return kept


def _keep_raw(body: Any) -> ka.DisplayCreative:
    model = display_by_hand(body)
    object.__setattr__(model, "raw", body)  # what the converter stores on a frozen model
    return model


async def raw(
    url: str, count: int, concurrency: int, typed: bool = False, keep: bool = False
) -> list[Any]:
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(index: int) -> Any:
            async with session.get(f"{url}/openapi/v4/creatives/{index + 1}", headers=HEADERS) as r:
                body = orjson.loads(await r.read())
            if keep:
                return _keep_raw(body)
            return display_by_hand(body) if typed else body

        return await fan_out(count, concurrency, one)


async def raw_typed(url: str, count: int, concurrency: int) -> list[Any]:
    return await raw(url, count, concurrency, typed=True)


async def raw_typed_kept(url: str, count: int, concurrency: int) -> list[Any]:
    return await raw(url, count, concurrency, typed=True, keep=True)


async def transport_decoded(url: str, count: int, concurrency: int) -> list[Any]:
    transport = ka.AiohttpTransport(max_connections=concurrency)
    try:

        async def one(index: int) -> Any:
            path = f"/openapi/v4/creatives/{index + 1}"
            response = await transport.send(ka.HttpRequest("GET", url + path, HEADERS, path=path))
            return decode_moment_creative(orjson.loads(response.body))

        return await fan_out(count, concurrency, one)
    finally:
        await transport.aclose()


async def kakao(url: str, count: int, concurrency: int) -> Sequence[Any]:
    async with ka.KakaoClient(
        "bench-token", ad_account_id=1, moment_base_url=url, max_connections=concurrency
    ) as client:
        result = await client.moment.creatives.get_many(
            range(1, count + 1), concurrency=concurrency
        )
        assert result.ok
        return result  # its outcomes, each holding a creative as ``value``


CLIENTS: dict[str, Client] = {
    "raw aiohttp (orjson, dicts)": raw,
    "raw aiohttp + attrs by hand": raw_typed,
    "raw aiohttp + attrs by hand + raw": raw_typed_kept,
    "kakao_async transport + decoder only": transport_decoded,
    "kakao_async get_many": kakao,
}


async def measure(url: str, args: argparse.Namespace) -> list[dict[str, tuple[float, float]]]:
    """Each round's (wall, CPU) per client."""
    await raw(url, 200, args.concurrency)  # warm up both sides
    await kakao(url, 200, args.concurrency)
    rounds = []
    for _ in range(args.rounds):
        times = {}
        for name, client in CLIENTS.items():
            # Each client starts with no garbage of the one before: a collection it did not
            # cause must not land on its clock.
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            await client(url, args.count, args.concurrency)
            times[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        rounds.append(times)
    return rounds


RAW = "raw aiohttp (orjson, dicts)"
TYPED = "raw aiohttp + attrs by hand"


def rows(rounds: list[dict[str, tuple[float, float]]], count: int) -> list[list[str]]:
    """The table: each round's (wall, CPU) per client, ``count`` GETs each."""
    out = [["client", "req/s", "vs raw", "vs raw + attrs", "CPU us/req", "CPU vs raw"]]
    for name in CLIENTS:
        wall = statistics.median(r[name][0] for r in rounds)
        cpu = statistics.median(r[name][1] for r in rounds)
        # Throughput ratios: the baseline's time over this client's, round by round.
        out.append(
            [
                name,
                f"{count / wall:,.0f}",
                spread([r[RAW][0] / r[name][0] for r in rounds]),
                spread([r[TYPED][0] / r[name][0] for r in rounds]),
                f"{cpu / count * 1e6:.1f}",
                spread([r[name][1] / r[RAW][1] for r in rounds]),
            ]
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--uvloop", action="store_true")
    args = parser.parse_args()
    with lean_server(orjson.dumps(orjson.loads(SAMPLE.read_bytes()))) as url:
        rounds = run(measure(url, args), use_uvloop=args.uvloop)
    loop = "uvloop" if args.uvloop else "asyncio's default loop"
    print(
        f"{args.count} GETs of a DisplayCreative, concurrency {args.concurrency}, {loop}, "
        f"median of {args.rounds} interleaved rounds (range); the lean server runs in its own "
        "process"
    )
    print(table(rows(rounds, args.count)))


if __name__ == "__main__":
    main()
