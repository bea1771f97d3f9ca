"""MemoryRateLimiter: completion-to-start spacing, independent keys, eviction, cancellation."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from kakao_async.ratelimit import MemoryRateLimiter, QuotaLimiter

INTERVAL = 0.05


def now() -> float:
    return asyncio.get_running_loop().time()


async def test_next_call_starts_an_interval_after_the_previous_one_ended() -> None:
    limiter = MemoryRateLimiter(interval=INTERVAL, margin=0.01)
    spans: list[tuple[float, float]] = []

    async def call(duration: float) -> None:
        async with limiter.hold("k"):
            start = now()
            await asyncio.sleep(duration)
            spans.append((start, now()))

    # A slow call followed by fast ones: start-to-start spacing would let them bunch up.
    await asyncio.gather(call(0.08), call(0.0), call(0.0))
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start - end >= INTERVAL + 0.01


async def test_one_call_in_flight_per_key() -> None:
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    inside = peak = 0

    async def call() -> None:
        nonlocal inside, peak
        async with limiter.hold("k"):
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(0.005)
            inside -= 1

    await asyncio.gather(*(call() for _ in range(5)))
    assert peak == 1


async def test_keys_are_independent() -> None:
    limiter = MemoryRateLimiter(interval=10.0)  # a second call of any key would take 10 s
    started: list[str] = []

    async def call(key: str) -> None:
        async with limiter.hold(key):
            started.append(key)

    await asyncio.wait_for(asyncio.gather(*(call(f"user:{n}") for n in range(50))), timeout=5)
    assert sorted(started) == sorted(f"user:{n}" for n in range(50))


async def test_waiters_are_served_in_arrival_order() -> None:
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    order: list[int] = []

    async def call(n: int) -> None:
        async with limiter.hold("k"):
            order.append(n)

    tasks = []
    for n in range(6):
        tasks.append(asyncio.ensure_future(call(n)))
        await asyncio.sleep(0)
    await asyncio.gather(*tasks)
    assert order == list(range(6))


async def test_a_turn_handed_over_cannot_be_taken_by_a_newcomer() -> None:
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    order: list[str] = []

    async def waiter() -> None:
        async with limiter.hold("k"):
            order.append("waiter")

    async def holder() -> None:
        async with limiter.hold("k") as hold:
            await asyncio.sleep(0.005)
            hold.unused()  # no cooldown: nobody below waits for one, the turn alone decides
        # The waiter has been handed the turn but has not run yet: asking again now, in the
        # same step, must queue behind it.
        async with limiter.hold("k"):
            order.append("newcomer")

    first = asyncio.ensure_future(holder())
    await asyncio.sleep(0)
    await asyncio.wait_for(asyncio.gather(first, waiter()), timeout=2)
    assert order == ["waiter", "newcomer"]


async def test_a_waiter_cancelled_as_its_turn_comes_hands_it_on() -> None:
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    order: list[str] = []
    tasks: dict[str, asyncio.Task[None]] = {}

    async def call(name: str) -> None:
        async with limiter.hold("k"):
            order.append(name)

    async def holder() -> None:
        async with limiter.hold("k"):
            await asyncio.sleep(0.005)
        tasks["doomed"].cancel()  # its turn came a moment ago; it has not run since

    first = asyncio.ensure_future(holder())
    await asyncio.sleep(0)
    tasks["doomed"] = asyncio.ensure_future(call("doomed"))
    await asyncio.sleep(0)
    last = asyncio.ensure_future(call("last"))
    # Were the turn to stay with the cancelled task, "last" would never get it.
    await asyncio.wait_for(asyncio.gather(first, last), timeout=2)
    assert tasks["doomed"].cancelled()
    assert order == ["last"]


async def test_defer_pushes_the_key_back() -> None:
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    async with limiter.hold("k") as hold:
        hold.defer(0.2)
    released = now()
    assert await limiter.ready_in("k") > 0.1
    async with limiter.hold("k"):
        assert now() - released >= 0.2


async def test_cancelled_waiter_frees_its_place_and_costs_nothing() -> None:
    limiter = MemoryRateLimiter(interval=0.05, margin=0)
    order: list[str] = []

    async def call(name: str) -> None:
        async with limiter.hold("k"):
            order.append(name)

    first = asyncio.ensure_future(call("first"))
    await asyncio.sleep(0)
    doomed = asyncio.ensure_future(call("doomed"))
    last = asyncio.ensure_future(call("last"))
    await asyncio.sleep(0.01)
    doomed.cancel()
    await asyncio.gather(first, last, return_exceptions=True)
    assert doomed.cancelled()
    assert order == ["first", "last"]
    await asyncio.sleep(0.06)
    assert len(limiter) == 0  # nothing left behind by the cancelled waiter
    # ...and the limiter still works.
    async with limiter.hold("k"):
        pass


async def test_cancelling_an_in_flight_call_still_counts() -> None:
    limiter = MemoryRateLimiter(interval=0.1, margin=0)

    async def slow() -> None:
        async with limiter.hold("k"):
            await asyncio.sleep(10)

    task = asyncio.ensure_future(slow())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    cancelled_at = now()
    async with limiter.hold("k"):
        assert now() - cancelled_at >= 0.1


async def test_idle_keys_are_evicted_after_their_cooldown() -> None:
    limiter = MemoryRateLimiter(interval=0.3, margin=0)

    async def call(key: str) -> None:
        async with limiter.hold(key):
            pass

    await asyncio.gather(*(call(f"u:{n}") for n in range(2_000)))
    assert len(limiter) == 2_000  # all still cooling down: forgetting them would be unsafe
    # Swept in batches, at most a quarter interval after the cooldowns ended.
    await asyncio.sleep(0.3 + 0.3 / 4 + 0.1)
    assert len(limiter) == 0


async def test_key_with_waiters_is_not_evicted() -> None:
    limiter = MemoryRateLimiter(interval=0.03, margin=0)
    async with limiter.hold("k"):
        pass
    waiter = asyncio.ensure_future(limiter.hold("k").__aenter__())
    await asyncio.sleep(0.06)
    hold = await waiter
    assert len(limiter) == 1
    await hold.__aexit__(None, None, None)


@pytest.mark.parametrize(
    ("interval", "margin"), [(0, 0), (-1, 0), (float("inf"), 0), (1, -0.1), (1, float("nan"))]
)
def test_bad_settings(interval: float, margin: float) -> None:
    with pytest.raises(ValueError, match=r"interval|margin"):
        MemoryRateLimiter(interval=interval, margin=margin)


def test_implements_the_protocol() -> None:
    assert isinstance(MemoryRateLimiter(), QuotaLimiter)
    assert "interval=5.0" in repr(MemoryRateLimiter())


async def test_memory_stays_flat_over_many_distinct_accounts() -> None:
    """100,000 distinct (user, ad account) keys in rounds: nothing accumulates."""
    import tracemalloc

    limiter = MemoryRateLimiter(interval=0.05, margin=0)

    async def call(key: str) -> None:
        async with limiter.hold(key):
            pass

    tracemalloc.start()
    try:
        sizes = []
        for round_ in range(5):
            await asyncio.gather(*(call(f"user:{round_}:{n}") for n in range(20_000)))
            await asyncio.sleep(0.08)  # every cooldown has passed
            assert len(limiter) == 0
            sizes.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    # The first round pays for one-off allocations; after that, nothing grows.
    assert sizes[-1] - sizes[1] < 256 * 1024


def test_a_second_event_loop_gets_a_clear_error() -> None:
    """Two threads, each with its own event loop, share one instance: the loop that came second
    is told so, instead of tripping over another loop's futures."""
    import threading
    import time

    limiter = MemoryRateLimiter(interval=0.05, margin=0)
    holding = threading.Event()
    outcome: list[BaseException | str] = []

    async def first() -> None:
        async with limiter.hold("k"):
            holding.set()
            await asyncio.sleep(0.3)
        async with limiter.hold("k"):  # the first loop keeps working
            pass

    async def second() -> None:
        try:
            async with limiter.hold("k"):
                pass
            outcome.append("entered")
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=asyncio.run, args=(first(),))
    thread.start()
    assert holding.wait(5)
    other = threading.Thread(target=asyncio.run, args=(asyncio.wait_for(second(), 2),))
    started = time.monotonic()
    other.start()
    other.join(5)
    thread.join(5)
    assert len(outcome) == 1
    assert isinstance(outcome[0], RuntimeError), outcome
    assert "belongs to the event loop" in str(outcome[0])
    assert time.monotonic() - started < 0.5  # at once, not after waiting


