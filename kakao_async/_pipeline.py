"""One path for every call: limiter gate, auth headers, transport, retries, error mapping."""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import math
import random
import time
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import aiohttp
import attrs
from aiolimiter import AsyncLimiter

from ._auth import TokenProvider, authorization
from ._body import read_capped
from ._latest import LatestChanges, Ticket
from ._secret import Secret, redact
from ._tokens import TokenSource
from .errors import (
    KakaoAPIError,
    KakaoAuthError,
    KakaoClosedError,
    KakaoDecodeError,
    KakaoError,
    KakaoRateLimitError,
    KakaoServerError,
    KakaoTimeoutError,
    KakaoTransportError,
    error_for_response,
    is_error_envelope,
)
from .ratelimit import QuotaLimiter

__all__ = ["SUPERSEDED", "Pipeline", "Request", "RetryPolicy"]

logger = logging.getLogger("kakao_async")

_loads: Callable[[bytes], Any]
try:  # optional speed-up, about 3 us per creative: pip install 'kakao-async[speed]'
    from orjson import loads as _loads

    #: Which JSON parser reads responses.
    JSON_PARSER = "orjson"
except ImportError:  # pragma: no cover - depends on the environment
    _loads = json.loads
    JSON_PARSER = "json"

_JSON = "application/json"


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """When and how often to try a call again.

    Only idempotent calls (GET, DELETE, the absolute-state onOff PUT) are retried on transport
    errors, timeouts and server errors, with capped, fully jittered exponential backoff; a POST that
    creates something never is. Quota rejections of quota'd calls are retried through the
    limiter (which already waits the interval) up to ``rate_limit_attempts`` times.
    """

    #: Total tries of an idempotent call that keeps failing transiently (1 = no retry).
    attempts: int = attrs.field(default=3, validator=attrs.validators.ge(1))
    #: First backoff step in seconds.
    base: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    #: Longest single backoff in seconds.
    cap: float = attrs.field(default=8.0, validator=attrs.validators.ge(0))
    #: Total tries of a quota'd call that Kakao keeps rejecting with 429 / -10.
    rate_limit_attempts: int = attrs.field(default=5, validator=attrs.validators.ge(1))

    def backoff(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed try number ``attempt`` (1-based)."""
        ceiling = min(self.cap, self.base * 2 ** (attempt - 1))
        delay = random.uniform(0, ceiling)
        return max(delay, retry_after or 0.0)


class Request(NamedTuple):
    """A call, fully validated, ready to send. (A named tuple: one is built per request, and
    that is several times cheaper than a frozen attrs instance.)"""

    base_url: str
    method: str
    path: str
    ad_account_id: int
    params: tuple[tuple[str, str], ...] = ()
    body: Any = None
    #: Goes through the quota limiter (creative onOff).
    quota: bool = False
    #: Safe to send twice (everything but a create).
    idempotent: bool = True
    #: Seconds the call may take once it has its quota turn: attempts, backoff, Retry-After.
    timeout: float | None = None
    #: A state change of one object: it is not sent once a newer change to the object exists.
    ticket: Ticket | None = None


class _Superseded:
    def __repr__(self) -> str:
        return "SUPERSEDED"


#: What :meth:`Pipeline.send` returns for a change that a newer one made unnecessary.
SUPERSEDED: Any = _Superseded()


class Pipeline:
    """Sends :class:`Request`\\ s. Owns the session unless the caller supplied one."""

    def __init__(
        self,
        *,
        auth: TokenProvider,
        limiter: QuotaLimiter,
        retry: RetryPolicy,
        timeout: float,
        session: aiohttp.ClientSession | None,
        max_response_bytes: int,
        max_connections: int,
        max_requests_per_second: float | None,
    ) -> None:
        self.auth = auth
        self._tokens = TokenSource(auth)
        self.limiter = limiter
        self.retry = retry
        self.timeout = timeout
        self.max_response_bytes = max_response_bytes
        self._session = session
        self._owns_session = session is None
        self._max_connections = max_connections
        self._rate = max_requests_per_second
        self._rate_limiter: AsyncLimiter | None = None
        self._closed = False
        #: Newest pending change per object, so a retried change never overtakes a newer one.
        self.latest = LatestChanges()
        #: Tasks inside :meth:`send` now, and those :meth:`aclose` cancelled to end them.
        self._inflight: set[asyncio.Task[Any]] = set()
        self._closing: set[asyncio.Task[Any]] = set()
        # Per-request work that does not change between requests, done once.
        self._bearer: tuple[Secret | None, str] = (None, "")

    def quota_key(self, ad_account_id: int) -> str:
        """The limiter key of ``(user, ad account)``."""
        return f"{self.auth.user_key}:{ad_account_id}"

    def _get_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise KakaoClosedError("this KakaoClient is closed")
        if self._session is None:
            # Created lazily so the client can be built outside a running loop.
            connector = aiohttp.TCPConnector(limit=self._max_connections)
            self._session = aiohttp.ClientSession(connector=connector)
        return self._session

    async def aclose(self) -> None:
        """Refuse new calls, end the calls in flight with :class:`KakaoClosedError`, then close
        the session. Bulk jobs see their unfinished items fail that way and end by themselves."""
        self._closed = True
        me = asyncio.current_task()
        victims = [t for t in self._inflight if t is not me and not t.done()]
        for task in victims:
            self._closing.add(task)
            task.cancel()
        if victims:
            # They only have to unwind; this does not wait for any network answer.
            await asyncio.wait(victims, timeout=5)
        if self._owns_session and self._session is not None:
            await self._session.close()
        self._session = None

    async def send(self, request: Request) -> Any:
        """Send with retries; return the decoded JSON body (``None`` when empty), or
        :data:`SUPERSEDED` when ``request.ticket`` went stale before the change could be sent."""
        if self._closed:
            raise KakaoClosedError("this KakaoClient is closed")
        task = asyncio.current_task()
        assert task is not None
        self._inflight.add(task)
        try:
            return await self._send(request)
        except asyncio.CancelledError:
            if task not in self._closing:
                raise
            self._closing.discard(task)
            # Our own cancellation, turned into an error: undo it, unless someone else
            # cancelled the task too (Python 3.11+ counts cancellations).
            uncancel = getattr(task, "uncancel", None)
            if uncancel is not None and uncancel() > 0:
                raise
            raise KakaoClosedError(
                f"{request.method} {request.path}: the client was closed before the call ended"
            ) from None
        finally:
            self._inflight.discard(task)

    async def _send(self, request: Request) -> Any:
        timeout = request.timeout if request.timeout is not None else self.timeout
        ticket = request.ticket
        #: When the call must be over; set at its first go, pushed back by quota-turn waits.
        deadline: float | None = None
        attempt = 0
        quota_attempt = 0
        refreshed = False
        while True:
            if ticket is not None and not ticket.current:
                return SUPERSEDED
            attempt += 1
            # A static token needs no await: one coroutine fewer on every request.
            token = self._tokens.fixed or await self._tokens.current()
            try:
                if not request.quota:
                    if deadline is None:
                        deadline = time.monotonic() + timeout
                    return await self._exchange(request, token, deadline)
                waiting = time.monotonic()
                # A limiter backend that fails (Redis restarting) is retried until then.
                outage_until = waiting + timeout if deadline is None else deadline
                key = self.quota_key(request.ad_account_id)
                async with self.limiter.hold(key, deadline=outage_until) as hold:
                    now = time.monotonic()
                    # The quota turn is the scheduler's business, not the call's budget.
                    deadline = now + timeout if deadline is None else deadline + (now - waiting)
                    if ticket is not None and not ticket.current:
                        return SUPERSEDED
                    try:
                        return await self._exchange(request, token, deadline)
                    except KakaoRateLimitError as exc:
                        # Someone else (another tool, another process) spent this key's quota.
                        hold.defer(
                            max(self.limiter.interval + self.limiter.margin, exc.retry_after or 0)
                        )
                        raise
            except KakaoAuthError:
                if refreshed:
                    raise
                refreshed = True
                if await self._tokens.refresh(token) is None:
                    raise
                attempt -= 1
                logger.debug(
                    "%s %s: token refreshed after 401, retrying", request.method, request.path
                )
            except KakaoRateLimitError as exc:
                if not request.quota:
                    await self._maybe_backoff(request, attempt, exc, deadline)
                    continue
                quota_attempt += 1
                attempt -= 1  # quota rejections have their own budget
                if quota_attempt >= self.retry.rate_limit_attempts:
                    raise
                assert deadline is not None
                if time.monotonic() + (exc.retry_after or 0.0) > deadline:
                    raise  # the server asks for a longer wait than the call may take
                # The limiter already pushed the key back; no extra sleep here.
                logger.debug(
                    "%s %s: quota rejected (attempt %d), retrying through the limiter",
                    request.method,
                    request.path,
                    quota_attempt,
                )
            except (KakaoServerError, KakaoTransportError) as exc:
                await self._maybe_backoff(request, attempt, exc, deadline)

    async def _maybe_backoff(
        self, request: Request, attempt: int, exc: KakaoError, deadline: float | None
    ) -> None:
        if not request.idempotent or attempt >= self.retry.attempts:
            raise exc
        retry_after = exc.retry_after if isinstance(exc, KakaoAPIError) else None
        delay = self.retry.backoff(attempt, retry_after)
        if deadline is not None and time.monotonic() + delay >= deadline:
            # Waiting would outlast the call's deadline: fail now, with what the server said.
            raise exc
        logger.debug(
            "%s %s: %s; retry %d of %d in %.2fs",
            request.method,
            request.path,
            type(exc).__name__,
            attempt,
            self.retry.attempts - 1,
            delay,
        )
        await asyncio.sleep(delay)

    async def _exchange(self, request: Request, token: Secret, deadline: float) -> Any:
        session = self._get_session()
        if self._rate is not None:
            if self._rate_limiter is None:
                self._rate_limiter = _request_pacer(self._rate)
            await self._rate_limiter.acquire()
        bearer_for, bearer = self._bearer
        if token is not bearer_for:  # built once per token, not per request
            bearer = authorization(token)
            self._bearer = (token, bearer)
        headers = {
            "Authorization": bearer,
            "adAccountId": str(request.ad_account_id),
            "Accept": _JSON,
        }
        data: bytes | None = None
        if request.body is not None:
            headers["Content-Type"] = f"{_JSON};charset=UTF-8"
            data = json.dumps(request.body, ensure_ascii=False).encode()
        left = deadline - time.monotonic()
        timeout = request.timeout if request.timeout is not None else self.timeout
        if left <= 0:
            raise KakaoTimeoutError(
                f"{request.method} {request.path}: no complete response within {timeout:g}s"
            )
        client_timeout = aiohttp.ClientTimeout(total=left)
        started = time.perf_counter()
        try:
            async with session.request(
                request.method,
                request.base_url + request.path,
                params=request.params or None,
                data=data,
                headers=headers,
                timeout=client_timeout,
                allow_redirects=False,
            ) as resp:
                status = resp.status
                retry_after = (
                    _retry_after(resp.headers.get("Retry-After")) if status >= 400 else None
                )
                raw = await read_capped(
                    resp, self.max_response_bytes, method=request.method, path=request.path
                )
        except (asyncio.TimeoutError, TimeoutError) as exc:
            raise KakaoTimeoutError(
                f"{request.method} {request.path}: no complete response within {timeout:g}s"
            ) from exc
        except aiohttp.ClientError as exc:
            raise KakaoTransportError(
                f"{request.method} {request.path}: {type(exc).__name__}: {_safe(exc, token)}"
            ) from exc
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s (adAccountId %s) -> %d in %.1f ms",
                request.method,
                request.path,
                request.ad_account_id,
                status,
                (time.perf_counter() - started) * 1000,
            )
        try:
            return _interpret(request, status, raw, retry_after, token)
        except KakaoError as exc:
            # The body may echo the token: tracebacks rendered with locals (rich, Sentry) must
            # not find it here or in _interpret's frame. The exception text is already scrubbed.
            del raw
            raise exc.with_traceback(None)  # noqa: B904 - the same exception, one frame shorter


def _interpret(
    request: Request, status: int, raw: bytes, retry_after: float | None, token: Secret
) -> Any:
    body: Any = None
    parsed = False
    if raw and not raw.isspace():
        try:
            body = _loads(raw)
            parsed = True
        # RecursionError: the stdlib parser on absurdly deep nesting (orjson says ValueError).
        except (ValueError, UnicodeDecodeError, RecursionError):
            if status < 400:
                raise KakaoDecodeError(
                    f"HTTP {status} body is not JSON ({_preview(raw, token)})",
                    method=request.method,
                    path=request.path,
                    status=status,
                ) from None
    if status >= 400 or (parsed and is_error_envelope(body)):
        # Kakao sometimes answers 200 with an error envelope (see the onOff sample).
        raise error_for_response(
            status=status,
            body=body if isinstance(body, Mapping) else None,
            method=request.method,
            path=request.path,
            retry_after=retry_after,
            secrets=(token,),
        )
    if status >= 300:
        raise KakaoDecodeError(
            f"unexpected HTTP {status}", method=request.method, path=request.path, status=status
        )
    return body


def _request_pacer(rate: float) -> AsyncLimiter:
    """A leaky bucket for ``rate`` requests per second.

    AsyncLimiter(rate, 1.0) holds ``rate`` units, and a request takes one: below 1/s it could
    never acquire and every request failed. Below 1/s the bucket holds one request per
    ``1 / rate`` seconds instead (0.5 = one request every 2 s).
    """
    if rate < 1:
        return AsyncLimiter(1, 1 / rate)
    return AsyncLimiter(rate, 1.0)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    if not math.isfinite(seconds):
        return None
    # A hostile or broken header must not park a key for hours.
    return min(max(seconds, 0.0), 300.0)


def _preview(raw: bytes, token: Secret) -> str:
    # Scrubbed before the cut: a token straddling it would otherwise leave its first half.
    head = raw[: 60 + len(token.reveal().encode())].decode("utf-8", "replace")
    text = redact(head, (token,))[:60].replace("\n", " ")
    return repr(text) + ("..." if len(raw) > 60 else "")


def _safe(exc: BaseException, token: Secret) -> str:
    return redact(str(exc), (token,))
