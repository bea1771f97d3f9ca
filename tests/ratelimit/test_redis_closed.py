"""A RedisRateLimiter after ``aclose()`` (or its ``async with``): unusable, as the limiter
interface says. A quota'd call fails closed with ``KakaoLimiterError``, unsent, instead of
quietly opening new Redis connections that nobody closes."""

from __future__ import annotations

import asyncio

import pytest
import redis.asyncio as aioredis

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


async def _open(admin: aioredis.Redis, name: str) -> int:
    """Connections to Redis named ``name`` (a limiter's, from ``?client_name=`` in its URL),
    once the limiter's background work (a take-back, a release) has had 2 s to end."""
    for _ in range(40):
        count = sum(1 for c in await admin.client_list() if c["name"] == name)
        if count == 0:
            return 0
        await asyncio.sleep(0.05)
    return count


async def test_a_waiter_mid_acquire_when_aclose_runs_never_gets_the_hold(redis_url: str) -> None:
    """A hold that passed the open check and is polling Redis for a key another process holds
    is refused once ``aclose()`` ran: it neither takes the key when the other process lets go
    (its call would go out through a closed limiter) nor leaves a connection open."""
    admin = aioredis.Redis.from_url(redis_url)
    other = ka.RedisRateLimiter(redis_url, interval=0.05, namespace="t", poll_interval=0.02)
    url = f"{redis_url}?client_name=waiter"
    limiter = ka.RedisRateLimiter(url, interval=0.05, namespace="t", poll_interval=0.02)
    polling = asyncio.Event()
    got: list[str] = []

    async def waiter() -> None:
        polling.set()
        async with limiter.hold("k"):
            got.append("hold")

    try:
        async with other.hold("k"):
            task = asyncio.create_task(waiter())
            await polling.wait()
            await asyncio.sleep(0.1)  # a few polls: the waiter is inside its acquire loop
            await limiter.aclose()
        with pytest.raises(ka.KakaoLimiterError, match="closed"):
            await task
        assert got == []
        await other.aclose()
        assert await _open(admin, "waiter") == 0
    finally:
        await other.aclose()
        await admin.aclose()


async def test_a_call_in_flight_at_aclose_is_released_and_its_connection_closed(
    redis_url: str,
) -> None:
    """The release of a call that was in flight when ``aclose()`` ran still reaches Redis (the
    key cools down instead of staying held for hold_timeout), and the connection it needed is
    closed again afterwards."""
    admin = aioredis.Redis.from_url(redis_url)
    url = f"{redis_url}?client_name=inflight"
    limiter = ka.RedisRateLimiter(url, interval=0.05, namespace="t", hold_timeout=30)
    hold_key = "t:{k}:hold"
    try:
        async with limiter.hold("k"):
            await limiter.aclose()
            assert await admin.exists(hold_key)
        assert not await admin.exists(hold_key)
        assert await _open(admin, "inflight") == 0
    finally:
        await admin.aclose()


async def test_a_script_call_cut_by_aclose_leaves_no_connection_open(redis_url: str) -> None:
    """aclose() disconnects a waiter's script call under way; the waiter's retry opens a new
    connection (redis-py reconnects). Once the waiter learns the limiter is closed, that
    connection is closed too."""
    admin = aioredis.Redis.from_url(redis_url)
    other = ka.RedisRateLimiter(redis_url, interval=0.05, namespace="t", poll_interval=0.02)
    url = f"{redis_url}?client_name=cut"
    limiter = ka.RedisRateLimiter(url, interval=0.05, namespace="t", poll_interval=0.02)
    polling = asyncio.Event()

    async def waiter() -> None:
        polling.set()
        async with limiter.hold("k"):
            pytest.fail("a closed limiter gave a hold")

    try:
        async with other.hold("k"):
            task = asyncio.create_task(waiter())
            await polling.wait()
            await asyncio.sleep(0.1)
            await admin.execute_command("CLIENT", "PAUSE", "300", "ALL")  # the next poll hangs
            await asyncio.sleep(0.1)
            await limiter.aclose()
            with pytest.raises(ka.KakaoLimiterError, match="closed"):
                await task
        assert await _open(admin, "cut") == 0
        # The cut acquire, had Redis run it late, would find its token taken back.
        assert not await admin.exists("t:{k}:hold")
    finally:
        await other.aclose()
        await admin.aclose()


async def test_a_snapshot_cut_by_aclose_leaves_no_connection_open(redis_url: str) -> None:
    admin = aioredis.Redis.from_url(redis_url)
    url = f"{redis_url}?client_name=snap"
    limiter = ka.RedisRateLimiter(url, interval=0.05, namespace="t")
    try:
        await admin.execute_command("CLIENT", "PAUSE", "300", "ALL")
        snapshot = asyncio.create_task(limiter.snapshot(["a", "b"]))
        await asyncio.sleep(0.1)
        await limiter.aclose()
        await asyncio.gather(snapshot, return_exceptions=True)
        assert await _open(admin, "snap") == 0
    finally:
        await admin.aclose()
