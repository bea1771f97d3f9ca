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
    │   ├── KakaoRateLimitError     HTTP 429 or code -10: a quota was exceeded; quota'd calls
    │   │   │                       retry it through the limiter
    │   │   └── KakaoQuotaExhaustedError
    │   │                           code -11 (a daily or monthly limit), a code in
    │   │                           RetryPolicy.exhausted_codes, or a Retry-After of at least
    │   │                           RetryPolicy.exhausted_after: never retried
    │   └── KakaoServerError        HTTP 5xx or code -1 / -7 / -9798: failing or in maintenance
    ├── KakaoDecodeError            a body that is not JSON, or not the shape the model expects
    ├── KakaoTransportError         connection reset or dropped, truncated body
    │   ├── KakaoConnectError       no connection: refused, DNS or TLS failure; nothing was sent
    │   └── KakaoTimeoutError       no complete response within the call's deadline
    ├── KakaoLimiterError           the shared quota limiter (e.g. Redis) cannot be reached
    ├── KakaoClosedError            the client was closed before the call or bulk item finished
    └── KakaoInputError             an argument was refused, before any request (a ValueError)
        └── KakaoInputTypeError     ... because of its type (also a TypeError)

Every argument kakao_async refuses raises :class:`KakaoInputError` before anything is sent (an
id of ``0``, an unknown config, a non-https base URL); a value not of an accepted kind (for an
id: ``True``, ``1.0``, ``"abc"``; an ``async`` progress callback) raises its subclass
:class:`KakaoInputTypeError`, also a :class:`TypeError`. Both are :class:`ValueError`\\ s, as
in 0.2. (:class:`Secret` alone, a leaf below this module, raises a plain :class:`TypeError`.)

Which class a response becomes is decided by one table, :data:`ERROR_TABLE` below (first
matching row wins; README, "Errors", lists it); :func:`error_for_response` applies it.
No exception text ever contains the access token, even when the server echoes it.
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from ._envelope import as_int, envelope_fields, quoted_reason
from ._secret import Secret

