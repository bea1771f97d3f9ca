"""``job.watch()`` as a service uses it: several watchers of one job (a progress page open in
two browsers), each at its own pace. Every one of them must see the job end."""

from __future__ import annotations

import asyncio

import kakao_async as ka


async def _follow(job: ka.BulkJob[int, int], pause: float) -> list[int]:
    """What one watcher sees, taking ``pause`` seconds over each snapshot."""
    seen: list[int] = []
    async for progress in job.watch():
        seen.append(progress.done)
        await asyncio.sleep(pause)
    return seen


async def test_a_slow_watcher_still_sees_the_end_when_a_fast_one_watches_too() -> None:
    gate = asyncio.Event()

    async def one(item: int) -> int:
        await gate.wait()
        return item

    job = ka.BulkJob.map([1, 2], one, concurrency=2)
    slow = asyncio.ensure_future(_follow(job, 0.05))
    fast = asyncio.ensure_future(_follow(job, 0.0))
    await asyncio.sleep(0.01)  # both have their first snapshot; the slow one is still busy
    gate.set()
    await job
    # The fast watcher took the job's last notification while the slow one was busy; the
    # slow one must not then wait for a change that will never come.
    done, _ = await asyncio.wait({slow, fast}, timeout=1.0)
    assert done == {slow, fast}, "a watcher never saw the job end"
    assert slow.result()[-1] == fast.result()[-1] == 2


async def test_a_busy_watcher_sees_what_finished_while_it_was_busy() -> None:
    gate = asyncio.Event()

    async def one(item: int) -> int:
        if item == 2:
            await gate.wait()
        return item

    job = ka.BulkJob.map([1, 2], one, concurrency=2)
    watcher = job.watch()
    other = asyncio.ensure_future(_follow(job, 0.0))
    first = await anext(watcher)
    await asyncio.sleep(0.01)  # item 1 finishes while this watcher holds its first snapshot
    assert first.done == 0
    second = await asyncio.wait_for(anext(watcher), 1.0)
    assert second.done == 1
    gate.set()
    await job
    assert [p.done async for p in watcher][-1] == 2
    await other
