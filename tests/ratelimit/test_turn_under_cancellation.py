"""The per-key turn (``ratelimit/_hold.py``) under random cancellations, timeouts and errors:
never two holders of a key, no turn lost (every call that is not cancelled gets in), arrival
order kept, and nothing left behind. Both backends; a real redis-server for Redis."""

from __future__ import annotations

import asyncio
import itertools
import random
import time

import pytest
import redis.asyncio as aioredis

import kakao_async as ka
from kakao_async.ratelimit import MemoryRateLimiter


class Calls:
    """Many calls of one key, each doing something random inside (nothing, a short sleep, an
    error, ``unused()``), some under a tiny ``asyncio.timeout``, a few cancelled (twice, too)."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.inside = 0
        self.entered: list[int] = []
        self.spans: list[tuple[float, float, bool]] = []
        self.tasks: list[asyncio.Task[None]] = []

    async def call(self, limiter: ka.QuotaLimiter, n: int) -> None:
        rnd = self.rnd
        limit = rnd.choice([None, None, None, 0.0, 0.001, 0.004])
        try:
            async with asyncio.timeout(limit):
                async with limiter.hold("k") as hold:
                    self.inside += 1
                    assert self.inside == 1, "two holders of one key"
                    self.entered.append(n)
                    finish_by = getattr(hold, "finish_by", None)
                    if finish_by is not None and rnd.random() < 0.5:
                        # A deadline already passed: the release goes on in the background
                        # while the next call of the key asks Redis.
                        finish_by(time.monotonic() - 1)
                    start = time.monotonic()
                    sent = rnd.random() > 0.1
                    try:
                        await asyncio.sleep(rnd.choice([0, 0, 0.001, 0.003]))
                        if not sent:
                            hold.unused()  # no cooldown: the next call may start at once
                        if rnd.random() < 0.1:
                            raise LookupError("an error inside the block")
                    finally:
                        self.inside -= 1
                        self.spans.append((start, time.monotonic(), sent))
        except (TimeoutError, LookupError):
            pass

    async def run(self, limiters: list[ka.QuotaLimiter], count: int) -> None:
        rnd = self.rnd
        for n in range(count):
            self.tasks.append(asyncio.ensure_future(self.call(rnd.choice(limiters), n)))
            if rnd.random() < 0.3:
                await asyncio.sleep(0)
        for _ in range(count // 4):
            await asyncio.sleep(rnd.choice([0, 0, 0.001]))
            victim = rnd.choice(self.tasks)
            victim.cancel()
            if rnd.random() < 0.3:
                await asyncio.sleep(0)
                victim.cancel()  # cancelled again, wherever the first one left it
        _, stuck = await asyncio.wait(self.tasks, timeout=30)
        assert not stuck, f"{len(stuck)} calls never got the key's turn"


@pytest.mark.parametrize("seed", range(4))
async def test_memory_turn_survives_random_cancellations(seed: int) -> None:
    limiter = MemoryRateLimiter(interval=0.001, margin=0)
    calls = Calls(seed)
    await calls.run([limiter], 200)
    assert calls.entered == sorted(calls.entered)  # arrival order
    await asyncio.sleep(0.05)
    assert len(limiter) == 0
    snapshot = await limiter.snapshot(["k"])
    assert snapshot[0].waiting == 0 and not snapshot[0].in_flight


@pytest.mark.parametrize("seed", range(2))
async def test_redis_turn_survives_random_cancellations(redis_url: str, seed: int) -> None:
    """Two limiters stand for two processes; spacing holds after every call that was sent."""
    settings = {"interval": 0.01, "margin": 0.005, "poll_interval": 0.005}
    limiters = [ka.RedisRateLimiter(redis_url, **settings) for _ in range(2)]
    calls = Calls(seed)
    try:
        await calls.run(list(limiters), 80)
        for limiter in limiters:
            assert (await limiter.snapshot(["k"]))[0].waiting == 0
    finally:
        for limiter in limiters:
            await limiter.aclose()
    calls.spans.sort()
    for (_, end, sent), (start, _, _) in itertools.pairwise(calls.spans):
        if sent:  # Redis TTLs have millisecond resolution
            assert start - end >= 0.015 - 0.002
    client = aioredis.Redis.from_url(redis_url)
    try:
        assert await client.exists("kakao_async:{k}:hold") == 0
    finally:
        await client.aclose()
