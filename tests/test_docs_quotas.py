"""README "Quotas", the claims no other test pins, against the fake over loopback: a key closed
by a long Retry-After keeps Kakao unasked for that long (and the wait is not the call's
timeout), -10 is a plain throttle unless listed, a bulk lane stops at an exhausted key while
other accounts go on, and the quota state costs no request."""

from __future__ import annotations

import functools

import attrs
import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, on_off_gaps
from tests.conftest import FAST_RETRY, INTERVAL, fake_client

ON_OFF = "/openapi/v4/creatives/onOff"


_client = functools.partial(fake_client, on_off_interval=INTERVAL, retry=FAST_RETRY)


async def test_a_key_closed_by_retry_after_is_not_asked_again_before_it_and_the_wait_is_free(
    fake: FakeKakaoServer,
) -> None:
    # "The key then stays closed for what Retry-After asked ...: the next call on it waits
    # that long for its quota turn (a wait that, like every quota wait, does not count against
    # timeout=), so Kakao is not asked again before it said to."
    retry_after = 1.0
    first, second = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    fake.fail_next(1, status=429, code=-813, retry_after=retry_after, path=ON_OFF)
    policy = ka.RetryPolicy(base=0.01, cap=0.05, exhausted_after=retry_after / 2)
    async with _client(fake, retry=policy) as kakao:
        with pytest.raises(ka.KakaoQuotaExhaustedError) as caught:
            await kakao.moment.creatives.set_config(first, "OFF")
        assert caught.value.retry_after == retry_after
        (state,) = await kakao.quota_snapshot()
        assert state.ready_in > retry_after / 2 and state.rejections == 1
        # A timeout far shorter than the key's closing: the quota wait does not count.
        assert await kakao.moment.creatives.set_config(second, "OFF", timeout=0.2) is True
    refused, accepted = (r for r in fake.requests if r.path == ON_OFF)
    assert (refused.status, accepted.status) == (429, 200)
    assert accepted.arrived_at - refused.arrived_at >= retry_after


async def test_minus_10_is_waited_out_like_a_429_unless_it_is_listed(
    fake: FakeKakaoServer,
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.fail_next(1, status=400, code=-10, path=ON_OFF)
    async with _client(fake) as kakao:
        assert await kakao.moment.creatives.set_config(creative, "OFF") is True
    refused, accepted = (r for r in fake.requests if r.path == ON_OFF)
    assert (refused.status, accepted.status) == (400, 200)
    # Retried through the limiter: a quota step after the refusal, not a backoff.
    assert accepted.arrived_at - refused.arrived_at >= INTERVAL

    fake.fail_next(1, status=400, code=-10, path=ON_OFF)
    listed = ka.RetryPolicy(exhausted_codes={-10})
    async with _client(fake, retry=listed) as strict:
        with pytest.raises(ka.KakaoQuotaExhaustedError) as caught:
            await strict.moment.creatives.set_config(creative, "ON")
    assert caught.value.code == -10
    assert [r.status for r in fake.requests if r.path == ON_OFF] == [400, 200, 400]


async def test_a_long_retry_after_in_a_bulk_lane_fails_the_rest_of_its_key_unsent(
    fake: FakeKakaoServer,
) -> None:
    # "in a bulk job, the rest of that quota key's items fail with it, unsent": here for a
    # Retry-After over exhausted_after (not only code -11); the other account's lane goes on.
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=3)
    fake.fail_next(1, status=429, code=-813, retry_after=120, path=ON_OFF)
    changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
    async with _client(fake) as kakao:
        result = await kakao.moment.creatives.set_configs(changes)
    failed = result.failed
    assert len(failed) == 3 and len({f.item.ad_account_id for f in failed}) == 1
    assert all(isinstance(f.error, ka.KakaoQuotaExhaustedError) for f in failed)
    assert all(f.error.retry_after == 120 for f in failed)  # type: ignore[union-attr]
    sent_by_account: dict[str | None, int] = {}
    for request in fake.requests:
        if request.path == ON_OFF:
            sent_by_account[request.ad_account_id] = (
                sent_by_account.get(request.ad_account_id, 0) + 1
            )
    assert sorted(sent_by_account.values()) == [1, 3]
    assert all(gap >= INTERVAL for gaps in on_off_gaps(fake.on_off_calls).values() for gap in gaps)


async def test_the_quota_state_sends_nothing_and_is_frozen(fake: FakeKakaoServer) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    async with _client(fake) as kakao:
        await kakao.moment.creatives.set_config(creative, "OFF")
        before = len(fake.requests)
        key = kakao.quota_key("creatives.onOff", 1)
        states = await kakao.quota_snapshot()
        named = await kakao.quota_snapshot(iter([key]))  # any iterable of keys
        assert len(fake.requests) == before
        assert [s.key for s in states] == [key] and [s.key for s in named] == [key]
        (state,) = states
        assert (state.quota, state.interval) == ("creatives.onOff", INTERVAL)
        assert not state.in_flight and state.waiting == 0 and state.rejections == 0
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            state.waiting = 1  # type: ignore[misc]
        for single in (key, key.encode()):
            with pytest.raises(ka.KakaoInputTypeError, match="single"):
                await kakao.quota_snapshot(single)  # type: ignore[arg-type]


async def test_a_scope_set_by_quota_changes_the_key_quota_key_gives(
    fake: FakeKakaoServer,
) -> None:
    shared = ka.Quota(name="creatives.onOff", interval=INTERVAL, scope="account")
    async with _client(fake, on_off_interval=None, quotas={"creatives.onOff": shared}) as kakao:
        assert kakao.quota_key("creatives.onOff", 1234) == "creatives.onOff:1234"
        # A Quota passed in is looked up by its name: the key is the client's, whatever the
        # scope the object itself declares.
        assert kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1234) == "creatives.onOff:1234"


@pytest.mark.parametrize(
    ("retry_after", "error"),
    [(59.0, ka.KakaoRateLimitError), (60.0, ka.KakaoQuotaExhaustedError)],
)
async def test_the_default_policy_takes_a_retry_after_of_60_s_for_an_exhausted_quota(
    fake: FakeKakaoServer, retry_after: float, error: type[ka.KakaoRateLimitError]
) -> None:
    # "for any rate-limit answer whose Retry-After asks for at least exhausted_after= seconds
    # (a RetryPolicy setting, default 60)": through a client built with no retry= at all. A
    # 59 s one is a throttle, raised at once as longer than the call has left.
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.fail_next(1, status=429, code=-813, retry_after=retry_after, path=ON_OFF)
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, on_off_interval=INTERVAL
    ) as kakao:
        with pytest.raises(error) as caught:
            await kakao.moment.creatives.set_config(creative, "OFF", timeout=5)
    assert type(caught.value) is error and caught.value.retry_after == retry_after
    assert len(fake.requests) == 1
