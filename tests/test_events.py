"""Events for metrics and tracing, against the fake over loopback: each kind fires once where it
should, with the call's fields (path template, endpoint, ad account), and a broken observer
never breaks a call."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any, TypeVar

import pytest

import kakao_async as ka
from kakao_async import events as ev
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault
from tests.conftest import INTERVAL

ON_OFF = "/openapi/v4/creatives/onOff"
E = TypeVar("E")


class Recorder:
    """An observer that keeps every event."""

    def __init__(self) -> None:
        self.events: list[ev.Event] = []

    def __call__(self, event: ev.Event) -> None:
        self.events.append(event)

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]

    def kinds(self, call_id: int | None = None) -> list[str]:
        return [
            type(e).__name__
            for e in self.events
            if call_id is None or getattr(e, "call_id", None) == call_id
        ]


def client(fake: FakeKakaoServer, **options: Any) -> ka.KakaoClient:
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        retry=ka.RetryPolicy(base=0.01, cap=0.05),
        **options,
    )


@pytest.fixture
async def seen() -> Recorder:
    return Recorder()


@pytest.fixture
async def observed(fake: FakeKakaoServer, seen: Recorder) -> AsyncIterator[ka.KakaoClient]:
    """A client with ``seen`` as its observer and the fake's scaled onOff interval."""
    async with client(fake, on_off_interval=INTERVAL, observers=[seen]) as kakao:
        yield kakao


