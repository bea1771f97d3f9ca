"""A Redis-compatible client that is not redis-py's own class (valkey-py's ``Valkey`` is a fork
with the same API) still serves the limiter: it is recognised by what it can do."""

from __future__ import annotations

from typing import Any

import pytest
import redis.asyncio as aioredis

import kakao_async as ka


class CompatibleClient:
    """Another library's client: the same commands, not a subclass of redis.asyncio.Redis."""

    def __init__(self, inner: aioredis.Redis) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


async def test_a_compatible_client_serves_holds_and_snapshots(redis_url: str) -> None:
    inner = aioredis.Redis.from_url(redis_url)
    try:
        limiter = ka.RedisRateLimiter(CompatibleClient(inner), interval=0.05)  # type: ignore[arg-type]
        async with limiter.hold("creatives.onOff:u:1"):
            pass
        (state,) = await limiter.snapshot(["creatives.onOff:u:1"])
        assert state.ready_in > 0  # the cooldown is in Redis
        await limiter.aclose()
    finally:
        await inner.aclose()


@pytest.mark.parametrize("redis", [123, None, object()])
def test_something_without_redis_commands_is_still_refused(redis: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="redis"):
        ka.RedisRateLimiter(redis)
