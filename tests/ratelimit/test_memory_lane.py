"""MemoryRateLimiter.lane: one task's consecutive calls of a key through one reusable hold keep
every rule of a new hold per call (spacing from each end, arrival order with other tasks' calls,
429 feedback, unused turns, cancellation) and leave the key to eviction once closed."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from kakao_async.endpoints import Quota
from kakao_async.ratelimit import MemoryRateLimiter

INTERVAL = 0.05


def now() -> float:
    return asyncio.get_running_loop().time()


async def test_each_call_of_a_lane_starts_an_interval_after_the_previous_one_ended() -> None:
    limiter = MemoryRateLimiter(interval=INTERVAL, margin=0.01)
    lane = limiter.lane("k")
    spans: list[tuple[float, float]] = []
    try:
        for duration in (0.03, 0.0, 0.0):
            async with lane:
                start = now()
                await asyncio.sleep(duration)
                spans.append((start, now()))
    finally:
        lane.close()
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start - end >= INTERVAL + 0.01


async def test_a_lanes_calls_are_spaced_by_its_quota() -> None:
    limiter = MemoryRateLimiter(interval=10.0, margin=0)  # the limiter's own would take 10 s
    lane = limiter.lane("k", quota=Quota(name="q", interval=0.02, scope="account"))
    try:
        for _ in range(3):
            async with lane:
                pass
    finally:
        lane.close()
    (state,) = await limiter.snapshot(["k"])
    assert (state.quota, state.interval) == ("q", 0.02)


async def test_another_tasks_call_waiting_for_the_key_goes_before_the_lanes_next_call() -> None:
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    lane = limiter.lane("k")
    order: list[str] = []

    async def single() -> None:
        async with limiter.hold("k"):
            order.append("single")

    other = None
    try:
        async with lane:
            order.append("lane 1")
            other = asyncio.ensure_future(single())
            await asyncio.sleep(0)  # the single call now waits for the key's turn
        async with lane:
            order.append("lane 2")
    finally:
        lane.close()
    assert other is not None
    await other
    assert order == ["lane 1", "single", "lane 2"]


async def test_a_lane_waits_its_turn_behind_a_call_in_flight() -> None:
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    inside = peak = 0

    async def single() -> None:
        nonlocal inside, peak
        async with limiter.hold("k"):
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(0.02)
            inside -= 1

    async def lane_calls() -> None:
        nonlocal inside, peak
        lane = limiter.lane("k")
        try:
            for _ in range(3):
                async with lane:
                    inside += 1
                    peak = max(peak, inside)
                    await asyncio.sleep(0.005)
                    inside -= 1
        finally:
            lane.close()

    await asyncio.gather(single(), lane_calls(), single())
    assert peak == 1


async def test_defer_pushes_the_key_back_for_that_call_only() -> None:
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    lane = limiter.lane("k")
    try:
        async with lane as hold:
            hold.defer(0.2)
        ended = now()
        async with lane:
            assert now() - ended >= 0.2
        ended = now()
        async with lane:
            assert now() - ended < 0.2  # the next call's spacing is the quota's again
    finally:
        lane.close()
    (state,) = await limiter.snapshot(["k"])
    assert state.rejections == 1


async def test_an_unused_turn_starts_no_cooldown_and_the_next_call_counts_again() -> None:
    limiter = MemoryRateLimiter(interval=10.0, margin=0)
    lane = limiter.lane("k")
    try:
        async with lane as hold:
            hold.unused()
        async with lane:
            pass  # at once: the unused turn left no cooldown
        assert await limiter.ready_in("k") > 5  # this one was sent: the key cools
    finally:
        lane.close()


async def test_a_closed_lane_leaves_its_key_to_eviction() -> None:
    limiter = MemoryRateLimiter(interval=0.02, margin=0)
    lane = limiter.lane("k")
    async with lane:
        pass
    await asyncio.sleep(0.05)
    assert len(limiter) == 1  # pinned while the lane is open, even once cooled
    lane.close()
    assert len(limiter) == 0  # already cooled: dropped at once
    lane.close()  # a second close changes nothing
    with pytest.raises(RuntimeError, match="closed"):
        async with lane:
            pass


async def test_a_lane_cancelled_while_waiting_for_the_key_hands_the_turn_on() -> None:
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    lane = limiter.lane("k")
    order: list[str] = []

    async def single(name: str, duration: float) -> None:
        async with limiter.hold("k"):
            order.append(name)
            await asyncio.sleep(duration)

    async def lane_call() -> None:
        async with lane:
            order.append("lane")

    first = asyncio.ensure_future(single("first", 0.02))
    await asyncio.sleep(0)
    waiting = asyncio.ensure_future(lane_call())
    await asyncio.sleep(0)
    last = asyncio.ensure_future(single("last", 0.0))
    await asyncio.sleep(0)
    waiting.cancel()
    await asyncio.gather(first, last)
    with pytest.raises(asyncio.CancelledError):
        await waiting
    lane.close()
    assert order == ["first", "last"]


async def test_a_lane_call_cancelled_in_flight_still_counts() -> None:
    limiter = MemoryRateLimiter(interval=10.0, margin=0)
    lane = limiter.lane("k")

    async def lane_call() -> None:
        async with lane:
            await asyncio.sleep(10)

    task = asyncio.ensure_future(lane_call())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    lane.close()
    assert await limiter.ready_in("k") > 5


async def test_entering_a_lane_hold_twice_at_once_is_refused() -> None:
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    lane = limiter.lane("k")
    try:
        async with lane:
            with pytest.raises(RuntimeError, match="already entered"):
                async with lane:
                    pass
    finally:
        lane.close()
