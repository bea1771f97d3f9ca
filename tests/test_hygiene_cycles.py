"""Many short-lived clients, as a job runner or a test suite makes them: 1,000 open / call /
close cycles keep file descriptors and the library's memory flat (README, Guarantees: "closing
the client leaves no task or connection behind"; "memory follows the work in progress")."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import tracemalloc

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, fake_server_process
from tests.test_hygiene_loops import run_strict

CYCLES = 1000


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def library_bytes(snapshot: tracemalloc.Snapshot) -> int:
    """Bytes still allocated by kakao_async's own lines (the fake's included)."""
    kept = snapshot.filter_traces([tracemalloc.Filter(True, "*/kakao_async/*")])
    return sum(stat.size for stat in kept.statistics("filename"))


async def test_a_thousand_clients_opened_and_closed_leave_fds_and_memory_flat(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The suite keeps every DEBUG record it sees (the secrets check): not the library's memory.
    caplog.set_level(logging.WARNING, logger="kakao_async")
    async with FakeKakaoServer(on_off_interval=0.01, max_log=0) as fake:
        fake.seed(ad_accounts=[1], creatives_per_account=2)

        async def cycle() -> None:
            async with ka.KakaoClient(
                DEFAULT_TOKEN,
                ad_account_id=1,
                moment_base_url=fake.base_url,
                on_off_interval=0.01,
            ) as kakao:
                await kakao.moment.creatives.get(1001)

        for _ in range(50):  # caches, interned strings, the fake's first connections
            await cycle()
        await asyncio.sleep(0.05)
        gc.collect()
        fds = open_fds()
        tracemalloc.start()
        try:
            before = library_bytes(tracemalloc.take_snapshot())
            for _ in range(CYCLES):
                await cycle()
            await asyncio.sleep(0.05)  # the fake's side of the last connections closes
            gc.collect()
            grown = library_bytes(tracemalloc.take_snapshot()) - before
        finally:
            tracemalloc.stop()
        assert open_fds() == fds
        assert asyncio.all_tasks() == {asyncio.current_task()}
    # A leak of one small object per client would be 50+ KiB here.
    assert grown < 32 * 1024, f"{grown} bytes kept after {CYCLES} clients"


LOOPS = """
import asyncio, gc, os, sys
import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN

kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=sys.argv[1])

async def use():
    await kakao.moment.creatives.get(1001)

counts = []
for _ in range(100):
    asyncio.run(use())
    gc.collect()
    counts.append(len(os.listdir("/proc/self/fd")))
asyncio.run(kakao.aclose())
print(sorted(set(counts)))
"""


def test_one_client_over_a_hundred_asyncio_runs_keeps_fds_flat() -> None:
    """Each loop's connections close with it (the limiter's cooldowns carry over)."""
    with fake_server_process(on_off_interval=0.05, args=["--seed-accounts", "1"]) as url:
        done = run_strict(LOOPS, url)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert len(done.stdout.splitlines()) == 1 and done.stdout.count(",") == 0, done.stdout
