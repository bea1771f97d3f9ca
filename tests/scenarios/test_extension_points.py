"""A platform team plugging its own pieces into kakao_async, through documented names only.

Every piece README and docs/reference.md say can be replaced is replaced here as a user would:
a `Transport` over httpx (against the fake over loopback), a `QuotaLimiter` over a dict and one
wrapping `MemoryRateLimiter`, a `TokenProvider` reading a store, observers, `RetryPolicy`
variants, `quotas=` with `ka.Quota`s, and `BulkJob` (`map` with `stop_on`, `start(work)`).
Where README and behaviour differ, the test is a strict xfail naming the defect (extend33).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
import traceback
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import httpx
import pytest

import kakao_async as ka
from kakao_async import events
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, on_off_gaps
from tests.conftest import FAST_RETRY, INTERVAL

# --------------------------------------------------------------------------- a Transport


class HttpxTransport:
    """A `ka.Transport` over `httpx.AsyncClient`, as the `Transport` protocol describes it:
    `KakaoConnectError` when no connection was made, `KakaoTimeoutError` when no complete
    answer came back in `request.timeout`, `KakaoTransportError` for any other failure, and
    any answer that came back returned as is.

    ``plain_headers``: hand back the headers as a plain dict (httpx lower-cases their names, as
    HTTP/2 does). ``honour_timeout=False``: a transport that forgot `request.timeout` (the
    client's own httpx timeout is off)."""

    def __init__(self, *, plain_headers: bool = False, honour_timeout: bool = True) -> None:
        self.client = httpx.AsyncClient(follow_redirects=False, timeout=None)
        self.plain_headers = plain_headers
        self.honour_timeout = honour_timeout
        self.sent: list[ka.HttpRequest] = []

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        self.sent.append(request)
        what = f"{request.method} {request.path}"
        try:
            answer = await self.client.request(
                request.method,
                request.url,
                headers=dict(request.headers),
                params=list(request.params),
                content=request.body,
                timeout=request.timeout if self.honour_timeout else None,
            )
        except httpx.ConnectError as exc:
            raise ka.KakaoConnectError(f"{what}: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise ka.KakaoTimeoutError(f"{what}: no answer within {request.timeout:g}s") from exc
        except httpx.TransportError as exc:
            raise ka.KakaoTransportError(f"{what}: {exc}") from exc
        headers = dict(answer.headers) if self.plain_headers else answer.headers
        return ka.HttpResponse(answer.status_code, headers, answer.content)

    async def aclose(self) -> None:
        await self.client.aclose()


def on_fake(fake: FakeKakaoServer, token: Any = DEFAULT_TOKEN, **options: Any) -> ka.KakaoClient:
    options.setdefault("retry", FAST_RETRY)
    return ka.KakaoClient(
        token,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        on_off_interval=INTERVAL,
        **options,
    )


def test_an_httpx_transport_fits_the_transport_protocol() -> None:
    transport = HttpxTransport()
    try:
        assert isinstance(transport, ka.Transport)
    finally:
        asyncio.run(transport.aclose())


async def test_an_httpx_transport_gets_retries_errors_deadlines_and_quota_as_readme_says(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=3)
    one, two = ids[1], ids[2]
    transport = HttpxTransport()
    async with on_fake(fake, transport=transport) as kakao:
        assert (await kakao.moment.creatives.get(one[0])).id == one[0]

        # A 503 and a dropped connection are retried (README "Reliability", "Retries").
        fake.fail_next(1, status=503, code=-9798)
        fake.reset_next(1)
        assert (await kakao.moment.creatives.get(one[1])).id == one[1]

        # Kakao's error keeps its code and detailCode.
        with pytest.raises(ka.KakaoNotFoundError) as missing:
            await kakao.moment.creatives.get(999_999)
        assert missing.value.code is not None and missing.value.detail_code == 33003

        # A stalled answer ends in KakaoTimeoutError at the call's timeout, not the stall's end.
        fake.stall_next(1, seconds=2.0)
        started = time.monotonic()
        with pytest.raises(ka.KakaoTimeoutError):
            await kakao.moment.creatives.get(one[2], timeout=0.4)
        assert time.monotonic() - started < 1.2

        # Quota'd bulk through the custom transport: every item applied, no 429 at the server.
        result = await kakao.moment.creatives.set_configs(
            [ka.ConfigChange(i, "OFF", ad_account_id=a) for a, cs in ids.items() for i in cs]
        )
        assert result.ok and len(result) == 6
        assert fake.on_off_rejections == 0
        assert all(g >= INTERVAL for gaps in on_off_gaps(fake.on_off_calls).values() for g in gaps)
        assert all(fake.moment_creative(i).config == "OFF" for i in one + two)
    # The client closed the transport it was given.
    assert transport.client.is_closed


async def test_a_refused_connection_through_a_custom_transport_is_a_connect_error_and_retried(
    fake: FakeKakaoServer,
) -> None:
    """README: a `KakaoConnectError` sent nothing, so its quota turn is handed back and even a
    create is tried again; a transport that raises it gets that treatment."""
    fake.seed(ad_accounts=[1], creatives_per_account=1)
    closed = FakeKakaoServer()
    await closed.start()
    dead_url = closed.base_url
    await closed.stop()
    transport = HttpxTransport()
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=dead_url,
        keyword_base_url=dead_url,
        transport=transport,
        retry=ka.RetryPolicy(attempts=2, base=0.01, cap=0.02),
    ) as kakao:
        with pytest.raises(ka.KakaoConnectError):
            await kakao.moment.creatives.get(1001, timeout=5)
        assert len(transport.sent) == 2  # tried again once, as attempts=2 allows
        # A create (never retried once sent) is tried again after a refused connection.
        with pytest.raises(ka.KakaoConnectError):
            await kakao.keyword.creatives.create(
                biz_channel_id=1, name="n", title="t", description="d", timeout=5
            )
        assert [r.method for r in transport.sent[2:]] == ["POST", "POST"]


class EarlyTimeoutOnce:
    """A transport whose first exchange raises `KakaoTimeoutError` early (its own read timeout)."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        self.sent += 1
        if self.sent == 1:
            raise ka.KakaoTimeoutError(f"{request.method} {request.path}: read timed out")
        body = b'{"content": []}' if request.method == "GET" else b""
        return ka.HttpResponse(200, {}, body)

    async def aclose(self) -> None:
        pass


@pytest.mark.parametrize("quota_d", [False, True], ids=["get", "onOff"])
async def test_an_early_kakao_timeout_error_from_a_custom_transport_is_retried(
    quota_d: bool,
) -> None:
    """README "Retries": a custom transport that raises `KakaoTimeoutError` before the deadline
    has it retried like a dropped connection, within what is left."""
    transport = EarlyTimeoutOnce()
    seen: list[events.Event] = []
    async with ka.KakaoClient(
        "tok-extend33-early",
        ad_account_id=1,
        transport=transport,
        observers=[seen.append],
        on_off_interval=0.05,
        retry=FAST_RETRY,
    ) as kakao:
        if quota_d:
            assert await kakao.moment.creatives.set_config(1111, "OFF", timeout=5) is True
        else:
            assert await kakao.moment.creatives.list(ad_group_id=1, timeout=5) == []
    assert transport.sent == 2
    retried = [e for e in seen if isinstance(e, events.RetryScheduled)]
    assert [e.reason for e in retried] == ["KakaoTimeoutError"]


async def test_retry_after_sent_in_lower_case_by_a_custom_transport_is_honoured(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    transport = HttpxTransport(plain_headers=True)
    async with on_fake(fake, transport=transport) as kakao:
        # README "A limit that will not clear in seconds": a Retry-After of at least
        # exhausted_after (60 s) is a KakaoQuotaExhaustedError, raised at once, never retried.
        fake.fail_next(1, status=429, code=-813, retry_after=90)
        with pytest.raises(ka.KakaoQuotaExhaustedError) as exhausted:
            await kakao.moment.creatives.set_config(ids[0], "OFF", timeout=5)
    assert exhausted.value.retry_after == 90
    assert len(transport.sent) == 1


async def test_retry_after_in_a_mock_transport_answer_is_read_whatever_its_letter_case() -> None:
    body = b'{"code": -813, "msg": "too many requests", "detailCode": 0}'
    mock = ka.MockTransport(lambda request: ka.HttpResponse(429, {"retry-after": "90"}, body))
    async with ka.KakaoClient(
        "<token>", ad_account_id=1, transport=mock, on_off_interval=0.01, retry=FAST_RETRY
    ) as offline:
        with pytest.raises(ka.KakaoQuotaExhaustedError):
            await offline.moment.creatives.set_config(1111, "OFF", timeout=5)
    assert len(mock.requests) == 1


async def test_retry_after_in_the_usual_letter_case_is_honoured_through_httpx_headers(
    fake: FakeKakaoServer,
) -> None:
    """The same transport handing back httpx's own (case-insensitive) Headers works."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    transport = HttpxTransport()
    async with on_fake(fake, transport=transport) as kakao:
        fake.fail_next(1, status=429, code=-813, retry_after=90)
        with pytest.raises(ka.KakaoQuotaExhaustedError):
            await kakao.moment.creatives.set_config(ids[0], "OFF", timeout=5)
    assert len(transport.sent) == 1


async def test_a_custom_transport_that_ignores_request_timeout_still_ends_at_the_deadline(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    async with on_fake(fake, transport=HttpxTransport(honour_timeout=False)) as kakao:
        fake.stall_next(1, seconds=2.5)
        started = time.monotonic()
        with pytest.raises(ka.KakaoTimeoutError):
            await kakao.moment.creatives.get(ids[0], timeout=0.4)
        assert time.monotonic() - started < 1.5


async def _echoing_server() -> tuple[asyncio.Server, str]:
    """A broken server on loopback that answers with a status line quoting the request's
    Authorization header (the case README's scrubbing of aiohttp's error text is for)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        auth = next(line for line in head.split(b"\r\n") if line.lower().startswith(b"authoriz"))
        writer.write(b"HTTP/1.1 " + auth + b"\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}"


async def test_a_custom_transport_error_quoting_an_echoed_token_is_scrubbed() -> None:
    token = "tok-extend33-ECHOED-1234567890"
    server, url = await _echoing_server()
    try:
        async with ka.KakaoClient(
            token,
            ad_account_id=1,
            moment_base_url=url,
            transport=HttpxTransport(),
            retry=ka.RetryPolicy(attempts=1),
        ) as kakao:
            with pytest.raises(ka.KakaoTransportError) as dropped:
                await kakao.moment.creatives.get(1001, timeout=5)
    finally:
        server.close()
        await server.wait_closed()
    shown = "".join(traceback.format_exception(dropped.value))
    assert "illegal status line" in shown  # the error does say what happened
    assert "ECHOED" not in shown and token not in repr(dropped.value)


async def test_the_cause_behind_a_custom_transports_error_is_scrubbed() -> None:
    """What the library does scrub: the httpx error kept as the cause (`from exc`)."""
    token = "tok-extend33-ECHOED-1234567890"

    class Terse(HttpxTransport):
        async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
            try:
                return await super().send(request)
            except ka.KakaoTransportError as exc:
                raise ka.KakaoTransportError("the connection dropped") from exc.__cause__

    server, url = await _echoing_server()
    try:
        async with ka.KakaoClient(
            token,
            ad_account_id=1,
            moment_base_url=url,
            transport=Terse(),
            retry=ka.RetryPolicy(attempts=1),
        ) as kakao:
            with pytest.raises(ka.KakaoTransportError) as dropped:
                await kakao.moment.creatives.get(1001, timeout=5)
    finally:
        server.close()
        await server.wait_closed()
    assert "ECHOED" not in "".join(traceback.format_exception(dropped.value))


# --------------------------------------------------------------------------- a QuotaLimiter


class DictHold:
    """A `ka.ratelimit.Hold`: `defer` only, as 0.2's holds (no `finish_by`, no `unused`)."""

    def __init__(self) -> None:
        self.deferred = 0.0

    def defer(self, seconds: float) -> None:
        self.deferred = max(self.deferred, seconds)


class DictLimiter:
    """A `QuotaLimiter` over a dict: per key a lock (one call in flight, arrival order) and the
    `time.monotonic()` its next call may start, `interval + margin` after the previous end (or
    what `defer` asked). Optional misbehaviour for the tests below."""

    def __init__(
        self,
        *,
        interval: float = 5.0,
        margin: float = 0.01,
        enter_error: BaseException | None = None,
        exit_error: BaseException | None = None,
        enter_delay: float = 0.0,
    ) -> None:
        self._interval, self._margin = interval, margin
        self.locks: dict[str, asyncio.Lock] = {}
        self.next_at: dict[str, float] = {}
        self.turns: list[tuple[str, str | None]] = []
        self.deferred: list[float] = []
        self.enter_error, self.exit_error, self.enter_delay = enter_error, exit_error, enter_delay

    @property
    def interval(self) -> float:
        return self._interval

    @property
    def margin(self) -> float:
        return self._margin

    @contextlib.asynccontextmanager
    async def hold(
        self, key: str, *, quota: ka.Quota | None = None, deadline: float | None = None
    ) -> AsyncIterator[DictHold]:
        lock = self.locks.setdefault(key, asyncio.Lock())
        async with lock:
            if self.enter_delay:
                await asyncio.sleep(self.enter_delay)
            if self.enter_error is not None:
                raise self.enter_error
            wait = self.next_at.get(key, 0.0) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self.turns.append((key, None if quota is None else quota.name))
            hold = DictHold()
            try:
                yield hold
            finally:
                interval = self._interval if quota is None else quota.interval
                spacing = max(interval + self._margin, hold.deferred)
                self.next_at[key] = time.monotonic() + spacing
                if hold.deferred:
                    self.deferred.append(hold.deferred)
            if self.exit_error is not None:
                raise self.exit_error

    async def ready_in(self, key: str) -> float:
        return max(0.0, self.next_at.get(key, 0.0) - time.monotonic())

    async def snapshot(self, keys: Iterable[str] | None = None) -> tuple[ka.QuotaKeyState, ...]:
        states = []
        for key in sorted(self.next_at if keys is None else set(keys)):
            lock = self.locks.get(key)
            states.append(
                ka.QuotaKeyState(
                    key=key,
                    quota=None,
                    interval=None,
                    ready_in=await self.ready_in(key),
                    waiting=0,
                    in_flight=lock is not None and lock.locked(),
                    rejections=0,
                )
            )
        return tuple(states)

    async def aclose(self) -> None:
        pass


class LoggingLimiter:
    """A `QuotaLimiter` wrapping `MemoryRateLimiter`, logging every turn."""

    def __init__(self, inner: ka.MemoryRateLimiter) -> None:
        self.inner = inner
        self.log: list[str] = []

    @property
    def interval(self) -> float:
        return self.inner.interval

    @property
    def margin(self) -> float:
        return self.inner.margin

    @contextlib.asynccontextmanager
    async def hold(
        self, key: str, *, quota: ka.Quota | None = None, deadline: float | None = None
    ) -> AsyncIterator[Any]:
        async with self.inner.hold(key, quota=quota, deadline=deadline) as hold:
            self.log.append(key)
            yield hold

    async def ready_in(self, key: str) -> float:
        return await self.inner.ready_in(key)

    async def snapshot(self, keys: Iterable[str] | None = None) -> tuple[ka.QuotaKeyState, ...]:
        return await self.inner.snapshot(keys)

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_both_limiters_fit_the_quota_limiter_protocol() -> None:
    assert isinstance(DictLimiter(), ka.QuotaLimiter)
    assert isinstance(LoggingLimiter(ka.MemoryRateLimiter()), ka.QuotaLimiter)


async def test_a_dict_limiter_keeps_the_spacing_and_the_last_value_wins(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=3)
    limiter = DictLimiter(interval=INTERVAL)
    async with on_fake(fake, rate_limiter=limiter) as kakao:
        # README: the client takes its creatives.onOff interval from a limiter's interval= ...
        # (on_off_interval= is given too here, and agrees).
        assert kakao.quotas["creatives.onOff"].interval == INTERVAL
        result = await kakao.moment.creatives.set_configs(
            [ka.ConfigChange(i, "OFF", ad_account_id=a) for a, cs in ids.items() for i in cs]
        )
        assert result.ok and fake.on_off_rejections == 0
        assert {key for key, _ in limiter.turns} == {
            kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1),
            kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 2),
        }
        assert {name for _, name in limiter.turns} == {"creatives.onOff"}
        # Last write wins: three changes to one creative while its key cools.
        target = ids[1][0]
        first = asyncio.create_task(kakao.moment.creatives.set_config(target, "ON"))
        await asyncio.sleep(0)
        second = asyncio.create_task(kakao.moment.creatives.set_config(target, "OFF"))
        third = asyncio.create_task(kakao.moment.creatives.set_config(target, "ON"))
        assert [await first, await second, await third][-1] is True
        assert fake.moment_creative(target).config == "ON"
        # A 429 from someone else is fed back through defer() and retried after it.
        fake.fail_next(1, status=429, code=-813)
        assert await kakao.moment.creatives.set_config(ids[2][0], "ON", ad_account_id=2) is True
        assert limiter.deferred and limiter.deferred[0] >= INTERVAL
        states = await kakao.quota_snapshot()
        assert {s.key for s in states} >= {kakao.quota_key("creatives.onOff", 2)}


