"""What tests of quota'd code want to know about the quota'd calls a fake server accepted."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from ._quota import OnOffCall
from ._writes import QuotaCall

__all__ = ["on_off_arrivals", "on_off_gaps", "quota_gaps"]


def on_off_arrivals(calls: Iterable[OnOffCall | Mapping[str, Any]]) -> dict[int, list[float]]:
    """Arrival times per ad account, in order. Takes ``fake.on_off_calls`` or the JSON of
    ``GET /_fake/on-off-calls`` (from a fake in another process)."""
    arrivals: dict[int, list[float]] = defaultdict(list)
    for call in calls:
        if isinstance(call, OnOffCall):
            arrivals[call.ad_account_id].append(call.arrived_at)
        else:
            arrivals[int(call["ad_account_id"])].append(float(call["arrived_at"]))
    return {account: sorted(times) for account, times in arrivals.items()}


def on_off_gaps(calls: Iterable[OnOffCall | Mapping[str, Any]]) -> dict[int, list[float]]:
    """Seconds between consecutive accepted onOff calls of each ad account: what the quota
    bounds. ``min(g for gs in on_off_gaps(...).values() for g in gs)`` must stay >= the interval."""
    return {
        account: [b - a for a, b in itertools.pairwise(times)]
        for account, times in on_off_arrivals(calls).items()
    }


def quota_gaps(calls: Iterable[QuotaCall]) -> dict[tuple[str, int], list[float]]:
    """Seconds between consecutive accepted writes of each (quota, ad account), from
    ``fake.quota_calls``: each must stay >= that quota's interval."""
    arrivals: dict[tuple[str, int], list[float]] = defaultdict(list)
    for call in calls:
        arrivals[(call.quota, call.ad_account_id)].append(call.arrived_at)
    return {
        key: [b - a for a, b in itertools.pairwise(sorted(times))]
        for key, times in arrivals.items()
    }
