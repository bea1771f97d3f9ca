"""The bulk ETA: its round-trip estimate never fails, whatever the samples, and it costs the
limiter no question while calls succeed."""

from __future__ import annotations

import collections

import pytest

import kakao_async as ka
from kakao_async.moment._set_configs import _typical
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import INTERVAL


def test_the_typical_round_trip_of_odd_samples_is_a_number() -> None:
    # A call the limiter let go before the lane's estimated ready time gives a negative sample
    # (seen with a Redis limiter recovering from an outage); the estimate must not raise.
    assert _typical(collections.deque([-0.02, -0.01, -0.03])) >= 0.0
    assert _typical(collections.deque()) == 0.0
    assert _typical(collections.deque([0.0, 0.0, 5.0])) == 0.0  # the outlier is ignored
    assert _typical(collections.deque([0.01, 0.02, 0.03])) == 0.02


class _CountingLimiter(ka.MemoryRateLimiter):
    """Counts the questions a bulk run asks only for its estimate."""

    asked = 0

    async def ready_in(self, key: str) -> float:
        self.asked += 1
        return await super().ready_in(key)


async def test_the_estimate_asks_the_limiter_nothing_while_calls_succeed(
    fake: FakeKakaoServer,
) -> None:
    # An await per lane (a Redis round trip per ad account) would buy only a better first
    # estimate for a key still cooling from an earlier call.
    ids = fake.seed(ad_accounts=range(1, 6), creatives_per_account=2)
    limiter = _CountingLimiter(interval=INTERVAL, margin=0.01)
    changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
    seen: list[ka.Progress] = []
    async with ka.KakaoClient(
        DEFAULT_TOKEN, moment_base_url=fake.base_url, rate_limiter=limiter
    ) as kakao:
        result = await kakao.moment.creatives.set_configs(changes, on_progress=seen.append)
    assert result.ok and limiter.asked == 0
    # Still an estimate: after the first call, its lane has one step to go. (Not "> 0 until
    # the end": a last call in flight longer than the typical trip reads 0, as it may under load.)
    assert all(p.eta is not None for p in seen) and seen[-1].eta == 0.0
    assert seen[0].eta is not None and seen[0].eta >= INTERVAL


@pytest.mark.parametrize("backend", ["memory", "redis"])
async def test_a_second_job_on_a_cooling_key_does_not_take_the_wait_for_a_round_trip(
    backend: str, request: pytest.FixtureRequest
) -> None:
    # The limiter is not asked when a run starts, so a lane's first call may wait out a key
    # still cooling from an earlier job. That wait is not a round trip: taken for one, every
    # call left was estimated at twice its cost until a second call had ended.
    interval = 0.5
    limiter: ka.QuotaLimiter = (
        ka.MemoryRateLimiter(interval=interval)
        if backend == "memory"
        else ka.RedisRateLimiter(request.getfixturevalue("redis_url"), interval=interval)
    )
    async with FakeKakaoServer(on_off_interval=interval) as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=6)[1]
        seen: list[ka.Progress] = []
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, rate_limiter=limiter
        ) as kakao:
            await kakao.moment.creatives.set_config(ids[0], "OFF")  # the key now cools
            changes = [ka.ConfigChange(c, "OFF") for c in ids[1:]]
            result = await kakao.moment.creatives.set_configs(changes, on_progress=seen.append)
        if isinstance(limiter, ka.RedisRateLimiter):
            await limiter.aclose()
    assert result.ok
    first = seen[0]
    assert first.done == 1 and first.eta is not None
    # Four calls left at one step each (about 2.04 s); the bug read about 4 s.
    assert first.eta < 3.0, first.eta
