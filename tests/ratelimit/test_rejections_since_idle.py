"""README, Quotas: "``rejections`` counts the quota rejections fed back on the key since it was
last idle" — with either limiter. Kept while the key's calls follow each other (a 429's own
retry waits out the cooldown and still sees it), forgotten once the key has gone idle."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

INTERVAL = 0.1


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest, redis_url: str) -> AsyncIterator[ka.QuotaLimiter]:
    made: ka.QuotaLimiter = (
        ka.MemoryRateLimiter(interval=INTERVAL)
        if request.param == "memory"
        # socket_timeout bounds how long an idle Redis key keeps its count (see the README)
        else ka.RedisRateLimiter(redis_url, interval=INTERVAL, socket_timeout=0.3)
    )
    yield made
    await made.aclose()


async def test_a_key_idle_again_has_no_rejections(limiter: ka.QuotaLimiter) -> None:
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            on_off_interval=INTERVAL,
            rate_limiter=limiter,
        ) as kakao:
            key = kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
            fake.fail_next(2, status=429, code=-813, method="PUT")
            assert await kakao.moment.creatives.set_config(creative.id, "OFF") is True
            (state,) = await kakao.quota_snapshot([key])
            assert state.rejections == 2  # both 429s, though each retry waited a cooldown
            await asyncio.sleep(INTERVAL + 0.7)  # idle: cooled down, nobody waiting
            (state,) = await kakao.quota_snapshot([key])
            assert state.rejections == 0
            assert await kakao.moment.creatives.set_config(creative.id, "ON") is True
            (state,) = await kakao.quota_snapshot([key])
            assert state.rejections == 0
