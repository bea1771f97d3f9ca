"""README "Bulk operations and background jobs", claim by claim, against the fake over loopback:
what a user switching many creatives relies on and that no other test pins."""

from __future__ import annotations

import asyncio
import functools
import inspect
import sys

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer, on_off_gaps
from tests.conftest import FAST_RETRY, INTERVAL, fake_client

ON_OFF = "/openapi/v4/creatives/onOff"


_client = functools.partial(fake_client, on_off_interval=INTERVAL, retry=FAST_RETRY)


async def test_one_result_per_input_in_input_order_and_every_duplicate_reports_the_sent_state(
    fake: FakeKakaoServer,
) -> None:
    # "a creative listed twice is sent once, in its last-listed state ... every item that
    # named it reports that outcome (an earlier item then has as its value the state that was
    # sent, which may differ from its own config)": also when one names it by a plain id and
    # another by the client's own account explicitly.
    a, b = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    changes = [
        ka.ConfigChange(a, "OFF"),
        (b, "OFF"),
        ka.ConfigChange(a, "ON", ad_account_id=1),
    ]
    async with _client(fake) as kakao:
        result = await kakao.moment.creatives.set_configs(changes)
    assert len(result) == 3 and result.ok and len(result.failed) == 0
    assert [r.item.creative_id for r in result] == [a, b, a]
    assert [r.value for r in result] == [ka.Config.ON, ka.Config.OFF, ka.Config.ON]
    assert len(fake.on_off_calls) == 2  # a once, in its last state
    assert fake.moment_creative(a).config == "ON"


async def test_pairs_come_back_as_creative_refs_equal_to_the_pair(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=1)
    async with _client(fake) as kakao:
        result = await kakao.moment.creatives.get_many([ids[1][0], (2, ids[2][0])])
    plain, pair = result
    assert plain.item == ids[1][0] and not isinstance(plain.item, tuple)
    assert isinstance(pair.item, ka.CreativeRef) and pair.item == (2, ids[2][0])
    assert pair.ok and pair.value.id == ids[2][0]


async def test_skip_unchanged_reads_without_quota_and_reports_skipped_items(
    fake: FakeKakaoServer,
) -> None:
    a, b = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    async with _client(fake) as kakao:
        result = await kakao.moment.creatives.set_configs(
            [(a, "ON"), (b, "OFF")], skip_unchanged=True
        )
    assert [(r.ok, r.skipped, r.value) for r in result] == [
        (True, True, ka.Config.ON),
        (True, False, ka.Config.OFF),
    ]
    # The reads are GETs; only the real change spends a quota turn.
    assert [r.method for r in fake.requests].count("GET") == 2
    assert len(fake.on_off_calls) == 1


