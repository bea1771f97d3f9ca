"""Fault injection: misbehaviours the fake answers instead of (or before) the real response.

A queued :class:`Fault` applies to the next ``remaining`` requests whose method and path match,
oldest queued first, before authentication and before any quota is counted, so a faulted onOff
call never moves the quota window. Chaos mode instead gives every request a random fault with
some probability, drawn from the server's seeded random generator. Control endpoints
(``/_fake/*``) and the OAuth endpoint are never faulted.
"""

from __future__ import annotations

import asyncio
import collections
import json
import operator
import random
from collections.abc import Iterable
from typing import Any

import attrs
from aiohttp import web

from .._validate import is_many, positive_int, positive_number, shown
from ..errors import KakaoInputError, KakaoInputTypeError, http_status
from ._broken_answers import reset, trickled, truncated
from ._http import DETAIL_ON_OFF_QUOTA, drop_if_gone, envelope
from ._latency import latency_range

__all__ = [
    "CHAOS_KINDS",
    "FAULT_KINDS",
    "Fault",
    "FaultInjection",
    "FaultQueue",
    "answer",
]

#: What a :class:`Fault` can do (see its ``kind``).
FAULT_KINDS = ("status", "body", "reset", "stall", "truncate", "trickle")
#: What chaos mode can pick from: the fault kinds, and ``"429"`` (a quota rejection).
CHAOS_KINDS = (*FAULT_KINDS, "429")


