"""Transports: how a prepared HTTP request reaches a server and its answer comes back.

:class:`AiohttpTransport` is the default (connection pool, no redirects, a size cap on the
decompressed body, a total timeout per exchange). :class:`MockTransport` answers from a function
without a socket, for tests. Both turn every way of not getting an answer into
:class:`~kakao_async.KakaoTransportError` / :class:`~kakao_async.KakaoTimeoutError`.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import NamedTuple, Protocol, runtime_checkable

import aiohttp

from .._body import read_capped
from .._secret import Secret, redact
from ..errors import (
    KakaoClosedError,
    KakaoInputTypeError,
    KakaoTimeoutError,
    KakaoTransportError,
)

__all__ = [
    "AiohttpTransport",
    "HttpRequest",
    "HttpResponse",
    "MockTransport",
    "Transport",
]


class HttpRequest(NamedTuple):
    """One HTTP exchange, ready for the wire."""

    method: str
    url: str
    headers: Mapping[str, str]
    params: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    #: Seconds the whole exchange (connect, send, the full body back) may take.
    timeout: float = 30.0
    #: For error messages: the path without host or query.
    path: str = ""


class HttpResponse(NamedTuple):
    """What came back: status, headers and the whole (decompressed) body."""

    status: int
    headers: Mapping[str, str]
    body: bytes


@runtime_checkable
class Transport(Protocol):
    """Sends :class:`HttpRequest`\\ s. Raise ``KakaoTransportError`` (or its subclass
    ``KakaoTimeoutError``) when no complete answer came back; return any answer that did."""

    async def send(self, request: HttpRequest) -> HttpResponse: ...

    async def aclose(self) -> None: ...


class AiohttpTransport:
    """The default transport: one ``aiohttp.ClientSession`` (created lazily, so a client can be
    built outside a running loop), never following redirects. A caller-supplied ``session`` is
    used as is and never closed here."""

    __slots__ = (
        "_closed",
        "_max_connections",
        "_max_response_bytes",
        "_owns",
        "_session",
        "_timeouts",
    )

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession | None = None,
        max_connections: int = 100,
        max_response_bytes: int = 16 * 1024 * 1024,
    ) -> None:
        self._session = session
        self._owns = session is None
        self._max_connections = max_connections
        self._max_response_bytes = max_response_bytes
        self._closed = False
        #: The ClientTimeout of a whole first attempt, built once per distinct timeout.
        self._timeouts: dict[float, aiohttp.ClientTimeout] = {}

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """The session in use (``None`` until the first request of an owned one)."""
        return self._session

    def _get_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise KakaoClosedError("this KakaoClient is closed")
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._max_connections)
            self._session = aiohttp.ClientSession(connector=connector)
        return self._session

    async def send(self, request: HttpRequest) -> HttpResponse:
        session = self._get_session()
        try:
            async with session.request(
                request.method,
                request.url,
                params=request.params or None,
                data=request.body,
                headers=request.headers,
                timeout=self._client_timeout(request.timeout),
                allow_redirects=False,
            ) as resp:
                body = await read_capped(
                    resp, self._max_response_bytes, method=request.method, path=request.path
                )
                return HttpResponse(resp.status, resp.headers, body)
        except (asyncio.TimeoutError, TimeoutError) as exc:
            raise _timeout(request) from exc
        except RuntimeError as exc:
            if not session.closed:
                raise
            # A caller-supplied session closed under us: typed, like any lost connection.
            raise KakaoTransportError(
                f"{request.method} {request.path}: the aiohttp session is closed"
            ) from exc
        except aiohttp.ClientError as exc:
            # aiohttp's text may quote what was sent; never the token.
            text = redact(f"{type(exc).__name__}: {exc}", _bearer(request))
            raise KakaoTransportError(f"{request.method} {request.path}: {text}") from exc

    def _client_timeout(self, seconds: float) -> aiohttp.ClientTimeout:
        timeout = self._timeouts.get(seconds)
        if timeout is None:
            timeout = aiohttp.ClientTimeout(total=seconds)
            if len(self._timeouts) < 16:  # the configured timeouts; leftovers vary
                self._timeouts[seconds] = timeout
        return timeout

    async def aclose(self) -> None:
        self._closed = True
        if self._owns and self._session is not None:
            await self._session.close()
        self._session = None


Handler = Callable[[HttpRequest], "HttpResponse | Awaitable[HttpResponse]"]


class MockTransport:
    """A transport that answers every request with ``handler(request)`` (plain or ``async``),
    without a socket: plug it into ``KakaoClient(transport=...)`` to test code that uses the
    client. The timeout still applies; an exception from the handler reaches the caller."""

    __slots__ = ("handler", "requests")

    def __init__(self, handler: Handler) -> None:
        if not callable(handler):
            raise KakaoInputTypeError(f"handler must be callable, got {type(handler).__name__}")
        self.handler = handler
        #: Every request sent through this transport, oldest first.
        self.requests: list[HttpRequest] = []

    async def send(self, request: HttpRequest) -> HttpResponse:
        self.requests.append(request)
        answer = self.handler(request)
        if not inspect.isawaitable(answer):
            return answer
        try:
            return await asyncio.wait_for(answer, request.timeout)
        except (asyncio.TimeoutError, TimeoutError) as exc:
            raise _timeout(request) from exc

    async def aclose(self) -> None:
        """Nothing to release."""


def _timeout(request: HttpRequest) -> KakaoTimeoutError:
    return KakaoTimeoutError(
        f"{request.method} {request.path}: no complete response within {request.timeout:g}s"
    )


def _bearer(request: HttpRequest) -> tuple[Secret, ...]:
    value = request.headers.get("Authorization", "")
    return (Secret(value[7:]),) if value.startswith("Bearer ") else ()
