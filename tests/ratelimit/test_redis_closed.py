"""A RedisRateLimiter after ``aclose()`` (or its ``async with``): unusable, as the limiter
interface says. A quota'd call fails closed with ``KakaoLimiterError``, unsent, instead of
quietly opening new Redis connections that nobody closes."""

from __future__ import annotations

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer


async def test_a_hold_on_a_closed_limiter_is_refused(redis_url: str) -> None:
    async with ka.RedisRateLimiter(redis_url, interval=0.05) as limiter:
        async with limiter.hold("k"):
            pass
    with pytest.raises(ka.KakaoLimiterError, match="closed"):
        async with limiter.hold("k"):
            pytest.fail("a closed limiter gave a hold")
    with pytest.raises(ka.KakaoLimiterError, match="closed"):
        await limiter.snapshot(["k"])
    with pytest.raises(ka.KakaoLimiterError, match="closed"):
        await limiter.ready_in("k")
    await limiter.aclose()  # twice is fine


async def test_a_client_call_through_a_closed_limiter_fails_closed_unsent(
    redis_url: str, fake: FakeKakaoServer
) -> None:
    creative = fake.add_moment_creative(ad_account_id=1)
    limiter = ka.RedisRateLimiter(redis_url, interval=0.05)
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, rate_limiter=limiter
    ) as kakao:
        await limiter.aclose()  # closed too early, e.g. async with blocks in the wrong order
        with pytest.raises(ka.KakaoLimiterError, match="not sent"):
            await kakao.moment.creatives.set_config(creative.id, "OFF")
        assert fake.requests == [] or all(r.method == "GET" for r in fake.requests)
        assert (await kakao.moment.creatives.get(creative.id)).id == creative.id  # no quota
    assert not [r for r in fake.requests if r.method == "PUT"]
