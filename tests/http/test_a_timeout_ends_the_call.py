"""README "Reliability": ``timeout=`` is one deadline for the whole call, and every attempt may
use what is left of it. So an attempt that times out has spent the call's time: the call ends
with KakaoTimeoutError after that one request, it is not tried again (while a 503 or a reset,
which come back early, are retried within the same deadline)."""

from __future__ import annotations

import time

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

LIST = "/openapi/v4/creatives"


def _client(fake: FakeKakaoServer) -> ka.KakaoClient:
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        timeout=0.5,
        retry=ka.RetryPolicy(base=0.01, cap=0.02),
    )


async def test_a_stalled_attempt_ends_the_call_at_its_deadline_without_a_retry() -> None:
    async with FakeKakaoServer() as fake, _client(fake) as kakao:
        fake.stall_next(1, seconds=2, path=LIST)
        started = time.monotonic()
        with pytest.raises(ka.KakaoTimeoutError, match=r"within 0\.5s"):
            await kakao.moment.creatives.list(ad_group_id=1)
        took = time.monotonic() - started
        assert len(fake.requests) == 1
    assert 0.4 < took < 2.0


async def test_an_early_failure_is_retried_within_the_same_deadline() -> None:
    async with FakeKakaoServer() as fake, _client(fake) as kakao:
        fake.fail_next(1, status=503, code=-9798, path=LIST)
        assert await kakao.moment.creatives.list(ad_group_id=1) == []
        assert [r.status for r in fake.requests] == [503, 200]
