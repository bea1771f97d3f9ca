"""What every fake API handler shares: Kakao's error envelope, the fake's error detail codes,
the authenticated caller of the request being handled, request parsing, and the request log's
record.

Every API error is Kakao's envelope ``{"code", "msg", "extras": {"detailCode", "detailMsg"}}``;
a malformed request is HTTP 400 with code -813.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
from typing import Any

import attrs
from aiohttp import web
from aiohttp.typedefs import Handler

from ..endpoints import Endpoint

__all__ = [
    "DETAIL_BAD_REQUEST",
    "DETAIL_DELETED",
    "DETAIL_MESSAGE_NOT_DELETABLE",
    "DETAIL_MESSAGE_NOT_SWITCHABLE",
    "DETAIL_NOT_FOUND",
    "DETAIL_NO_PERMISSION",
    "DETAIL_ON_OFF_QUOTA",
    "RecordedRequest",
    "Reject",
    "account_header",
    "account_of",
    "ascii_digits",
    "bad_request",
    "envelope",
    "json_object",
    "list_filter",
    "long_value",
    "not_found",
    "one_state",
    "path_id",
    "recorded_body",
    "serve",
    "set_caller",
    "user_of",
]

# Error details the fake uses. 33003 and 75008 come from Kakao's documents; the rest are the
# fake's own choices, stable so that tests can match them.
DETAIL_NOT_FOUND = 33003
DETAIL_MESSAGE_NOT_DELETABLE = 75008
DETAIL_MESSAGE_NOT_SWITCHABLE = 75009
DETAIL_BAD_REQUEST = 30001
DETAIL_NO_PERMISSION = 30002
DETAIL_ON_OFF_QUOTA = 30003
DETAIL_DELETED = 30004


@attrs.define(kw_only=True)
class RecordedRequest:
    """One request the fake received. ``user`` is a fingerprint, never the token."""

    method: str
    path: str
    query: str
    ad_account_id: str | None
    user: str | None
    #: ``time.monotonic()`` when the request reached the handler (after inbound latency).
    arrived_at: float
    status: int = 0
    #: The JSON body sent, with ``record_bodies=True`` (``None`` otherwise, or if not JSON).
    body: Any = None


def envelope(
    code: int, detail_code: int | None, detail_msg: str, msg: str = "KakaoMomentException"
) -> dict[str, Any]:
    """Kakao's error body."""
    extras: dict[str, Any] = {"detailMsg": detail_msg}
    if detail_code is not None:
        extras["detailCode"] = detail_code
    return {"code": code, "msg": msg, "extras": extras}


class Reject(Exception):
    """Raised by a handler to answer ``status`` with ``body`` (the server turns it into JSON)."""

    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        self.status = status
        self.body = body
        self.headers = headers or {}


def bad_request(detail: str, detail_code: int = DETAIL_BAD_REQUEST) -> Reject:
    return Reject(400, envelope(-813, detail_code, detail))


def not_found(status: int = 400) -> Reject:
    return Reject(status, envelope(-813, DETAIL_NOT_FOUND, "소재가 존재하지 않습니다."))


#: (ad account, user fingerprint) of the request being handled; a context variable because each
#: request runs in its own task, and aiohttp warns about plain string keys on requests.
_CALLER: contextvars.ContextVar[tuple[int, str]] = contextvars.ContextVar("fake_kakao_caller")


def set_caller(ad_account_id: int, user: str) -> None:
    """Record who is calling, for the rest of this request's task."""
    _CALLER.set((ad_account_id, user))


def account_of(request: web.Request) -> int:
    """The authenticated caller's ad account (``request`` names whose; the value is per task)."""
    return _CALLER.get()[0]


def user_of(request: web.Request) -> str:
    """The authenticated caller's user (a token fingerprint, or the OAuth app's user)."""
    return _CALLER.get()[1]