__all__ = [
    "ERROR_TABLE",
    "STOPPING_ERRORS",
    "ErrorRule",
    "KakaoAPIError",
    "KakaoAuthError",
    "KakaoClosedError",
    "KakaoConnectError",
    "KakaoDecodeError",
    "KakaoError",
    "KakaoInputError",
    "KakaoInputTypeError",
    "KakaoLimiterError",
    "KakaoNotFoundError",
    "KakaoPermissionError",
    "KakaoQuotaExhaustedError",
    "KakaoRateLimitError",
    "KakaoServerError",
    "KakaoTimeoutError",
    "KakaoTransportError",
    "error_class",
    "error_for_response",
    "is_error_envelope",
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
        reason = quoted_reason(self.detail_msg or self.msg)
        return f"{text}: {reason}" if reason else text

    def __reduce__(self) -> tuple[Any, ...]:  # keyword-only __init__: pickling needs help
        return (_rebuild, (type(self), {name: getattr(self, name) for name in _FIELDS}))


_FIELDS = ("status", "code", "msg", "detail_code", "detail_msg", "method", "path", "retry_after")


def _rebuild(cls: type[KakaoAPIError], state: dict[str, Any]) -> KakaoAPIError:
    return cls(**state)  # named in every pickle since 0.2.0: keep the name and signature


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


class KakaoQuotaExhaustedError(KakaoRateLimitError):
    """A quota that will not clear in seconds: a daily or monthly call limit is used up (code
    -11, or a code in ``RetryPolicy.exhausted_codes``), or Kakao asked to wait at least
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


def _rebuild_plain(cls: type[KakaoDecodeError], message: str, *where: Any) -> KakaoDecodeError:
    method, path, status = where  # as 0.2.0's pickles hold them
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.method, err.path, err.status = method, path, status
    return err


class KakaoTransportError(KakaoError):
    """The request never got an HTTP answer: connection error, reset, TLS failure or timeout."""


class KakaoConnectError(KakaoTransportError):
    """No connection could be opened (refused, DNS or TLS failure), so nothing was sent: retrying
    costs no quota turn, and is safe even for a create."""


class KakaoTimeoutError(KakaoTransportError):
    """No complete response arrived within the timeout (per client, or per call)."""


class KakaoLimiterError(KakaoError):
    """The quota limiter could not be consulted, so a quota'd call was not sent (fail closed)."""


class KakaoClosedError(KakaoError, RuntimeError):
    """The client was closed (``aclose()``, leaving ``async with``) before this call or bulk
    item finished; one already on the wire may have reached Kakao. Also a RuntimeError (0.2)."""


class KakaoInputError(KakaoError, ValueError):
    """An argument kakao_async refuses; raised before any request is sent. Its text names the
    argument (``creative_id must be a positive integer, got 0``)."""


class KakaoInputTypeError(KakaoInputError, TypeError):
    """An argument of the wrong type (``1.5`` or ``"abc"`` for an id, a string where a list of
    ids belongs): a :class:`KakaoInputError` that is also a :class:`TypeError`."""


# --- which class a response becomes ---------------------------------------------------------------

#: A rate-limit answer whose Retry-After asks for at least this many seconds is not the few
#: seconds' throttle (the longest documented interval is 5 s) but a limit that will not clear
#: soon. Kakao documents no such threshold: it is the default of ``RetryPolicy.exhausted_after``.
EXHAUSTED_AFTER = 60.0


class ErrorRule(NamedTuple):
    """One row of :data:`ERROR_TABLE`: what an error response shows, and the class it becomes.

    A row matches when every part it names matches: the HTTP ``status`` (a number or a range),
    Kakao's ``code`` and ``extras.detailCode``.
    """

    cls: type[KakaoAPIError]
    status: int | range | None = None
    code: int | None = None
    detail_code: int | None = None
    #: What the row means, and where it comes from.
    why: str = ""

    def matches(self, status: int, code: int | None, detail_code: int | None) -> bool:
        """Whether an answer with this status and Kakao ``code``/``detailCode`` is this rule's."""
        if isinstance(self.status, range):
            if status not in self.status:
                return False
        elif self.status is not None and status != self.status:
            return False
        return (self.code is None or code == self.code) and (
            self.detail_code is None or detail_code == self.detail_code
        )


#: The one status/code/detailCode -> class map. Order matters: a quota rejection stays a quota
#: rejection whatever its detail code, and a missing resource is "not found" before "forbidden".
ERROR_TABLE: tuple[ErrorRule, ...] = (
    ErrorRule(KakaoAuthError, status=401, why="token missing, invalid or expired"),
    ErrorRule(KakaoAuthError, code=-401, why="invalid app key or access token"),
    ErrorRule(
        KakaoQuotaExhaustedError, code=-11, why="a paid API called over its daily or monthly limit"
    ),
    ErrorRule(KakaoRateLimitError, status=429, why="quota exceeded (Moment: -813 with 429)"),
    ErrorRule(KakaoRateLimitError, code=-10, why="quota exceeded (Kakao's common code)"),
    ErrorRule(KakaoNotFoundError, status=404, why="no such resource"),
    ErrorRule(KakaoNotFoundError, detail_code=33003, why="creative does not exist or was deleted"),
    ErrorRule(KakaoNotFoundError, detail_code=31001, why="campaign deleted (campaign detail)"),
    ErrorRule(KakaoNotFoundError, detail_code=32026, why="ad group deleted (ad group detail)"),
    ErrorRule(KakaoPermissionError, status=403, why="no access to the API, account or resource"),
    ErrorRule(KakaoPermissionError, code=-5, why="the app may not call this API"),
    ErrorRule(KakaoPermissionError, code=-12, why="the app or developer account is suspended"),
    ErrorRule(KakaoPermissionError, code=-402, why="business consent items not agreed"),
    ErrorRule(KakaoPermissionError, detail_code=9004, why='HTTP 400 -813 "권한이 없습니다"'),
    ErrorRule(KakaoServerError, status=range(500, 600), why="Kakao failed"),
    ErrorRule(KakaoServerError, code=-1, why="internal error"),
    ErrorRule(KakaoServerError, code=-7, why="service down or internal problem"),
    ErrorRule(KakaoServerError, code=-9798, why="maintenance"),
)


def error_class(
    status: int, *, code: int | None = None, detail_code: int | None = None
) -> type[KakaoAPIError]:
    """The class of the first :data:`ERROR_TABLE` row that matches; else ``KakaoAPIError``.
    A status :func:`http_status` refuses, or a ``code`` / ``detail_code`` that is not an
    integer, is a :class:`KakaoInputError` (``"404"`` is no 404)."""
    code = None if code is None else _integer("code", code)
    detail_code = None if detail_code is None else _integer("detail_code", detail_code)
    return _class_of(http_status("status", status), code, detail_code)


def _class_of(status: int, code: int | None, detail_code: int | None) -> type[KakaoAPIError]:
    for rule in ERROR_TABLE:
        if rule.matches(status, code, detail_code):
            return rule.cls
    return KakaoAPIError


def is_error_envelope(body: Any) -> bool:
    """Whether a decoded JSON body is Kakao's error envelope ``{"code": <negative>, ...}``."""
    if type(body) is not dict and not isinstance(body, Mapping):
        return False
    code = body.get("code")
    if code is None:  # every successful body: no further checks
        return False
    code = as_int(code)
    return code is not None and code < 0 and ("msg" in body or "extras" in body)


#: After one of these, every further call with the same token (or of the same daily limit) is
#: refused too: a bulk run sends no more, and its unsent items fail with the same error.
STOPPING_ERRORS: tuple[type[KakaoAPIError], ...] = (KakaoAuthError, KakaoQuotaExhaustedError)


def error_for_response(
    *,
    status: int,
    body: Any,
    method: str,
    path: str,
    retry_after: float | None = None,
    secrets: Collection[Secret] = (),
    exhausted_codes: Collection[int] = (),
    exhausted_after: float | None = EXHAUSTED_AFTER,
) -> KakaoAPIError:
    """The typed exception for an error response (its class from :data:`ERROR_TABLE`).

    The server's texts (``msg``, ``detailMsg``) are scrubbed of ``secrets``: a server that
    echoes the request's token must not put it into exception text, logs or HTTP answers.
    On top of the table, :class:`KakaoQuotaExhaustedError` is also what a code in
    ``exhausted_codes`` means, and what a rate-limit answer with a Retry-After of at least
    ``exhausted_after`` seconds means (``None``: never by Retry-After); see
    :class:`~kakao_async.RetryPolicy`.

    ``body`` is the decoded JSON (``await resp.json()``); raw ``bytes`` or text are not parsed
    (the status alone picks the class). A status :func:`http_status` refuses, a ``method`` or
    ``path`` not text or a ``retry_after`` not a number is a :class:`KakaoInputError`."""
    status, retry_after = _check_response(status, method, path, retry_after)
    fields = envelope_fields(body, secrets)
    cls = _class_of(status, fields.code, fields.detail_code)
    if fields.code in exhausted_codes or (
        issubclass(cls, KakaoRateLimitError)
        and exhausted_after is not None
        and (retry_after or 0.0) >= exhausted_after
    ):
        cls = KakaoQuotaExhaustedError
    return cls(
        status=status,
        code=fields.code,
        msg=fields.msg,
        detail_code=fields.detail_code,
        detail_msg=fields.detail_msg,
        method=method,
        path=path,
        retry_after=retry_after,
    )


def http_status(name: str, value: object) -> int:
    """``value`` as a plain ``int`` HTTP status: any integer (``HTTPStatus``, numpy's) of three
    digits, as HTTP's grammar has it, so any real answer passes. Anything else is refused: a
    status of the wrong kind would quietly pick the wrong class (``"401"`` is no 401)."""
    if not 100 <= (status := _integer(name, value)) <= 999:
        raise KakaoInputError(f"{name} must be an HTTP status (100-999), got {status}")
    return status


def _integer(name: str, value: object) -> int:
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise KakaoInputTypeError(f"{name} must be an int, got {type(value).__name__}")
    return operator.index(value)  # type: ignore[arg-type]


def _check_response(status: Any, method: Any, path: Any, retry_after: Any) -> tuple[int, Any]:
    for name, value in (("method", method), ("path", path)):
        if not isinstance(value, str):
            raise KakaoInputTypeError(f"{name} must be a string, got {type(value).__name__}")
    seconds = isinstance(retry_after, numbers.Real) and not isinstance(retry_after, bool)
    if retry_after is not None and not seconds:
        raise KakaoInputTypeError(f"retry_after must be seconds, got {type(retry_after).__name__}")
    if seconds and not _finite(retry_after):
        # As the client's own Retry-After reading drops it: NaN is no number of seconds.
        raise KakaoInputError(f"retry_after must be a finite number of seconds, got {retry_after}")
    return http_status("status", status), None if retry_after is None else float(retry_after)


def _finite(seconds: Any) -> bool:
    try:
        return math.isfinite(seconds)
    except OverflowError:  # an int or Fraction past a float's range: as infinite as inf
        return False
