"""Both limiters are async context managers: leaving ``async with`` closes what they opened."""

from __future__ import annotations

import redis

import kakao_async as ka


def connected_clients(url: str) -> int:
    """Clients connected to the Redis at ``url``, this probe's own connection left out."""
    probe = redis.Redis.from_url(url)
    try:
        return int(probe.info("clients")["connected_clients"]) - 1
    finally:
        probe.close()


async def test_leaving_async_with_closes_the_redis_pool(redis_url: str) -> None:
    before = connected_clients(redis_url)
    async with ka.RedisRateLimiter(redis_url, interval=0.05) as limiter:
        assert isinstance(limiter, ka.RedisRateLimiter)
        async with limiter.hold("user:1"):
            pass
        assert await limiter.ready_in("user:1") > 0
        assert connected_clients(redis_url) > before
    assert connected_clients(redis_url) == before


async def test_a_client_passed_in_stays_open(redis_url: str) -> None:
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(redis_url)
    async with ka.RedisRateLimiter(client, interval=0.05) as limiter:
        async with limiter.hold("user:2"):
            pass
    assert await client.ping()
    await client.aclose()


async def test_memory_limiter_too() -> None:
    async with ka.MemoryRateLimiter(interval=0.05) as limiter:
        assert isinstance(limiter, ka.MemoryRateLimiter)
        async with limiter.hold("k"):
            pass
        assert len(limiter) == 1