def path_id(request: web.Request) -> int:
    """The ``{id}`` of the route (its pattern allows ASCII digits only); too long is not found."""
    text = request.match_info["id"]
    if not ascii_digits(text):
        raise not_found()
    return int(text)


def serve(router: web.UrlDispatcher, endpoint: Endpoint, handler: Handler) -> None:
    """Route ``endpoint``'s declared method and path to ``handler``, its ``{id}`` ASCII digits
    only: the fake answers the path the client sends because both read one declaration, not
    two copies of it that can drift apart."""
    path = endpoint.path.replace("{id}", "{id:[0-9]+}")
    if endpoint.method == "GET":
        router.add_get(path, handler)  # and HEAD, as aiohttp's add_get always did here
    else:
        router.add_route(endpoint.method, path, handler)


def drop_if_gone(request: web.Request) -> None:
    """Drop ``request`` if its client has gone meanwhile (cancelled, timed out, closed): as a
    reset drops it, unanswered and not applied, rather than failing to read its body with a
    server traceback. aiohttp ends a handler's CancelledError quietly."""
    if request.transport is None or request.transport.is_closing():
        raise asyncio.CancelledError


async def json_object(request: web.Request) -> dict[str, Any]:
    """The request body, which must be a JSON object."""
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise bad_request("body is not JSON") from None
    except ConnectionResetError:
        # The client went away while its body was read: see drop_if_gone.
        raise asyncio.CancelledError from None
    if not isinstance(body, dict):
        raise bad_request("body must be a JSON object")
    return body


def ascii_digits(text: str) -> bool:
    """Whether ``text`` is an id as Kakao writes one: ASCII digits 0-9 only (``str.isdigit``
    also says yes to ``'²'`` and Arabic-Indic digits), at most 19 of them (a Long)."""
    return text.isascii() and text.isdigit() and len(text.lstrip("0")) <= 19


def account_header(request: web.Request) -> int:
    """The ``adAccountId`` header's ad account, as every API call but the account list needs."""
    value = request.headers.get("adAccountId", "")
    if not ascii_digits(value) or int(value) <= 0:
        raise bad_request("adAccountId header is missing or not a positive integer")
    return int(value)


def long_value(value: Any, name: str) -> int:
    """A positive Long, given as a JSON number or a string of ASCII digits (as Kakao accepts)."""
    if isinstance(value, bool):
        raise bad_request(f"{name} must be a Long")
    if isinstance(value, str) and ascii_digits(value):
        value = int(value)
    if not isinstance(value, int) or not 0 < value < 2**63:
        raise bad_request(f"{name} must be a positive Long")
    return value


def list_filter(request: web.Request, endpoint: Endpoint) -> list[str]:
    """The ``config`` states a list asks for, comma-separated or repeated (``config=ON,OFF`` or
    ``config=ON&config=OFF``), each one of ``endpoint.states``; default ON, OFF."""
    wanted = [v for raw in request.query.getall("config", []) for v in raw.split(",") if v]
    if any(v not in endpoint.states for v in wanted):
        raise _not_a_state(endpoint)
    return wanted or ["ON", "OFF"]


def one_state(request: web.Request, endpoint: Endpoint) -> str | None:
    """The one ``config`` state a list asks for (one of ``endpoint.states``), or ``None``."""
    config = request.query.get("config")
    if config is not None and config not in endpoint.states:
        raise _not_a_state(endpoint)
    return config


def _not_a_state(endpoint: Endpoint) -> Reject:
    if not endpoint.states:  # a list that declares none takes no filter at all
        return bad_request(f"{endpoint.name} takes no config")
    *head, last = endpoint.states
    return bad_request(
        f"config must be {', '.join(head)} or {last}" if head else f"config must be {last}"
    )


async def recorded_body(request: web.Request) -> Any:
    """The request's JSON body, for its log record (``None`` if it has none or it is not JSON).

    aiohttp keeps the bytes read, so the handler reads the same body again."""
    if not request.body_exists:
        return None
    try:
        return json.loads(await request.read())
    except ValueError:
        return None
