"""The fake's chaos mode: its quota refusals look like the fake's own."""

from __future__ import annotations

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer


async def test_a_chaos_429_carries_the_fakes_quota_detail_code(fake: FakeKakaoServer) -> None:
    fake.add_moment_creative(ad_account_id=1, id=5)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        on_off_interval=0.01,  # faster than the fake (0.1 s): its own 429 comes back
        retry=ka.RetryPolicy(rate_limit_attempts=1),
    ) as kakao:
        await kakao.moment.creatives.set_config(5, "OFF")
        with pytest.raises(ka.KakaoRateLimitError) as own:
            await kakao.moment.creatives.set_config(5, "ON")
        fake.chaos(1.0, kinds=["429"])
        with pytest.raises(ka.KakaoRateLimitError) as chaos:
            await kakao.moment.creatives.get(5)
    # Not 31001, a deleted campaign's code, which would read as "not found" to a user's checks.
    assert chaos.value.detail_code == own.value.detail_code
    assert chaos.value.code == -813
