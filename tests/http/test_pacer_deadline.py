"""README, Reliability, Timeouts: "Waiting for the quota turn itself, and for
max_requests_per_second=, does not count" against a call's ``timeout``. The quota'd calls are
pinned in test_token_wait.py; these are the calls without a quota (GET, DELETE), and retries."""

from __future__ import annotations

import asyncio

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import INTERVAL

GUARD = 10.0  # only keeps a broken build from hanging the suite


async def test_the_pacer_wait_of_a_call_without_a_quota_does_not_count(
    fake: FakeKakaoServer,
) -> None:
    # Four GETs at once behind a pacer of 2 per second: the third and fourth wait ~0.5 s and
    # ~1 s for it, longer than their 0.3 s timeout, which only their own exchange counts.
    ids = fake.seed(ad_accounts=[1], creatives_per_account=4)[1]
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, max_requests_per_second=2
    ) as kakao:
        calls = [kakao.moment.creatives.get(i, timeout=0.3) for i in ids]
        got = await asyncio.wait_for(asyncio.gather(*calls, return_exceptions=True), GUARD)
    assert [getattr(c, "id", c) for c in got] == ids


async def test_the_pacer_wait_before_a_retry_does_not_count_either(fake: FakeKakaoServer) -> None:
    # Each call fails once (503) and is retried at once; the retries queue behind the pacer
    # (2 per second) for up to ~1.5 s, far past the calls' 0.4 s.
    seeded = fake.seed(ad_accounts=[1, 2], creatives_per_account=1)
    policy = ka.RetryPolicy(base=0, cap=0)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        on_off_interval=INTERVAL,
        max_requests_per_second=2,
        retry=policy,
    ) as kakao:
        fake.fail_next(4, status=503)
        calls = [
            *(
                kakao.moment.creatives.get(ids[0], ad_account_id=a, timeout=0.4)
                for a, ids in seeded.items()
            ),
            *(
                kakao.moment.creatives.set_config(ids[0], "OFF", ad_account_id=a, timeout=0.4)
                for a, ids in seeded.items()
            ),
        ]
        got = await asyncio.wait_for(asyncio.gather(*calls, return_exceptions=True), GUARD)
    assert [type(g).__name__ for g in got] == ["DisplayCreative"] * 2 + ["bool"] * 2
