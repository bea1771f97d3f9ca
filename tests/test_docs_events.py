"""README, "Metrics, tracing and logs": the events table read as a user, row by row, against the
fake over loopback. Each call here is checked for the pairing the table promises (one
``ResponseReceived`` per ``RequestSent``, one ``CallEnded`` last) however it ended."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterator
from typing import Any, TypeVar

import pytest

import kakao_async as ka
from kakao_async import events as ev
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault
from tests.conftest import INTERVAL, SECRETS

E = TypeVar("E")
CREATIVE = "/openapi/v4/creatives/{id}"
ON_OFF = "/openapi/v4/creatives/onOff"


class Seen:
    """An observer keeping every event, and the README's promises about one call's events."""

    def __init__(self) -> None:
        self.events: list[ev.Event] = []
        #: Set once an attempt has gone out.
        self.sent = asyncio.Event()

    def __call__(self, event: ev.Event) -> None:
        self.events.append(event)
        if isinstance(event, ev.RequestSent):
            self.sent.set()

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]

    def calls(self) -> Iterator[list[ev.Event]]:
        ids = dict.fromkeys(e.call_id for e in self.events if not isinstance(e, ev.JobProgress))
        for call_id in ids:
            yield [e for e in self.events if getattr(e, "call_id", None) == call_id]

    def ended(self) -> ev.CallEnded:
        """The one call's CallEnded, after checking the table's pairing rules for every call."""
        for call in self.calls():
            assert isinstance(call[0], ev.CallStarted)
            assert [type(e) for e in call].count(ev.CallEnded) == 1
            assert isinstance(call[-1], ev.CallEnded)
            sent = [e.attempt for e in call if isinstance(e, ev.RequestSent)]
            answered = [e.attempt for e in call if isinstance(e, ev.ResponseReceived)]
            assert sent == answered == list(range(1, len(sent) + 1))
            assert call[-1].attempts == len(sent)
            assert call[-1].retries == len([e for e in call if isinstance(e, ev.RetryScheduled)])
        ends = self.of(ev.CallEnded)
        assert len(ends) == 1
        return ends[0]


def client(fake: FakeKakaoServer, seen: Seen, **options: Any) -> ka.KakaoClient:
    options.setdefault("retry", ka.RetryPolicy(base=0.01, cap=0.02))
    options.setdefault("observers", [seen])
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        on_off_interval=INTERVAL,
        **options,
    )


@pytest.fixture
def seen() -> Seen:
    return Seen()


@pytest.fixture
def ids(fake: FakeKakaoServer) -> list[int]:
    return fake.seed(ad_accounts=[1], creatives_per_account=3)[1]


async def test_ok_call_carries_the_common_fields_and_the_path_template(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen) as kakao:
        await kakao.moment.creatives.get(ids[0])
    end = seen.ended()
    assert (end.outcome, end.error, end.status) == ("ok", None, 200)
    assert (end.attempts, end.retries) == (1, 0)
    for event in seen.events:
        assert isinstance(event, ev.CallEvent)
        assert (event.endpoint, event.method, event.path, event.ad_account_id) == (
            "moment.creatives.get",
            "GET",
            CREATIVE,
            1,
        )
    answer = seen.of(ev.ResponseReceived)[0]
    assert (answer.status, answer.error) == (200, None) and answer.duration >= 0


async def test_kakao_error_sent_with_http_400_shows_in_error_not_only_in_status(
    fake: FakeKakaoServer, seen: Seen
) -> None:
    """The README's example: a missing creative comes back as 400 with detailCode 33003."""
    async with client(fake, seen) as kakao:
        with pytest.raises(ka.KakaoNotFoundError):
            await kakao.moment.creatives.get(424242)
    answer = seen.of(ev.ResponseReceived)[0]
    assert (answer.status, answer.error) == (400, "KakaoNotFoundError")
    end = seen.ended()
    assert (end.outcome, end.error, end.status) == ("error", "KakaoNotFoundError", 400)