def test_loops_one_after_another_share_the_cooldowns() -> None:
    import time

    limiter = MemoryRateLimiter(interval=0.2, margin=0)
    marks: list[float] = []

    async def call() -> None:
        async with limiter.hold("k"):
            marks.append(time.monotonic())

    asyncio.run(call())
    asyncio.run(call())  # a new loop, after the first one closed
    assert marks[1] - marks[0] >= 0.2


async def test_one_long_cooldown_does_not_keep_other_expired_keys() -> None:
    limiter = MemoryRateLimiter(interval=0.1, margin=0)
    async with limiter.hold("pushed-back") as hold:
        hold.defer(30)  # a long Retry-After
    for n in range(50):
        async with limiter.hold(f"k{n}"):
            pass
    await asyncio.sleep(0.3)
    assert len(limiter) == 1


async def test_leaving_a_hold_twice_is_refused_and_never_hands_the_turn_out_twice() -> None:
    """A second ``__aexit__`` (a wrapper that exits twice) would give the key's turn to two
    waiters at once: it is an error instead, and the key keeps one holder."""
    limiter = MemoryRateLimiter(interval=0.01, margin=0)
    inside, peak = 0, 0

    async def waiter() -> None:
        nonlocal inside, peak
        async with limiter.hold("k"):
            inside += 1
            peak = max(peak, inside)
            await asyncio.sleep(0.01)
            inside -= 1

    hold = limiter.hold("k")
    await hold.__aenter__()
    waiters = [asyncio.ensure_future(waiter()) for _ in range(2)]
    await asyncio.sleep(0)
    await hold.__aexit__(None, None, None)
    with pytest.raises(RuntimeError, match="already"):
        await hold.__aexit__(None, None, None)
    await asyncio.gather(*waiters)
    assert peak == 1
