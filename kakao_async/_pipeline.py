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

from ._auth import StaticToken, TokenProvider, check_header_value
from ._body import read_capped
from .errors import (
    KakaoAPIError,
    KakaoAuthError,
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

__all__ = ["Pipeline", "Request", "RetryPolicy"]

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
    timeout: float | None = None


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
        # Per-request work that does not change between requests, done once.
        self._timeouts: dict[float, aiohttp.ClientTimeout] = {}
        self._checked_token = ""

    def quota_key(self, ad_account_id: int) -> str:
        """The limiter key of ``(user, ad account)``."""
        return f"{self.auth.user_key}:{ad_account_id}"

    def _get_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise RuntimeError("this KakaoClient is closed")
        if self._session is None:
            # Created lazily so the client can be built outside a running loop.
            connector = aiohttp.TCPConnector(limit=self._max_connections)
            self._session = aiohttp.ClientSession(connector=connector)
        return self._session

    async def aclose(self) -> None:
        self._closed = True
        if self._owns_session and self._session is not None:
            await self._session.close()
        self._session = None

    async def send(self, request: Request) -> Any:
        """Send with retries; return the decoded JSON body (``None`` when empty)."""
        attempt = 0
        quota_attempt = 0
        refreshed = False
        while True:
            attempt += 1
            # A static token needs no await: one coroutine fewer on every request.
            auth = self.auth
            token = auth._token if type(auth) is StaticToken else await auth.token()
            try:
                if not request.quota:  # the common path, one coroutine layer shorter
                    return await self._exchange(request, token)
                return await self._attempt(request, token)
            except KakaoAuthError:
                if refreshed:
                    raise
                refreshed = True
                if await self.auth.refresh(token) is None:
                    raise
                attempt -= 1
                logger.debug(
                    "%s %s: token refreshed after 401, retrying", request.method, request.path
                )
            except KakaoRateLimitError as exc:
                if request.quota:
                    quota_attempt += 1
                    attempt -= 1  # quota rejections have their own budget
                    if quota_attempt >= self.retry.rate_limit_attempts:
                        raise
                    # The limiter already pushed the key back; no extra sleep here.
                    logger.debug(
                        "%s %s: quota rejected (attempt %d), retrying through the limiter",
                        request.method,
                        request.path,
                        quota_attempt,
                    )
                    continue
                await self._maybe_backoff(request, attempt, exc)
            except (KakaoServerError, KakaoTransportError) as exc:
                await self._maybe_backoff(request, attempt, exc)

    async def _maybe_backoff(self, request: Request, attempt: int, exc: KakaoError) -> None:
        if not request.idempotent or attempt >= self.retry.attempts:
            raise exc
        retry_after = exc.retry_after if isinstance(exc, KakaoAPIError) else None
        delay = self.retry.backoff(attempt, retry_after)
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

    async def _attempt(self, request: Request, token: str) -> Any:
        if not request.quota:
            return await self._exchange(request, token)
        async with self.limiter.hold(self.quota_key(request.ad_account_id)) as hold:
            try:
                return await self._exchange(request, token)
            except KakaoRateLimitError as exc:
                # Someone else (another tool, another process) spent this key's quota.
                hold.defer(max(self.limiter.interval + self.limiter.margin, exc.retry_after or 0.0))
                raise

    async def _exchange(self, request: Request, token: str) -> Any:
        session = self._get_session()
        if self._rate is not None:
            if self._rate_limiter is None:
                self._rate_limiter = _request_pacer(self._rate)
            await self._rate_limiter.acquire()
        if token is not self._checked_token:
            self._checked_token = check_header_value("token", token)
        headers = {
            "Authorization": f"Bearer {token}",
            "adAccountId": str(request.ad_account_id),
            "Accept": _JSON,
        }
        data: bytes | None = None
        if request.body is not None:
            headers["Content-Type"] = f"{_JSON};charset=UTF-8"
            data = json.dumps(request.body, ensure_ascii=False).encode()
        timeout = request.timeout if request.timeout is not None else self.timeout
        client_timeout = self._timeouts.get(timeout)
        if client_timeout is None:
            client_timeout = self._timeouts[timeout] = aiohttp.ClientTimeout(total=timeout)
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
                f"{request.method} {request.path}: no complete response within {timeout}s"
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
        return _interpret(request, status, raw, retry_after)


def _interpret(request: Request, status: int, raw: bytes, retry_after: float | None) -> Any:
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
                    f"HTTP {status} body is not JSON ({_preview(raw)})",
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


def _preview(raw: bytes) -> str:
    text = raw[:60].decode("utf-8", "replace").replace("\n", " ")
    return repr(text) + ("..." if len(raw) > 60 else "")


def _safe(exc: BaseException, token: str) -> str:
    return str(exc).replace(token, "***")
