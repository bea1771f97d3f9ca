"""RedisRateLimiter under pressure: pool exhaustion, outages, stalls, restarts of a real Redis."""

from __future__ import annotations

import asyncio
import time

import pytest
import redis.asyncio as aioredis

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.redis_server import RedisServer, free_port

INTERVAL = 0.1

#: Keeps Redis busy (no other client is served) for ARGV[1] milliseconds: a real stall.
BUSY = """
local t = redis.call('TIME')
local start = t[1] * 1000000 + t[2]
repeat
  t = redis.call('TIME')
until t[1] * 1000000 + t[2] - start >= tonumber(ARGV[1]) * 1000
return 1
"""


def now() -> float:
    return time.monotonic()


async def uptime(url: str) -> int:
    client = aioredis.Redis.from_url(url)
    try:
        return int((await client.info("server"))["uptime_in_seconds"])
    finally:
        await client.aclose()


async def test_many_keys_at_once_wait_for_a_pooled_connection(redis_url: str) -> None:
    """More keys asking at once than redis-py's default pool holds is not an error."""
    limiter = ka.RedisRateLimiter(redis_url, interval=INTERVAL)

    async def call(key: str) -> None:
        async with limiter.hold(key):
            await asyncio.sleep(0.01)

    try:
        await asyncio.gather(*(call(f"user:{n}") for n in range(300)))
    finally:
        await limiter.aclose()


async def test_a_small_pool_serves_many_waiting_keys(redis_url: str) -> None:
    """200 keys, two calls each (so most of the time is spent sleeping out cooldowns), through
    four connections: a sleeping waiter must not keep a connection."""
    limiter = ka.RedisRateLimiter(redis_url, interval=INTERVAL, max_connections=4)
    admin = aioredis.Redis.from_url(redis_url)
    before = (await admin.info("stats"))["total_connections_received"]
    done: list[str] = []

    async def call(key: str) -> None:
        for _ in range(2):
            async with limiter.hold(key):
                await asyncio.sleep(0.005)
            done.append(key)

    try:
        await asyncio.wait_for(asyncio.gather(*(call(f"user:{n}") for n in range(200))), 30)
        opened = (await admin.info("stats"))["total_connections_received"] - before
    finally:
        await limiter.aclose()
        await admin.aclose()
    assert len(done) == 400
    assert opened <= 4


def test_max_connections_needs_a_url(redis_url: str) -> None:
    client = aioredis.Redis.from_url(redis_url)
    with pytest.raises(ValueError, match="max_connections"):
        ka.RedisRateLimiter(client, max_connections=4)
    with pytest.raises(ValueError, match="max_connections"):
        ka.RedisRateLimiter(redis_url, max_connections=0)


async def test_a_short_redis_outage_during_a_bulk_run_loses_nothing(
    fake: FakeKakaoServer, redis_server: RedisServer, redis_url: str
) -> None:
    ids = fake.seed(ad_accounts=[1, 2, 3], creatives_per_account=10)
    changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
    limiter = ka.RedisRateLimiter(redis_url, interval=INTERVAL, margin=0.01, socket_timeout=0.5)
    async with ka.KakaoClient(
        DEFAULT_TOKEN, moment_base_url=fake.base_url, rate_limiter=limiter
    ) as kakao:
        job = kakao.moment.creatives.start_set_configs(changes)
        async for progress in job.watch():
            if progress.done >= 4:
                break
        await asyncio.to_thread(redis_server.stop)
        await asyncio.sleep(1.0)
        await asyncio.to_thread(redis_server.start)
        result = await job.result()
    await limiter.aclose()
    assert result.ok, [r.error for r in result if not r.ok]
    every = [c for cs in ids.values() for c in cs]
    assert all(fake.moment_creative(c).on_off_history == ["OFF"] for c in every)
    assert fake.on_off_rejections == 0


async def test_an_outage_beyond_the_deadline_fails_closed(
    redis_server: RedisServer, redis_url: str
) -> None:
    limiter = ka.RedisRateLimiter(redis_url, interval=INTERVAL, outage_timeout=0.5)
    await asyncio.to_thread(redis_server.stop)
    try:
        started = now()
        with pytest.raises(ka.KakaoLimiterError, match="not sent"):
            async with limiter.hold("k"):
                pytest.fail("let through without Redis")
        assert 0.45 < now() - started < 2.0  # retried for outage_timeout, then gave up
        started = now()
        with pytest.raises(ka.KakaoLimiterError):
            async with limiter.hold("k", deadline=now() + 0.2):
                pytest.fail("let through without Redis")
        assert 0.15 < now() - started < 1.5  # an explicit deadline wins
        with pytest.raises(ka.KakaoLimiterError):
            await limiter.ready_in("k")
    finally:
        await limiter.aclose()


