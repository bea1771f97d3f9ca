"""Cancelling calls and bulk jobs mid-flight leaks no task, connection or limiter slot."""

from __future__ import annotations

import asyncio

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer
from tests.conftest import INTERVAL


def acquired(kakao: ka.KakaoClient) -> int:
    transport = kakao.transport
    assert isinstance(transport, ka.AiohttpTransport)
    session = transport.session
    return 0 if session is None else len(session.connector._acquired)  # type: ignore[union-attr]


def client_tasks() -> set[asyncio.Task[object]]:
    """Tasks besides this test's, leaving out the in-process fake server's handlers."""
    return {
        t
        for t in asyncio.all_tasks()
        if t is not asyncio.current_task() and "RequestHandler" not in repr(t.get_coro())
    }


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_cancelled_call_frees_its_connection(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.stall_next(1, seconds=5)
    task = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1))
    await asyncio.sleep(0.05)
    assert acquired(kakao) == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await settle()
    assert acquired(kakao) == 0
    assert client_tasks() == set()


async def test_cancelled_on_off_call_counts_and_frees_the_key(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    fake.stall_next(1, seconds=5, path="/openapi/v4/creatives/onOff")
    task = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[0], "OFF"))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    limiter = kakao.rate_limiter
    assert isinstance(limiter, ka.MemoryRateLimiter)
    assert (
        await limiter.ready_in(kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)) > 0
    )  # sent, so it counted
    await kakao.moment.creatives.set_config(ids[1], "OFF")
    await asyncio.sleep(INTERVAL * 1.5)
    assert len(limiter) == 0 and acquired(kakao) == 0


async def test_cancelled_get_many_leaves_no_workers(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=30)[1]
    fake.latency = (0.01, 0.02)
    job = kakao.moment.creatives.start_get_many(ids, concurrency=5)
    async for progress in job.watch():
        if progress.done >= 5:
            break
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    finished = [r for r in job.results if r is not None]
    assert len(finished) >= 5 and all(r.ok for r in finished)
    await settle()
    assert client_tasks() == set()
    assert acquired(kakao) == 0
