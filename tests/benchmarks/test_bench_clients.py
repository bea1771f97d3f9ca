"""The benchmarks' clients do what their rows say, against the lean server: every onOff applied
at the quota (no arrival of one account closer than the interval), every GET decoded."""

from __future__ import annotations

import json

import aiohttp
import orjson
import pytest

from benchmarks import bench_bulk_scale, bench_lean
from benchmarks.lean_server import lean_server

ACCOUNTS = 4
INTERVAL = 0.05


@pytest.mark.parametrize("name", list(bench_bulk_scale.CLIENTS))
async def test_each_bulk_client_applies_every_change_within_the_quota(name: str) -> None:
    client = bench_bulk_scale.CLIENTS[name]
    with lean_server(b"", INTERVAL) as url:
        applied = await client(url, bench_bulk_scale.changes(ACCOUNTS), INTERVAL)
        async with aiohttp.ClientSession() as session, session.get(f"{url}/_stats") as r:
            stats = json.loads(await r.read())
    assert applied == ACCOUNTS * bench_bulk_scale.CREATIVES
    assert stats["requests"] == ACCOUNTS * bench_bulk_scale.CREATIVES
    assert stats["violations"] == 0


@pytest.mark.parametrize("name", list(bench_lean.CLIENTS))
async def test_each_get_client_reads_every_creative(name: str) -> None:
    body = orjson.dumps(orjson.loads(bench_lean.SAMPLE.read_bytes()))
    with lean_server(body) as url:
        await bench_lean.CLIENTS[name](url, 30, 5)
        async with aiohttp.ClientSession() as session, session.get(f"{url}/_stats") as r:
            stats = json.loads(await r.read())
    assert stats["requests"] == 30
