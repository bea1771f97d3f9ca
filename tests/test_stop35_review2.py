"""review37: the latest fixes attacked as a user would meet them (since e063a5f): a transport of
one's own sent through ``ForeignTransport``, the construction-time checks of ``_plugins.py``, and
the top-level ``--help`` epilog. The defect tests failed before their fixes; the others pin
behaviour users rely on that held up."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import pickle
import time
import weakref
from collections.abc import AsyncIterator, Callable
from typing import Any
from unittest.mock import AsyncMock

import pytest

import kakao_async as ka
from kakao_async import Quota
from kakao_async.ratelimit import Hold, MemoryRateLimiter
from kakao_async.testing import DEFAULT_TOKEN
from tests.terminal import top_level_help

EMPTY = ka.HttpResponse(200, {}, b'{"content": []}')
ONE_TRY = ka.RetryPolicy(attempts=1)


def client(transport: Any, **options: Any) -> ka.KakaoClient:
    options.setdefault("retry", ONE_TRY)
    return ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, transport=transport, **options)


def chain(error: BaseException) -> list[BaseException]:
    """``error`` and every exception chained behind it."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or any(current is e for e in seen):
            continue
        seen.append(current)
        todo += [current.__cause__, current.__context__]
    return seen


# --- a transport of one's own: identity, sharing, closing ------------------------------------


class Recording:
    """A transport of the user's: answers at once, counts what it was asked."""

    def __init__(self) -> None:
        self.sent = 0
        self.closed = 0

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        self.sent += 1
        return EMPTY

    async def aclose(self) -> None:
        self.closed += 1


async def test_kakao_transport_is_the_object_passed_and_two_clients_may_share_it() -> None:
    """README: '`kakao.transport` is the object you passed.'"""
    shared = Recording()
    first, second = client(shared), client(shared)
    assert first.transport is shared and second.transport is shared
    assert first.transport == second.transport
    assert await first.moment.campaigns.list() == []
    per_call = shared.sent
    assert await second.moment.campaigns.list() == []
    assert per_call > 0 and shared.sent == 2 * per_call
    await first.aclose()
    await second.aclose()
    assert shared.closed == 2  # each client closes what it was given; the transport copes


# --- a transport of one's own: deadlines and cancellation -------------------------------------


class Stalling:
    """A transport with no timeout of its own: it would wait 30 s for an answer."""

    def __init__(self) -> None:
        self.cancelled = 0

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        return EMPTY

    async def aclose(self) -> None:
        pass


async def test_cancelling_a_call_mid_send_cancels_the_inner_send_and_leaves_no_task() -> None:
    stalling = Stalling()
    async with client(stalling, timeout=5.0) as kakao:
        before = asyncio.all_tasks()
        call = asyncio.create_task(kakao.moment.campaigns.list())
        await asyncio.sleep(0.05)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert stalling.cancelled == 1
        await asyncio.sleep(0)
        assert asyncio.all_tasks() == before


async def test_a_transport_s_own_plain_timeout_error_is_the_call_s_timeout_without_the_token() -> (
    None
):
    """A transport's own ``TimeoutError`` (``asyncio.timeout`` in it) quoting the Authorization
    header: the call ends in ``KakaoTimeoutError``, and nothing in its chain shows the token."""

    class OwnTimeout:
        async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
            raise TimeoutError(f"no answer to {request.headers['Authorization']}")

        async def aclose(self) -> None:
            pass

    async with client(OwnTimeout(), timeout=1.0) as kakao:
        with pytest.raises(ka.KakaoTimeoutError) as caught:
            await kakao.moment.campaigns.list()
    texts = [f"{e!s} {e!r}" for e in chain(caught.value)]
    assert not [t for t in texts if DEFAULT_TOKEN in t], texts


async def test_a_timed_out_foreign_exchange_is_freed_by_reference_counting(
    no_collector: None,
) -> None:
    async with client(Stalling(), timeout=0.1) as kakao:
        try:
            await kakao.moment.campaigns.list()
        except ka.KakaoTimeoutError as exc:
            gone = weakref.ref(exc)
        for _ in range(3):
            await asyncio.sleep(0)
        assert gone() is None


class SlowMock(ka.MockTransport):
    """A MockTransport subclass of the user's whose ``send`` is its own (no timeout in it)."""

    __slots__ = ()

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        await asyncio.sleep(5)
        return EMPTY


async def test_a_mock_transport_subclass_with_its_own_send_ends_at_the_timeout() -> None:
    async with client(SlowMock(lambda request: EMPTY), timeout=0.2) as kakao:
        started = time.monotonic()
        with pytest.raises(ka.KakaoTimeoutError):
            # Today the call is still waiting when this outer 1.5 s deadline ends it.
            await asyncio.wait_for(kakao.moment.campaigns.list(), 1.5)
        assert time.monotonic() - started < 1.0


# --- a transport of one's own: the token in its errors --------------------------------------


