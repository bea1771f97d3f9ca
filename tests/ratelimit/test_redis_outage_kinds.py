"""Kinds of Redis outage README ("Several processes: Redis") says are ridden out or failed
closed: a read-only Redis (a replica, as during a failover) is retried until it takes writes
again; a Redis that accepts connections but never answers costs each command at most
``socket_timeout`` and fails the call closed, unsent, after ``outage_timeout``."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator

import pytest
import redis.asyncio as aioredis

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.redis_server import RedisServer, free_port


async def test_a_read_only_redis_is_retried_until_it_takes_writes(redis_url: str) -> None:
    admin = aioredis.Redis.from_url(redis_url)
    limiter = ka.RedisRateLimiter(redis_url, interval=0.05, outage_timeout=5)
    try:
        async with limiter.hold("warm-up"):
            pass
        # A replica of a master that is not there: it answers, but refuses every write.
        await admin.execute_command("REPLICAOF", "127.0.0.1", str(free_port()))
        try:
            waiter = asyncio.ensure_future(limiter.hold("k").__aenter__())
            await asyncio.sleep(0.4)
            assert not waiter.done()  # READONLY answers are retried, not a KakaoLimiterError
        finally:
            await admin.execute_command("REPLICAOF", "NO", "ONE")
        hold = await asyncio.wait_for(waiter, 3)
        await hold.__aexit__(None, None, None)
        assert 0 < await limiter.ready_in("k") <= 0.06 + 0.001
    finally:
        await limiter.aclose()
        await admin.aclose()


@pytest.fixture
def frozen(redis_server: RedisServer, redis_url: str) -> Iterator[RedisServer]:
    """The session's Redis, to be stopped with SIGSTOP by the test; always resumed after."""
    yield redis_server
    assert redis_server.proc is not None
    os.kill(redis_server.proc.pid, signal.SIGCONT)


async def test_a_redis_that_never_answers_fails_the_call_closed_after_outage_timeout(
    frozen: RedisServer, redis_url: str, fake: FakeKakaoServer
) -> None:
    creative = fake.add_moment_creative(ad_account_id=1)
    limiter = ka.RedisRateLimiter(redis_url, socket_timeout=0.2, outage_timeout=0.6)
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, rate_limiter=limiter
    ) as kakao:
        assert frozen.proc is not None
        os.kill(frozen.proc.pid, signal.SIGSTOP)  # connections are accepted by the kernel
        started = time.monotonic()
        with pytest.raises(ka.KakaoLimiterError, match="not sent"):
            await kakao.moment.creatives.set_config(creative.id, "OFF")
        # outage_timeout from the first error (one socket_timeout in), plus one last command
        # of at most socket_timeout: nowhere near redis-py's own timeouts or the call's 30 s.
        assert time.monotonic() - started < 0.2 + 0.6 + 0.2 + 1.0
        assert len(fake.requests) == 0
        os.kill(frozen.proc.pid, signal.SIGCONT)
        assert await kakao.moment.creatives.set_config(creative.id, "OFF") is True
    await limiter.aclose()