async def test_timeout_ends_with_an_answer_of_none_and_a_timeout_error(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen, timeout=0.3) as kakao:
        fake.stall_next(1, seconds=3)
        with pytest.raises(ka.KakaoTimeoutError):
            await kakao.moment.creatives.get(ids[0])
    answer = seen.of(ev.ResponseReceived)[0]
    assert (answer.status, answer.error) == (None, "KakaoTimeoutError")
    end = seen.ended()
    assert (end.outcome, end.error, end.status) == ("error", "KakaoTimeoutError", None)


async def test_call_status_is_the_last_answers_even_when_a_later_attempt_got_none(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    """events.CallEnded.status: "HTTP status of the last answer, None if no attempt got one";
    the OpenTelemetry span's http.response.status_code is documented as "the last answer's".
    A 503, then an attempt that timed out: the last answer was the 503."""
    async with client(fake, seen, timeout=0.5) as kakao:
        fake.fail_next(1, status=503)
        fake.stall_next(1, seconds=3)
        with pytest.raises(ka.KakaoTimeoutError):
            await kakao.moment.creatives.get(ids[0])
    assert [e.status for e in seen.of(ev.ResponseReceived)] == [503, None]
    end = seen.ended()
    assert (end.error, end.attempts, end.retries, end.status) == ("KakaoTimeoutError", 2, 1, 503)


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault(kind="reset"), ka.KakaoTransportError),
        (Fault(kind="truncate"), ka.KakaoTransportError),
    ],
)
async def test_a_dropped_or_truncated_answer_is_none_with_a_transport_error(
    fake: FakeKakaoServer, seen: Seen, ids: list[int], fault: Fault, error: type[Exception]
) -> None:
    async with client(fake, seen, retry=ka.RetryPolicy(attempts=1)) as kakao:
        fake.inject(fault)
        with pytest.raises(error):
            await kakao.moment.creatives.get(ids[0])
    answer = seen.of(ev.ResponseReceived)[0]
    assert (answer.status, answer.error) == (None, "KakaoTransportError")
    assert seen.ended().error == "KakaoTransportError"


async def test_a_refused_connection_ends_the_call_with_a_connect_error() -> None:
    seen = Seen()
    async with FakeKakaoServer() as gone:
        base = gone.base_url  # a loopback port nobody listens on once the fake has stopped
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=base,
        observers=[seen],
        retry=ka.RetryPolicy(attempts=1),
    ) as kakao:
        with pytest.raises(ka.KakaoConnectError):
            await kakao.moment.creatives.get(1)
    assert seen.of(ev.ResponseReceived)[0].status is None
    assert seen.ended().error == "KakaoConnectError"


async def test_a_body_that_is_not_json_ends_as_a_decode_error_with_its_status(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen) as kakao:
        fake.garbage_next(1)
        with pytest.raises(ka.KakaoDecodeError):
            await kakao.moment.creatives.get(ids[0])
    answer = seen.of(ev.ResponseReceived)[0]
    assert (answer.status, answer.error) == (200, "KakaoDecodeError")
    end = seen.ended()
    assert (end.outcome, end.error, end.status) == ("error", "KakaoDecodeError", 200)


async def test_a_body_over_max_response_bytes_ends_as_a_decode_error(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen, max_response_bytes=64) as kakao:
        with pytest.raises(ka.KakaoDecodeError):
            await kakao.moment.creatives.get(ids[0])
    assert seen.ended().error == "KakaoDecodeError"


async def test_a_call_cancelled_mid_attempt_is_answered_with_none_and_ends_cancelled(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen) as kakao:
        fake.stall_next(1, seconds=3)
        call = asyncio.ensure_future(kakao.moment.creatives.get(ids[0]))
        await seen.sent.wait()
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
    answer = seen.of(ev.ResponseReceived)[0]
    assert (answer.status, answer.error) == (None, "CancelledError")
    end = seen.ended()
    assert (end.outcome, end.error) == ("cancelled", None)


