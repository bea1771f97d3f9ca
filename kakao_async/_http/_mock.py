"""A transport without a socket: every request answered by a function (for tests)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Mapping

from ..errors import KakaoInputError, KakaoInputTypeError, http_status
from ._deadlines import Deadlines
from ._exchange import HttpRequest, HttpResponse, timeout_error

__all__ = ["Handler", "MockTransport"]


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
        """Record ``request`` in :attr:`requests`, then return ``handler(request)``."""
        self.requests.append(request)
        answer = self.handler(request)
        if not inspect.isawaitable(answer):
            return _checked(answer)
        try:
            # Awaited in the call's own task, as an aiohttp exchange is (wait_for would run it in
            # a task of its own on 3.10 / 3.11, which the call then waits for when cancelled).
            # A Deadlines of the call's own: a MockTransport may serve several loops at once
            # (clients in threads), and leaves no timer armed once the call is answered.
            deadlines = Deadlines()
            try:
                with deadlines.scope(request.timeout):
                    answered = await answer
            finally:
                deadlines.close()
        except (asyncio.TimeoutError, TimeoutError) as exc:
            raise timeout_error(request) from exc
        return _checked(answered)

    async def aclose(self) -> None:
        """Nothing to release."""

    def __repr__(self) -> str:
        name = getattr(self.handler, "__qualname__", type(self.handler).__name__)
        return f"<MockTransport {name}, {len(self.requests)} requests>"


def _checked(answer: object) -> HttpResponse:
    """A handler's answer, if it is an :class:`HttpResponse` the client can read: a handler is
    test code, and its slip deserves a message, not an AttributeError deep in the client."""
    how = "a MockTransport handler must return kakao_async.HttpResponse(status, headers, body)"
    if not isinstance(answer, HttpResponse):
        raise KakaoInputTypeError(f"{how}; got {type(answer).__name__}")
    try:
        # Any integer (HTTPStatus.OK, a numpy int), read as a plain int.
        status = http_status("its status", answer.status)
    except KakaoInputError as exc:
        raise KakaoInputTypeError(f"{how}; {exc}") from None
    problem = None
    if not isinstance(answer.headers, Mapping):
        problem = f"its headers must be a mapping, got {type(answer.headers).__name__}"
    elif not isinstance(answer.body, bytes):
        problem = f"its body must be bytes, got {type(answer.body).__name__}"
    if problem is not None:
        raise KakaoInputTypeError(f"{how}; {problem}")
    return (
        answer if type(answer.status) is int else HttpResponse(status, answer.headers, answer.body)
    )
