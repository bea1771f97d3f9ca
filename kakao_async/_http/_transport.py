"""The default transport: how a prepared HTTP request reaches a server and its answer comes back.

:class:`AiohttpTransport` (connection pool, no redirects, a size cap on the decompressed body, a
total timeout per exchange) and :class:`~kakao_async.MockTransport` (``_mock.py``, for tests)
both turn every way of not getting an answer into
:class:`~kakao_async.KakaoTransportError` (:class:`~kakao_async.KakaoConnectError`: not even a
connection, so nothing was sent; :class:`~kakao_async.KakaoTimeoutError`: no answer in time).
"""

from __future__ import annotations

import asyncio
import functools
import re

import aiohttp
from aiohttp import ClientConnectorError
from aiohttp.connector import Connection
from yarl import URL

from .._body import read_capped
from .._secret import redact
from ..errors import (
    KakaoClosedError,
    KakaoConnectError,
    KakaoTransportError,
)
from ._cause import without_credentials
from ._deadlines import Deadlines
from ._exchange import HttpRequest, HttpResponse, bearer_secrets, timeout_error
from ._loop_session import LoopSession
from ._pool import PoolPlaces, places_of

__all__ = ["AiohttpTransport"]


class AiohttpTransport:
    """The default transport: one ``aiohttp.ClientSession`` (created lazily, so a client can be
    built outside a running loop), never following redirects. A caller-supplied ``session`` is
    used as is and never closed here.

    The session it creates belongs to the event loop of its first request and is closed when
    that loop shuts down (``asyncio.run()`` ending); the next loop gets a new one, so one client
    may serve one ``asyncio.run()`` after another. A loop that is still open elsewhere (another
    thread's) keeps it: a request from a second one raises ``RuntimeError``."""

    __slots__ = (
        "_closed",
        "_deadlines",
        "_max_connections",
        "_max_response_bytes",
        "_own",
        "_places",
        "_roots",
        "_session",
        "_write_urls",
    )

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession | None = None,
        max_connections: int = 100,
        max_response_bytes: int = 16 * 1024 * 1024,
    ) -> None:
        #: The caller's session, used as is on any loop (None: the transport opens its own).
        self._session = session
        #: The transport's own session, one per event loop (None with a caller's session).
        # The factory must not hold the transport: a forgotten client is then freed (and its
        # session closed by its loop) as soon as the last reference goes, not by the collector.
        own = functools.partial(_new_session, max_connections)
        self._own = LoopSession(own) if session is None else None
        self._max_connections = max_connections
        self._max_response_bytes = max_response_bytes
        self._closed = False
        self._deadlines = Deadlines()
        #: The session in use and its pool's free places (see _places_in).
        self._places: tuple[aiohttp.ClientSession, PoolPlaces] | None = None
        #: The parsed URL of each base URL (scheme, host and port only) seen so far.
        self._roots: dict[str, URL | None] = {}
        #: The URLs of requests with a body, parsed: see _url.
        self._write_urls: dict[str, URL | str] = {}

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """The session in use (``None`` until the first request of an owned one)."""
        return self._session if self._own is None else self._own.session

    @property
    def opened(self) -> bool:
        """Whether it opened a session of its own that :meth:`aclose` has not closed (its loop
        may have closed it since)."""
        return self._own is not None and self._own.session is not None

    async def send(self, request: HttpRequest) -> HttpResponse:
        """``request`` over the session, within ``request.timeout``; the body read up to
        ``max_response_bytes`` (decompressed)."""
        if self._closed:
            raise KakaoClosedError("this KakaoClient is closed")
        own = self._own
        if own is None:
            session = self._session
            assert session is not None
        elif (session := own.session) is None or own.loop is not asyncio.get_running_loop():
            session = await own.here()
        places = self._places_in(session)
        placed = False
        try:
            with self._deadlines.scope(request.timeout):
                # A free place is taken without an await: asyncio.Semaphore's coroutines cost
                # each GET ~6,500 instructions (1.2 %, bench_instructions), this nothing.
                if places.free:
                    places.free -= 1
                else:
                    await places.wait()
                placed = True
                async with session.request(
                    request.method,
                    self._url(request),
                    params=request.params or None,
                    data=request.body,
                    headers=request.headers,
                    timeout=_NO_TIMER,
                    allow_redirects=False,
                ) as resp:
                    body = await read_capped(
                        resp, self._max_response_bytes, method=request.method, path=request.path
                    )
                    return HttpResponse(resp.status, resp.headers, body)
        except (asyncio.TimeoutError, TimeoutError) as exc:
            if not placed:
                raise _no_place(request) from exc
            raise timeout_error(request) from exc
        except RuntimeError as exc:
            if not session.closed:
                raise
            # A caller-supplied session closed under us: typed, like any lost connection.
            raise KakaoTransportError(
                f"{request.method} {request.path}: the aiohttp session is closed"
            ) from exc
        except (aiohttp.ClientError, _ConnectionLost) as exc:
            lost = exc.error if isinstance(exc, _ConnectionLost) else exc
            # aiohttp's text may quote what was sent; never the token.
            text = redact(f"{type(lost).__name__}: {lost}", bearer_secrets(request))
            # No connection (refused, DNS, TLS handshake): the request never left, which the
            # retry policy and the limiter may rely on. Not after aiohttp's own resend, which a
            # caller's session keeps for idempotent methods: its first try may have arrived.
            never_sent = isinstance(lost, ClientConnectorError) and (
                self._own is not None or request.method not in _RESENT_BY_AIOHTTP
            )
            cls = KakaoConnectError if never_sent else KakaoTransportError
            raise cls(f"{request.method} {request.path}: {text}") from without_credentials(lost)
        finally:
            if placed:
                places.leave()

    def _places_in(self, session: aiohttp.ClientSession) -> PoolPlaces:
        """The free places of ``session``'s connection pool. An exchange takes one within its
        deadline, before aiohttp does: with more calls at once than connections (a bulk run's
        first calls over more ad accounts than ``max_connections``), a call whose deadline
        passes while it waits for one is known never to have been sent (``KakaoConnectError``:
        safe to repeat, its quota turn given back), not lost in aiohttp's queue as a timeout
        that may or may not have reached Kakao."""
        places = self._places
        if places is None or places[0] is not session:
            # The pool-wide limit only: aiohttp counts a caller's limit_per_host for each host
            # apart (Moment's, Keyword Ad's), and one count for both would refuse a call whose
            # host has a free connection; a call beyond a host's cap waits in aiohttp's queue.
            connector = session.connector
            size = getattr(connector, "limit", 0) or _UNLIMITED
            places = self._places = (session, places_of(connector, size))
        return places[1]

    def _url(self, request: HttpRequest) -> URL | str:
        """``request.url``, parsed. Parsing a whole URL string costs aiohttp (yarl) ~5 µs per
        request, as much as the rest of our request path (``benchmarks/bench_lean.py``); a base
        URL parsed once joined with an already-plain path costs ~1 µs.

        A request with a body names its object in the body, so its URL repeats (every onOff,
        budget or bid call sends the same one): those are kept parsed. A GET names its object
        in the path; keeping its URL would only keep garbage alive for the collector."""
        url, path = request.url, request.path
        write = request.body is not None
        if write and (kept := self._write_urls.get(url)) is not None:
            return kept
        if not path or not url.endswith(path) or not _PLAIN_PATH.fullmatch(path) or "/." in path:
            return url  # "/." : dot segments, which URL(str) removes and with_path(encoded) keeps
        base = url[: len(url) - len(path)]
        try:
            root = self._roots[base]
        except KeyError:
            root = _root(base)
            if len(self._roots) < 16:  # the client's base URLs; others are parsed each time
                self._roots[base] = root
        parsed = url if root is None else root.with_path(path, encoded=True)
        if write:
            if len(self._write_urls) >= 64:  # more than a client's write endpoints: start over
                self._write_urls.clear()
            self._write_urls[url] = parsed
        return parsed

    async def aclose(self) -> None:
        """Close the session if this transport created it; later sends raise
        :class:`~kakao_async.KakaoClosedError`."""
        self._closed = True
        self._deadlines.close()
        if self._own is not None:
            await self._own.close()
        self._session = self._places = None

    def __repr__(self) -> str:
        whose = "its own session" if self._own is not None else "your session"
        state = "closed" if self._closed else "open"
        return f"<AiohttpTransport {state}, {whose}, max_connections={self._max_connections}>"