@pytest.mark.parametrize("timeout", [0.0, -1.0, float("inf")])
def test_bad_outage_timeout(redis_url: str, timeout: float) -> None:
    with pytest.raises(ValueError, match="outage_timeout"):
        ka.RedisRateLimiter(redis_url, outage_timeout=timeout)


async def test_a_waiter_that_gives_up_during_a_stall_leaves_no_hold(redis_url: str) -> None:
    """The acquire script reaches Redis during a stall, its caller gives up, and Redis runs the
    script afterwards anyway: the hold it takes must not block the key for hold_timeout."""
    limiter = ka.RedisRateLimiter(redis_url, interval=INTERVAL, hold_timeout=5, poll_interval=0.01)
    other = ka.RedisRateLimiter(redis_url, interval=INTERVAL, hold_timeout=5, poll_interval=0.01)
    admin = aioredis.Redis.from_url(redis_url)
    try:
        async with limiter.hold("warm-up"), other.hold("warm-up-too"):
            pass  # both hold an open connection now, so the stall meets the scripts themselves
        stall = asyncio.ensure_future(admin.eval(BUSY, 0, 400))  # type: ignore[misc]
        await asyncio.sleep(0.05)
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(limiter.hold("k").__aenter__(), 0.1)
        await stall
        stalled_until = now()
        async with other.hold("k"):
            waited = now() - stalled_until
        assert waited < INTERVAL + 0.3  # not hold_timeout (5 s)
    finally:
        await limiter.aclose()
        await other.aclose()
        await admin.aclose()


async def test_a_restarted_redis_keeps_keys_closed_for_one_interval(
    redis_server: RedisServer, redis_url: str
) -> None:
    """A Redis without persistence forgets every cooldown when it restarts; the limiter must
    not let the next call of a key out before an interval has passed."""
    limiter = ka.RedisRateLimiter(redis_url, interval=0.3, margin=0.01, socket_timeout=0.5)
    try:
        async with limiter.hold("k"):
            pass
        ended = now()
        await asyncio.to_thread(redis_server.stop)
        await asyncio.to_thread(redis_server.start)
        async with limiter.hold("k"):
            assert now() - ended >= 0.3
    finally:
        await limiter.aclose()


async def test_a_long_running_redis_costs_a_new_key_nothing(redis_url: str) -> None:
    """Only a Redis younger than one interval closes fresh keys: a first deployment on an
    established Redis starts at once."""
    while await uptime(redis_url) < 1:  # noqa: ASYNC110 - polling another process
        await asyncio.sleep(0.1)
    limiter = ka.RedisRateLimiter(redis_url, interval=0.5, margin=0)
    try:
        started = now()
        async with limiter.hold("brand-new"):
            assert now() - started < 0.2
    finally:
        await limiter.aclose()


async def test_a_dead_redis_fails_a_call_closed_after_outage_timeout_not_its_timeout(
    fake: FakeKakaoServer,
) -> None:
    c = fake.add_moment_creative(ad_account_id=1)
    # The call's 30 s budget starts with its first go, which a dead Redis never gives it.
    limiter = ka.RedisRateLimiter(
        f"redis://127.0.0.1:{free_port()}/0", socket_timeout=0.2, outage_timeout=0.5
    )
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, rate_limiter=limiter
    ) as kakao:
        started = time.monotonic()
        with pytest.raises(ka.KakaoLimiterError):
            await kakao.moment.creatives.set_config(c.id, "OFF", timeout=30)
        assert time.monotonic() - started < 1.5
    await limiter.aclose()
    assert len(fake.requests) == 0


async def test_a_call_that_queued_long_for_its_turn_still_rides_out_a_short_outage(
    fake: FakeKakaoServer, redis_server: RedisServer, redis_url: str
) -> None:
    await asyncio.sleep(INTERVAL * 2)  # Redis older than an interval: no restart caution first
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    limiter = ka.RedisRateLimiter(redis_url, interval=0.6, margin=0.01, outage_timeout=10)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        rate_limiter=limiter,
        timeout=0.3,
    ) as kakao:
        first = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[0], "OFF"))
        # Queued behind the first call's cooldown for longer than its own 0.3 s timeout.
        second = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[1], "OFF"))
        assert await first is True
        await asyncio.sleep(0.3)
        redis_server.stop()
        await asyncio.sleep(0.4)
        redis_server.start()
        assert await second is True
    await limiter.aclose()
    assert fake.on_off_rejections == 0


