"""Leaving the client with work in flight (issue #10.9)."""

from __future__ import annotations

import asyncio
import subprocess
import sys

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


@pytest.mark.skipif(sys.version_info < (3, 11), reason="3.10 does not count cancellations")
async def test_a_call_from_cleanup_code_still_ends_with_closed_when_the_client_closes(
    fake: FakeKakaoServer,
) -> None:
    # The task is already cancelling when it makes the call: closing the client must still say
    # "closed" for that call, and leave the task's own cancellation pending.
    fake.stall_next(1, seconds=5)
    outcome: list[object] = []
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
    ) as kakao:

        async def worker() -> None:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                try:
                    await kakao.moment.creatives.list(ad_group_id=1)
                except BaseException as exc:
                    outcome.append(type(exc))
                raise

        task = asyncio.ensure_future(worker())
        await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.sleep(0.1)  # the cleanup call is at the server
        await kakao.aclose()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert outcome == [ka.KakaoClosedError]


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


async def test_leaving_async_with_ends_every_running_job(fake: FakeKakaoServer) -> None:
    """Both kinds of job have ended when the block is left: per item, done or closed."""
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=6)
    fake.latency = (0.02, 0.04)
    changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, on_off_interval=INTERVAL
    ) as kakao:
        toggles = kakao.moment.creatives.start_set_configs(changes, skip_unchanged=True)
        # Far more reads than can finish before the block is left (seconds at this latency).
        reads = kakao.moment.creatives.start_get_many(ids[1] * 20, concurrency=1)
        async for progress in toggles.watch():
            if progress.done >= 2:
                break
    assert toggles.done() and reads.done()
    assert not toggles.cancelled() and not reads.cancelled()
    for job in (toggles, reads):
        result = await job
        assert len(result) == job.total and result.succeeded and result.failed
        assert all(isinstance(r.error, ka.KakaoClosedError) for r in result.failed)
    await settle()
    assert client_tasks() == set()


LEAVER = """
import asyncio, gc
import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

async def main():
    async with FakeKakaoServer(on_off_interval=0.2) as fake:
        ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=10)
        fake.latency = (0.05, 0.1)
        async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url,
                                  on_off_interval=0.2) as kakao:
            changes = [ka.ConfigChange(c, "OFF", ad_account_id=a)
                       for a, cs in ids.items() for c in cs]
            kakao.moment.creatives.start_set_configs(changes)
            kakao.moment.creatives.start_get_many(ids[1], concurrency=2)
            await asyncio.sleep(0.3)
        gc.collect()  # the jobs were never kept, let alone awaited

asyncio.run(main())
gc.collect()
print("exited")
"""


def test_a_program_leaving_unawaited_jobs_behind_exits_quietly() -> None:
    """No "Task was destroyed but it is pending", no "exception was never retrieved", no
    "coroutine was never awaited", no traceback: nothing on stderr at all."""
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", LEAVER], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout == "exited\n", done.stderr
    assert done.stderr == ""


@pytest.mark.parametrize(
    "start",
    [
        lambda k: k.moment.creatives.set_configs([ka.ConfigChange(1001, "OFF")]),
        lambda k: k.moment.creatives.start_set_configs([ka.ConfigChange(1001, "OFF")]),
        lambda k: k.moment.set_configs([ka.CampaignConfigChange(1, "OFF")]),
        lambda k: k.moment.campaigns.set_configs([ka.CampaignConfigChange(1, "OFF")]),
        lambda k: k.moment.creatives.get_many([1001]),
        lambda k: k.keyword.creatives.start_delete_many([1001]),
    ],
)
async def test_a_bulk_call_on_a_closed_client_raises_at_once(
    fake: FakeKakaoServer, start: object
) -> None:
    # As a single call does: a job would only report KakaoClosedError for every item.
    kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url)
    await kakao.aclose()

    async def started() -> None:
        begun = start(kakao)  # type: ignore[operator]
        if asyncio.iscoroutine(begun):
            await begun

    with pytest.raises(ka.KakaoClosedError, match="closed"):
        await started()
    assert len(fake.requests) == 0


class _NeverUnwinds:
    """A transport (README, Testing: any object with ``send`` and ``aclose``) whose exchange,
    once cancelled, never unwinds: a hung connection's cleanup."""

    def __init__(self) -> None:
        self.closes = 0

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        try:
            await asyncio.Event().wait()
        finally:
            await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        self.closes += 1


async def test_a_call_that_never_unwinds_costs_5_s_once_not_per_aclose() -> None:
    """README, Reliability: ``aclose()`` waits at most 5 s for calls to unwind. A call that
    never does made every later ``aclose()`` (a lifespan's, then ``async with``'s, then a
    signal handler's) wait its own 5 s again; the 5 s count from the first."""
    transport = _NeverUnwinds()
    kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, transport=transport)
    hung = asyncio.ensure_future(kakao.moment.creatives.get(1))
    await asyncio.sleep(0.05)
    await kakao.aclose()  # the one wait: up to 5 s
    assert transport.closes == 1 and not hung.done()
    # Well under the 5 s each of these waited before; generous for a loaded machine.
    await asyncio.wait_for(kakao.aclose(), timeout=2.5)
    await asyncio.wait_for(kakao.aclose(), timeout=2.5)
    hung.cancel()
