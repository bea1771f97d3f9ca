"""What tests of quota'd code want to know about the quota'd calls a fake server accepted.

Each reader checks what it is given (a :class:`~kakao_async.KakaoInputError` naming ``calls``):
a wrong argument would otherwise surface as a bare ``KeyError`` or ``TypeError`` from inside.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from .._validate import is_many, positive_id, shown, text
from ..errors import KakaoInputError, KakaoInputTypeError
from ._quota import OnOffCall
from ._writes import QuotaCall

__all__ = ["on_off_arrivals", "on_off_gaps", "quota_gaps"]


def _many(calls: object, what: str) -> Iterable[Any]:
    if not is_many(calls):
        raise KakaoInputTypeError(f"calls must be a list of {what}, got {shown(calls)}")
    return calls


def _arrival(call: object) -> tuple[int, float]:
    """(ad account, arrival) of an :class:`OnOffCall` or its JSON."""
    if isinstance(call, OnOffCall):
        return call.ad_account_id, call.arrived_at
    if not isinstance(call, Mapping):
        raise KakaoInputTypeError(
            f"calls must hold OnOffCalls or the JSON of GET /_fake/on-off-calls, got {shown(call)}"
        )
    if "quota" in call:  # the rest of its fields read as an onOff call's: every quota mixed
        raise KakaoInputTypeError(
            "calls hold the JSON of GET /_fake/quota-calls: read it with quota_gaps"
        )
    return _json_arrival(call, "an on-off call")


def _json_arrival(call: Mapping[str, Any], what: str) -> tuple[int, float]:
    """(ad account, arrival) of one call of the control API's JSON."""
    account, arrived = call.get("ad_account_id"), call.get("arrived_at")
    account = positive_id(f"calls: {what}'s ad_account_id", account)
    if isinstance(arrived, bool) or not isinstance(arrived, (int, float)):
        raise KakaoInputError(f"calls: {what}'s arrived_at is {shown(arrived)}")
    if not math.isfinite(arrived):
        raise KakaoInputError(f"calls: {what}'s arrived_at is {arrived}")
    return account, float(arrived)


def _quota_arrival(call: object) -> tuple[tuple[str, int], float]:
    """((quota, ad account), arrival) of a :class:`QuotaCall` or its JSON."""
    if isinstance(call, QuotaCall):
        return (call.quota, call.ad_account_id), call.arrived_at
    if not isinstance(call, Mapping):
        raise KakaoInputTypeError(
            "calls must hold QuotaCalls (fake.quota_calls) or the JSON of "
            f"GET /_fake/quota-calls, got {shown(call)}"
        )
    quota = text("calls: a quota call's quota", call.get("quota"))
    account, arrived = _json_arrival(call, "a quota call")
    return (quota, account), arrived


def on_off_arrivals(calls: Iterable[OnOffCall | Mapping[str, Any]]) -> dict[int, list[float]]:
    """Arrival times per ad account, in order. Takes ``fake.on_off_calls`` or the JSON of
    ``GET /_fake/on-off-calls`` (from a fake in another process)."""
    arrivals: dict[int, list[float]] = defaultdict(list)
    for call in _many(calls, "on-off calls"):
        account, arrived = _arrival(call)
        arrivals[account].append(arrived)
    return {account: sorted(times) for account, times in arrivals.items()}


def on_off_gaps(calls: Iterable[OnOffCall | Mapping[str, Any]]) -> dict[int, list[float]]:
    """Seconds between consecutive accepted onOff calls of each ad account: what the quota
    bounds. ``min(g for gs in on_off_gaps(...).values() for g in gs)`` must stay >= the interval.

    That holds for calls of one user: the quota is per (user, ad account), so calls of several
    users on one account may come closer. Pass each user's calls alone
    (``[c for c in calls if c.user == ...]``)."""
    return {
        account: [b - a for a, b in itertools.pairwise(times)]
        for account, times in on_off_arrivals(calls).items()
    }


def quota_gaps(
    calls: Iterable[QuotaCall | Mapping[str, Any]],
) -> dict[tuple[str, int], list[float]]:
    """Seconds between consecutive accepted writes of each (quota, ad account), from
    ``fake.quota_calls`` or the JSON of ``GET /_fake/quota-calls`` (from a fake in another
    process): each must stay >= that quota's interval.

    For calls of one user, as with :func:`on_off_gaps`: a ``user_account`` quota (every write
    quota Kakao declares) is per user, so filter by ``user`` first."""
    arrivals: dict[tuple[str, int], list[float]] = defaultdict(list)
    for call in _many(calls, "QuotaCalls (fake.quota_calls)"):
        key, arrived = _quota_arrival(call)
        arrivals[key].append(arrived)
    return {
        key: [b - a for a, b in itertools.pairwise(sorted(times))]
        for key, times in arrivals.items()
    }
