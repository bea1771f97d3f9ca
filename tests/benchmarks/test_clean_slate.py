"""Each client of a timed benchmark starts without the previous client's cyclic garbage, so a
collection one client caused never lands on the next one's clock."""

from __future__ import annotations

import argparse
import weakref
from collections.abc import Sequence
from typing import Any

import orjson
import pytest

from benchmarks import bench_bulk_scale, bench_lean
from benchmarks.lean_server import lean_server


class _Cycle:
    def __init__(self) -> None:
        self.me = self


class _Recorder:
    """A first client that leaves a cycle behind, and a second that looks for it."""

    def __init__(self) -> None:
        self.left: weakref.ref[_Cycle] | None = None
        self.found: list[bool] = []

    async def leaves_garbage(self, *args: Any) -> int:
        cycle = _Cycle()
        self.left = weakref.ref(cycle)
        return 0

    async def looks(self, *args: Any) -> int:
        self.found.append(self.left is not None and self.left() is not None)
        return 0


async def test_bulk_clients_start_without_the_previous_clients_garbage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = _Recorder()

    async def nothing(url: str, job: Sequence[Any], interval: float) -> int:
        return 0

    monkeypatch.setattr(bench_bulk_scale, "library", nothing)  # the warm-up
    monkeypatch.setattr(
        bench_bulk_scale, "CLIENTS", {"first": recorder.leaves_garbage, "then": recorder.looks}
    )
    args = argparse.Namespace(accounts=1, interval=0.01, rounds=2)
    with lean_server(b"", 0.01) as url:
        await bench_bulk_scale.measure(url, args)
    assert recorder.found == [False, False]


async def test_get_clients_start_without_the_previous_clients_garbage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = _Recorder()
    monkeypatch.setattr(
        bench_lean, "CLIENTS", {"first": recorder.leaves_garbage, "then": recorder.looks}
    )
    args = argparse.Namespace(count=1, concurrency=1, rounds=2)
    with lean_server(orjson.dumps(orjson.loads(bench_lean.SAMPLE.read_bytes()))) as url:
        await bench_lean.measure(url, args)
    assert recorder.found == [False, False]
