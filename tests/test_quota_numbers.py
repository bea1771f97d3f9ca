"""README "The onOff quota, in numbers" and "Quotas", checked at the fake server with the
client's defaults: how many attempts a rejected onOff gets, how far a Retry-After pushes its
key, and a quota scoped to the app making one lane of every ad account's changes."""

from __future__ import annotations

import itertools

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

ON_OFF = "/openapi/v4/creatives/onOff"
INTERVAL = 0.05


def _client(fake: FakeKakaoServer, **options: object) -> ka.KakaoClient:
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        on_off_interval=INTERVAL,
        **options,  # type: ignore[arg-type]
    )


async def test_a_rejected_onoff_gets_five_attempts_in_all_by_default() -> None:
    """ "after RetryPolicy.rate_limit_attempts (5) attempts in all (the first and 4 retries),
    that item fails with KakaoRateLimitError"; each retry waits for the key's next turn."""
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        fake.fail_next(10, status=429, code=-813, path=ON_OFF)
        async with _client(fake) as kakao:  # the default RetryPolicy
            with pytest.raises(ka.KakaoRateLimitError) as caught:
                await kakao.moment.creatives.set_config(creative.id, "OFF")
        sent = [r for r in fake.requests if r.path == ON_OFF]
    assert not isinstance(caught.value, ka.KakaoQuotaExhaustedError)
    assert caught.value.code == -813
    assert len(sent) == 5
    # Pushed back by at least one interval each time.
    assert all(b.arrived_at - a.arrived_at >= INTERVAL for a, b in itertools.pairwise(sent))
    assert fake.moment_creative(creative.id).config == "ON"


async def test_the_default_policy_retries_a_transient_failure_three_times_in_all() -> None:
    """RetryPolicy(attempts=3): an idempotent call that keeps failing gets 3 tries."""
    async with FakeKakaoServer() as fake:
        fake.fail_next(10, status=503, code=-9798, path="/openapi/v4/creatives")
        async with _client(fake, retry=ka.RetryPolicy(base=0.01, cap=0.02)) as kakao:
            with pytest.raises(ka.KakaoServerError):
                await kakao.moment.creatives.list(ad_group_id=1)
        assert len(fake.requests) == 3


async def test_a_retry_after_beyond_300_seconds_closes_the_key_for_300() -> None:
    """A 429 whose Retry-After is at least exhausted_after (60 s) is a KakaoQuotaExhaustedError,
    never retried, and the key stays closed for what Retry-After asked: at most 300 s (a hostile
    or broken Retry-After must not park a key for hours; RetryPolicy's docstring)."""
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        fake.fail_next(1, status=429, code=-813, retry_after=3600, path=ON_OFF)
        async with _client(fake) as kakao:
            with pytest.raises(ka.KakaoQuotaExhaustedError) as caught:
                await kakao.moment.creatives.set_config(creative.id, "OFF")
            [state] = await kakao.quota_snapshot([kakao.quota_key("creatives.onOff", 1)])
        assert len(fake.requests) == 1
    assert caught.value.retry_after == 300.0
    assert 299.0 < state.ready_in <= 300.0


async def test_a_quota_scoped_to_the_app_is_one_lane_for_every_account() -> None:
    """Scope ``app``: every call of the app shares one key, so a bulk over three ad accounts
    runs as one lane, each call an interval after the last, and the fake (same scope) rejects
    none; with the declared ``user_account`` scope the accounts run side by side."""
    app = ka.Quota(name="creatives.onOff", interval=INTERVAL, scope="app")
    async with FakeKakaoServer(quotas={"creatives.onOff": app}) as fake:
        ids = fake.seed(ad_accounts=[1, 2, 3], creatives_per_account=2)
        changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
        async with _client(fake, quotas={"creatives.onOff": app}) as kakao:
            assert kakao.quota_key("creatives.onOff", 1) == "creatives.onOff:app"
            result = await kakao.moment.creatives.set_configs(changes)
        arrivals = sorted(call.arrived_at for call in fake.on_off_calls)
    assert result.ok and fake.on_off_rejections == 0
    assert len(arrivals) == 6
    assert all(b - a >= INTERVAL for a, b in itertools.pairwise(arrivals))
