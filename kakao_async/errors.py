"""Every exception kakao_async raises on purpose.

::

    KakaoError                      base: catch this to catch everything below
    ├── KakaoAPIError               Kakao answered with an error envelope or an error status
    │   ├── KakaoAuthError          HTTP 401 or code -401: token missing, invalid or expired
    │   ├── KakaoPermissionError    HTTP 403, code -5 / -12 / -402, or detailCode 9004
    │   │                           ("권한이 없습니다", sent with HTTP 400): no access
    │   ├── KakaoNotFoundError      HTTP 404, or detailCode 33003 (creative does not exist or
    │   │                           was deleted), 31001 (campaign deleted), 32026 (ad group
    │   │                           deleted)
    │   ├── KakaoRateLimitError     HTTP 429 or code -10: a quota was exceeded
    │   └── KakaoServerError        HTTP 5xx or code -1 / -7 / -9798: failing or in maintenance
    ├── KakaoDecodeError            a body that is not JSON, or not the shape the model expects
    ├── KakaoTransportError         connection refused or reset, TLS failure, truncated body
    │   └── KakaoTimeoutError       no complete response within the call's deadline
    ├── KakaoLimiterError           the shared quota limiter (e.g. Redis) cannot be reached
    └── KakaoClosedError            the client was closed before the call or bulk item finished

Invalid arguments are not ``KakaoError``\\ s: they raise :class:`ValueError` (or
:class:`TypeError`) before any request is sent.

Which class a response becomes is decided by one table, ``ERROR_TABLE`` in
``kakao_async._http._interpret`` (first matching row wins; README, "Errors", lists it).
No exception text ever contains the access token, even when the server echoes it.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "KakaoAPIError",
    "KakaoAuthError",
    "KakaoClosedError",
    "KakaoDecodeError",
    "KakaoError",
    "KakaoLimiterError",
    "KakaoNotFoundError",
    "KakaoPermissionError",
    "KakaoRateLimitError",
    "KakaoServerError",
    "KakaoTimeoutError",
    "KakaoTransportError",
]


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
    """The token's user may not use this API, ad account or resource (HTTP 403, or detailCode
    9004 "권한이 없습니다", which Kakao Moment sends with HTTP 400)."""


class KakaoNotFoundError(KakaoAPIError):
    """The resource does not exist or was deleted (HTTP 404, or detailCode 33003 for a
    creative, 31001 for a campaign, 32026 for an ad group)."""


class KakaoRateLimitError(KakaoAPIError):
    """A quota was exceeded (HTTP 429 or code -10); for onOff, after the retries ran out."""


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