async def test_a_limiter_wrapping_memory_rate_limiter_keeps_every_guarantee(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=3)
    limiter = LoggingLimiter(ka.MemoryRateLimiter(interval=INTERVAL))
    async with on_fake(fake, rate_limiter=limiter) as kakao:
        fake.fail_next(1, status=429, code=-813, method="PUT")
        result = await kakao.moment.creatives.set_configs(
            [ka.ConfigChange(i, "OFF", ad_account_id=a) for a, cs in ids.items() for i in cs]
        )
        assert result.ok and len(result) == 6
        # 6 calls and the one retried after the injected 429, each through the wrapper.
        assert len(limiter.log) == 7
        assert fake.on_off_rejections == 0
        assert all(fake.moment_creative(i).config == "OFF" for cs in ids.values() for i in cs)


async def test_a_hold_that_raises_kakao_limiter_error_fails_closed(fake: FakeKakaoServer) -> None:
    """README: a limiter that cannot decide fails closed with `KakaoLimiterError`, nothing sent."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    limiter = DictLimiter(interval=INTERVAL, enter_error=ka.KakaoLimiterError("store down"))
    async with on_fake(fake, rate_limiter=limiter) as kakao:
        with pytest.raises(ka.KakaoLimiterError):
            await kakao.moment.creatives.set_config(ids[0], "OFF")
        result = await kakao.moment.creatives.set_configs([(i, "OFF") for i in ids])
        assert [type(r.error) for r in result] == [ka.KakaoLimiterError] * 2
        # Calls without a quota keep working.
        assert (await kakao.moment.creatives.get(ids[0])).id == ids[0]
    assert not [r for r in fake.requests if r.method == "PUT"]


async def test_a_hold_whose_end_fails_does_not_turn_an_applied_change_into_a_failure(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    limiter = DictLimiter(interval=INTERVAL, exit_error=ConnectionError("could not record"))
    async with on_fake(fake, rate_limiter=limiter) as kakao:
        result = await kakao.moment.creatives.set_configs([(i, "OFF") for i in ids])
    assert all(fake.moment_creative(i).config == "OFF" for i in ids)  # Kakao applied both
    # README Guarantees, "Delivery": applied, skipped, superseded or a typed KakaoError.
    assert all(r.ok or isinstance(r.error, ka.KakaoError) for r in result)
    assert result.ok


async def test_a_hold_whose_end_fails_is_logged_and_a_failed_call_keeps_its_own_error(
    fake: FakeKakaoServer, caplog: pytest.LogCaptureFixture
) -> None:
    """README, rate_limiter=: the end's failure is logged on kakao_async.ratelimit; a call that
    failed on its own (a missing creative) reports that failure, not the limiter's."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    limiter = DictLimiter(interval=INTERVAL, exit_error=ConnectionError("could not record"))
    with caplog.at_level(logging.WARNING, logger="kakao_async.ratelimit"):
        async with on_fake(fake, rate_limiter=limiter) as kakao:
            assert await kakao.moment.creatives.set_config(ids[0], "OFF") is True
            with pytest.raises(ka.KakaoNotFoundError):
                await kakao.moment.creatives.set_config(999_999, "OFF")
    assert any(
        "failed to end its hold (ConnectionError); the call's result stands" in r.getMessage()
        for r in caplog.records
    )


