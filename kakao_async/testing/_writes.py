"""The quota'd writes of ad accounts, campaigns and ad groups, as the fake enforces them.

Each declared quota (:data:`kakao_async.endpoints.MOMENT_QUOTAS`, all but the creatives' onOff,
which :mod:`._moment_routes` handles) is enforced by the server's :class:`~._quota.FakeQuotas`
(its ``quotas=`` settings apply), per scope key, on arrival like onOff: a call arriving less than
the quota's interval after the last accepted call of its scope is answered HTTP 429, code -813.
A write is handled in one order: the body is checked (400), the quota is counted (429), the
object is looked up (400 with the object's not-found detail code; a deleted object: 30004), and
only then is the window moved and the change applied.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import attrs
from aiohttp import web

from ..endpoints import CREATIVE_ON_OFF_QUOTA, MOMENT_QUOTAS
from ..endpoints import Quota as Declared
from ._http import DETAIL_DELETED, account_of, bad_request, json_object, long_value, user_of
from ._quota import FakeQuotas

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


#: The write quotas this module handles: every Moment quota but the creatives' onOff.
_WRITES = [name for name, q in MOMENT_QUOTAS.items() if q != CREATIVE_ON_OFF_QUOTA]


class QuotaBook:
    """The writes accepted under the server's ``quotas`` (which keep the windows)."""

    def __init__(self, quotas: FakeQuotas) -> None:
        self.quotas = quotas
        #: Every accepted write, oldest first.
        self.calls: list[QuotaCall] = []

    @property
    def intervals(self) -> Mapping[str, float]:
        """Seconds demanded between two accepted calls of one scope, by write quota name."""
        return {name: self.quotas[name].interval for name in _WRITES}

    @property
    def rejections(self) -> collections.Counter[str]:
        """Calls refused for arriving too early, by write quota name."""
        counts = self.quotas.rejections_by_quota()
        return collections.Counter({n: counts[n] for n in _WRITES if counts.get(n)})

    def clear(self) -> None:
        """Forget the accepted writes (the windows are cleared with the server's quotas)."""
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
        admission = self.quotas.admit(
            quota, request, message=f"{quota.name} may be called once per interval"
        )
        target = find(request, object_id)
        if target.config == "DEL":
            raise bad_request("삭제된 항목은 변경할 수 없습니다.", DETAIL_DELETED)
        self.quotas.accept(admission)
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
                arrived_at=admission.arrived_at,
            )
        )
        return web.Response(status=200, content_type="application/json")