async def test_a_call_sent_before_redis_went_away_is_not_logged_as_not_sent(
    fake: FakeKakaoServer,
    redis_server: RedisServer,
    redis_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Redis gone while the call is at Kakao: its end cannot be recorded. The call did go out
    (and returns True); the warning must not say it was not sent."""
    c = fake.add_moment_creative(ad_account_id=1)
    limiter = ka.RedisRateLimiter(redis_url, interval=INTERVAL, outage_timeout=0.3)
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, rate_limiter=limiter
    ) as kakao:
        fake.stall_next(1, seconds=0.5, method="PUT")
        call = asyncio.ensure_future(kakao.moment.creatives.set_config(c.id, "OFF"))
        while not fake.in_flight:  # noqa: ASYNC110 - the fake has no event for an arrival
            await asyncio.sleep(0.01)
        await asyncio.to_thread(redis_server.stop)
        assert await call is True
    await limiter.aclose()
    assert fake.moment_creative(c.id).config == "OFF"
    (warning,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert "release" in warning and "not sent" not in warning, warning


async def leave_a_release_retrying(limiter: ka.RedisRateLimiter, redis_server: RedisServer) -> None:
    """A call holding key ``k`` when Redis stops, cancelled twice: its release goes on retrying
    the outage in the background, and the call no longer waits for it."""
    entered = asyncio.Event()

    async def call() -> None:
        async with limiter.hold("k"):
            entered.set()
            await asyncio.sleep(30)

    task = asyncio.ensure_future(call())
    await entered.wait()
    await asyncio.to_thread(redis_server.stop)
    task.cancel()  # the hold now writes its release, which retries the outage
    await asyncio.sleep(0.05)
    task.cancel()  # and the caller stops waiting for it
    await asyncio.gather(task, return_exceptions=True)


async def test_aclose_leaves_no_release_running_when_redis_is_gone(
    redis_server: RedisServer, redis_url: str
) -> None:
    """A release still retrying an outage when ``aclose()`` gives up on it is cancelled, and
    ``aclose()`` returns only once it has ended: a task left running would use the caller's
    Redis client after the caller closed it, or be destroyed pending with its loop."""
    client = aioredis.Redis.from_url(redis_url)
    limiter = ka.RedisRateLimiter(client, interval=INTERVAL, socket_timeout=0.2)
    await leave_a_release_retrying(limiter, redis_server)
    try:
        await limiter.aclose()
        running = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        assert [t for t in running if not t.done()] == []
    finally:
        await client.aclose()


async def test_a_redis_outage_during_a_call_does_not_run_it_past_its_timeout(
    fake: FakeKakaoServer, redis_server: RedisServer, redis_url: str
) -> None:
    """Redis gone while the call is at Kakao: recording its end retries the outage in the
    background, but the call itself ends within its ``timeout``, not ``outage_timeout``."""
    await asyncio.sleep(INTERVAL * 2)  # Redis older than an interval: no restart caution first
    c = fake.add_moment_creative(ad_account_id=1)
    limiter = ka.RedisRateLimiter(
        redis_url, interval=INTERVAL, socket_timeout=0.2, outage_timeout=5
    )
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        rate_limiter=limiter,
        timeout=1.0,
    ) as kakao:
        fake.stall_next(1, seconds=0.3, method="PUT")
        call = asyncio.ensure_future(kakao.moment.creatives.set_config(c.id, "OFF"))
        while not fake.in_flight:  # noqa: ASYNC110 - the fake has no event for an arrival
            await asyncio.sleep(0.01)
        turn = now()  # the call's clock started a moment before (at its quota turn)
        await asyncio.to_thread(redis_server.stop)
        assert await call is True
        took = now() - turn
    await limiter.aclose()
    assert fake.moment_creative(c.id).config == "OFF"
    assert took < 1.3, took  # its 1 s timeout (and a little), not the 5 s outage tolerance


async def test_aclose_says_how_many_releases_it_gave_up_on(
    redis_server: RedisServer, redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A release that cannot reach Redis by ``aclose()``'s end is cancelled with a warning:
    its key stays closed until the hold's TTL, which the user should be able to see."""
    limiter = ka.RedisRateLimiter(redis_url, interval=INTERVAL, socket_timeout=0.2)
    await leave_a_release_retrying(limiter, redis_server)
    caplog.clear()
    await limiter.aclose()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("1 quota release" in w and "hold_timeout" in w for w in warnings), warnings


async def test_a_call_waiting_for_its_release_when_aclose_gives_up_on_it_ends_normally(
    redis_server: RedisServer, redis_url: str
) -> None:
    """The call under the hold is over (it was sent): ``aclose()`` cancelling the release it
    waits for must not end the caller's task as if it had been cancelled."""
    limiter = ka.RedisRateLimiter(redis_url, interval=INTERVAL, socket_timeout=0.2)
    sent = asyncio.Event()

    async def call() -> str:
        async with limiter.hold("k"):
            await asyncio.to_thread(redis_server.stop)
            sent.set()
        return "done"

    task = asyncio.ensure_future(call())
    await sent.wait()
    await asyncio.sleep(0.05)  # the release is retrying the outage; the call waits for it
    await limiter.aclose()
    assert await asyncio.wait_for(task, 1) == "done"
