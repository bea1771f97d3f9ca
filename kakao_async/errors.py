"""Every exception kakao_async raises on purpose.

::

    KakaoError                      base: catch this to catch everything below
    ├── KakaoAPIError               Kakao answered with an error envelope or an error status
    │   ├── KakaoAuthError          HTTP 401 or code -401: token missing, invalid or expired
    │   ├── KakaoPermissionError    HTTP 403: no access to that ad account or resource
    │   ├── KakaoNotFoundError      HTTP 404 or detailCode 33003 ("creative does not exist")
    │   ├── KakaoRateLimitError     HTTP 429 or code -10: a quota was exceeded; quota'd calls
    │   │   │                       retry it through the limiter
    │   │   └── KakaoQuotaExhaustedError
    │   │                           code -11 (a daily/monthly limit; -10 too if configured) or
    │   │                           Retry-After >= RetryPolicy.exhausted_after: never retried
    │   └── KakaoServerError        HTTP 5xx or code -1 / -7 / -9798: failing or in maintenance
    ├── KakaoDecodeError            a body that is not JSON, or not the shape the model expects
    ├── KakaoTransportError         connection refused or reset, TLS failure, truncated body
    │   └── KakaoTimeoutError       no complete response within the call's deadline
    ├── KakaoLimiterError           the shared quota limiter (e.g. Redis) cannot be reached
    └── KakaoClosedError            the client was closed before the call or bulk item finished

Invalid arguments are not ``KakaoError``\\ s: they raise :class:`ValueError` (or
:class:`TypeError`) before any request is sent.

The mapping from a response to a class lives in one function, :func:`error_for_response`.
No exception text ever contains the access token, even when the server echoes it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from ._secret import Secret, redact

__all__ = [
    "KakaoAPIError",
    "KakaoAuthError",
    "KakaoClosedError",
    "KakaoDecodeError",
    "KakaoError",
    "KakaoLimiterError",
    "KakaoNotFoundError",
    "KakaoPermissionError",
    "KakaoQuotaExhaustedError",
    "KakaoRateLimitError",
    "KakaoServerError",
    "KakaoTimeoutError",
    "KakaoTransportError",
    "error_for_response",
]

#: detailCode Kakao Moment uses for "creative does not exist".
DETAIL_NOT_FOUND = 33003
#: Kakao codes that mean "the service itself is failing" (internal error, down, maintenance).
SERVER_CODES = frozenset({-1, -7, -9798})
#: Kakao codes that mean "a call-volume quota is used up": -11 "a paid API called over its daily
#: or monthly limit" (Kakao's common error codes). Not -10 by default: Kakao documents it as
#: "a request over the number of allowed calls; try again later or request a quota increase",
#: which may be a per-interval limit too; ``RetryPolicy(exhausted_codes=...)`` can add it.
EXHAUSTED_CODES = frozenset({-11})
#: A rate-limit answer whose Retry-After asks for at least this many seconds is not the few
#: seconds' throttle (the longest documented interval is 5 s) but a limit that will not clear
#: soon. Not documented by Kakao: the default of :class:`~kakao_async.RetryPolicy`.
EXHAUSTED_AFTER = 60.0


class KakaoError(Exception):
    """Base class of every kakao_async error."""


class KakaoAPIError(KakaoError):
    """Kakao rejected a request.

    Carries what Kakao said (``code``, ``msg``, ``detail_code``, ``detail_msg``) and which request
    it was (``method``, ``path``) so a log line is enough to debug it.
    """

    def __init__(
        self,
        *,
        status: int,
        code: int | None = None,
        msg: str | None = None,
        detail_code: int | None = None,
        detail_msg: str | None = None,
        method: str = "",
        path: str = "",
        retry_after: float | None = None,
    ) -> None:
        #: HTTP status of the response.
        self.status = status
        #: Kakao's top-level ``code`` (e.g. -813), if the body had one.
        self.code = code
        #: Kakao's ``msg`` (e.g. ``"KakaoMomentException"``).
        self.msg = msg
        #: ``extras.detailCode`` (e.g. 33003).
        self.detail_code = detail_code
        #: ``extras.detailMsg``, Kakao's human-readable reason.
        self.detail_msg = detail_msg
        #: HTTP method of the failed request.
        self.method = method
        #: URL path of the failed request (no query string, no host).
        self.path = path
        #: Seconds from a ``Retry-After`` header, when the server sent one.
        self.retry_after = retry_after
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [f"HTTP {self.status}"]
        if self.code is not None:
            parts.append(f"code={self.code}")
        if self.detail_code is not None:
            parts.append(f"detailCode={self.detail_code}")
        text = " ".join(parts)
        if self.method or self.path:
            text = f"{self.method} {self.path}: {text}".strip()
        reason = self.detail_msg or self.msg
        return f"{text}: {reason}" if reason else text

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only __init__ needs help to survive pickling (multiprocessing, job queues).
        return (_rebuild, (type(self), self._state()))

    def _state(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "code": self.code,
            "msg": self.msg,
            "detail_code": self.detail_code,
            "detail_msg": self.detail_msg,
            "method": self.method,
            "path": self.path,
            "retry_after": self.retry_after,
        }


def _rebuild(cls: type[KakaoAPIError], state: dict[str, Any]) -> KakaoAPIError:
    return cls(**state)


class KakaoAuthError(KakaoAPIError):
    """The access token was missing, invalid or expired (HTTP 401 / code -401)."""


class KakaoPermissionError(KakaoAPIError):
    """The token's user may not use this ad account or resource (HTTP 403)."""


