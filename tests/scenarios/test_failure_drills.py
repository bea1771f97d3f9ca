"""Scenario: the failure drills a team runs before trusting a bulk switch in production.
Each must end as README "Reliability" / "Guarantees" says: every item exactly one result
(applied, or a typed KakaoError), nothing applied that was reported unsent, no hang."""

from __future__ import annotations

import asyncio
import collections

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.redis_server import RedisServer
from tests.scenarios.ledger import Ledger, until_done

INTERVAL = 0.05
FAST_RETRY = ka.RetryPolicy(base=0.01, cap=0.05)


def applied(fake: FakeKakaoServer, creative_id: int) -> int:
    """How many onOff calls the fake accepted (and applied) for one creative."""
    return sum(c.creative_id == creative_id for c in fake.on_off_calls)


async def test_500s_503s_and_timeouts_during_a_bulk_switch() -> None:
    ledger = Ledger()
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[61, 62], creatives_per_account=5)
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=fake.base_url,
            on_off_interval=INTERVAL,
            retry=FAST_RETRY,
            timeout=0.5,
            observers=[ledger],
        ) as kakao:
            fake.fail_next(2, status=500, method="PUT")  # retried, then through
            fake.fail_next(1, status=503, code=-9798, method="PUT")
            fake.stall_next(3, seconds=2.0, method="PUT")  # past the call's 0.5 s deadline
            changes = [
                ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs
            ]
            result = await asyncio.wait_for(kakao.moment.creatives.set_configs(changes), 20)

        assert len(result) == len(changes)
        assert [r.item.creative_id for r in result] == [c.creative_id for c in changes]
        errors = collections.Counter(type(r.error).__name__ for r in result if not r.ok)
        assert set(errors) <= {"KakaoTimeoutError"} and errors["KakaoTimeoutError"] >= 1
        for r in result:
            if r.ok:
                assert fake.moment_creative(r.item.creative_id).config == "OFF"
            else:  # a stalled request the client gave up on is dropped by the fake, not applied
                assert applied(fake, r.item.creative_id) == 0
        assert fake.on_off_rejections == 0
        await asyncio.sleep(0)
    ledger.check()
    retried = [e for e in ledger.of(ka.events.RetryScheduled)]
    assert {e.status for e in retried} >= {500, 503}


async def test_token_expiry_mid_job_refreshes_once_and_loses_nothing() -> None:
    saved: list[str] = []
    ledger = Ledger("refresh-1")
    async with FakeKakaoServer(on_off_interval=INTERVAL, tokens=[]) as fake:
        fake.add_oauth_client(client_id="ads-app", refresh_token="refresh-1", rotate=True)
        ids = fake.seed(ad_accounts=[63, 64], creatives_per_account=4)
        tokens = ka.RefreshingToken(
            client_id="ads-app",
            refresh_token="refresh-1",
            auth_url=fake.base_url,
            on_refresh=lambda access, refresh: saved.append(refresh),  # plain strings
        )
        async with ka.KakaoClient(
            tokens,
            moment_base_url=fake.base_url,
            on_off_interval=INTERVAL,
            retry=FAST_RETRY,
            observers=[ledger],
        ) as kakao:
            job = kakao.moment.creatives.start_set_configs(
                [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
            )
            await until_done(job, 3)
            fake.expire_access_tokens()  # both accounts' next calls meet 401 together
            result = await asyncio.wait_for(job.result(), 20)

        assert result.ok and len(result) == 8, [repr(r.error) for r in result]
        assert fake.token_refreshes == 2  # first use, then one shared refresh after the 401s
        assert len(saved) == 2 and saved[-1] != "refresh-1"  # the rotated token handed over
        assert all(applied(fake, c) == 1 for cs in ids.values() for c in cs)
        assert fake.on_off_rejections == 0
    ledger.secrets.update(saved)
    ledger.check()
    refreshes = [e for e in ledger.of(ka.events.RetryScheduled) if e.action == "refresh"]
    assert 1 <= len(refreshes) <= 2  # one per account lane that met the 401


async def test_redis_stopped_mid_run_fails_closed_and_a_rerun_applies_each_once(
    redis: RedisServer,
) -> None:
    ledger = Ledger()
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[65, 66], creatives_per_account=5)
        changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
        async with ka.RedisRateLimiter(
            redis.url, namespace="drill", interval=INTERVAL, outage_timeout=0.3, socket_timeout=0.2
        ) as shared:
            async with ka.KakaoClient(
                DEFAULT_TOKEN,
                moment_base_url=fake.base_url,
                rate_limiter=shared,
                retry=FAST_RETRY,
                observers=[ledger],
            ) as kakao:
                job = kakao.moment.creatives.start_set_configs(changes)
                await until_done(job, 4)
                redis.stop()
                first = await asyncio.wait_for(job.result(), 20)
        assert len(first) == len(changes)
        failed = [r for r in first if not r.ok]
        assert failed and all(isinstance(r.error, ka.KakaoLimiterError) for r in failed)
        for r in failed:  # fail closed: reported unsent, and indeed not sent
            assert applied(fake, r.item.creative_id) == 0
        ledger.check()  # the hook saw them as calls that ended with no attempt sent
        unsent = [e for e in ledger.ended() if e.error == "KakaoLimiterError"]
        assert unsent and all(e.attempts == 0 and e.outcome == "error" for e in unsent)

        redis.start()  # back, empty; run the failed items again
        async with ka.RedisRateLimiter(redis.url, namespace="drill", interval=INTERVAL) as shared:
            async with ka.KakaoClient(
                DEFAULT_TOKEN, moment_base_url=fake.base_url, rate_limiter=shared, retry=FAST_RETRY
            ) as kakao:
                again = await kakao.moment.creatives.set_configs([r.item for r in failed])
        assert again.ok
        assert all(applied(fake, c.creative_id) == 1 for c in changes)  # each exactly once
        assert fake.on_off_rejections == 0