async def test_a_call_reports_start_attempt_answer_and_end_with_its_template(
    fake: FakeKakaoServer, observed: ka.KakaoClient, seen: Recorder
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    await observed.moment.creatives.get(creative)
    assert seen.kinds() == ["CallStarted", "RequestSent", "ResponseReceived", "CallEnded"]
    common = {
        "call_id": seen.events[0].call_id,  # type: ignore[union-attr]
        "endpoint": "moment.creatives.get",
        "method": "GET",
        "path": "/openapi/v4/creatives/{id}",  # the template: no creative id
        "ad_account_id": 1,
    }
    for event in seen.events:
        assert {k: getattr(event, k) for k in common} == common
    [sent] = seen.of(ev.RequestSent)
    [answer] = seen.of(ev.ResponseReceived)
    [end] = seen.of(ev.CallEnded)
    assert sent.attempt == 1
    assert (answer.attempt, answer.status, answer.error) == (1, 200, None)
    assert 0 < answer.duration <= end.duration
    assert (end.outcome, end.status, end.error, end.attempts, end.retries, end.quota_wait) == (
        "ok",
        200,
        None,
        1,
        0,
        0.0,
    )


async def test_a_retry_reports_reason_attempt_and_delay(
    fake: FakeKakaoServer, observed: ka.KakaoClient, seen: Recorder
) -> None:
    fake.fail_next(1, status=503)
    # Cut off mid-body. (A reset would be retried inside aiohttp, unseen, on a pooled connection.)
    fake.inject(Fault(kind="truncate"))
    await observed.moment.creatives.list(ad_group_id=1)
    assert seen.kinds() == [
        "CallStarted",
        *["RequestSent", "ResponseReceived", "RetryScheduled"] * 2,
        "RequestSent",
        "ResponseReceived",
        "CallEnded",
    ]
    answers = seen.of(ev.ResponseReceived)
    assert [(a.attempt, a.status, a.error) for a in answers] == [
        (1, 503, "KakaoServerError"),
        (2, None, "KakaoTransportError"),  # no complete answer
        (3, 200, None),
    ]
    retries = seen.of(ev.RetryScheduled)
    assert [(r.attempt, r.action, r.reason, r.status) for r in retries] == [
        (1, "retry", "KakaoServerError", 503),
        (2, "retry", "KakaoTransportError", None),
    ]
    assert all(0 <= r.delay <= 0.05 for r in retries)
    [end] = seen.of(ev.CallEnded)
    assert (end.outcome, end.status, end.attempts, end.retries) == ("ok", 200, 3, 2)


async def test_a_failed_call_ends_with_its_error(
    fake: FakeKakaoServer, observed: ka.KakaoClient, seen: Recorder
) -> None:
    with pytest.raises(ka.KakaoNotFoundError):
        await observed.moment.creatives.get(999)
    [end] = seen.of(ev.CallEnded)
    # Kakao says "no such creative" with HTTP 400 and detailCode 33003: the error names it.
    assert (end.outcome, end.error, end.status, end.retries) == (
        "error",
        "KakaoNotFoundError",
        400,
        0,
    )


async def test_a_quota_turn_reports_the_seconds_waited_for_it(
    fake: FakeKakaoServer, observed: ka.KakaoClient, seen: Recorder
) -> None:
    first, second = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    await asyncio.gather(
        observed.moment.creatives.set_config(first, "OFF"),
        observed.moment.creatives.set_config(second, "OFF"),
    )
    waits = seen.of(ev.ThrottledWait)
    assert len(waits) == 2
    key = observed.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
    assert {(w.quota, w.quota_key, w.endpoint, w.path) for w in waits} == {
        ("creatives.onOff", key, "moment.creatives.set_config", ON_OFF)
    }
    assert waits[0].waited < INTERVAL / 2  # the key was free
    assert waits[1].waited >= INTERVAL * 0.9  # one interval after the first call's answer
    ends = {e.call_id: e for e in seen.of(ev.CallEnded)}
    for wait in waits:
        assert ends[wait.call_id].quota_wait == wait.waited
        assert ends[wait.call_id].duration >= wait.waited
        assert seen.kinds(wait.call_id) == [
            "CallStarted",
            "ThrottledWait",
            "RequestSent",
            "ResponseReceived",
            "CallEnded",
        ]


async def test_a_quota_refusal_reports_the_feedback_to_the_limiter(
    fake: FakeKakaoServer, observed: ka.KakaoClient, seen: Recorder
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    # Another process with the same token, its own limiter, spends the quota first.
    async with client(fake, on_off_interval=INTERVAL) as other:
        await other.moment.creatives.set_config(creative, "OFF")
    assert await observed.moment.creatives.set_config(creative, "ON")
    assert fake.on_off_rejections == 1
    [refused] = seen.of(ev.RateLimited)
    assert (refused.status, refused.quota, refused.endpoint) == (
        429,
        "creatives.onOff",
        "moment.creatives.set_config",
    )
    assert refused.deferred >= INTERVAL
    assert refused.quota_key == observed.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
    [retry] = seen.of(ev.RetryScheduled)
    assert (retry.action, retry.reason, retry.status, retry.delay) == (
        "requeue",
        "KakaoRateLimitError",
        429,
        0.0,
    )
    second_wait = seen.of(ev.ThrottledWait)[1]
    assert second_wait.waited >= INTERVAL * 0.9  # the refusal kept the key closed
    assert seen.kinds() == [
        "CallStarted",
        "ThrottledWait",
        "RequestSent",
        "ResponseReceived",
        "RateLimited",
        "RetryScheduled",
        "ThrottledWait",
        "RequestSent",
        "ResponseReceived",
        "CallEnded",
    ]
    [end] = seen.of(ev.CallEnded)
    assert (end.retries, end.attempts, end.status) == (1, 2, 200)
    assert end.quota_wait == pytest.approx(sum(w.waited for w in seen.of(ev.ThrottledWait)))


async def test_chaos_429s_on_reads_show_as_answers_and_retries(
    fake: FakeKakaoServer, observed: ka.KakaoClient, seen: Recorder
) -> None:
    fake.chaos(1.0, kinds=("429",))
    with pytest.raises(ka.KakaoRateLimitError):
        await observed.moment.creatives.list(ad_group_id=1)
    fake.chaos(0)
    assert [a.status for a in seen.of(ev.ResponseReceived)] == [429] * 3
    assert {r.reason for r in seen.of(ev.RetryScheduled)} == {"KakaoRateLimitError"}
    assert not seen.of(ev.RateLimited)  # no quota, no limiter to feed back to
    [end] = seen.of(ev.CallEnded)
    assert (end.outcome, end.error, end.retries) == ("error", "KakaoRateLimitError", 2)


async def test_superseded_and_cancelled_calls_say_so(
    fake: FakeKakaoServer, observed: ka.KakaoClient, seen: Recorder
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    set_config = observed.moment.creatives.set_config
    first = asyncio.ensure_future(set_config(creative, "OFF"))
    await asyncio.sleep(0.01)  # the first holds the turn; the second waits behind it
    second = asyncio.ensure_future(set_config(creative, "ON"))
    await asyncio.sleep(0.01)
    third = asyncio.ensure_future(set_config(creative, "OFF"))
    assert list(await asyncio.gather(first, second, third)) == [True, False, True]
    outcomes = [e.outcome for e in seen.of(ev.CallEnded)]
    assert sorted(outcomes) == ["ok", "ok", "superseded"]

    fake.stall_next(1, seconds=5)
    sent = len(seen.of(ev.RequestSent))
    task = asyncio.ensure_future(observed.moment.creatives.list(ad_group_id=1))
    for _ in range(200):  # until the request is out (at most 2 s)
        if len(seen.of(ev.RequestSent)) > sent:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    last = seen.of(ev.CallEnded)[-1]
    assert (last.outcome, last.error, last.endpoint) == (
        "cancelled",
        None,
        "moment.creatives.list",
    )


async def test_bulk_jobs_report_progress_per_item_and_once_at_the_end(
    fake: FakeKakaoServer, observed: ka.KakaoClient, seen: Recorder
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    await observed.moment.creatives.get_many([*ids, 999], concurrency=2)
    await observed.moment.creatives.set_configs([(i, "OFF") for i in ids])
    jobs = seen.of(ev.JobProgress)
    get_many = [j for j in jobs if j.operation == "moment.creatives.get_many"]
    set_configs = [j for j in jobs if j.operation == "moment.creatives.set_configs"]
    assert len(get_many) + len(set_configs) == len(jobs)
    for job, total, failed in ((get_many, 4, 1), (set_configs, 3, 0)):
        assert len({j.job_id for j in job}) == 1
        assert [j.ended for j in job] == [False] * total + [True]
        assert [j.progress.done for j in job] == [*range(1, total + 1), total]
        assert (job[-1].progress.failed, job[-1].progress.eta) == (failed, 0.0)
    assert get_many[0].job_id != set_configs[0].job_id


async def test_keyword_bulk_jobs_report_progress_too(
    fake: FakeKakaoServer, observed: ka.KakaoClient, seen: Recorder
) -> None:
    ids = fake.seed_keyword(ad_account_id=1, biz_channel_id=7, count=2)
    await observed.keyword.creatives.get_many(ids)
    await observed.keyword.creatives.delete_many(ids)
    ended = [(j.operation, j.progress.done) for j in seen.of(ev.JobProgress) if j.ended]
    assert ended == [("keyword.creatives.get_many", 2), ("keyword.creatives.delete_many", 2)]
    assert {e.endpoint for e in seen.of(ev.CallEnded)} == {
        "keyword.creatives.get",
        "keyword.creatives.delete",
    }


async def test_a_broken_observer_is_logged_and_never_breaks_a_call(
    fake: FakeKakaoServer, seen: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: ev.Event) -> None:
        raise RuntimeError("metrics backend down")

    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    async with client(fake, on_off_interval=INTERVAL, observers=[broken, seen]) as kakao:
        assert (await kakao.moment.creatives.get(ids[0])).id == ids[0]
        assert (await kakao.moment.creatives.set_configs([(ids[1], "OFF")])).ok
    # The next observer still hears everything.
    assert len(seen.of(ev.CallEnded)) == 2
    assert len(seen.of(ev.JobProgress)) == 2
    failures = [r for r in caplog.records if r.name == "kakao_async.events"]
    assert len(failures) == len(seen.events)
    assert all(r.levelno == logging.ERROR and r.exc_info for r in failures)
    assert "failed on CallStarted" in failures[0].getMessage()


async def test_observers_are_added_and_removed_and_async_ones_refused(
    fake: FakeKakaoServer, seen: Recorder
) -> None:
    async def asynchronous(event: ev.Event) -> None: ...

    class AsyncCall:
        async def __call__(self, event: ev.Event) -> None: ...

    fake.seed(ad_accounts=[1], creatives_per_account=1)
    async with client(fake) as kakao:
        for wrong in (asynchronous, AsyncCall(), "print"):
            with pytest.raises(TypeError, match="plain"):
                kakao.add_observer(wrong)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="plain"):
            client(fake, observers=[asynchronous])
        await kakao.moment.creatives.list(ad_group_id=1)
        assert not seen.events
        kakao.add_observer(seen)
        await kakao.moment.creatives.list(ad_group_id=1)
        assert len(seen.of(ev.CallEnded)) == 1
        kakao.remove_observer(seen)
        await kakao.moment.creatives.list(ad_group_id=1)
        assert len(seen.of(ev.CallEnded)) == 1
        with pytest.raises(ValueError, match="not an observer"):
            kakao.remove_observer(seen)


class SameTokenAgain:
    """A provider whose refresh hands out the (still valid) token again."""

    user_key = "observer-test"

    async def token(self) -> str:
        return DEFAULT_TOKEN

    async def refresh(self, failed: object) -> str:
        return DEFAULT_TOKEN


async def test_events_carry_no_token_and_no_filled_path(
    fake: FakeKakaoServer, seen: Recorder
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    fake.fail_next(1, status=401, code=-401)
    async with ka.KakaoClient(
        SameTokenAgain(), ad_account_id=1, moment_base_url=fake.base_url, observers=[seen]
    ) as kakao:
        await kakao.moment.creatives.get(ids[0])
    [refresh] = seen.of(ev.RetryScheduled)
    assert (refresh.action, refresh.reason, refresh.status) == ("refresh", "KakaoAuthError", 401)
    text = "\n".join(map(repr, seen.events))
    assert DEFAULT_TOKEN not in text
    assert f"/{ids[0]}" not in text and "{id}" in text


async def test_a_refresh_that_cannot_happen_is_no_retry(
    fake: FakeKakaoServer, observed: ka.KakaoClient, seen: Recorder
) -> None:
    fake.fail_next(1, status=401, code=-401)
    with pytest.raises(ka.KakaoAuthError):
        await observed.moment.creatives.list(ad_group_id=1)  # a static token cannot refresh
    assert not seen.of(ev.RetryScheduled)
    [end] = seen.of(ev.CallEnded)
    assert (end.outcome, end.error, end.retries) == ("error", "KakaoAuthError", 0)


async def test_the_account_list_call_names_no_ad_account(
    fake: FakeKakaoServer, observed: ka.KakaoClient, seen: Recorder
) -> None:
    fake.seed(ad_accounts=[1], creatives_per_account=1)
    assert [a.id async for a in observed.moment.ad_accounts.list()]
    [end] = seen.of(ev.CallEnded)
    assert (end.endpoint, end.path, end.ad_account_id) == (
        "moment.ad_accounts.list",
        "/openapi/v4/adAccounts/pages",
        None,
    )
