"""Bulk onOff at the quota bound: spacing, overlap, 429 feedback, coalescing, progress, jobs."""

from __future__ import annotations

import asyncio
import itertools

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, on_off_arrivals, on_off_gaps
from tests.conftest import INTERVAL

ON_OFF = "/openapi/v4/creatives/onOff"


def gaps_by_account(fake: FakeKakaoServer) -> dict[int, list[float]]:
    return on_off_gaps(fake.on_off_calls)


def changes_for(ids: dict[int, list[int]], config: str = "OFF") -> list[ka.ConfigChange]:
    return [ka.ConfigChange(c, config, ad_account_id=a) for a, cs in ids.items() for c in cs]


async def test_no_two_calls_of_one_account_arrive_closer_than_the_interval_under_jitter(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.latency = (0.0, 0.03)  # up to 30 ms each way, i.e. up to 60% of the interval per trip
    ids = fake.seed(ad_accounts=range(1, 5), creatives_per_account=4)
    result = await kakao.moment.creatives.set_configs(changes_for(ids))
    assert result.ok and fake.on_off_rejections == 0
    gaps = gaps_by_account(fake)
    assert sorted(gaps) == [1, 2, 3, 4]
    assert min(g for gs in gaps.values() for g in gs) >= INTERVAL
    assert all(fake.moment_creative(c).config == "OFF" for cs in ids.values() for c in cs)


async def test_accounts_progress_in_parallel(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    ids = fake.seed(ad_accounts=range(1, 21), creatives_per_account=3)
    result = await kakao.moment.creatives.set_configs(changes_for(ids))
    assert result.ok and len(fake.on_off_calls) == 60
    # Every account's first call reaches Kakao before any account's second call: the accounts
    # run side by side, not one after another.
    by_account = on_off_arrivals(fake.on_off_calls)
    assert max(t[0] for t in by_account.values()) < min(t[1] for t in by_account.values())
    assert max(t[1] for t in by_account.values()) < min(t[2] for t in by_account.values())


@pytest.mark.parametrize(("status", "code"), [(429, -813), (429, None), (400, -10)])
async def test_quota_rejections_push_the_key_back_and_recover(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, status: int, code: int | None
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)
    fake.fail_next(2, status=status, code=code if code is not None else -813, path=ON_OFF)
    result = await kakao.moment.creatives.set_configs(changes_for(ids))
    assert result.ok
    assert [r.status for r in fake.requests] == [status, status, 200, 200, 200]
    rejected_at = fake.requests[1].arrived_at
    assert fake.requests[2].arrived_at - rejected_at >= INTERVAL


async def test_retry_after_is_honoured(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    c = fake.add_moment_creative(ad_account_id=1)
    fake.fail_next(1, status=429, code=-813, retry_after=0.3, path=ON_OFF)
    await kakao.moment.creatives.set_config(c.id, "OFF")
    first, second = fake.requests
    assert second.arrived_at - first.arrived_at >= 0.3 > INTERVAL


async def test_rate_limit_retries_are_bounded_and_reported(fake: FakeKakaoServer) -> None:
    fake.on_off_interval = 0.02
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=2)
    fake.fail_next(3, status=429, code=-813, path=ON_OFF)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        moment_base_url=fake.base_url,
        on_off_interval=0.02,
        retry=ka.RetryPolicy(rate_limit_attempts=2),
    ) as client:
        result = await client.moment.creatives.set_configs(changes_for(ids))
    assert len(result) == 4
    assert sum(isinstance(r.error, ka.KakaoRateLimitError) for r in result) == 1
    assert len(result.succeeded) == 3


async def test_another_tool_sharing_the_quota_costs_retries_not_items(
    fake: FakeKakaoServer,
) -> None:
    """Two clients with separate limiters spend one quota: 429s happen, nothing is lost."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=6)[1]
    kwargs = {"moment_base_url": fake.base_url, "on_off_interval": INTERVAL, "ad_account_id": 1}
    async with (
        ka.KakaoClient(DEFAULT_TOKEN, **kwargs) as a,
        ka.KakaoClient(DEFAULT_TOKEN, **kwargs) as b,
    ):
        results = await asyncio.gather(
            a.moment.creatives.set_configs([(i, "OFF") for i in ids[:3]]),
            b.moment.creatives.set_configs([(i, "OFF") for i in ids[3:]]),
        )
    assert all(r.ok for r in results)
    assert fake.on_off_rejections > 0  # they did collide...
    assert all(fake.moment_creative(i).on_off_history == ["OFF"] for i in ids)  # ...and recovered
    assert min(g for gs in gaps_by_account(fake).values() for g in gs) >= INTERVAL


async def test_skip_unchanged_reads_first_and_sends_only_real_changes(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    on = [fake.add_moment_creative(ad_account_id=1, config="ON").id for _ in range(3)]
    off = [fake.add_moment_creative(ad_account_id=1, config="OFF").id for _ in range(3)]
    wanted = [(i, "OFF") for i in on + off] + [(999_999, "OFF")]
    result = await kakao.moment.creatives.set_configs(wanted, skip_unchanged=True)
    assert len(fake.on_off_calls) == 3  # the three that were ON
    assert [r.skipped for r in result] == [False] * 3 + [True] * 3 + [False]
    assert [r.ok for r in result] == [True] * 6 + [False]
    assert isinstance(result[6].error, ka.KakaoNotFoundError)
    assert sum(r.method == "PUT" for r in fake.requests) == 3  # the missing one cost no quota


async def test_duplicates_coalesce_to_the_last_state(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    c = fake.add_moment_creative(ad_account_id=1, config="OFF")
    result = await kakao.moment.creatives.set_configs(
        [(c.id, "OFF"), (c.id, "ON"), (c.id, "OFF"), (c.id, "ON")]
    )
    assert fake.moment_creative(c.id).on_off_history == ["ON"]
    assert [r.item.config for r in result] == ["OFF", "ON", "OFF", "ON"]
    assert all(r.ok and r.value == "ON" for r in result)


async def test_progress_callback_counts_every_item_and_ends_at_zero_eta(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=4)
    seen: list[ka.Progress] = []
    changes = [*changes_for(ids), ka.ConfigChange(424_242, "OFF", ad_account_id=1)]
    result = await kakao.moment.creatives.set_configs(changes, on_progress=seen.append)
    assert [p.done for p in seen] == list(range(1, 10))
    assert seen[-1].failed == 1 and seen[-1].total == 9 and seen[-1].eta == 0.0
    assert len(result.failed) == 1
    # While work remained, the estimate was positive and it never grew by more than a step.
    running = [p.eta for p in seen[:-1]]
    assert all(e is not None and e > 0 for e in running)
    assert all(
        b <= a + INTERVAL for a, b in itertools.pairwise(e for e in running if e is not None)
    )


async def test_eta_predicts_a_single_account_job(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=8)
    job = kakao.moment.creatives.start_set_configs(changes_for(ids))
    first = None
    async for progress in job.watch():
        if progress.done == 1:
            first = progress
    assert first is not None and first.eta is not None
    actual = job.progress.elapsed - first.elapsed
    # 7 more calls at one interval each; the estimate knows the interval and the round trip.
    assert 0.8 < first.eta / actual < 1.25


async def test_background_job_handle(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)
    job = kakao.moment.creatives.start_set_configs(changes_for(ids))
    assert not job.done() and job.progress.total == 3
    snapshots = [p async for p in job.watch()]
    assert snapshots[-1].done == 3 and job.done()
    result = await job.result()
    assert result.ok and (await job) is result
    assert "done" in repr(job)


async def test_cancelling_a_job_keeps_finished_results_and_the_limiter_usable(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=10)[1]
    job = kakao.moment.creatives.start_set_configs([(i, "OFF") for i in ids])
    async for progress in job.watch():
        if progress.done == 2:
            break
    assert job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job.result()
    finished = [r for r in job.results if r is not None]
    assert len(finished) >= 2 and all(r.ok for r in finished)
    sent = len(fake.on_off_calls)
    assert sent in (len(finished), len(finished) + 1)  # at most the one in flight
    # The limiter is still usable and still spaces the next call.
    await kakao.moment.creatives.set_config(ids[-1], "OFF")
    assert fake.on_off_rejections == 0
    assert min(itertools.chain.from_iterable(gaps_by_account(fake).values())) >= INTERVAL


async def test_a_failing_progress_callback_does_not_break_the_job(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, caplog: pytest.LogCaptureFixture
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)

    def broken(_: ka.Progress) -> None:
        raise RuntimeError("UI went away")

    result = await kakao.moment.creatives.set_configs(changes_for(ids), on_progress=broken)
    assert result.ok
    assert "on_progress callback failed" in caplog.text


async def test_get_many_progress_and_job(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=6)[1]
    seen: list[ka.Progress] = []
    job = kakao.moment.creatives.start_get_many(ids, concurrency=2, on_progress=seen.append)
    result = await job
    assert [r.value.id for r in result if r.value] == ids
    assert [p.done for p in seen] == list(range(1, 7)) and seen[-1].eta == 0.0


async def test_watch_yields_the_final_progress_to_a_slow_consumer(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1, 2, 3], creatives_per_account=1)
    job = kakao.moment.creatives.start_set_configs(changes_for(ids))
    seen = []
    async for progress in job.watch():
        seen.append(progress.done)
        await asyncio.sleep(0.2)  # the job ends while the consumer is busy
    assert seen[-1] == 3


async def test_report_refuses_an_index_outside_the_job() -> None:
    async def work() -> None:
        with pytest.raises(IndexError):
            job.report(-1, ka.ItemResult(item=1, value=1))
        job.report(0, ka.ItemResult(item=1, value=1))

    job: ka.BulkJob[int, int] = ka.BulkJob([1])
    result = await job.start(work())
    assert result.values() == [1]


async def test_an_async_progress_callback_is_refused_before_anything_is_sent(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    async def report(progress: ka.Progress) -> None:
        pass

    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)
    with pytest.raises(TypeError, match="not async"):
        kakao.moment.creatives.start_set_configs(changes_for(ids), on_progress=report)
    assert len(fake.requests) == 0 and len(kakao._requester.latest) == 0