class _ConnectionLost(Exception):
    """A dropped connection, carried past aiohttp's resend (it retries only its own errors)."""

    def __init__(self, error: aiohttp.ClientError) -> None:
        super().__init__(str(error))
        self.error = error


class _Response(aiohttp.ClientResponse):
    """Stops aiohttp from sending an idempotent request (PUT, GET) again at once when its
    connection drops. That resend bypasses the quota limiter, the backoff and the retry count:
    a reset after the request reached Kakao would bring it a second onOff within a millisecond
    (a 429 of our own making). The retry policy decides instead, through the limiter.

    aiohttp resends on its own connection errors; a lost connection shows while the response
    starts, and leaves here as another type, which the transport reports as
    ``KakaoTransportError``. (A session middleware would do the same at twice the cost per
    request: a closure and two coroutines, 8.6k instructions per GET against 3.9k.)"""

    async def start(self, connection: Connection) -> aiohttp.ClientResponse:
        try:
            return await super().start(connection)
        except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError) as exc:
            raise _ConnectionLost(exc) from exc


#: The methods a plain ``aiohttp.ClientSession`` sends again at once when their connection
#: drops (RFC 9112's idempotent ones); the client's own session never does (:class:`_Response`).
_RESENT_BY_AIOHTTP = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})

#: The places of a pool without a limit (aiohttp's ``limit=0``): more than any loop has calls.
_UNLIMITED = 1 << 30

#: Each exchange's timeout is a :class:`Deadlines` scope, not an aiohttp timer per request.
_NO_TIMER = aiohttp.ClientTimeout()

#: A path yarl may take as already encoded: ASCII that needs no percent-encoding.
_PLAIN_PATH = re.compile(r"/[A-Za-z0-9/._~-]*", re.ASCII)


def _new_session(max_connections: int) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=max_connections)
    return aiohttp.ClientSession(connector=connector, response_class=_Response)


def _root(base: str) -> URL | None:
    """``base`` parsed, if it is only scheme, host and port (a path joins it exactly)."""
    try:
        root = URL(base)
    except ValueError:
        return None
    if not root.absolute or root.raw_path not in ("", "/") or root.raw_query_string:
        return None
    if root.raw_fragment or root.raw_user or root.raw_password or base.endswith(("/", "?", "#")):
        return None
    return root


def _no_place(request: HttpRequest) -> KakaoConnectError:
    return KakaoConnectError(
        f"{request.method} {request.path}: no free pooled connection within "
        f"{request.timeout:g}s (max_connections): not sent"
    )