async def test_cancelling_the_wait_for_a_result_leaves_the_job_running(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    async with _client(fake) as kakao:
        job = kakao.moment.creatives.start_set_configs([(i, "OFF") for i in ids])
        waiter = asyncio.ensure_future(job.result())
        await asyncio.sleep(0)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        assert not job.done()
        result = await job.result()
    assert result.ok and len(result) == 3
    assert all(fake.moment_creative(i).config == "OFF" for i in ids)
    assert all(gap >= INTERVAL for gaps in on_off_gaps(fake.on_off_calls).values() for gap in gaps)


async def test_watch_yields_now_then_as_items_finish_then_the_end(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    async with _client(fake) as kakao:
        job = kakao.moment.creatives.start_set_configs([(i, "OFF") for i in ids])
        seen = [progress async for progress in job.watch()]
    assert seen[0].done == 0 and seen[0].total == 3
    assert seen[-1].done == 3 and seen[-1].eta == 0.0
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert job.progress == seen[-1]  # stopped counting when the job ended


async def test_a_cancelled_job_keeps_what_finished_and_the_key_stays_usable(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=4)[1]
    async with _client(fake) as kakao:
        job = kakao.moment.creatives.start_set_configs([(i, "OFF") for i in ids])
        async for progress in job.watch():
            if progress.done >= 1:
                break
        job.cancel()
        with pytest.raises(asyncio.CancelledError):
            await job.result()
        finished = [r for r in job.results if r is not None]
        assert finished and all(r.ok for r in finished) and len(finished) < 4
        frozen = job.progress
        assert await kakao.moment.creatives.set_config(ids[-1], "ON") is True
        assert job.progress == frozen
        assert await kakao.quota_snapshot() == () or all(
            not s.in_flight and s.waiting == 0 for s in await kakao.quota_snapshot()
        )
    assert fake.on_off_rejections == 0


async def test_a_custom_job_reports_its_estimate_and_runs_its_done_callback() -> None:
    job: ka.BulkJob[str, int] = ka.BulkJob(["x", "y"])
    ended: list[bool] = []
    job.add_done_callback(lambda j: ended.append(j.done()))
    job.set_eta(lambda: 42.0)
    assert job.progress.eta == 42.0 and job.progress.total == 2

    async def work() -> None:
        job.report(0, ka.ItemResult(item="x", value=1))
        await asyncio.sleep(0)
        job.report(1, ka.ItemResult(item="y", error=LookupError("no y")))

    result = await job.start(work()).result()
    assert [type(r) for r in result] == [ka.ItemSucceeded, ka.ItemFailed]
    assert len(result.failed) == 1 and not result.ok
    assert ended == [True]
    assert job.progress.done == 2 and job.progress.failed == 1


async def test_a_done_callback_runs_for_a_job_cancelled_before_its_work_ran() -> None:
    job: ka.BulkJob[int, int] = ka.BulkJob([1, 2])
    log: list[str] = []
    job.add_done_callback(lambda j: log.append(f"done cancelled={j.cancelled()}"))

    async def work() -> None:
        log.append("ran")

    job.start(work())
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job.result()
    assert log == ["done cancelled=True"]


async def test_map_gives_each_failing_call_its_error_and_never_raises() -> None:
    async def half(n: int) -> float:
        if n == 0:
            raise ZeroDivisionError("zero")
        return 1 / n

    result = await ka.BulkJob.map(range(3), half, concurrency=2)
    assert [r.ok for r in result] == [False, True, True]
    assert isinstance(result[0].error, ZeroDivisionError)
    assert result.values() == [None, 1.0, 0.5]  # None for a failure, in input order


def test_starting_a_library_job_outside_a_running_loop_is_a_clear_runtime_error() -> None:
    kakao = ka.KakaoClient("a-token-for-this-test", ad_account_id=1)
    with pytest.raises(RuntimeError, match="running event loop"):
        kakao.moment.creatives.start_set_configs([(1, "OFF")])
    with pytest.raises(RuntimeError, match="running event loop"):
        kakao.moment.creatives.start_get_many([1])


async def test_keyword_creatives_have_get_many_and_delete_many_with_start_forms(
    fake: FakeKakaoServer,
) -> None:
    made = [fake.add_keyword_creative(ad_account_id=1, biz_channel_id=1).id for _ in range(2)]
    async with _client(fake) as kakao:
        got = await kakao.keyword.creatives.start_get_many(made, concurrency=2)
        assert got.ok and [r.value.id for r in got] == made
        deleted = await kakao.keyword.creatives.start_delete_many(made[:1])
        assert deleted.ok and len(deleted) == 1
        rest = await kakao.keyword.creatives.delete_many(made[1:])
        assert rest.ok
    assert [r.method for r in fake.requests].count("DELETE") == 2


async def test_a_call_retried_after_a_429_does_not_make_every_later_step_a_retry_after_long(
    fake: FakeKakaoServer,
) -> None:
    # README: "The ETA counts each account's remaining calls at one quota step (interval,
    # margin and the observed round trip) each." A 429 with a Retry-After of 1 s on the lane's
    # second call is waited out inside that call; the two calls left after it still take one
    # quota step each (0.1 s + margin + a loopback round trip), not 1 s each.
    retry_after = 1.0
    ids = fake.seed(ad_accounts=[1], creatives_per_account=4)[1]
    seen: list[ka.Progress] = []

    def on_progress(progress: ka.Progress) -> None:
        if progress.done == 1 and not seen:
            # Before the lane's second call: it meets someone else's use of the quota.
            fake.fail_next(1, status=429, code=-813, retry_after=retry_after, path=ON_OFF)
        seen.append(progress)

    async with _client(fake) as kakao:
        result = await kakao.moment.creatives.set_configs(
            [(i, "OFF") for i in ids], on_progress=on_progress
        )
    assert result.ok and [r.status for r in fake.requests].count(429) == 1
    after_retry = next(p for p in seen if p.done == 2)
    assert after_retry.eta is not None
    assert after_retry.eta < retry_after, after_retry


@pytest.mark.skipif(sys.version_info < (3, 11), reason="Python 3.10 cannot tell whose cancellation")
async def test_a_cancelled_error_inside_one_item_is_that_item_s_result() -> None:
    # README: "A bulk call never raises for one item's failure", and every item gets exactly
    # one result (Guarantees, "Delivery"); BulkJob.map: "an item whose call raises gets that
    # error as its result". The job itself was never cancelled.
    async def fetch(n: int) -> int:
        if n == 1:
            shared = asyncio.ensure_future(asyncio.sleep(10))
            shared.cancel()  # e.g. a shared lookup another task gave up on
            await shared
        return n

    job = ka.BulkJob.map([0, 1, 2], fetch, concurrency=3)
    result = await job.result()
    assert not job.cancelled()
    assert [r.ok for r in result] == [True, False, True]
    assert isinstance(result[1].error, asyncio.CancelledError)


async def test_an_estimate_that_raises_costs_the_eta_not_the_job(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # README: set_eta's estimate "feeds progress.eta"; the ETA is a display, and a job must
    # still give one result per item.
    seen: list[ka.Progress] = []
    job: ka.BulkJob[int, int] = ka.BulkJob([1, 2], on_progress=seen.append)
    job.set_eta(lambda: 1 / 0)

    async def work() -> None:
        job.report(0, ka.ItemResult(item=1, value=1))
        job.report(1, ka.ItemResult(item=2, value=2))

    result = await job.start(work())
    assert result.values() == [1, 2]
    assert [p.eta for p in seen] == [None, 0.0]  # unknown, then ended
    failed = [r for r in caplog.records if r.name == "kakao_async.bulk"]
    assert [r.getMessage() for r in failed] == [
        "BulkJob estimate failed; the ETA is unknown from now on"
    ]  # once: a failed estimate is not asked again


async def test_an_estimate_that_answers_no_number_costs_the_eta_not_the_job() -> None:
    # README: set_eta's estimate gives "seconds left, or None"; one that answers anything else
    # is as broken as one that raises, and the job must still give one result per item.
    seen: list[ka.Progress] = []
    job: ka.BulkJob[int, int] = ka.BulkJob([1, 2, 3], on_progress=seen.append)
    job.set_eta(lambda: "soon")  # type: ignore[arg-type, return-value]

    async def work() -> None:
        for i in range(3):  # one after another, well within the 0.1 s an estimate is kept
            job.report(i, ka.ItemResult(item=i + 1, value=i + 1))

    result = await job.start(work())
    assert result.values() == [1, 2, 3]
    assert all(p.eta is None or isinstance(p.eta, float) for p in seen)


@pytest.mark.parametrize("answer", [-5.0, float("nan")])
async def test_an_estimate_below_zero_or_nan_is_no_negative_eta(answer: float) -> None:
    job: ka.BulkJob[int, int] = ka.BulkJob([1, 2])
    job.set_eta(lambda: answer)
    eta = job.progress.eta
    assert eta is None or eta >= 0.0


def test_the_bulk_calls_take_their_options_by_keyword_with_the_documented_defaults() -> None:
    # "BulkJob.map(items, fn, concurrency=10)"; skip_unchanged is "True or False" (default:
    # send everything); every option after the items is keyword-only.
    kakao = ka.KakaoClient("a-token-for-this-test", ad_account_id=1)
    bulk_calls = [
        kakao.moment.creatives.set_configs,
        kakao.moment.creatives.start_set_configs,
        kakao.moment.creatives.get_many,
        kakao.moment.creatives.start_get_many,
        kakao.moment.set_configs,
        kakao.moment.start_set_configs,
        kakao.moment.campaigns.set_configs,
        kakao.moment.ad_groups.set_configs,
        kakao.keyword.creatives.get_many,
        kakao.keyword.creatives.delete_many,
        kakao.keyword.creatives.start_delete_many,
    ]
    for call in bulk_calls:
        first, *options = inspect.signature(call).parameters.values()
        assert first.kind is first.POSITIONAL_OR_KEYWORD, call
        assert all(p.kind is p.KEYWORD_ONLY for p in options), call
        defaults = {p.name: p.default for p in options}
        assert defaults.get("skip_unchanged", False) is False
        assert defaults.get("concurrency", 10) == 10
        assert defaults["on_progress"] is None and defaults["timeout"] is None
    mapped = inspect.signature(ka.BulkJob.map).parameters
    assert mapped["concurrency"].default == 10
    assert mapped["concurrency"].kind is inspect.Parameter.KEYWORD_ONLY