async def test_a_short_redis_restart_loses_nothing(redis: RedisServer) -> None:
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[67], creatives_per_account=6)[67]
        async with ka.RedisRateLimiter(
            redis.url, namespace="restart", interval=INTERVAL, outage_timeout=5.0
        ) as shared:
            async with ka.KakaoClient(
                DEFAULT_TOKEN,
                ad_account_id=67,
                moment_base_url=fake.base_url,
                rate_limiter=shared,
                retry=FAST_RETRY,
            ) as kakao:
                job = kakao.moment.creatives.start_set_configs([(c, "OFF") for c in ids])
                await until_done(job, 2)
                redis.stop()
                await asyncio.sleep(0.3)
                redis.start()
                result = await asyncio.wait_for(job.result(), 20)
        assert result.ok
        assert all(applied(fake, c) == 1 for c in ids)
        assert fake.on_off_rejections == 0


async def test_closing_the_client_mid_job_gives_every_item_a_result() -> None:
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[68, 69], creatives_per_account=5)
        kakao = ka.KakaoClient(
            DEFAULT_TOKEN, moment_base_url=fake.base_url, on_off_interval=INTERVAL, retry=FAST_RETRY
        )
        changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
        job = kakao.moment.creatives.start_set_configs(changes)
        await until_done(job, 3)
        await asyncio.wait_for(kakao.aclose(), 5)
        result = await asyncio.wait_for(job, 5)  # README: `await job` still gives one per item
        assert len(result) == len(changes)
        closed = [r for r in result if not r.ok]
        assert closed and all(isinstance(r.error, ka.KakaoClosedError) for r in closed)
        for r in result:
            if r.ok:
                assert fake.moment_creative(r.item.creative_id).config == "OFF"
        # at most the one call in flight per account may have reached Kakao among the closed
        reached = [r for r in closed if applied(fake, r.item.creative_id)]
        assert len(reached) <= 2
        with pytest.raises(ka.KakaoClosedError):  # using it after close: typed, nothing sent
            await kakao.moment.creatives.get(ids[68][0], ad_account_id=68)
        assert not [r for r in fake.requests if r.method == "GET"]


async def test_cancel_then_close_leaves_no_key_held_in_redis(redis: RedisServer) -> None:
    """README "Several processes": aclose() waits for the releases and take-backs of calls
    cancelled twice (job.cancel(), then the client's aclose()), so no key stays held."""
    import redis.asyncio as aioredis

    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[70, 71, 72], creatives_per_account=4)
        changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
        fake.latency = (0.02, 0.04)  # so that calls are in flight when the job is cancelled
        shared = ka.RedisRateLimiter(redis.url, namespace="shutdown", interval=1.0)
        kakao = ka.KakaoClient(
            DEFAULT_TOKEN, moment_base_url=fake.base_url, rate_limiter=shared, retry=FAST_RETRY
        )
        job = kakao.moment.creatives.start_set_configs(changes)
        await until_done(job, 1)
        job.cancel()
        await asyncio.wait_for(kakao.aclose(), 5)
        await asyncio.wait_for(shared.aclose(), 5)
        # 3.10 cannot tell the job's cancellation from aclose()'s in a call both cancelled: that
        # worker takes KakaoClosedError as its item's failure and ends a few turns later.
        async for _ in job.watch():
            pass
        assert job.done() and job.cancelled()
        check = aioredis.Redis.from_url(redis.url)
        try:
            held = [k async for k in check.scan_iter("shutdown:*:hold")]
        finally:
            await check.aclose()
        assert held == []
        # and the in-flight ones that reached Kakao are exactly those the fake accepted
        assert len(fake.on_off_calls) <= 3


async def test_a_revoked_business_token_mid_job_fails_the_rest_typed() -> None:
    """README "Kakao Moment business tokens": a plain token cannot be refreshed; when it stops
    working every remaining item is a KakaoAuthError (typed, no token in it), and no hang."""
    async with FakeKakaoServer(on_off_interval=INTERVAL, tokens=["business-token-1"]) as fake:
        ids = fake.seed(ad_accounts=[73], creatives_per_account=6)[73]
        async with ka.KakaoClient(
            "business-token-1",
            ad_account_id=73,
            moment_base_url=fake.base_url,
            on_off_interval=INTERVAL,
            retry=FAST_RETRY,
        ) as kakao:
            job = kakao.moment.creatives.start_set_configs([(c, "OFF") for c in ids])
            await until_done(job, 2)
            fake.revoke_token("business-token-1")
            result = await asyncio.wait_for(job.result(), 10)
        assert len(result) == 6
        failed = [r for r in result if not r.ok]
        assert failed and all(isinstance(r.error, ka.KakaoAuthError) for r in failed)
        assert all("business-token-1" not in f"{r.error!r} {r.error}" for r in failed)
        for r in result:
            assert fake.moment_creative(r.item.creative_id).config == ("OFF" if r.ok else "ON")