def _kind(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in FAULT_KINDS:
        kinds = ", ".join(FAULT_KINDS)
        raise KakaoInputError(f"fault kind must be one of {kinds}, got {shown(value)}")


def _count(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    # A fault for no request would never apply, and never leave the queue.
    positive_int(attribute.name, value)


def _left(_: object, attribute: attrs.Attribute[int], value: object) -> int:
    return positive_int(attribute.name, value, allow_zero=True)


def _seconds(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    positive_number(attribute.name, value, allow_zero=True)


def _status(value: object) -> int:
    # Any integer (HTTPStatus.TOO_MANY_REQUESTS, a numpy int), stored as a plain int; one a
    # client can tell apart from a broken answer.
    status = http_status("status", value)
    if status > 599:
        raise KakaoInputError(f"status must be an HTTP status from 100 to 599, got {status}")
    return status


def _code(value: object) -> int | None:
    # Kakao's codes are negative: not a status, but the same kinds of int are taken.
    if value is None:
        return None
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise KakaoInputTypeError(f"code/detail_code must be an int or None, got {shown(value)}")
    return operator.index(value)  # type: ignore[arg-type]


def _of_type(kind: type) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise KakaoInputTypeError(
                f"{attribute.name} must be {kind.__name__}, got {type(value).__name__}"
            )

    return check


def _retry_after(_: object, attribute: attrs.Attribute[float | None], value: object) -> None:
    if value is not None:
        positive_number("retry_after", value, allow_zero=True)


def _method(value: object) -> str | None:
    # Upper-cased: "get" would otherwise never match a request (aiohttp's methods are upper).
    if value is None:
        return None
    if not isinstance(value, str):
        raise KakaoInputTypeError(f"method must be text, got {type(value).__name__}")
    if not value.isascii() or not value.isalpha():
        raise KakaoInputError(
            f"method must be an HTTP method such as GET or PUT, got {shown(value)}"
        )
    return value.upper()


def _path(_: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    # A prefix of the request path: without its leading "/" it would never match.
    if value is None:
        return
    if not isinstance(value, str):
        raise KakaoInputTypeError(f"path must be text, got {type(value).__name__}")
    if not value.startswith("/"):
        raise KakaoInputError(
            f"path must start with '/' (a prefix of request paths), got {shown(value)}"
        )


@attrs.define(kw_only=True)
class Fault:
    """A misbehaviour to inject into the next matching response.

    ``kind``: ``status`` (an error envelope with ``status``/``code``/``detail_code``),
    ``body`` (answer ``body`` bytes as ``content_type`` with ``status``: garbage, or a canned
    Kakao response), ``reset`` (drop the connection), ``stall`` (sleep ``seconds`` first, then
    answer normally), ``truncate`` (promise 1000 bytes, send a few, hang up) or ``trickle``
    (send one byte every ``seconds``: a slow-loris response).
    """

    kind: str = attrs.field(validator=_kind)
    status: int = attrs.field(default=503, converter=_status)
    code: int | None = attrs.field(default=None, converter=_code)
    detail_code: int | None = attrs.field(default=None, converter=_code)
    body: bytes = attrs.field(
        default=b"<html><body>502 Bad Gateway</body></html>", validator=_of_type(bytes)
    )
    content_type: str = attrs.field(default="text/html", validator=_of_type(str))
    seconds: float = attrs.field(default=0.0, validator=_seconds)
    retry_after: float | None = attrs.field(default=None, validator=_retry_after)
    method: str | None = attrs.field(default=None, converter=_method)
    path: str | None = attrs.field(default=None, validator=_path)
    # The queue counts it down to 0 as the fault is used: 0 is refused only when built.
    remaining: int = attrs.field(default=1, validator=_count, on_setattr=_left)

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to a request (its method, and its path by prefix)."""
        return (self.method is None or self.method == method) and (
            self.path is None or path.startswith(self.path)
        )


class FaultQueue:
    """Queued faults and chaos mode: which fault, if any, the next request gets."""

    def __init__(self, rng: random.Random) -> None:
        #: The server's generator: one seed makes latency, chaos and tokens reproducible together.
        self.rng = rng
        self.faults: list[Fault] = []
        #: (rate, kinds, stall seconds), or None when chaos mode is off.
        self.chaos: tuple[float, tuple[str, ...], float] | None = None
        #: Faults chaos mode injected, by kind.
        self.chaos_injected: collections.Counter[str] = collections.Counter()

    def clear(self) -> None:
        """Forget queued faults, end chaos mode and its counts (``fake.reset()``)."""
        self.faults.clear()
        self.chaos = None
        self.chaos_injected.clear()

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request (chaos first, then the oldest matching queued one)."""
        if self.chaos is not None:
            rate, kinds, stall = self.chaos
            if self.rng.random() < rate:
                kind = self.rng.choice(kinds)
                self.chaos_injected[kind] += 1
                if kind == "429":  # a quota rejection the client's own schedule did not cause
                    # The fake's own refusal's detail code (31001 would read as a deleted campaign).
                    return Fault(
                        kind="status", status=429, code=-813, detail_code=DETAIL_ON_OFF_QUOTA
                    )
                return Fault(
                    kind=kind,
                    status=self.rng.choice((500, 502, 503)),
                    code=-9798 if kind == "status" else None,
                    seconds=stall,
                )
        for fault in self.faults:
            if fault.remaining > 0 and fault.matches(method, path):
                fault.remaining -= 1
                if fault.remaining == 0:
                    self.faults.remove(fault)
                return fault
        return None


async def answer(fault: Fault, request: web.Request) -> web.StreamResponse | None:
    """Apply ``fault``: the response to send instead of the real one, or None to go on handling
    (after a stall). A reset, or a stall whose client has gone, drops the request and raises
    CancelledError."""
    if fault.kind == "reset":
        reset(request)
    if fault.kind == "truncate":
        return await truncated(request)
    if fault.kind == "trickle":
        return await trickled(request, fault.seconds)
    if fault.kind == "stall":
        await asyncio.sleep(fault.seconds)
        drop_if_gone(request)  # the client gave up waiting: what a stall is for
    elif fault.kind == "body":
        # A header, not content_type=: aiohttp refuses a charset there, and Kakao's own answers
        # carry one ("application/json;charset=UTF-8").
        return web.Response(
            status=fault.status, body=fault.body, headers={"Content-Type": fault.content_type}
        )
    elif fault.kind == "status":
        return _status_answer(fault)
    return None


def _status_answer(fault: Fault) -> web.Response:
    """The fault's status with Kakao's error envelope (code -1 unless the fault names one)."""
    headers = {}
    if fault.retry_after is not None:
        headers["Retry-After"] = f"{fault.retry_after:g}"
    body = envelope(
        fault.code if fault.code is not None else -1,
        fault.detail_code,
        "injected fault",
        msg="InjectedFault",
    )
    return web.json_response(body, status=fault.status, headers=headers)


class FaultInjection:
    """The fault-injection methods of :class:`FakeKakaoServer`, over its ``fault_queue``, and
    its added latency."""

    fault_queue: FaultQueue
    _latency: tuple[float, float]

    @property
    def latency(self) -> tuple[float, float]:
        """Random delay range (seconds), applied before handling and again before answering."""
        return self._latency

    @latency.setter
    def latency(self, value: tuple[float, float]) -> None:
        self._latency = latency_range(value)

    @property
    def faults(self) -> list[Fault]:
        """Queued faults, oldest first."""
        return self.fault_queue.faults

    @property
    def chaos_injected(self) -> collections.Counter[str]:
        """Faults chaos mode injected, by kind."""
        return self.fault_queue.chaos_injected

    def inject(self, fault: Fault) -> Fault:
        """Queue a fault; it applies to the next ``fault.remaining`` matching requests."""
        if not isinstance(fault, Fault):
            raise KakaoInputTypeError(f"inject() takes a Fault, got {type(fault).__name__}")
        self.fault_queue.faults.append(fault)
        return fault

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 503,
        code: int = -9798,
        detail_code: int | None = None,
        retry_after: float | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> Fault:
        """Answer the next ``count`` matching requests with an error envelope."""
        count = positive_int("count", count)  # as the caller named it (not Fault's remaining)
        return self.inject(
            Fault(
                kind="status",
                status=status,
                code=code,
                detail_code=detail_code,
                retry_after=retry_after,
                method=method,
                path=path,
                remaining=count,
            )
        )

    def garbage_next(
        self,
        count: int = 1,
        *,
        status: int = 200,
        body: bytes = b"<html><body>maintenance</body></html>",
        method: str | None = None,
        path: str | None = None,
    ) -> Fault:
        """Answer the next ``count`` matching requests with a non-JSON body."""
        count = positive_int("count", count)
        return self.inject(
            Fault(kind="body", status=status, body=body, method=method, path=path, remaining=count)
        )

    def respond_next(
        self,
        body: bytes | str | dict[str, Any] | list[Any],
        *,
        status: int = 200,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> Fault:
        """Answer the next ``count`` matching requests with exactly this body (JSON for dicts,
        lists and text; bytes as given), e.g. a sample copied from Kakao's documents."""
        count = positive_int("count", count)
        if isinstance(body, (dict, list)):
            raw = json.dumps(body, ensure_ascii=False).encode()
        elif isinstance(body, str):
            raw = body.encode()
        elif isinstance(body, bytes):
            raw = body
        else:
            raise KakaoInputTypeError(
                f"body must be bytes, text, a dict or a list, got {type(body).__name__}"
            )
        return self.inject(
            Fault(
                kind="body",
                status=status,
                body=raw,
                content_type="application/json",
                method=method,
                path=path,
                remaining=count,
            )
        )

    def reset_next(
        self, count: int = 1, *, method: str | None = None, path: str | None = None
    ) -> Fault:
        """Drop the connection of the next ``count`` matching requests without answering."""
        count = positive_int("count", count)
        return self.inject(Fault(kind="reset", method=method, path=path, remaining=count))

    def stall_next(
        self, count: int = 1, *, seconds: float, method: str | None = None, path: str | None = None
    ) -> Fault:
        """Delay the next ``count`` matching requests by ``seconds`` before answering; one
        whose client gave up meanwhile is dropped (not applied), as a reset drops it."""
        count = positive_int("count", count)
        return self.inject(
            Fault(kind="stall", seconds=seconds, method=method, path=path, remaining=count)
        )

    def chaos(
        self,
        rate: float,
        *,
        kinds: Iterable[str] = ("status", "reset", "stall", "body"),
        stall_seconds: float = 1.0,
    ) -> None:
        """From now on, give each request a random fault of ``kinds`` with probability ``rate``
        (``rate=0`` turns it off). Uses the server's seeded random generator. Kinds are
        :class:`Fault` kinds, plus ``"429"``: a quota rejection (HTTP 429, code -813)."""
        rate = positive_number("rate", rate, allow_zero=True)
        if rate > 1:
            raise KakaoInputError(f"rate must be from 0 to 1, got {rate}")
        if not is_many(kinds):  # "status" would be read as s, t, a, t, u, s
            raise KakaoInputTypeError(f"chaos kinds must be a list of kinds, got {shown(kinds)}")
        kinds = tuple(kinds)
        unknown = ", ".join(shown(k) for k in kinds if k not in CHAOS_KINDS)
        if unknown or not kinds:
            raise KakaoInputError(
                f"chaos kinds must be among {', '.join(CHAOS_KINDS)}, got {unknown or 'none'}"
            )
        stall_seconds = positive_number("stall_seconds", stall_seconds, allow_zero=True)
        self.fault_queue.chaos = (rate, kinds, stall_seconds) if rate > 0 else None