async def test_a_slow_hold_does_not_count_against_the_calls_timeout(
    fake: FakeKakaoServer,
) -> None:
    """README "Timeouts": waiting for the quota turn does not count."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    limiter = DictLimiter(interval=INTERVAL, enter_delay=0.5)
    async with on_fake(fake, rate_limiter=limiter) as kakao:
        assert await kakao.moment.creatives.set_config(ids[0], "OFF", timeout=0.3) is True


async def test_cancelling_a_call_waiting_for_a_custom_hold_sends_nothing_and_frees_the_key(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    limiter = DictLimiter(interval=INTERVAL, enter_delay=0.3)
    async with on_fake(fake, rate_limiter=limiter) as kakao:
        waiting = asyncio.create_task(kakao.moment.creatives.set_config(ids[0], "OFF"))
        await asyncio.sleep(0.1)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert not [r for r in fake.requests if r.method == "PUT"]
        assert not any(lock.locked() for lock in limiter.locks.values())
        limiter.enter_delay = 0.0
        assert await kakao.moment.creatives.set_config(ids[0], "OFF") is True


class RichHold(DictHold):
    """A hold that also offers README's optional `unused()` and `finish_by(deadline)`."""

    def __init__(self) -> None:
        super().__init__()
        self.unused_called = False
        self.finish: float | None = None

    def unused(self) -> None:
        self.unused_called = True

    def finish_by(self, deadline: float) -> None:
        self.finish = deadline