async def test_a_call_the_client_closed_mid_attempt_ends_with_a_closed_error(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    kakao = client(fake, seen)
    async with kakao:
        fake.stall_next(1, seconds=3)
        call = asyncio.ensure_future(kakao.moment.creatives.get(ids[0]))
        await seen.sent.wait()
    with pytest.raises(ka.KakaoClosedError):
        await call
    answer = seen.of(ev.ResponseReceived)[0]
    assert (answer.status, answer.error) == (None, "KakaoClosedError")
    assert (seen.ended().outcome, seen.ended().error) == ("error", "KakaoClosedError")


async def test_a_quota_wait_comes_after_call_started_and_is_summed_in_quota_wait(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen) as kakao:
        await kakao.moment.creatives.set_config(ids[0], "OFF")
        await kakao.moment.creatives.set_config(ids[1], "OFF")
    second = list(seen.calls())[1]
    assert [type(e).__name__ for e in second] == [
        "CallStarted",
        "ThrottledWait",
        "RequestSent",
        "ResponseReceived",
        "CallEnded",
    ]
    wait = second[1]
    assert isinstance(wait, ev.ThrottledWait)
    assert (wait.quota, wait.endpoint) == ("creatives.onOff", "moment.creatives.set_config")
    assert wait.quota_key == kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
    assert DEFAULT_TOKEN not in wait.quota_key
    assert wait.waited > 0
    end = second[-1]
    assert isinstance(end, ev.CallEnded) and end.quota_wait == wait.waited


async def test_a_quota_refusal_reports_rate_limited_then_a_requeue(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen) as kakao:
        fake.fail_next(1, status=429, code=-813, retry_after=0.2, path=ON_OFF)
        await kakao.moment.creatives.set_config(ids[0], "OFF")
    refused = seen.of(ev.RateLimited)
    assert len(refused) == 1
    assert (refused[0].quota, refused[0].status, refused[0].retry_after) == (
        "creatives.onOff",
        429,
        0.2,
    )
    assert refused[0].deferred >= 0.2
    retry = seen.of(ev.RetryScheduled)[0]
    assert (retry.attempt, retry.action, retry.reason, retry.status, retry.delay) == (
        1,
        "requeue",
        "KakaoRateLimitError",
        429,
        0,
    )
    end = seen.ended()
    assert (end.outcome, end.attempts, end.retries, end.status) == ("ok", 2, 1, 200)


async def test_a_transient_failure_reports_a_retry_with_its_backoff(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen) as kakao:
        fake.fail_next(1, status=503)
        await kakao.moment.creatives.get(ids[0])
    retry = seen.of(ev.RetryScheduled)[0]
    assert (retry.attempt, retry.action, retry.reason, retry.status) == (
        1,
        "retry",
        "KakaoServerError",
        503,
    )
    assert retry.delay > 0
    assert seen.ended().retries == 1


async def test_an_expired_token_reports_a_refresh_retry(fake: FakeKakaoServer, seen: Seen) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    fake.add_oauth_client(client_id="app", refresh_token="docs-refresh-token-1")
    tokens = ka.RefreshingToken(
        client_id="app", refresh_token="docs-refresh-token-1", auth_url=fake.base_url
    )
    async with ka.KakaoClient(
        tokens, ad_account_id=1, moment_base_url=fake.base_url, observers=[seen]
    ) as kakao:
        await kakao.moment.creatives.get(ids[0])
        fake.expire_access_tokens()
        seen.events.clear()
        await kakao.moment.creatives.get(ids[0])
    retry = seen.of(ev.RetryScheduled)[0]
    assert (retry.action, retry.reason, retry.status, retry.delay) == (
        "refresh",
        "KakaoAuthError",
        401,
        0,
    )
    assert seen.ended().outcome == "ok"


async def test_superseded_calls_end_as_superseded(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen) as kakao:
        await kakao.moment.creatives.set_config(ids[0], "OFF")  # the key's turn is now taken
        first = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[1], "ON"))
        await asyncio.sleep(0)
        await kakao.moment.creatives.set_config(ids[1], "OFF")
        await first
    outcomes = {e.call_id: e.outcome for e in seen.of(ev.CallEnded)}
    assert sorted(outcomes.values()) == ["ok", "ok", "superseded"]
    for call in seen.calls():
        end = call[-1]
        assert isinstance(end, ev.CallEnded)
        if end.outcome == "superseded":
            assert (end.error, end.attempts) == (None, 0)


