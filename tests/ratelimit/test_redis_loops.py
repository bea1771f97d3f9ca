"""A RedisRateLimiter used from a second event loop (one ``asyncio.run()`` after another): its
Redis connections are the first loop's, so it says so at once, with the typed fail-closed error
and nothing sent; not "Redis unavailable" because of a RuntimeError from inside redis-py."""

from __future__ import annotations

import asyncio
import time

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, fake_server_process

SECOND_LOOP = "belongs to the event loop that first used it"


async def _turn(limiter: ka.RedisRateLimiter) -> None:
    async with limiter.hold("key"):
        pass


def test_a_hold_from_a_second_loop_is_refused_clearly(redis_url: str) -> None:
    limiter = ka.RedisRateLimiter(redis_url, namespace="loops", interval=0.05, outage_timeout=5)

    first = asyncio.new_event_loop()
    try:
        first.run_until_complete(_turn(limiter))
        started = time.monotonic()
        with pytest.raises(ka.KakaoLimiterError, match=SECOND_LOOP):
            asyncio.run(_turn(limiter))
        with pytest.raises(ka.KakaoLimiterError, match=f"{SECOND_LOOP}.*nothing was asked"):
            asyncio.run(limiter.snapshot())
        with pytest.raises(ka.KakaoLimiterError, match=f"{SECOND_LOOP}.*nothing was asked"):
            asyncio.run(limiter.ready_in("key"))
        assert time.monotonic() - started < 2  # not an outage: no retrying for outage_timeout
        first.run_until_complete(_turn(limiter))  # its own loop still works
    finally:
        first.run_until_complete(limiter.aclose())
        first.close()


def test_aclose_from_a_second_loop_refuses_holds_and_its_own_loop_still_closes_it(
    redis_url: str,
) -> None:
    limiter = ka.RedisRateLimiter(redis_url, namespace="loops", interval=0.05)

    first = asyncio.new_event_loop()
    try:
        first.run_until_complete(_turn(limiter))
        with pytest.raises(ka.KakaoLimiterError, match=f"{SECOND_LOOP}.*were not closed"):
            asyncio.run(limiter.aclose())
        with pytest.raises(ka.KakaoLimiterError, match="is closed"):
            first.run_until_complete(_turn(limiter))  # closed for every loop from then on
    finally:
        first.run_until_complete(limiter.aclose())  # the connections, in their own loop
        first.close()


def test_a_client_call_through_it_from_a_second_loop_is_not_sent(redis_url: str) -> None:
    with fake_server_process(on_off_interval=0.05, args=["--seed-accounts", "1"]) as url:
        limiter = ka.RedisRateLimiter(redis_url, namespace="loops", interval=0.05)

        async def switch(config: str) -> bool:
            async with ka.KakaoClient(
                DEFAULT_TOKEN, ad_account_id=1, moment_base_url=url, rate_limiter=limiter
            ) as kakao:
                return await kakao.moment.creatives.set_config(1001, config)

        first = asyncio.new_event_loop()
        try:
            assert first.run_until_complete(switch("OFF")) is True
            with pytest.raises(ka.KakaoLimiterError, match=SECOND_LOOP):
                asyncio.run(switch("ON"))
        finally:
            first.run_until_complete(limiter.aclose())
            first.close()
        stats = asyncio.run(ka.testing.control(url, "GET", "/_fake/stats"))
        assert stats["requests"] == 1 and stats["onOffAccepted"] == 1, stats
