"""RedisRateLimiter under pressure: pool exhaustion, outages, stalls, restarts of a real Redis."""

from __future__ import annotations

import asyncio
import time

import pytest
import redis.asyncio as aioredis

import kakao_async as ka

INTERVAL = 0.1

#: Keeps Redis busy (no other client is served) for ARGV[1] milliseconds: a real stall.
BUSY = """
local t = redis.call('TIME')
local start = t[1] * 1000000 + t[2]
repeat
  t = redis.call('TIME')
until t[1] * 1000000 + t[2] - start >= tonumber(ARGV[1]) * 1000
return 1
"""


def now() -> float:
    return time.monotonic()


async def uptime(url: str) -> int:
    client = aioredis.Redis.from_url(url)
    try:
        return int((await client.info("server"))["uptime_in_seconds"])
    finally:
        await client.aclose()


async def test_many_keys_at_once_wait_for_a_pooled_connection(redis_url: str) -> None:
    """More keys asking at once than redis-py's default pool holds is not an error."""
    limiter = ka.RedisRateLimiter(redis_url, interval=INTERVAL)

    async def call(key: str) -> None:
        async with limiter.hold(key):
            await asyncio.sleep(0.01)

    try:
        await asyncio.gather(*(call(f"user:{n}") for n in range(300)))
    finally:
        await limiter.aclose()


async def test_a_small_pool_serves_many_waiting_keys(redis_url: str) -> None:
    """200 keys, two calls each (so most of the time is spent sleeping out cooldowns), through
    four connections: a sleeping waiter must not keep a connection."""
    limiter = ka.RedisRateLimiter(redis_url, interval=INTERVAL, max_connections=4)
    admin = aioredis.Redis.from_url(redis_url)
    before = (await admin.info("stats"))["total_connections_received"]
    done: list[str] = []

    async def call(key: str) -> None:
        for _ in range(2):
            async with limiter.hold(key):
                await asyncio.sleep(0.005)
            done.append(key)

    try:
        await asyncio.wait_for(asyncio.gather(*(call(f"user:{n}") for n in range(200))), 30)
        opened = (await admin.info("stats"))["total_connections_received"] - before
    finally:
        await limiter.aclose()
        await admin.aclose()
    assert len(done) == 400
    assert opened <= 4


def test_max_connections_needs_a_url(redis_url: str) -> None:
    client = aioredis.Redis.from_url(redis_url)
    with pytest.raises(ValueError, match="max_connections"):
        ka.RedisRateLimiter(client, max_connections=4)
    with pytest.raises(ValueError, match="max_connections"):
        ka.RedisRateLimiter(redis_url, max_connections=0)