class EchoingMock(ka.MockTransport):
    """A MockTransport subclass whose send quotes the Authorization header in its error."""

    __slots__ = ()

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        raise ka.KakaoTransportError(f"reset by peer after {request.headers['Authorization']}")


async def test_a_mock_transport_subclass_s_error_is_scrubbed_of_the_token() -> None:
    async with client(EchoingMock(lambda request: EMPTY)) as kakao:
        with pytest.raises(ka.KakaoTransportError) as caught:
            await kakao.moment.campaigns.list()
    assert DEFAULT_TOKEN not in f"{caught.value!s} {caught.value!r}"


class EchoingGateway:
    """A transport of the user's in front of a gateway that echoes the request's headers into
    its error: it raises Kakao's error type with the echoed text as ``msg``."""

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        raise ka.KakaoServerError(
            status=502,
            msg=f"gateway saw {request.headers['Authorization']}",
            method=request.method,
            path=request.path,
        )

    async def aclose(self) -> None:
        pass


async def test_a_kakao_api_error_from_one_s_own_transport_has_its_text_scrubbed() -> None:
    async with client(EchoingGateway()) as kakao:
        with pytest.raises(ka.KakaoServerError) as caught:
            await kakao.moment.campaigns.list()
    assert DEFAULT_TOKEN not in f"{caught.value!s} {caught.value!r}"


async def test_a_kakao_api_error_from_one_s_own_transport_pickles_without_the_token() -> None:
    async with client(EchoingGateway()) as kakao:
        with pytest.raises(ka.KakaoServerError) as caught:
            await kakao.moment.campaigns.list()
    error = caught.value
    assert DEFAULT_TOKEN not in str(error.msg)
    copy = pickle.loads(pickle.dumps(error))
    assert DEFAULT_TOKEN not in f"{copy!s} {copy!r}"


class Raising:
    """A transport of the user's raising ``error_type`` with the Authorization header in it."""

    def __init__(self, error_type: type[ka.KakaoError]) -> None:
        self.error_type = error_type

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        raise self.error_type(f"broken answer to {request.headers['Authorization']}")

    async def aclose(self) -> None:
        pass


@pytest.mark.parametrize(
    "error_type", [ka.KakaoTransportError, ka.KakaoConnectError, ka.KakaoDecodeError]
)
async def test_a_foreign_transport_s_error_is_scrubbed_and_pickles_scrubbed(
    error_type: type[ka.KakaoError],
) -> None:
    async with client(Raising(error_type)) as kakao:
        with pytest.raises(error_type) as caught:
            await kakao.moment.campaigns.list()
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is error_type
    for error in (caught.value, copy):
        assert "Bearer ***" in str(error)
        assert DEFAULT_TOKEN not in f"{error!s} {error!r}"


async def test_a_foreign_transport_s_timeout_pickles() -> None:
    async with client(Stalling(), timeout=0.1) as kakao:
        with pytest.raises(ka.KakaoTimeoutError) as caught:
            await kakao.moment.campaigns.list()
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is ka.KakaoTimeoutError and str(copy) == str(caught.value)


# --- _plugins.py: legitimate pieces that must still be accepted ------------------------------


def logged(method: Callable[..., Any]) -> Callable[..., Any]:
    """A decorator as logging/metrics libraries write them: a plain wrapper that returns what
    the method returns (here the coroutine), ``functools.wraps``'d."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return method(*args, **kwargs)

    return wrapper


class DecoratedTransport:
    @logged
    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        return EMPTY

    @logged
    async def aclose(self) -> None:
        pass


class DecoratedProvider:
    user_key = "team-a"

    @logged
    async def token(self) -> ka.Secret:
        return ka.Secret(DEFAULT_TOKEN)

    @logged
    async def refresh(self, failed: Any) -> ka.Secret | None:
        return None


async def test_methods_decorated_around_async_defs_are_accepted_and_work() -> None:
    async with client(DecoratedTransport()) as kakao:
        assert await kakao.moment.campaigns.list() == []
    mock = ka.MockTransport(lambda request: EMPTY)
    async with ka.KakaoClient(DecoratedProvider(), ad_account_id=1, transport=mock) as kakao:
        assert await kakao.moment.campaigns.list() == []


class Sending:
    """An async callable object, used as a transport's ``send``."""

    async def __call__(self, request: ka.HttpRequest) -> ka.HttpResponse:
        return EMPTY


class Closing:
    async def __call__(self) -> None:
        pass


class CallableObjectTransport:
    send = Sending()
    aclose = Closing()


async def test_an_async_callable_object_as_send_is_accepted_and_works() -> None:
    async with client(CallableObjectTransport()) as kakao:
        assert await kakao.moment.campaigns.list() == []


