"""Leaving the client with work in flight (issue #10.9)."""

from __future__ import annotations

import asyncio

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import INTERVAL
from tests.test_cancellation import acquired, client_tasks, settle


async def test_closing_fails_waiting_calls_with_a_kakao_error(fake: FakeKakaoServer) -> None:
    fake.stall_next(1, seconds=5)
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, max_connections=1
    ) as kakao:
        calls = [
            asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1)) for _ in range(5)
        ]
        await asyncio.sleep(0.1)  # one call at the server, four waiting for the connection
        await kakao.aclose()
        outcomes = await asyncio.gather(*calls, return_exceptions=True)
    assert all(isinstance(o, ka.KakaoClosedError) for o in outcomes), outcomes
    await settle()
    assert client_tasks() == set() and acquired(kakao) == 0
    with pytest.raises(ka.KakaoClosedError):
        await kakao.moment.creatives.list(ad_group_id=1)


async def test_closing_keeps_finished_bulk_results_and_fails_the_rest(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=5)[1]
    kakao = ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, on_off_interval=INTERVAL
    )
    job = kakao.moment.creatives.start_set_configs([(c, "OFF") for c in ids])
    async for progress in job.watch():
        if progress.done >= 2:
            break
    await kakao.aclose()
    result = await asyncio.wait_for(job, 5)
    assert len(result) == 5
    assert [r.ok for r in result][:2] == [True, True]
    failed = result.failed
    assert failed and all(isinstance(r.error, ka.KakaoClosedError) for r in failed)
    assert len(result.succeeded) == len(fake.on_off_calls)
    await settle()
    assert client_tasks() == set()


async def test_leaving_async_with_closes_a_running_get_many(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=20)[1]
    fake.latency = (0.01, 0.02)
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
    ) as kakao:
        job = kakao.moment.creatives.start_get_many(ids, concurrency=2)
        await asyncio.sleep(0.1)
    result = await asyncio.wait_for(job, 5)
    assert len(result) == 20 and result.succeeded and result.failed
    assert all(isinstance(r.error, ka.KakaoClosedError) for r in result.failed)
    await settle()
    assert client_tasks() == set()
