"""The Redis keys README ("Several processes: Redis") names, as a client's calls make them:
``<namespace>:{<quota key>}:hold`` / ``:cool`` / ``:gone`` / ``:rej``, the quota key shaped by
the quota's scope and ``%``, ``{``, ``}`` escaped, each expiring within its documented span."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

INTERVAL = 0.2
HOLD_TIMEOUT = 3.0
MARGIN = 0.01


@pytest.fixture
async def admin(redis_url: str) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    await client.aclose()


async def test_a_call_rejected_once_leaves_cool_and_rej_under_its_quota_key(
    redis_url: str, admin: aioredis.Redis
) -> None:
    async with (
        FakeKakaoServer(on_off_interval=INTERVAL) as fake,
        ka.RedisRateLimiter(
            redis_url, namespace="ns", hold_timeout=HOLD_TIMEOUT, margin=MARGIN
        ) as limiter,
        ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            user_key="u{1}%",
            moment_base_url=fake.base_url,
            quotas={"creatives.onOff": INTERVAL},
            rate_limiter=limiter,
            retry=ka.RetryPolicy(base=0.01, cap=0.02),
        ) as kakao,
    ):
        creative = fake.add_moment_creative(ad_account_id=1)
        key = kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
        assert key == "creatives.onOff:u{1}%:1"
        tag = "ns:{creatives.onOff:u%7B1%7D%25:1}"
        fake.stall_next(1, seconds=0.3, method="PUT")
        call = asyncio.ensure_future(kakao.moment.creatives.set_config(creative.id, "OFF"))
        # A Redis up for less than an interval keeps a new key cooling first (see "restart").
        for _ in range(300):
            if fake.in_flight:  # the request is stalled at the fake: the call holds the key
                break
            await asyncio.sleep(0.01)
        assert f"{tag}:hold" in await admin.keys("ns:*")
        assert 0 < await admin.pttl(f"{tag}:hold") <= (HOLD_TIMEOUT + INTERVAL + MARGIN) * 1000 + 1
        assert await call is True
        assert sorted(await admin.keys("ns:*")) == [f"{tag}:cool"]
        assert 0 < await admin.pttl(f"{tag}:cool") <= (INTERVAL + MARGIN) * 1000 + 1  # whole ms

        fake.fail_next(1, status=429, code=-813, method="PUT")
        assert await kakao.moment.creatives.set_config(creative.id, "ON") is True
        assert sorted(await admin.keys("ns:*")) == [f"{tag}:cool", f"{tag}:rej"]
        assert await admin.get(f"{tag}:rej") == "1"
        assert await admin.pttl(f"{tag}:rej") > 0  # expires by itself
        (state,) = await kakao.quota_snapshot([key])
        assert (state.quota, state.interval, state.rejections) == ("creatives.onOff", INTERVAL, 1)


async def test_a_waiter_that_gives_up_leaves_its_token_under_gone(
    redis_url: str, admin: aioredis.Redis
) -> None:
    async with (
        ka.RedisRateLimiter(redis_url, namespace="ns", hold_timeout=HOLD_TIMEOUT) as one,
        ka.RedisRateLimiter(redis_url, namespace="ns", hold_timeout=HOLD_TIMEOUT) as other,
    ):
        quota = ka.Quota(name="reports.account", interval=INTERVAL, scope="account")
        async with one.hold("reports.account:1", quota=quota):
            wait = other.hold("reports.account:1", quota=quota)
            waiter = asyncio.ensure_future(wait.__aenter__())
            await asyncio.sleep(0.1)
            waiter.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiter
            await asyncio.sleep(0.1)  # the take-back runs in the background
            tag = "ns:{reports.account:1}"
            assert sorted(await admin.keys("ns:*")) == [f"{tag}:gone", f"{tag}:hold"]
            assert await admin.scard(f"{tag}:gone") == 1
            ttl = await admin.pttl(f"{tag}:gone")
            assert 0 < ttl <= (HOLD_TIMEOUT + INTERVAL + ka.ratelimit.DEFAULT_MARGIN) * 1000 + 1