async def test_a_bulk_job_reports_each_item_then_its_end_once(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen) as kakao:
        await kakao.moment.creatives.set_configs([(i, "OFF") for i in ids])
    progress = seen.of(ev.JobProgress)
    assert [p.ended for p in progress] == [False, False, False, True]
    assert {p.operation for p in progress} == {"moment.creatives.set_configs"}
    assert len({p.job_id for p in progress}) == 1
    assert [p.progress.done for p in progress] == [1, 2, 3, 3]
    assert progress[-1].progress.total == 3


async def test_a_cancelled_bulk_job_still_reports_its_end_once(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen) as kakao:
        job = kakao.moment.creatives.start_set_configs([(i, "OFF") for i in ids])
        await seen.sent.wait()
        job.cancel()
        with pytest.raises(asyncio.CancelledError):
            await job.result()
        await asyncio.sleep(0)
    ended = [p for p in seen.of(ev.JobProgress) if p.ended]
    assert len(ended) == 1 and ended[0].operation == "moment.creatives.set_configs"


async def test_no_event_carries_the_token_the_filled_path_or_the_query(
    fake: FakeKakaoServer, seen: Seen, ids: list[int]
) -> None:
    async with client(fake, seen) as kakao:
        await kakao.moment.creatives.get(ids[0])
        await kakao.moment.creatives.list(ad_group_id=1)
        await kakao.moment.creatives.set_configs([(i, "OFF") for i in ids])
    text = repr(seen.events)
    assert DEFAULT_TOKEN not in text
    assert f"/{ids[0]}" not in text
    assert "adGroupId" not in text and "?" not in text


async def test_a_raising_observer_is_logged_on_kakao_async_events_and_the_call_goes_on(
    fake: FakeKakaoServer, ids: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: ev.Event) -> None:
        raise RuntimeError("observer bug")

    seen = Seen()
    with caplog.at_level("ERROR", logger="kakao_async.events"):
        async with client(fake, seen, observers=[broken, seen]) as kakao:
            await kakao.moment.creatives.get(ids[0])
    assert seen.ended().outcome == "ok"
    records = [r for r in caplog.records if r.name == "kakao_async.events"]
    assert len(records) == 4 and {r.levelname for r in records} == {"ERROR"}


async def test_removing_an_observer_that_is_not_there_is_a_refused_argument() -> None:
    """README: ``remove_observer(on_event)`` stops it; "Every refused argument raises
    ``KakaoInputError``" (a ValueError, as before), quoting a long one only by a description:
    an observer's repr may hold anything, a token bound into a ``functools.partial`` too."""
    token = "docs-observer-token-0123456789"
    SECRETS.add(token)
    bound = functools.partial(Seen.__call__, Seen(), token)  # type: ignore[arg-type]
    async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1) as kakao:
        with pytest.raises(ka.KakaoInputError, match="is not an observer") as caught:
            kakao.remove_observer(bound)
        kakao.add_observer(bound)
        kakao.remove_observer(bound)
        with pytest.raises(ValueError, match="is not an observer"):
            kakao.remove_observer(bound)
    assert token not in str(caught.value)


async def test_the_log_line_of_a_raising_observer_does_not_quote_what_it_holds(
    fake: FakeKakaoServer, ids: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    """README: an observer that raised is logged on ``kakao_async.events``; no token appears
    in any log record. The line names the observer as an error names a refused argument, not
    by its whole repr (a partial's shows the token bound into it)."""
    token = "docs-observer-token-9876543210"
    SECRETS.add(token)

    def forward(key: str, event: ev.Event) -> None:
        raise RuntimeError("collector down")

    caplog.set_level("ERROR", logger="kakao_async.events")
    seen = Seen()
    async with client(fake, seen, observers=[functools.partial(forward, token), seen]) as kakao:
        await kakao.moment.creatives.get(ids[0])
    assert seen.ended().outcome == "ok"
    records = [r for r in caplog.records if r.name == "kakao_async.events"]
    assert len(records) == 4
    assert all(token not in r.getMessage() and "failed on" in r.getMessage() for r in records)
