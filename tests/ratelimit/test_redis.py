"""RedisRateLimiter against a real redis-server: shared quota, expiry, fail-closed, crashes."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
import time

import pytest
import redis.asyncio as aioredis

import kakao_async as ka
from kakao_async.testing import (
    DEFAULT_TOKEN,
    FakeKakaoServer,
    control,
    fake_server_process,
    on_off_arrivals,
    on_off_gaps,
)
from tests.ratelimit.worker import run_workers
from tests.redis_server import RedisServer, free_port

INTERVAL = 0.1


def now() -> float:
    return time.monotonic()


async def test_two_limiters_share_one_key(redis_url: str) -> None:
    """Two limiter objects stand for two processes: one call in flight, spaced from completion."""
    a = ka.RedisRateLimiter(redis_url, interval=INTERVAL, margin=0.01)
    b = ka.RedisRateLimiter(redis_url, interval=INTERVAL, margin=0.01)
    spans: list[tuple[float, float]] = []

    async def call(limiter: ka.RedisRateLimiter, duration: float) -> None:
        async with limiter.hold("user:1"):
            start = now()
            await asyncio.sleep(duration)
            spans.append((start, now()))

    await asyncio.gather(call(a, 0.05), call(b, 0.0), call(a, 0.0), call(b, 0.02))
    spans.sort()
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start - end >= INTERVAL + 0.01 - 0.002  # Redis TTLs have millisecond resolution
    await a.aclose()
    await b.aclose()


async def test_keys_are_independent_and_namespaced(redis_url: str) -> None:
    # 2 s, not more: on a Redis younger than one interval the first call waits for that.
    a = ka.RedisRateLimiter(redis_url, namespace="app-a", interval=2)
    b = ka.RedisRateLimiter(redis_url, namespace="app-b", interval=2)
    async with a.hold("k"):
        pass
    started = now()
    async with b.hold("k"), a.hold("other"):  # another namespace, another key: no wait
        pass
    assert now() - started < 1
    assert await a.ready_in("k") > 1.5 and await b.ready_in("k") > 1.5
    client = aioredis.Redis.from_url(redis_url)
    assert sorted(await client.keys("*")) == [
        b"app-a:{k}:cool",
        b"app-a:{other}:cool",
        b"app-b:{k}:cool",
    ]
    await client.aclose()
    await a.aclose()
    await b.aclose()


async def test_keys_expire_by_themselves(redis_url: str) -> None:
    limiter = ka.RedisRateLimiter(redis_url, interval=0.05, margin=0)
    await asyncio.gather(*(limiter.hold(f"k{n}").__aenter__() for n in range(3)))  # never released
    async with limiter.hold("done"):
        pass
    client = aioredis.Redis.from_url(redis_url)
    ttls = [await client.pttl(k) for k in await client.keys("*")]
    assert len(ttls) == 4 and all(t > 0 for t in ttls)  # nothing without an expiry
    await asyncio.sleep(0.1)
    assert await client.keys("*cool*") == []
    await client.aclose()
    await limiter.aclose()


async def test_defer_pushes_the_shared_key_back(redis_url: str) -> None:
    a = ka.RedisRateLimiter(redis_url, interval=0.05, margin=0)
    b = ka.RedisRateLimiter(redis_url, interval=0.05, margin=0)
    async with a.hold("k") as hold:
        hold.defer(0.3)
    released = now()
    async with b.hold("k"):
        assert now() - released >= 0.29
    await a.aclose()
    await b.aclose()


async def test_one_redis_waiter_per_key_per_process(redis_url: str) -> None:
    limiter = ka.RedisRateLimiter(redis_url, interval=0.02, margin=0, poll_interval=0.005)
    client = aioredis.Redis.from_url(redis_url)
    await client.config_resetstat()

    async def call() -> None:
        async with limiter.hold("k"):
            await asyncio.sleep(0.01)

    await asyncio.gather(*(call() for _ in range(20)))
    stats = await client.info("commandstats")
    scripts = sum(v["calls"] for k, v in stats.items() if k in ("cmdstat_evalsha", "cmdstat_eval"))
    # 20 acquires + 20 releases, plus a few polls each; 20 tasks all polling would be far more.
    assert scripts < 20 * 5, stats
    await client.aclose()
    await limiter.aclose()


async def test_fail_closed_when_redis_is_unreachable(fake: FakeKakaoServer) -> None:
    c = fake.add_moment_creative(ad_account_id=1)
    limiter = ka.RedisRateLimiter(
        f"redis://:hunter2@127.0.0.1:{free_port()}/0", socket_timeout=0.5, outage_timeout=0.3
    )
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, rate_limiter=limiter
    ) as kakao:
        with pytest.raises(ka.KakaoLimiterError, match="not sent") as info:
            await kakao.moment.creatives.set_config(c.id, "OFF")
        assert "hunter2" not in str(info.value)
        assert fake.on_off_calls == [] and len(fake.requests) == 0
        # Calls without a quota do not need the limiter and keep working.
        assert (await kakao.moment.creatives.get(c.id)).id == c.id
    await limiter.aclose()


async def test_redis_stopped_mid_run_loses_and_duplicates_nothing(
    fake: FakeKakaoServer, redis_server: RedisServer, redis_url: str
) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=8)
    changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
    # An outage longer than outage_timeout (a short one is ridden out: test_redis_resilience).
    limiter = ka.RedisRateLimiter(
        redis_url, interval=INTERVAL, margin=0.01, socket_timeout=0.5, outage_timeout=0.3
    )
    async with ka.KakaoClient(
        DEFAULT_TOKEN, moment_base_url=fake.base_url, rate_limiter=limiter
    ) as kakao:
        job = kakao.moment.creatives.start_set_configs(changes)
        async for progress in job.watch():
            if progress.done >= 4:
                redis_server.stop()
                break
        first = await job.result()
        failed = [r.item for r in first if not r.ok]
        assert failed and all(isinstance(r.error, ka.KakaoLimiterError) for r in first if not r.ok)
        unsent = {c.creative_id for c in failed}
        assert not unsent & {call.creative_id for call in fake.on_off_calls}  # failed = never sent
        redis_server.start()
        second = await kakao.moment.creatives.set_configs(failed)
        assert second.ok
    await limiter.aclose()
    every = [c for cs in ids.values() for c in cs]
    assert all(fake.moment_creative(c).on_off_history == ["OFF"] for c in every)  # once each
    assert fake.on_off_rejections == 0


async def test_a_killed_holder_blocks_only_until_its_hold_expires(redis_url: str) -> None:
    proc = subprocess.Popen(  # noqa: ASYNC220 - a short-lived child, read line by line
        [sys.executable, "-m", "tests.ratelimit.holder", redis_url, "crash", "user:7", "0.5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
        taken = now()
        proc.kill()
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        if proc.stdout is not None:
            proc.stdout.close()
    limiter = ka.RedisRateLimiter(redis_url, namespace="crash", interval=0.1, poll_interval=0.02)
    async with limiter.hold("user:7"):
        waited = now() - taken
    # The dead holder's hold lasts hold_timeout + interval + margin (0.5 + 0.1 + 0.01).
    assert 0.3 < waited < 3.0
    await limiter.aclose()


def test_four_processes_share_one_quota_with_zero_429s(redis_url: str) -> None:
    interval, margin = 0.5, 0.005
    accounts, per_account, workers = 2, 12, 4
    with fake_server_process(on_off_interval=interval) as url:
        seeded = asyncio.run(
            control(
                url,
                "POST",
                "/_fake/seed",
                {"adAccounts": [1, 2], "creativesPerAccount": per_account},
            )
        )
        started = time.monotonic()
        results = run_workers(
            redis_url,
            url,
            namespace="multi",
            interval=interval,
            margin=margin,
            seeded=seeded,
            workers=workers,
        )
        wall = time.monotonic() - started
        stats = asyncio.run(control(url, "GET", "/_fake/stats"))
        calls = asyncio.run(control(url, "GET", "/_fake/on-off-calls"))
    assert all(r is True for result in results for r in result)
    assert stats["onOffRejected"] == 0 and stats["onOffAccepted"] == accounts * per_account
    arrivals = on_off_arrivals(calls)
    assert min(g for gs in on_off_gaps(calls).values() for g in gs) >= interval
    first_to_last = max(t[-1] - t[0] for t in arrivals.values())
    bound = (per_account - 1) * interval
    assert first_to_last / bound < 1.10, (first_to_last, bound, wall)


async def test_a_hold_cancelled_twice_still_records_its_call_before_aclose_returns(
    redis_url: str,
) -> None:
    """``job.cancel()`` then ``client.aclose()`` cancel a call twice: the second cancellation
    lands while the hold writes its release. That release must still finish, and the limiter's
    ``aclose()`` must wait for it, or every such key stays held (closed to every process) for
    ``hold_timeout`` and the pool's connections are left open."""
    limiter = ka.RedisRateLimiter(redis_url, interval=0.05)
    entered = asyncio.Event()
    count = 0

    async def call(key: str) -> None:
        nonlocal count
        async with limiter.hold(key):
            count += 1
            if count == 50:
                entered.set()
            await asyncio.sleep(30)

    tasks = [asyncio.ensure_future(call(f"k{n}")) for n in range(50)]
    await entered.wait()
    for task in tasks:
        task.cancel()
    await asyncio.sleep(0)  # each hold is now writing its release
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await limiter.aclose()
    admin = aioredis.Redis.from_url(redis_url)
    try:
        assert [key async for key in admin.scan_iter("*:hold")] == []
        assert len([key async for key in admin.scan_iter("*:cool")]) == 50
    finally:
        await admin.aclose()
