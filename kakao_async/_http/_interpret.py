"""Reading Kakao's answer: the JSON body, or the typed error its status or envelope means.

Which error class a response becomes is decided by one table, :data:`ERROR_TABLE`: read it top to
bottom, the first row that matches wins, and a response no row matches is a plain
:class:`~kakao_async.KakaoAPIError`.
"""

from __future__ import annotations

import email.utils
import json
import math
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any, NamedTuple

from .._secret import Secret, redact
from ..errors import (
    KakaoAPIError,
    KakaoAuthError,
    KakaoDecodeError,
    KakaoNotFoundError,
    KakaoPermissionError,
    KakaoRateLimitError,
    KakaoServerError,
)
from ._transport import HttpResponse

__all__ = [
    "ERROR_TABLE",
    "JSON_PARSER",
    "ErrorRule",
    "error_class",
    "error_for_response",
    "interpret",
    "is_error_envelope",
    "loads",
]

loads: Callable[[bytes], Any]
try:  # optional speed-up, about 3 us per creative: pip install 'kakao-async[speed]'
    from orjson import loads

    #: Which JSON parser reads responses.
    JSON_PARSER = "orjson"
except ImportError:  # pragma: no cover - depends on the environment
    loads = json.loads
    JSON_PARSER = "json"

#: A hostile or broken Retry-After must not park a key for hours.
MAX_RETRY_AFTER = 300.0


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
    status: int, code: int | None = None, detail_code: int | None = None
) -> type[KakaoAPIError]:
    """The class of the first :data:`ERROR_TABLE` row that matches; else ``KakaoAPIError``."""
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
) -> KakaoAPIError:
    """The typed exception for an error response (its class from :data:`ERROR_TABLE`).

    The server's texts (``msg``, ``detailMsg``) are scrubbed of ``secrets``: a server that
    echoes the request's token must not put it into exception text, logs or HTTP answers.
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
    return error_class(status, code, detail_code)(
        status=status,
        code=code,
        msg=msg,
        detail_code=detail_code,
        detail_msg=detail_msg,
        method=method,
        path=path,
        retry_after=retry_after,
    )


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


def interpret(method: str, path: str, response: HttpResponse, token: Secret) -> Any:
    """The decoded JSON body (``None`` when empty), or raise the typed error it means. Text the
    server sent is scrubbed of ``token`` before it reaches an exception."""
    status, raw = response.status, response.body
    body: Any = None
    parsed = False
    if raw and not raw.isspace():
        try:
            body = loads(raw)
            parsed = True
        # RecursionError: the stdlib parser on absurdly deep nesting (orjson says ValueError).
        except (ValueError, UnicodeDecodeError, RecursionError):
            if status < 400:
                raise KakaoDecodeError(
                    f"HTTP {status} body is not JSON ({_preview(raw, token)})",
                    method=method,
                    path=path,
                    status=status,
                ) from None
    if status >= 400 or (parsed and is_error_envelope(body)):
        # Kakao sometimes answers 200 with an error envelope (see the onOff sample).
        raise error_for_response(
            status=status,
            body=body if isinstance(body, Mapping) else None,
            method=method,
            path=path,
            retry_after=retry_after(response.headers.get("Retry-After")),
            secrets=(token,),
        )
    if status >= 300:
        raise KakaoDecodeError(f"unexpected HTTP {status}", method=method, path=path, status=status)
    return body


def retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta or HTTP date), capped; None if unusable."""
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
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _preview(raw: bytes, token: Secret) -> str:
    # Scrubbed before the cut: a token straddling it would otherwise leave its first half.
    head = raw[: 60 + len(token.reveal().encode())].decode("utf-8", "replace")
    text = redact(head, (token,))[:60].replace("\n", " ")
    return repr(text) + ("..." if len(raw) > 60 else "")
