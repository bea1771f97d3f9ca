"""One limiter, many quotas: each hold is spaced by its own quota's interval, in memory and in
Redis, and both backends report a snapshot of their keys."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator

import pytest

import kakao_async as ka
from kakao_async.endpoints import Quota
from kakao_async.ratelimit import MemoryRateLimiter, QuotaLimiter

FAST = Quota(name="test.fast", interval=0.05)
SLOW = Quota(name="test.slow", interval=0.2, scope="account")
MARGIN = 0.01


def now() -> float:
    return time.monotonic()


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[QuotaLimiter]:
    """Both backends, with a default interval (1 s) that neither quota uses."""
    if request.param == "memory":
        yield MemoryRateLimiter(interval=1.0, margin=MARGIN)
        return
    redis_url = request.getfixturevalue("redis_url")
    redis_limiter = ka.RedisRateLimiter(redis_url, interval=1.0, margin=MARGIN, poll_interval=0.01)
    yield redis_limiter
    await redis_limiter.aclose()


async def calls(limiter: QuotaLimiter, key: str, quota: Quota, n: int) -> list[tuple[float, float]]:
    spans = []
    for _ in range(n):
        async with limiter.hold(key, quota=quota):
            start = now()
            await asyncio.sleep(0.005)
            spans.append((start, now()))
    return spans


def gaps(spans: list[tuple[float, float]]) -> list[float]:
    """Seconds from each call's end to the next call's start."""
    return [start - end for (_, end), (start, _) in itertools.pairwise(spans)]


async def test_two_quotas_on_one_limiter_keep_their_own_spacing(limiter: QuotaLimiter) -> None:
    fast, slow = await asyncio.gather(
        calls(limiter, "test.fast:u:1", FAST, 6), calls(limiter, "test.slow:1", SLOW, 3)
    )
    # Never closer than each quota demands (Redis TTLs have millisecond resolution)...
    assert min(gaps(fast)) >= FAST.interval + MARGIN - 0.002
    assert min(gaps(slow)) >= SLOW.interval + MARGIN - 0.002
    # ...and the fast quota is not held to the slow one's interval, nor to the limiter's own.
    assert min(gaps(fast)) < SLOW.interval


async def test_a_hold_without_a_quota_uses_the_limiter_interval() -> None:
    limiter = MemoryRateLimiter(interval=0.1, margin=0)
    spans = await calls(limiter, "k", Quota(name="k", interval=0.1), 1)
    async with limiter.hold("plain"):
        pass
    assert 0.05 < await limiter.ready_in("plain") <= 0.1
    assert spans


async def test_memory_snapshot_reports_waiting_in_flight_and_rejections() -> None:
    limiter = MemoryRateLimiter(interval=5.0, margin=0)
    assert await limiter.snapshot() == ()
    entered = asyncio.Event()
    release = asyncio.Event()

    async def holder() -> None:
        async with limiter.hold("test.slow:1", quota=SLOW) as hold:
            entered.set()
            await release.wait()
            hold.defer(0.5)  # 429 feedback

    task = asyncio.ensure_future(holder())
    await entered.wait()
    waiters = [asyncio.ensure_future(calls(limiter, "test.slow:1", SLOW, 1)) for _ in range(2)]
    await asyncio.sleep(0.01)
    (state,) = await limiter.snapshot()
    assert state == ka.QuotaKeyState(
        key="test.slow:1",
        quota="test.slow",
        interval=0.2,
        ready_in=0.2 + limiter.margin,  # in flight: at least one interval, never "now"
        waiting=2,
        in_flight=True,
        rejections=0,
    )
    release.set()
    await task
    (state,) = await limiter.snapshot()
    assert state.rejections == 1 and not state.in_flight and state.waiting == 2
    assert 0.4 < state.ready_in <= 0.5  # the deferral, not the 0.2 s interval
    await asyncio.gather(*waiters)
    # Asking for particular keys: an untracked one reads as free.
    unknown, tracked = await limiter.snapshot(["test.slow:1", "nobody"])  # sorted by key
    assert tracked.waiting == 0 and tracked.rejections == 1 and 0 < tracked.ready_in <= 0.2
    assert unknown == ka.QuotaKeyState(
        key="nobody",
        quota=None,
        interval=None,
        ready_in=0.0,
        waiting=0,
        in_flight=False,
        rejections=0,
    )


async def test_a_short_quota_key_is_forgotten_soon_beside_a_long_default() -> None:
    """The eviction sweep's floor follows each key's own spacing, not the limiter's default:
    with a 5 s default, keys of a 0.05 s quota must not linger for a second or more."""
    limiter = MemoryRateLimiter(interval=5.0, margin=0)
    async with limiter.hold("a", quota=FAST):
        pass
    await asyncio.sleep(0.02)
    async with limiter.hold("b", quota=FAST):
        pass
    assert len(limiter) == 2
    await asyncio.sleep(0.4)
    assert len(limiter) == 0


async def test_a_long_quota_key_is_kept_for_its_whole_cooldown() -> None:
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    async with limiter.hold("slow", quota=SLOW):
        pass
    async with limiter.hold("quick"):
        pass
    await asyncio.sleep(0.1)
    assert len(limiter) == 1 and await limiter.ready_in("slow") > 0.05


async def test_redis_snapshot_is_shared_and_names_local_quotas(redis_url: str) -> None:
    a = ka.RedisRateLimiter(redis_url, namespace="snap", interval=5.0, margin=0)
    b = ka.RedisRateLimiter(redis_url, namespace="snap", interval=5.0, margin=0)
    try:
        assert await a.snapshot() == ()
        async with a.hold("test.slow:1", quota=SLOW) as hold:
            (inside,) = await b.snapshot(["test.slow:1"])
            assert inside.in_flight and inside.quota is None  # b never used the key
            hold.defer(0.5)
        (mine,) = await a.snapshot()  # a left it cooling: listed without asking
        assert (mine.key, mine.quota, mine.interval) == ("test.slow:1", "test.slow", 0.2)
        assert mine.rejections == 1 and not mine.in_flight and 0.3 < mine.ready_in <= 0.5
        (theirs,) = await b.snapshot(["test.slow:1"])
        assert theirs.rejections == 1  # counted in Redis: every process sees it
        async with a.hold("test.slow:1", quota=SLOW):
            pass  # a call that was not rejected keeps the count
        (again,) = await b.snapshot(["test.slow:1"])
        assert again.rejections == 1 and 0.1 < again.ready_in <= 0.2
    finally:
        await a.aclose()
        await b.aclose()


async def test_redis_holds_of_two_quotas_across_two_limiters(redis_url: str) -> None:
    """Two limiter objects stand for two processes; each quota keeps its own spacing."""
    a = ka.RedisRateLimiter(redis_url, namespace="two", interval=1.0, margin=MARGIN)
    b = ka.RedisRateLimiter(redis_url, namespace="two", interval=1.0, margin=MARGIN)
    spans: dict[str, list[tuple[float, float]]] = {"fast": [], "slow": []}

    async def call(limiter: ka.RedisRateLimiter, name: str, quota: Quota) -> None:
        async with limiter.hold(f"{name}:1", quota=quota):
            start = now()
            await asyncio.sleep(0.005)
            spans[name].append((start, now()))

    try:
        await asyncio.gather(
            *(call(lim, "fast", FAST) for lim in (a, b, a, b)),
            *(call(lim, "slow", SLOW) for lim in (b, a)),
        )
    finally:
        await a.aclose()
        await b.aclose()
    for name, quota in (("fast", FAST), ("slow", SLOW)):
        ordered = sorted(spans[name])
        assert min(gaps(ordered)) >= quota.interval + MARGIN - 0.002, name