class RichLimiter(DictLimiter):
    """`DictLimiter` whose holds offer `unused()` / `finish_by()`, and which offers `lane()`
    (README "Quotas": one task enters it for each of its consecutive calls, then `close()`)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.holds: list[RichHold] = []
        self.lanes: list[Any] = []

    @contextlib.asynccontextmanager
    async def hold(
        self, key: str, *, quota: ka.Quota | None = None, deadline: float | None = None
    ) -> AsyncIterator[RichHold]:
        lock = self.locks.setdefault(key, asyncio.Lock())
        async with lock:
            wait = self.next_at.get(key, 0.0) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self.turns.append((key, None if quota is None else quota.name))
            hold = RichHold()
            self.holds.append(hold)
            try:
                yield hold
            finally:
                interval = self._interval if quota is None else quota.interval
                spacing = max(interval + self._margin, hold.deferred)
                self.next_at[key] = time.monotonic() + (0.0 if hold.unused_called else spacing)

    def lane(self, key: str, *, quota: ka.Quota | None = None) -> Any:
        limiter = self

        class Lane:
            closed = False
            entered = 0

            async def __aenter__(self) -> RichHold:
                self.entered += 1
                self.held = limiter.hold(key, quota=quota)
                return await self.held.__aenter__()

            async def __aexit__(self, *exc: Any) -> bool | None:
                return await self.held.__aexit__(*exc)

            def close(self) -> None:
                self.closed = True

        lane = Lane()
        self.lanes.append(lane)
        return lane


class RefusedOnce(HttpxTransport):
    """The first PUT finds no connection (nothing sent); the rest go to the fake."""

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        if request.method == "PUT" and not any(r.method == "PUT" for r in self.sent):
            self.sent.append(request)
            raise ka.KakaoConnectError(f"{request.method} {request.path}: refused")
        return await super().send(request)


async def test_a_custom_holds_unused_and_finish_by_are_used_as_readme_says(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    limiter = RichLimiter(interval=1.0)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        rate_limiter=limiter,
        transport=RefusedOnce(),
        quotas={"creatives.onOff": 1.0},
        retry=FAST_RETRY,
    ) as kakao:
        started = time.monotonic()
        assert await kakao.moment.creatives.set_config(ids[0], "OFF", timeout=5) is True
        # The refused connection sent nothing: its turn was handed back (`unused()`), so the
        # retry did not wait the 1 s interval.
        assert time.monotonic() - started < 0.8
    assert [h.unused_called for h in limiter.holds] == [True, False]
    # finish_by got the call's deadline (timeout=5 from its turn).
    assert all(h.finish is not None and 4.0 < h.finish - started < 5.5 for h in limiter.holds)


async def test_a_custom_limiters_lane_carries_a_bulk_run(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=3)
    limiter = RichLimiter(interval=INTERVAL)
    async with on_fake(fake, rate_limiter=limiter) as kakao:
        job = kakao.moment.creatives.start_set_configs(
            [ka.ConfigChange(i, "OFF", ad_account_id=a) for a, cs in ids.items() for i in cs]
        )
        result = await job
    assert result.ok and fake.on_off_rejections == 0
    assert [(lane.entered, lane.closed) for lane in limiter.lanes] == [(3, True), (3, True)]
    assert job.progress.done == 6


# --------------------------------------------------------------------------- a TokenProvider


class StoreToken:
    """A `ka.TokenProvider` handing out the business token it holds; after a 401, `refresh()`
    reads a newly consented one from a store (README "Kakao Moment business tokens")."""

    def __init__(self, store: list[str], *, as_secret: bool = False, delay: float = 0.0) -> None:
        self.store, self.as_secret, self.delay = store, as_secret, delay
        self.current = store[-1]
        self.refreshed: list[Any] = []

    @property
    def user_key(self) -> str:
        return "kakao-user-42"

    def _out(self, value: str) -> str | ka.Secret:
        return ka.Secret(value) if self.as_secret else value

    async def token(self) -> str | ka.Secret:
        await asyncio.sleep(self.delay)
        return self._out(self.current)

    async def refresh(self, failed: Any) -> str | ka.Secret | None:
        self.refreshed.append(failed)
        await asyncio.sleep(self.delay)
        if self.store[-1] == self.current:
            return None  # nothing newer consented
        self.current = self.store[-1]
        return self._out(self.current)


@pytest.mark.parametrize("as_secret", [False, True], ids=["str", "Secret"])
async def test_a_token_provider_of_ones_own_refreshes_after_a_401(
    fake: FakeKakaoServer, as_secret: bool
) -> None:
    old, new = "biz-token-OLD-extend33-1111", "biz-token-NEW-extend33-2222"
    fake.add_token(old)
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    store = [old]
    provider = StoreToken(store, as_secret=as_secret)
    seen: list[events.Event] = []
    async with on_fake(fake, provider, observers=[seen.append]) as kakao:
        assert (await kakao.moment.creatives.get(ids[0])).id == ids[0]
        fake.revoke_token(old)
        fake.add_token(new)
        store.append(new)  # the store now holds a newly consented token
        assert await kakao.moment.creatives.set_config(ids[0], "OFF") is True
        assert kakao.quota_key("creatives.onOff", 1) == "creatives.onOff:kakao-user-42:1"
    # refresh() got the failed token as token() handed it out: a str stays a str.
    assert [type(f) for f in provider.refreshed] == [ka.Secret if as_secret else str]
    assert [e.action for e in seen if isinstance(e, events.RetryScheduled)] == ["refresh"]
    assert not any(old in repr(e) or new in repr(e) for e in seen)


async def test_a_provider_that_cannot_refresh_ends_the_call_with_kakao_auth_error(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    token = "biz-token-REVOKED-extend33-33"
    fake.add_token(token)
    fake.revoke_token(token)
    provider = StoreToken([token])
    async with on_fake(fake, provider) as kakao:
        with pytest.raises(ka.KakaoAuthError):
            await kakao.moment.creatives.get(ids[0])
        result = await kakao.moment.creatives.get_many(ids * 3)
        assert all(isinstance(r.error, ka.KakaoAuthError) for r in result)
    assert len(provider.refreshed) <= 1 + 10  # once per call sent, never once per id more


async def test_a_slow_token_provider_is_cut_short_by_the_calls_deadline(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    async with on_fake(fake, StoreToken([DEFAULT_TOKEN], delay=3.0)) as kakao:
        started = time.monotonic()
        with pytest.raises(ka.KakaoTimeoutError):
            await kakao.moment.creatives.get(ids[0], timeout=0.3)
        assert time.monotonic() - started < 1.0


# --------------------------------------------------------------------------- observers


async def test_observers_see_each_call_in_order_and_a_failing_one_changes_nothing(
    fake: FakeKakaoServer, caplog: pytest.LogCaptureFixture
) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=2)
    everything: list[events.Event] = []
    once: list[events.Event] = []

    def broken(event: events.Event) -> None:
        raise RuntimeError("observer bug")

    def slow(event: events.Event) -> None:
        time.sleep(0.002)

    async with on_fake(fake, observers=[everything.append, broken, slow]) as kakao:

        def unsubscribing(event: events.Event) -> None:
            # Calls already under way keep their observers (README): remove once only.
            once.append(event)
            if isinstance(event, events.CallEnded) and not removed:
                removed.append(event)
                kakao.remove_observer(unsubscribing)

        removed: list[events.Event] = []

        kakao.add_observer(unsubscribing)
        fake.fail_next(1, status=503, code=-9798, method="PUT")
        fake.fail_next(1, status=429, code=-813, method="PUT")
        with caplog.at_level(logging.ERROR, logger="kakao_async.events"):
            result = await kakao.moment.creatives.set_configs(
                [ka.ConfigChange(i, "OFF", ad_account_id=a) for a, cs in ids.items() for i in cs]
            )
            got = await kakao.moment.creatives.get(ids[1][0])
    assert result.ok and got.id == ids[1][0]
    assert any("observer" in r.getMessage() for r in caplog.records)
    # The self-removing observer saw no call that started after it left (the get).
    assert len(removed) == 1
    last_call = next(e for e in reversed(everything) if isinstance(e, events.CallStarted))
    assert last_call.endpoint == "moment.creatives.get"
    assert last_call.call_id not in {e.call_id for e in once if isinstance(e, events.CallEvent)}

    calls: dict[Any, list[events.Event]] = {}
    for event in everything:
        if isinstance(event, events.CallEvent):
            calls.setdefault(event.call_id, []).append(event)
    assert len(calls) == 5  # four changes and one get
    for seq in calls.values():
        assert isinstance(seq[0], events.CallStarted) and isinstance(seq[-1], events.CallEnded)
        sent = [e for e in seq if isinstance(e, events.RequestSent)]
        received = [e for e in seq if isinstance(e, events.ResponseReceived)]
        assert [e.attempt for e in sent] == [e.attempt for e in received]
        assert seq[-1].attempts == len(sent)
        assert len({(e.endpoint, e.ad_account_id) for e in seq}) == 1
    retried = [s for s in calls.values() if s[-1].retries]
    assert sorted(e.reason for s in retried for e in s if isinstance(e, events.RetryScheduled)) == [
        "KakaoRateLimitError",
        "KakaoServerError",
    ]
    assert any(isinstance(e, events.JobProgress) and e.ended for e in everything)
    assert not any(DEFAULT_TOKEN in repr(e) for e in everything)


# --------------------------------------------------------------------------- RetryPolicy


async def test_retry_policy_variants_behave_as_their_fields_say(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    # attempts=1: no retry of a 503.
    async with on_fake(fake, retry=ka.RetryPolicy(attempts=1)) as kakao:
        fake.fail_next(1, status=503, code=-9798)
        with pytest.raises(ka.KakaoServerError):
            await kakao.moment.creatives.get(ids[0])
    # Huge caps: a backoff longer than the call has left raises at once, no sleep past it.
    async with on_fake(fake, retry=ka.RetryPolicy(base=1_000.0, cap=1e9)) as kakao:
        fake.fail_next(1, status=503, code=-9798)
        started = time.monotonic()
        with pytest.raises(ka.KakaoServerError):
            await kakao.moment.creatives.get(ids[0], timeout=2)
        assert time.monotonic() - started < 1.0
    # rate_limit_attempts=1: the first 429 ends the call.
    async with on_fake(fake, retry=ka.RetryPolicy(rate_limit_attempts=1)) as kakao:
        fake.fail_next(1, status=429, code=-813)
        with pytest.raises(ka.KakaoRateLimitError):
            await kakao.moment.creatives.set_config(ids[0], "OFF")
    # exhausted_codes={-10}: a -10 is final.
    async with on_fake(fake, retry=ka.RetryPolicy(exhausted_codes={-10})) as kakao:
        fake.fail_next(1, status=429, code=-10)
        with pytest.raises(ka.KakaoQuotaExhaustedError):
            await kakao.moment.creatives.set_config(ids[0], "OFF")
    for bad in ({"attempts": 0}, {"cap": float("inf")}, {"base": -1.0}):
        with pytest.raises(ka.KakaoInputError):
            ka.RetryPolicy(**bad)


# --------------------------------------------------------------------------- Quota and quotas=


async def test_a_quota_of_ones_own_with_app_scope_shares_one_key_across_accounts(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=2)
    app_wide = ka.Quota(name="creatives.onOff", interval=INTERVAL, scope="app")
    limiter = LoggingLimiter(ka.MemoryRateLimiter(interval=INTERVAL))
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        rate_limiter=limiter,
        quotas={"creatives.onOff": app_wide},
        retry=FAST_RETRY,
    ) as kakao:
        assert kakao.quotas["creatives.onOff"] == app_wide
        assert kakao.quota_key("creatives.onOff", 2) == "creatives.onOff:app"
        result = await kakao.moment.creatives.set_configs(
            [ka.ConfigChange(i, "OFF", ad_account_id=a) for a, cs in ids.items() for i in cs]
        )
        assert result.ok and set(limiter.log) == {"creatives.onOff:app"}
    arrivals = sorted(c.arrived_at for c in fake.on_off_calls)
    assert all(b - a >= INTERVAL for a, b in itertools.pairwise(arrivals))
    with pytest.raises(ka.KakaoInputError):
        ka.KakaoClient(DEFAULT_TOKEN, quotas={"creatives.onOff": ka.Quota(name="x", interval=1)})
    with pytest.raises(ka.KakaoInputError):
        ka.KakaoClient(DEFAULT_TOKEN, quotas={"no.suchQuota": 1.0})


# --------------------------------------------------------------------------- BulkJob


async def test_bulk_job_map_with_stop_on_and_a_job_of_ones_own() -> None:
    refused = ka.KakaoAuthError(status=401, code=-401, msg="refused")
    started: list[int] = []

    async def work_on(item: int) -> int:
        started.append(item)
        await asyncio.sleep(0.01)
        if item == 3:
            raise refused
        if item == 1:
            raise ValueError("one item's own failure")
        return item * 2

    job = ka.BulkJob.map(range(10), work_on, concurrency=2, stop_on=ka.errors.STOPPING_ERRORS)
    result = await job
    assert len(result) == 10 and result[0].value == 0
    assert isinstance(result[1].error, ValueError)  # not a stopping error: the job went on
    assert result[3].error is refused
    unsent = [r for r in result if r.error is refused]
    assert len(unsent) >= 6 and max(started) <= 4  # the rest failed with it, unsent
    with pytest.raises(ka.KakaoInputError):
        ka.BulkJob.map("abc", work_on)

    items = ["a", "b", "c"]
    own: ka.BulkJob[str, str] = ka.BulkJob(items)
    ended: list[bool] = []
    own.add_done_callback(lambda j: ended.append(j.done()))

    async def work() -> None:
        for index, item in enumerate(items):
            await asyncio.sleep(0.01)
            own.report(index, ka.ItemResult(item=item, value=item.upper()))

    own.start(work())
    assert (await own.result()).values() == ["A", "B", "C"]
    assert own.progress.done == 3 and ended == [True]

    forgetful: ka.BulkJob[str, int] = ka.BulkJob(items)

    async def forgets() -> None:
        forgetful.report(0, ka.ItemResult(item="a", value=1))

    forgetful.start(forgets())
    with pytest.raises(RuntimeError, match="lost items"):
        await forgetful.result()


# --------------------------------------------------------------------------- async or not


class PlainDefToken:
    """A provider written from docs/reference.md's `token() -> str | Secret` (no `async`)."""

    user_key = "kakao-user-7"

    def token(self) -> str:
        return DEFAULT_TOKEN

    def refresh(self, failed: Any) -> None:
        return None


