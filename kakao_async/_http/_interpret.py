"""Reading Kakao's answer: the JSON body, or the typed error its status or envelope means
(the class comes from :data:`kakao_async.errors.ERROR_TABLE`)."""

from __future__ import annotations

import email.utils
import json
import math
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any

from .._secret import Secret, redact
from ..errors import (
    EXHAUSTED_AFTER,
    KakaoDecodeError,
    KakaoInputTypeError,
    error_for_response,
    is_error_envelope,
)
from ._exchange import HttpResponse

__all__ = [
    "JSON_PARSER",
    "dumps",
    "dumps_checked",
    "interpret",
    "loads",
    "request_body",
    "retry_after",
    "stdlib_loads",
]


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise ValueError(f"{text} is past a float")
    return number


def stdlib_loads(raw: bytes) -> Any:
    """``json.loads`` reading as orjson does: ``NaN``, ``Infinity`` and a number past a float
    are no JSON (the stdlib takes them, and a report would hold nan)."""
    return json.loads(raw, parse_constant=_no_constant, parse_float=_finite)


loads: Callable[[bytes], Any]
try:  # optional speed-up, about 3 us per creative: pip install 'kakao-async[speed]'
    from orjson import loads

    #: Which JSON parser reads responses.
    JSON_PARSER = "orjson"
except ImportError:  # pragma: no cover - depends on the environment
    loads = stdlib_loads
    JSON_PARSER = "json"

#: Built once: ``json.dumps`` with options builds a new encoder per call (2.5 us against 1.6 us
#: per onOff body).
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))

_fast_dumps: Callable[[Any], bytes] | None
try:  # the same optional extra as the parser
    from orjson import dumps as _fast_dumps
except ImportError:  # pragma: no cover - depends on the environment
    _fast_dumps = None


def dumps(body: Any) -> bytes:
    """A request body as compact UTF-8 JSON; NaN, infinities and unknown types are refused.

    The same bytes with or without orjson: orjson writes only bodies of exact dicts, lists,
    text, 64-bit integers, booleans and nulls (every onOff, budget and bid body), where its
    output equals the stdlib's; the stdlib encoder writes or refuses the rest (floats, NaN,
    enums, tuples, other types). An onOff body costs under half the instructions that way.
    """
    if _fast_dumps is not None:
        try:
            plain = _plain(body)
        except RecursionError:  # a cycle or absurd nesting: the stdlib says which
            plain = False
        if plain:
            try:
                return _fast_dumps(body)
            except TypeError:  # orjson refuses a lone surrogate (the stdlib says why) and
                pass  # nesting past ~255 levels (the stdlib writes it)
    return _ENCODER.encode(body).encode()


def request_body(body: Any) -> bytes:
    """:func:`dumps` of a body a service was given, when the call is made: what JSON cannot
    carry (text with a lone surrogate, NaN, a set) is the caller's input, refused before any
    request. Encoded at the attempt, it failed at the quota turn, the turn spent."""
    try:
        return dumps(body)
    except UnicodeEncodeError:
        problem = "text UTF-8 cannot carry (a lone surrogate)"
    except RecursionError:
        problem = "nested too deeply"
    except (ValueError, TypeError) as exc:  # the stdlib's reason names a type, never a text
        problem = str(exc)[:200]
    # Of a kind JSON cannot carry: also a TypeError, as any argument of the wrong kind.
    raise KakaoInputTypeError(f"the request body is not JSON: {problem}")


def dumps_checked(body: dict[str, int | str | None]) -> bytes:
    """:func:`dumps` of a flat body the library built from checked values: text keys, ints within
    a Kakao Long, the text of an enum member, None. orjson writes those as the stdlib does, so
    the walk that proves it for any body is left out."""
    if _fast_dumps is not None:
        return _fast_dumps(body)
    return _ENCODER.encode(body).encode()


#: The integers orjson writes; the stdlib writes any.
_MIN_INT, _MAX_INT = -(2**63), 2**64 - 1


def _plain(value: Any) -> bool:
    """Whether ``value`` holds only what orjson and the stdlib write alike (see :func:`dumps`)."""
    # Loops rather than all(): a generator per container costs more than the checks.
    kind = type(value)
    if kind is dict:
        for key, item in value.items():  # noqa: SIM110
            if type(key) is not str or not _plain(item):
                return False
        return True
    if kind is list:
        for item in value:  # noqa: SIM110
            if not _plain(item):
                return False
        return True
    if kind is int:
        number: int = value
        return _MIN_INT <= number <= _MAX_INT
    return kind is str or kind is bool or value is None


#: A hostile or broken Retry-After must not park a key for hours.
MAX_RETRY_AFTER = 300.0


def interpret(
    method: str,
    path: str,
    response: HttpResponse,
    token: Secret,
    *,
    exhausted_codes: Collection[int] = (),
    exhausted_after: float | None = EXHAUSTED_AFTER,
) -> Any:
    """The decoded JSON body (``None`` when empty), or raise the typed error it means. Text the
    server sent is scrubbed of ``token`` before it reaches an exception. ``exhausted_*`` as in
    :func:`~kakao_async.errors.error_for_response`."""
    status, raw = response.status, response.body
    if status < 200:  # 1xx is no final answer, and below 100 is no HTTP status at all
        raise KakaoDecodeError(f"unexpected HTTP {status}", method=method, path=path, status=status)
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
    if status >= 400 or (
        parsed
        # An object without "code" (every successful body) is no envelope: told without a call.
        and (type(body) is not dict or "code" in body)
        and is_error_envelope(body)
    ):
        # Kakao sometimes answers 200 with an error envelope (see the onOff sample).
        raise error_for_response(
            status=status,
            body=body if isinstance(body, Mapping) else None,
            method=method,
            path=path,
            retry_after=retry_after(header(response.headers, "Retry-After")),
            secrets=(token,),
            exhausted_codes=exhausted_codes,
            exhausted_after=exhausted_after,
        )
    if status >= 300:
        raise KakaoDecodeError(f"unexpected HTTP {status}", method=method, path=path, status=status)
    return body


def header(headers: Mapping[str, str], name: str) -> str | None:
    """``headers``' value of ``name`` whatever the letter case of its name: a transport of the
    user's may hand back a plain dict with lower-case names (httpx's, HTTP/2's)."""
    value = headers.get(name)
    if value is not None:
        return value
    wanted = name.lower()
    return next((v for k, v in headers.items() if isinstance(k, str) and k.lower() == wanted), None)


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
    # Scrubbed before the cut: a token straddling it would otherwise leave its first half. The
    # head reaches past the cut by more than the token's longest form (base64 of "Bearer ...").
    head = raw[: 76 + 2 * len(token.reveal().encode())].decode("utf-8", "replace")
    text = redact(head, (token,))[:60].replace("\n", " ")
    return repr(text) + ("..." if len(raw) > 60 else "")
