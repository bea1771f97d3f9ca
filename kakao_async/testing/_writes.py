"""The quota'd writes of ad accounts, campaigns and ad groups, as the fake enforces them.

Each declared quota (:data:`kakao_async.endpoints.MOMENT_QUOTAS`, all but the creatives' onOff,
which :mod:`._moment_routes` keeps) gets its own window per scope key, counted on arrival like
onOff: a call arriving less than the quota's interval after the last accepted call of its scope
is answered HTTP 429, code -813. A write is handled in one order: the body is checked (400), the
quota is counted (429), the object is looked up (400 with the object's not-found detail code; a
deleted object: 30004), and only then is the window moved and the change applied.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Protocol

import attrs
from aiohttp import web

from ..endpoints import CREATIVE_ON_OFF_QUOTA, MOMENT_QUOTAS, QUOTAS, REPORT_QUOTAS
from ..endpoints import Quota as Declared
from ._http import (
    DETAIL_DELETED,
    DETAIL_ON_OFF_QUOTA,
    account_of,
    bad_request,
    json_object,
    long_value,
    user_of,
)
from ._quota import Quota

__all__ = [
    "Find",
    "Parse",
    "QuotaBook",
    "QuotaCall",
    "Target",
    "amount",
    "nullable_amount",
    "on_off",
    "pacing",
    "split_quotas",
]


@attrs.frozen(kw_only=True)
class QuotaCall:
    """A quota'd write the fake accepted (creatives' onOff calls are :class:`OnOffCall`\\ s)."""

    quota: str
    user: str
    ad_account_id: int
    object_id: int
    #: The body field written (``config``, ``dailyBudgetAmount``, ...) and its value.
    field: str
    value: Any
    arrived_at: float


class Target(Protocol):
    """What a write changes: an object with a ``config`` and a history of applied writes."""

    config: str
    history: list[tuple[str, Any]]


#: Reads a body field's value; raises the 400 rejection when it is not acceptable.
Parse = Callable[[Any], Any]
#: The caller's object for an id, or raises the not-found rejection.
Find = Callable[[web.Request, int], Target]


def on_off(value: Any) -> Any:
    if value not in ("ON", "OFF"):
        raise bad_request("config must be ON or OFF")
    return value


def amount(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise bad_request("the amount must be a positive whole number of won")
    return value


def nullable_amount(value: Any) -> Any:
    return None if value is None else amount(value)


def pacing(value: Any) -> Any:
    if value not in ("NORMAL", "QUICK"):
        raise bad_request("pacing must be NORMAL or QUICK")
    return value


class QuotaBook:
    """Every quota's interval and windows, and the writes accepted under them."""

    def __init__(self, intervals: Mapping[str, float] | None = None) -> None:
        #: Seconds demanded between two accepted calls of one scope, by quota name.
        self.intervals = {
            name: q.interval for name, q in MOMENT_QUOTAS.items() if q != CREATIVE_ON_OFF_QUOTA
        }
        for name, seconds in (intervals or {}).items():
            if name not in self.intervals:
                raise ValueError(f"unknown quota {name!r}; known: {sorted(self.intervals)}")
            self.intervals[name] = float(seconds)
        self.windows = {name: _window(name) for name in self.intervals}
        #: Every accepted write, oldest first.
        self.calls: list[QuotaCall] = []

    @property
    def rejections(self) -> collections.Counter[str]:
        """Calls refused for arriving too early, by quota name."""
        return collections.Counter(
            {n: w.rejections for n, w in self.windows.items() if w.rejections}
        )

    def clear(self) -> None:
        for window in self.windows.values():
            window.clear()
        self.calls.clear()

    async def write(
        self,
        request: web.Request,
        quota: Declared,
        *,
        field: str,
        attribute: str,
        parse: Parse,
        find: Find,
        id_in_body: bool = True,
    ) -> web.Response:
        """Handle one write of ``body[field]`` into ``attribute`` of the object ``find`` gives
        (the body's ``id``, or the caller's ad account when ``id_in_body`` is false)."""
        body = await json_object(request)
        object_id = long_value(body.get("id"), "id") if id_in_body else account_of(request)
        if field not in body:
            raise bad_request(f"{field} is required")
        value = parse(body[field])
        key = _scope_key(quota, request)
        window = self.windows[quota.name]
        now = window.check(key, self.intervals[quota.name])
        target = find(request, object_id)
        if target.config == "DEL":
            raise bad_request("삭제된 항목은 변경할 수 없습니다.", DETAIL_DELETED)
        window.accept(key, now)
        setattr(target, attribute, value)
        target.history.append((field, value))
        self.calls.append(
            QuotaCall(
                quota=quota.name,
                user=user_of(request),
                ad_account_id=account_of(request),
                object_id=object_id,
                field=field,
                value=value,
                arrived_at=now,
            )
        )
        return web.Response(status=200, content_type="application/json")


def _window(name: str) -> Quota:
    return Quota(detail_code=DETAIL_ON_OFF_QUOTA, message=f"{name} may be called once per interval")


def _scope_key(quota: Declared, request: web.Request) -> Hashable:
    """Who shares the window: the quota's declared scope decides."""
    if quota.scope == "user_account":
        return (user_of(request), account_of(request))
    if quota.scope == "account":
        return account_of(request)
    return "app"


def split_quotas(
    quotas: Mapping[str, float], on_off_interval: float
) -> tuple[float, dict[str, float], dict[str, float]]:
    """The server's ``quotas=`` by who enforces them: the creatives' onOff interval, the
    report quotas' intervals and the other writes' intervals. An unknown name is refused."""
    unknown = set(quotas) - set(QUOTAS)
    if unknown:
        raise ValueError(f"unknown quota {sorted(unknown)}; known: {sorted(QUOTAS)}")
    rest = dict(quotas)
    on_off_interval = rest.pop(CREATIVE_ON_OFF_QUOTA.name, on_off_interval)
    reports = {name: s for name, s in rest.items() if name in REPORT_QUOTAS}
    writes = {name: s for name, s in rest.items() if name not in REPORT_QUOTAS}
    return on_off_interval, reports, writes
