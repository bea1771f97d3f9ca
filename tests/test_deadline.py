"""A call never waits past its deadline, whatever Retry-After says (issue #10.8)."""

from __future__ import annotations

import asyncio
import time

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer

ON_OFF = "/openapi/v4/creatives/onOff"
LIST = "/openapi/v4/creatives"


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [(429, -10, ka.KakaoRateLimitError), (503, -9798, ka.KakaoServerError)],
)
async def test_retry_after_beyond_the_deadline_raises_at_once(
    fake: FakeKakaoServer,
    kakao: ka.KakaoClient,
    status: int,
    code: int,
    error: type[ka.KakaoAPIError],
) -> None:
    fake.fail_next(1, status=status, code=code, retry_after=300, path=LIST)
    started = time.monotonic()
    with pytest.raises(error) as caught:
        await asyncio.wait_for(kakao.moment.creatives.list(ad_group_id=1, timeout=0.5), 5)
    assert time.monotonic() - started < 0.5
    assert caught.value.retry_after == 300
    assert len(fake.requests) == 1


async def test_a_quota_rejection_with_a_long_retry_after_is_not_waited_out(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    creative_id = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.fail_next(1, status=429, code=-813, retry_after=300, path=ON_OFF)
    with pytest.raises(ka.KakaoRateLimitError) as caught:
        await asyncio.wait_for(
            kakao.moment.creatives.set_config(creative_id, "OFF", timeout=0.5), 5
        )
    assert caught.value.retry_after == 300 and caught.value.code == -813


async def test_retries_stop_at_the_deadline(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.stall_next(3, seconds=1.0, path=LIST)
    started = time.monotonic()
    with pytest.raises(ka.KakaoTimeoutError):
        await kakao.moment.creatives.list(ad_group_id=1, timeout=0.4)
    # One deadline for the whole call, not 0.4 s per attempt.
    assert time.monotonic() - started < 0.7


async def test_waiting_for_the_quota_turn_does_not_count_against_the_deadline(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=6)[1]
    # Six calls on one key take five intervals (0.5 s); each may still only take 0.3 s itself.
    calls = [kakao.moment.creatives.set_config(c, "OFF", timeout=0.3) for c in ids]
    assert await asyncio.gather(*calls) == [True] * 6
