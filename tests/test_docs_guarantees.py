"""README "Guarantees", "Spacing at the server": who shares a quota, and what one shared
``rate_limiter=`` buys clients of different users, checked at the fake (its arrivals and 429s)."""

from __future__ import annotations

import asyncio
import functools
import itertools

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, on_off_gaps
from tests.conftest import FAST_RETRY, fake_client

INTERVAL = 0.1
OTHER_TOKEN = "second-user-token"
QUOTAS = {"reports.account": INTERVAL, "creatives.onOff": INTERVAL}


_client = functools.partial(fake_client, quotas=QUOTAS, retry=FAST_RETRY)


async def test_users_sharing_one_limiter_never_meet_a_429_on_an_account_quota() -> None:
    # "quotas scoped to an ad account or to the app (the reports) are shared by every user, so
    # clients of different users in one process must be given one rate_limiter=".
    async with FakeKakaoServer(quotas=QUOTAS, tokens=[DEFAULT_TOKEN, OTHER_TOKEN]) as fake:
        limiter = ka.MemoryRateLimiter(interval=INTERVAL)
        async with (
            _client(fake, DEFAULT_TOKEN, rate_limiter=limiter) as first,
            _client(fake, OTHER_TOKEN, rate_limiter=limiter) as second,
        ):
            reports = await asyncio.gather(
                *(k.moment.reports.ad_account(date_preset="TODAY") for k in (first, second) * 2)
            )
        assert len(reports) == 4
        assert fake.report_rejections == 0
        arrivals = [call.arrived_at for call in fake.report_calls]
        assert len(arrivals) == 4
        assert all(b - a >= INTERVAL for a, b in itertools.pairwise(arrivals))


async def test_users_with_their_own_limiters_meet_a_429_that_is_retried() -> None:
    # "... or their reports can meet a 429. A 429 caused by someone else ... pushes the key
    # back and is retried." (A longer interval: both first calls surely arrive within it.)
    wide = {**QUOTAS, "reports.account": 0.5}
    async with FakeKakaoServer(quotas=wide, tokens=[DEFAULT_TOKEN, OTHER_TOKEN]) as fake:
        async with (
            _client(fake, DEFAULT_TOKEN, quotas=wide) as first,
            _client(fake, OTHER_TOKEN, quotas=wide) as second,
        ):
            reports = await asyncio.gather(
                first.moment.reports.ad_account(date_preset="TODAY"),
                second.moment.reports.ad_account(date_preset="TODAY"),
            )
        assert len(reports) == 2
        assert fake.report_rejections >= 1
        assert len(fake.report_calls) == 2


async def test_a_per_user_quota_needs_no_shared_limiter() -> None:
    # "Each client builds its own limiter unless given rate_limiter=, which is enough for
    # per-(user, account) quotas": two users switching creatives of one account at once.
    async with FakeKakaoServer(quotas=QUOTAS, tokens=[DEFAULT_TOKEN, OTHER_TOKEN]) as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=6)[1]
        async with _client(fake, DEFAULT_TOKEN) as first, _client(fake, OTHER_TOKEN) as second:
            results = await asyncio.gather(
                first.moment.creatives.set_configs([(i, "OFF") for i in ids[:3]]),
                second.moment.creatives.set_configs([(i, "OFF") for i in ids[3:]]),
            )
        assert all(result.ok for result in results)
        assert fake.on_off_rejections == 0
        for user in {call.user for call in fake.on_off_calls}:
            calls = [call for call in fake.on_off_calls if call.user == user]
            assert len(calls) == 3
            assert all(gap >= INTERVAL for gaps in on_off_gaps(calls).values() for gap in gaps)
