"""``snapshot()`` of a RedisRateLimiter as README describes it: ``in_flight`` and ``ready_in``
from Redis (every process's calls), ``waiting`` this process's waiters only, ``quota`` and
``interval`` only for keys this process used."""

from __future__ import annotations

import asyncio

import kakao_async as ka

QUOTA = ka.Quota(name="reports.account", interval=0.2, scope="account")
KEY = "reports.account:1"


async def test_waiting_counts_this_process_and_in_flight_every_process(redis_url: str) -> None:
    release = asyncio.Event()
    inside: list[ka.RedisRateLimiter] = []

    async def call(limiter: ka.RedisRateLimiter) -> None:
        async with limiter.hold(KEY, quota=QUOTA):
            inside.append(limiter)
            await release.wait()
            release.clear()  # one call out per set()

    async def until(condition: object) -> None:
        for _ in range(300):  # a Redis up for less than an interval keeps a new key cooling
            if callable(condition) and condition():
                return
            await asyncio.sleep(0.01)

    tasks: list[asyncio.Future[None]] = []
    async with (
        ka.RedisRateLimiter(redis_url, namespace="w", margin=0) as mine,
        ka.RedisRateLimiter(redis_url, namespace="w", margin=0) as theirs,
    ):
        try:
            tasks.append(asyncio.ensure_future(call(theirs)))
            await until(lambda: inside == [theirs])
            tasks += [asyncio.ensure_future(call(mine)) for _ in range(3)]
            await asyncio.sleep(0.1)
            (seen,) = await mine.snapshot()  # listed unasked: this process waits on it
            assert (seen.key, seen.quota, seen.interval) == (KEY, QUOTA.name, 0.2)
            assert seen.waiting == 3 and seen.in_flight  # the other process's call
            (there,) = await theirs.snapshot()
            assert there.waiting == 0 and there.in_flight  # its own call, not our waiters
            release.set()
            await until(lambda: inside[-1] is mine)  # after the cooldown, our first waiter
            (seen,) = await mine.snapshot()
            assert seen.in_flight and seen.waiting == 2
            while not all(task.done() for task in tasks):  # let the rest through
                release.set()
                await asyncio.sleep(0.05)
            (seen,) = await mine.snapshot([KEY])  # cooling after this process's last call
            assert not seen.in_flight and seen.waiting == 0 and seen.ready_in <= 0.2
        finally:
            release.set()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
