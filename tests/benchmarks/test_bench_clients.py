"""The benchmarks' clients do what their rows say, against the lean server: every onOff applied
at the quota (no arrival of one account closer than the interval), every GET decoded."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import orjson
import pytest

import kakao_async as ka
from benchmarks import bench_bulk_scale, bench_instructions, bench_lean
from benchmarks.bench_decode import display_by_hand
from benchmarks.lean_server import lean_server, split_requests

ACCOUNTS = 4
INTERVAL = 0.05


#: Every bulk client of both benchmarks (bench_instructions also counts the loop untimed).
BULK_CLIENTS = {
    **bench_bulk_scale.CLIENTS,
    **{n: c for n, c in bench_instructions.BULKS.items() if n != bench_instructions.JOB_LIST},
}


@pytest.mark.parametrize("name", list(BULK_CLIENTS))
async def test_each_bulk_client_applies_every_change_within_the_quota(name: str) -> None:
    client = BULK_CLIENTS[name]
    with lean_server(b"", INTERVAL) as url:
        applied = await client(url, bench_bulk_scale.changes(ACCOUNTS), INTERVAL)
        async with aiohttp.ClientSession() as session, session.get(f"{url}/_stats") as r:
            stats = json.loads(await r.read())
    assert applied == ACCOUNTS * bench_bulk_scale.CREATIVES
    assert stats["requests"] == ACCOUNTS * bench_bulk_scale.CREATIVES
    assert stats["violations"] == 0


#: What each GET row's results are: a model type (``dict`` for plain dicts) and whether each
#: keeps its JSON as ``raw``.
GET_RESULTS: dict[str, tuple[type, bool]] = {
    "raw aiohttp (orjson, dicts)": (dict, False),
    "raw aiohttp + attrs by hand": (ka.DisplayCreative, False),
    "raw aiohttp + attrs by hand + raw": (ka.DisplayCreative, True),
    "kakao_async transport + decoder only": (ka.DisplayCreative, True),
    "kakao_async get_many": (ka.DisplayCreative, True),
}


@pytest.mark.parametrize("name", list(bench_lean.CLIENTS))
async def test_each_get_client_reads_and_decodes_every_creative(name: str) -> None:
    sample = orjson.loads(bench_lean.SAMPLE.read_bytes())
    with lean_server(orjson.dumps(sample)) as url:
        results = await bench_lean.CLIENTS[name](url, 30, 5)
        async with aiohttp.ClientSession() as session, session.get(f"{url}/_stats") as r:
            stats = json.loads(await r.read())
    assert stats["requests"] == 30
    kind, keeps_raw = GET_RESULTS[name]
    if name == "kakao_async get_many":
        results = [outcome.value for outcome in results]
    assert len(results) == 30
    for result in results:
        assert type(result) is kind
        if kind is dict:
            assert result == sample
        else:
            # raw is left out of a model's equality: compare it on its own.
            assert result == display_by_hand(sample)
            assert result.raw == (sample if keeps_raw else None)


class _Recorder(asyncio.Protocol):
    """Keeps every request's head and body as received, and answers each with an empty 200."""

    def __init__(self, seen: list[bytes]) -> None:
        self.seen = seen
        self.pending = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        requests, self.pending = split_requests(self.pending + data)
        self.seen.extend(requests)
        assert self.transport is not None
        self.transport.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" * len(requests))


async def test_every_bulk_client_sends_the_loops_requests_byte_for_byte() -> None:
    # The loop is the baseline only if it does the same job: the same requests, heads and
    # bodies alike, so neither side is charged for bytes the other does not send.
    seen: dict[str, list[bytes]] = {name: [] for name in bench_bulk_scale.CLIENTS}
    now: list[list[bytes]] = []  # the list of the client running now
    server = await asyncio.get_running_loop().create_server(
        lambda: _Recorder(now[-1]), "127.0.0.1", 0
    )
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    job = bench_bulk_scale.changes(2)
    try:
        for name, client in bench_bulk_scale.CLIENTS.items():
            now.append(seen[name])
            await client(url, job, 0.001)
    finally:
        server.close()
    loop = sorted(seen[bench_bulk_scale.LOOP])
    assert len(loop) == len(job)
    for name in bench_bulk_scale.CLIENTS:
        assert sorted(seen[name]) == loop, name