class KakaoNotFoundError(KakaoAPIError):
    """The creative does not exist (HTTP 404 or detailCode 33003)."""


class KakaoRateLimitError(KakaoAPIError):
    """A quota was exceeded (HTTP 429 or code -10); for onOff, after the retries ran out."""


class KakaoQuotaExhaustedError(KakaoRateLimitError):
    """A quota that will not clear in seconds: a daily or monthly call limit is used up (code
    -11, or a code added to ``RetryPolicy.exhausted_codes``), or Kakao asked to wait at least
    ``RetryPolicy.exhausted_after`` seconds (``retry_after``). Raised at once, never retried:
    try again once the quota resets or is raised. A :class:`KakaoRateLimitError`, so handlers
    of that still catch it."""


class KakaoServerError(KakaoAPIError):
    """Kakao failed (HTTP 5xx) or is in maintenance (code -1, -7, -9798)."""


class KakaoDecodeError(KakaoError):
    """The response body was not JSON, or not the shape the expected model has."""

    def __init__(self, message: str, *, method: str = "", path: str = "", status: int = 0):
        self.method = method
        self.path = path
        self.status = status
        where = f"{method} {path}: ".lstrip() if (method or path) else ""
        super().__init__(f"{where}{message}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_plain, (type(self), self.args[0], self.method, self.path, self.status))


def _rebuild_plain(
    cls: type[KakaoDecodeError], message: str, method: str, path: str, status: int
) -> KakaoDecodeError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.method, err.path, err.status = method, path, status
    return err


class KakaoTransportError(KakaoError):
    """The request never got an HTTP answer: connection error, reset, TLS failure or timeout."""


class KakaoTimeoutError(KakaoTransportError):
    """No complete response arrived within the timeout (per client, or per call)."""


class KakaoLimiterError(KakaoError):
    """The quota limiter could not be consulted, so a quota'd call was not sent (fail closed)."""


class KakaoClosedError(KakaoError, RuntimeError):
    """The client was closed (``aclose()`` or leaving ``async with``) before this call or bulk
    item finished. A call that was already on the wire may or may not have reached Kakao.
    Also a :class:`RuntimeError`, which is what a closed client raised before 0.3."""


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None


def _as_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def is_error_envelope(body: Any) -> bool:
    """Whether a decoded JSON body is Kakao's error envelope ``{"code": <negative>, ...}``."""
    if type(body) is not dict and not isinstance(body, Mapping):
        return False
    code = body.get("code")
    if code is None:  # every successful body: no further checks
        return False
    code = _as_int(code)
    return code is not None and code < 0 and ("msg" in body or "extras" in body)


def error_for_response(
    *,
    status: int,
    body: Any,
    method: str,
    path: str,
    retry_after: float | None = None,
    secrets: Collection[Secret] = (),
    exhausted_codes: Collection[int] = EXHAUSTED_CODES,
    exhausted_after: float | None = EXHAUSTED_AFTER,
) -> KakaoAPIError:
    """Build the typed exception for an error response: the one status/code -> class map.

    The server's texts (``msg``, ``detailMsg``) are scrubbed of ``secrets``: a server that
    echoes the request's token must not put it into exception text, logs or HTTP answers.
    ``exhausted_codes`` and ``exhausted_after`` (``None``: never by Retry-After) say which
    rate-limit answers are :class:`KakaoQuotaExhaustedError`.
    """
    code = msg = detail_code = detail_msg = None
    if isinstance(body, Mapping):
        code = _as_int(body.get("code"))
        msg = _as_str(body.get("msg"))
        extras = body.get("extras")
        if isinstance(extras, Mapping):
            detail_code = _as_int(extras.get("detailCode"))
            detail_msg = _as_str(extras.get("detailMsg"))
    if secrets:
        msg = None if msg is None else redact(msg, secrets)
        detail_msg = None if detail_msg is None else redact(detail_msg, secrets)
    cls: type[KakaoAPIError]
    if status == 401 or code == -401:
        cls = KakaoAuthError
    elif code in exhausted_codes or (
        (status == 429 or code == -10)
        and exhausted_after is not None
        and (retry_after or 0.0) >= exhausted_after
    ):
        cls = KakaoQuotaExhaustedError
    elif status == 429 or code == -10:
        cls = KakaoRateLimitError
    elif status == 404 or detail_code == DETAIL_NOT_FOUND:
        cls = KakaoNotFoundError
    elif status == 403:
        cls = KakaoPermissionError
    elif status >= 500 or code in SERVER_CODES:
        cls = KakaoServerError
    else:
        cls = KakaoAPIError
    return cls(
        status=status,
        code=code,
        msg=msg,
        detail_code=detail_code,
        detail_msg=detail_msg,
        method=method,
        path=path,
        retry_after=retry_after,
    )