async def test_asyncmock_and_partialmethod_transports_and_providers_are_accepted() -> None:
    mocked = AsyncMock()
    mocked.send.return_value = EMPTY
    async with client(mocked) as kakao:
        assert kakao.transport is mocked
        assert await kakao.moment.campaigns.list() == []
    mocked.aclose.assert_awaited_once()

    class Partial:
        async def _send(self, request: ka.HttpRequest, *, tag: str) -> ka.HttpResponse:
            return EMPTY

        async def _close(self, *, tag: str) -> None:
            pass

        send = functools.partialmethod(_send, tag="a")
        aclose = functools.partialmethod(_close, tag="a")

    async with client(Partial()) as kakao:
        assert await kakao.moment.campaigns.list() == []

    provider = AsyncMock()
    provider.user_key = "team-a"
    provider.token.return_value = ka.Secret(DEFAULT_TOKEN)
    mock = ka.MockTransport(lambda request: EMPTY)
    async with ka.KakaoClient(provider, ad_account_id=1, transport=mock) as kakao:
        assert await kakao.moment.campaigns.list() == []
    assert mock.requests[0].headers["Authorization"] == f"Bearer {DEFAULT_TOKEN}"


# --- _plugins.py: hold() signatures -----------------------------------------------------------


class Delegating:
    """A limiter of the user's delegating to a MemoryRateLimiter; subclasses vary ``hold``."""

    def __init__(self) -> None:
        self.inner = MemoryRateLimiter()
        self.holds = 0

    @property
    def interval(self) -> float:
        return self.inner.interval

    @property
    def margin(self) -> float:
        return self.inner.margin

    async def ready_in(self, key: str) -> float:
        return await self.inner.ready_in(key)

    async def snapshot(self, keys: Any = None) -> Any:
        return await self.inner.snapshot(keys)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def _hold(self, key: str, quota: Quota | None, deadline: float | None) -> Any:
        self.holds += 1
        return self.inner.hold(key, quota=quota, deadline=deadline)


class VarKeyword(Delegating):
    def hold(self, key: str, **kwargs: Any) -> Any:
        return self._hold(key, kwargs.get("quota"), kwargs.get("deadline"))


class ExtraKeyword(Delegating):
    def hold(
        self, key: str, *, quota: Quota | None = None, deadline: float | None = None, extra: int = 1
    ) -> Any:
        return self._hold(key, quota, deadline)


class PositionalOrKeyword(Delegating):
    def hold(self, key: str, quota: Quota | None = None, deadline: float | None = None) -> Any:
        return self._hold(key, quota, deadline)


class AsyncContextManagerHold(Delegating):
    @contextlib.asynccontextmanager
    async def hold(
        self, key: str, *, quota: Quota | None = None, deadline: float | None = None
    ) -> AsyncIterator[Hold]:
        async with self._hold(key, quota, deadline) as hold:
            yield hold


class PartialMethodHold(Delegating):
    def _tagged(
        self, key: str, *, quota: Quota | None = None, deadline: float | None = None, tag: str
    ) -> Any:
        return self._hold(key, quota, deadline)

    hold = functools.partialmethod(_tagged, tag="a")


SHARED = MemoryRateLimiter()


class StaticHold(Delegating):
    @staticmethod
    def hold(key: str, *, quota: Quota | None = None, deadline: float | None = None) -> Any:
        return SHARED.hold(key, quota=quota, deadline=deadline)


@pytest.mark.parametrize(
    "limiter_type",
    [
        VarKeyword,
        ExtraKeyword,
        PositionalOrKeyword,
        AsyncContextManagerHold,
        PartialMethodHold,
        StaticHold,
    ],
)
async def test_holds_that_take_quota_and_deadline_are_accepted_and_used(
    limiter_type: type[Delegating],
) -> None:
    limiter = limiter_type()
    mock = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, b""))
    async with client(mock, rate_limiter=limiter, quotas={"creatives.onOff": 0.001}) as kakao:
        await kakao.moment.creatives.set_config(1, "OFF")
        await kakao.moment.creatives.set_config(1, "ON")
    assert len(mock.requests) == 2
    if limiter_type is not StaticHold:
        assert limiter.holds == 2


class PositionalOnly(Delegating):
    def hold(self, key: str, quota: Quota | None = None, deadline: float | None = None, /) -> Any:
        return self._hold(key, quota, deadline)


def test_a_hold_with_positional_only_quota_and_deadline_is_refused_when_built() -> None:
    """README: 'its hold(key, *, quota=None, deadline=None) must take both keywords, checked
    when the client is built'."""
    mock = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, b""))
    with pytest.raises(ka.KakaoInputTypeError, match="quota="):
        client(mock, rate_limiter=PositionalOnly())


# --- the top-level --help epilog --------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 50])
def test_the_top_level_help_never_splits_an_option_name(columns: int) -> None:
    screen = top_level_help(columns)
    assert "--help" in screen
    split = [line for line in screen.splitlines() if line.rstrip().endswith("-")]
    assert not split, "\n".join(split)


def test_the_top_level_help_epilog_fits_80_columns_and_keeps_the_json_shape() -> None:
    screen = top_level_help(80)
    assert not [line for line in screen.splitlines() if len(line) > 80]
    assert '"detailCode", "detailMsg"}}]}' in screen
    assert "143 stopped by SIGTERM" in screen.replace("\n  ", " ")
