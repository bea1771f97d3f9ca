"""Both ends of one attempt around the transport: the HTTP request it sends, and what its
answer (or the lack of one) means.

Plain functions: the requester awaits the transport itself, so that no coroutine frame that
earns nothing sits between a call and the socket (each one reruns at every suspension).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from .._observe import CallTrace
from .._secret import Secret, forget_locals
from ..errors import KakaoDecodeError, KakaoError, KakaoTimeoutError
from ._budget import call_timeout
from ._exchange import HttpRequest, HttpResponse
from ._interpret import dumps, interpret
from ._request import Request
from ._retry import RetryPolicy

__all__ = ["answer", "http_request", "no_answer"]

logger = logging.getLogger("kakao_async.http")

_JSON = "application/json"
_JSON_BODY = "application/json;charset=UTF-8"


def http_request(
    request: Request, bearer: str, seconds: float, trace: CallTrace | None
) -> HttpRequest:
    """The exchange of one attempt of ``request``, given ``seconds`` (what is left of its
    deadline: :meth:`Budget.attempt`, or the whole timeout at a first attempt)."""
    headers = {"Authorization": bearer, "Accept": _JSON}
    if request.ad_account_id is not None:
        headers["adAccountId"] = str(request.ad_account_id)
    data = body = request.body
    if body is not None:
        headers["Content-Type"] = _JSON_BODY
        if not isinstance(body, bytes):
            data = dumps(body)
    if trace is not None:
        trace.sent()
    return HttpRequest(
        request.endpoint.method,
        request.base_url + request.path,
        headers,
        request.params,
        data,
        seconds,
        request.path,
    )


def no_answer(
    request: Request, timeout: float, trace: CallTrace | None, error: KakaoError, token: Secret
) -> None:
    """The transport raised ``error``: no answer came back. A timeout is raised as the call's
    own (``timeout``, as the caller gave it); the caller re-raises any other error.

    What ``error`` holds is scrubbed of ``token`` first: the frames it went through read what
    did come back (a body cut short, a broken status line), and the transport's own error
    behind it (aiohttp's) may quote that."""
    forget_locals(error, (token,))
    if trace is not None:
        trace.received(None, error)
    if isinstance(error, KakaoTimeoutError):
        raise call_timeout(request, timeout) from error


def answer(
    request: Request,
    response: HttpResponse,
    token: Secret,
    trace: CallTrace | None,
    started: float,
    retry: RetryPolicy,
) -> Any:
    """The call's result from ``response`` (sent at ``time.monotonic()`` ``started``):
    its JSON body through ``request.decode``, or the typed error it means (``retry`` says which
    codes mean an exhausted quota)."""
    status, method = response.status, request.endpoint.method
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s (adAccountId %s) -> %d in %.1f ms",
            method,
            request.path,
            request.ad_account_id,
            status,
            (time.monotonic() - started) * 1000,
        )
    try:
        body = interpret(
            method,
            request.path,
            response,
            token,
            exhausted_codes=retry.exhausted_codes,
            exhausted_after=retry.exhausted_after,
        )
        if request.decode is not None:
            # Part of the attempt: a body that does not fit its model is this answer's error.
            body = request.decode(body, method, request.path)
    except KakaoError as exc:
        if isinstance(exc, KakaoDecodeError) and not exc.status:
            exc.status = status  # a model's decoder does not know the answer's status
        # The body may echo the token: tracebacks rendered with locals (rich, Sentry) must not
        # find it here, in interpret's frame or in the caller's (which drops its own reference).
        # The exception text is already scrubbed. So are the frames it was raised through,
        # decoding's included (the cause's frames locate the field; their locals held the body),
        # and this one: the body that failed to decode is dropped too.
        del response
        body = None
        forget_locals(exc)
        if trace is not None:
            trace.received(status, exc)
        raise exc.with_traceback(None)  # noqa: B904 - the same exception, one frame shorter
    if trace is not None:
        trace.received(status, None)
    return body