class PlainDefTransport:
    """A transport written from docs/reference.md's `send(request) -> HttpResponse`."""

    def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        return ka.HttpResponse(200, {}, b'{"content": []}')

    def aclose(self) -> None:
        return None


def test_the_reference_says_which_protocol_methods_are_async() -> None:
    reference = (Path(__file__).parents[2] / "docs" / "reference.md").read_text(encoding="utf-8")
    for method in ("token", "refresh"):
        assert f"async {method}(" in reference.split("### `TokenProvider`")[1].split("\n### ")[0]
    assert "async send(" in reference.split("### `Transport`")[1].split("\n### ")[0]


@pytest.mark.parametrize("plugin", ["token", "transport"])
async def test_a_plain_def_protocol_implementation_gets_a_clear_error(plugin: str) -> None:
    mock = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, b'{"content": []}'))
    token: Any = PlainDefToken() if plugin == "token" else DEFAULT_TOKEN
    transport: Any = mock if plugin == "token" else PlainDefTransport()
    with pytest.raises(ka.KakaoInputTypeError, match="async"):
        async with ka.KakaoClient(token, ad_account_id=1, transport=transport) as kakao:
            await kakao.moment.creatives.list(ad_group_id=1)


# --------------------------------------------------------------------------- a 0.2-era limiter


