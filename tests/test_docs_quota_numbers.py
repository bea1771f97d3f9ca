"""README "The onOff quota, in numbers", line by line: what tests/test_quota_numbers.py and
tests/ratelimit/test_memory.py leave unpinned, at the fake server over loopback.

Timing is read at the fake (its ``arrived_at`` stamps) and only as lower bounds, which a loaded
machine can only make larger.
"""

from __future__ import annotations

import asyncio

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer
from tests.conftest import fake_client

ON_OFF = "/openapi/v4/creatives/onOff"
INTERVAL = 0.2
MARGIN = 0.01


def test_the_bounds_in_the_text_are_the_arithmetic_they_claim() -> None:
    # "100 creatives in one account take at least 99 x 5 s = 8 min 15 s", "3 creatives in each
    # of 20 accounts ... 2 x 5 s = 10 s -- not 59 x 5 s", "at 5 s and a 30 ms round trip, 0.8 %"
    assert 99 * 5 == 8 * 60 + 15
    assert (3 - 1) * 5 == 10 and 3 * 20 - 1 == 59
    assert round(((5 + 0.01 + 0.030) / 5 - 1) * 100, 1) == 0.8


async def test_a_slow_first_call_still_leaves_a_full_interval_before_the_next_arrives() -> None:
    # "the next one starts interval + margin after the previous call's *response*": the first
    # call is held 3 intervals at the fake before it is handled (and stamped), so start-to-start
    # spacing would land the second right behind it; response-to-start spacing never does.
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        fake.stall_next(1, seconds=3 * INTERVAL, path=ON_OFF)
        async with fake_client(fake, on_off_interval=INTERVAL, on_off_margin=MARGIN) as kakao:
            first = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[0], "OFF"))
            await asyncio.sleep(0)  # the first takes the key's turn
            second = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[1], "OFF"))
            assert await first is True and await second is True
    a, b = fake.on_off_calls
    assert fake.on_off_rejections == 0
    assert b.arrived_at - a.arrived_at >= INTERVAL


async def test_a_call_rejected_with_code_minus_10_is_pushed_back_an_interval_and_retried() -> None:
    # "a 429 / -813 with HTTP 429 / code -10 (someone else spent the quota) pushes the key back
    # by at least one interval ... and the call is retried through the limiter"
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        (creative,) = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        fake.fail_next(1, status=400, code=-10, path=ON_OFF)
        async with fake_client(fake, on_off_interval=INTERVAL) as kakao:
            assert await kakao.moment.creatives.set_config(creative, "OFF") is True
        rejected, accepted = [r for r in fake.requests if r.path == ON_OFF]
    assert accepted.arrived_at - rejected.arrived_at >= INTERVAL
    assert fake.moment_creative(creative).config == "OFF"


async def test_one_accounts_call_held_at_kakao_does_not_hold_up_another_account() -> None:
    # "keys are independent: every ad account has its own lane"
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=1)
        fake.stall_next(1, seconds=30, path=ON_OFF)
        async with fake_client(fake, on_off_interval=INTERVAL) as kakao:
            held = asyncio.ensure_future(
                kakao.moment.creatives.set_config(ids[1][0], "OFF", ad_account_id=1)
            )
            while not fake.in_flight:  # noqa: ASYNC110 - the fake has no event for an arrival
                await asyncio.sleep(0.01)
            # account 2 goes through while account 1's call is still at the fake
            assert await kakao.moment.creatives.set_config(ids[2][0], "OFF", ad_account_id=2)
            assert not held.done()
            held.cancel()
            await asyncio.gather(held, return_exceptions=True)


async def test_two_clients_of_one_user_sharing_a_limiter_share_its_lane() -> None:
    # "share one limiter between clients": two clients of one token through one limiter are
    # one (user, ad account) lane, so calls made at once through both meet no 429.
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=4)[1]
        limiter = ka.MemoryRateLimiter(interval=INTERVAL, margin=MARGIN)
        async with (
            fake_client(fake, rate_limiter=limiter) as a,
            fake_client(fake, rate_limiter=limiter) as b,
        ):
            assert a.rate_limiter is b.rate_limiter
            assert a.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1) == b.quota_key(
                ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1
            )
            done = await asyncio.gather(
                *(
                    (a if i % 2 else b).moment.creatives.set_config(c, "OFF")
                    for i, c in enumerate(ids)
                )
            )
    assert done == [True] * 4
    assert fake.on_off_rejections == 0 and len(fake.on_off_calls) == 4


async def test_the_user_part_of_a_key_is_the_user_key_else_a_fingerprint_not_the_token() -> None:
    # "the user part of the key is user_key= if given, else a one-way fingerprint of the token"
    token = "a-business-token-0123456789"
    async with FakeKakaoServer(tokens=[token]) as fake:
        async with (
            fake_client(fake, token) as plain,
            fake_client(fake, token) as same,
            fake_client(fake, "another-token-9876543210") as other,
            fake_client(fake, token, user_key="team-7") as named,
        ):
            key = plain.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
            assert key == same.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
            assert key != other.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
            assert token not in key and token[:10] not in key
            assert (
                named.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1) == "creatives.onOff:team-7:1"
            )


async def test_a_retry_after_shorter_than_the_interval_still_waits_the_interval() -> None:
    # "pushes the key back by at least one interval (or Retry-After)": a Retry-After that asks
    # for less than the quota's interval does not bring the next attempt closer than that.
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        (creative,) = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        fake.fail_next(1, status=429, code=-813, retry_after=0.01, path=ON_OFF)
        async with fake_client(fake, on_off_interval=INTERVAL) as kakao:
            assert await kakao.moment.creatives.set_config(creative, "OFF") is True
        rejected, accepted = [r for r in fake.requests if r.path == ON_OFF]
    assert accepted.arrived_at - rejected.arrived_at >= INTERVAL


async def test_cancelling_a_waiting_call_frees_its_place_and_it_is_never_sent() -> None:
    # "cancelling a waiting call frees its place, a sent one counts": three calls on one key,
    # the first held at the fake; the second, still waiting for its turn, is cancelled; the
    # third goes next and the second never reaches the fake.
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        a, b, c = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
        fake.stall_next(1, seconds=3 * INTERVAL, path=ON_OFF)
        async with fake_client(fake, on_off_interval=INTERVAL) as kakao:
            first = asyncio.ensure_future(kakao.moment.creatives.set_config(a, "OFF"))
            while not fake.in_flight:  # noqa: ASYNC110 - the fake has no event for an arrival
                await asyncio.sleep(0.01)
            second = asyncio.ensure_future(kakao.moment.creatives.set_config(b, "OFF"))
            third = asyncio.ensure_future(kakao.moment.creatives.set_config(c, "OFF"))
            await asyncio.sleep(0.05)  # both are queued behind the first by now
            second.cancel()
            assert await first is True and await third is True
            assert second.cancelled()
    assert [call.creative_id for call in fake.on_off_calls] == [a, c]
    assert fake.on_off_rejections == 0
    assert fake.moment_creative(b).config == "ON"