class Hold02:
    def defer(self, seconds: float) -> None:
        pass


class Limiter02:
    """A limiter written to 0.2.0's `QuotaLimiter` (`hold(key)`, no `snapshot`)."""

    interval = INTERVAL
    margin = 0.01

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[Hold02]:
        yield Hold02()

    async def ready_in(self, key: str) -> float:
        return 0.0

    async def aclose(self) -> None:
        pass


class Limiter02WithSnapshot(Limiter02):
    """The same with the `snapshot()` the CHANGELOG says custom limiters now need."""

    async def snapshot(self, keys: Iterable[str] | None = None) -> tuple[ka.QuotaKeyState, ...]:
        return ()


def test_a_limiter_written_for_0_2_is_refused_when_the_client_is_built() -> None:
    """README "Quotas" says "limiters written for 0.2 (and `RedisRateLimiter`) keep one hold per
    call"; what happens is a clear refusal (no `snapshot`): the README sentence is the finding."""
    with pytest.raises(ka.KakaoInputTypeError, match="QuotaLimiter"):
        ka.KakaoClient(DEFAULT_TOKEN, rate_limiter=Limiter02())


async def test_a_limiter_whose_hold_lacks_quota_and_deadline_is_refused_when_built() -> None:
    mock = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, b'{"code": 0}'))
    with pytest.raises(ka.KakaoInputTypeError, match="quota"):
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, transport=mock, rate_limiter=Limiter02WithSnapshot()
        ) as kakao:
            await kakao.moment.creatives.set_config(1111, "OFF")
