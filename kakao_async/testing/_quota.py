"""Kakao's call quotas, enforced on arrival.

Kakao counts a quota'd call when it *arrives*, not when the caller sent it, so a client that
spaces its sends exactly at the interval can still be refused when network jitter bunches two
arrivals. The fake does the same: a call arriving less than ``interval`` seconds after the last
*accepted* call of the same scope is answered HTTP 429, code -813, with the quota's detail code;
a refused call does not move the window.

Today one quota is enforced: onOff, once per ``on_off_interval`` (by default the interval that
:data:`kakao_async.endpoints.ON_OFF_QUOTA` declares) per (user, ad account), with detail code
30003. A user is a token's fingerprint, or the OAuth app a refreshed token belongs
to (so a refreshed token shares its predecessor's quota). :class:`Quota` is keyed by any
hashable scope, so other quotas (1/s campaign calls, 1 per 5 s reports) reuse it.
"""

from __future__ import annotations

import time
from collections.abc import Hashable

import attrs

from ._http import DETAIL_ON_OFF_QUOTA, Reject, envelope

__all__ = ["OnOffCall", "Quota", "on_off_quota"]


@attrs.frozen(kw_only=True)
class OnOffCall:
    """An onOff call the fake accepted."""

    user: str
    ad_account_id: int
    creative_id: int
    config: str
    arrived_at: float


class Quota:
    """At most one accepted call per ``interval`` per scope key, measured between arrivals.

    A handler calls :meth:`check` when the call arrives (it raises the 429 rejection if too early)
    and :meth:`accept` once the call succeeds: a call refused for another reason (a missing
    creative, say) leaves the window where it was.
    """

    def __init__(self, *, detail_code: int, message: str) -> None:
        self.detail_code = detail_code
        self.message = message
        #: Scope key -> ``time.monotonic()`` arrival of its last accepted call.
        self.last_accepted: dict[Hashable, float] = {}
        #: Calls refused for arriving too early.
        self.rejections = 0

    def check(self, key: Hashable, interval: float) -> float:
        """Return the arrival time, or raise the rejection if ``key``'s window is still open."""
        now = time.monotonic()
        last = self.last_accepted.get(key)
        if last is not None and now - last < interval:
            self.rejections += 1
            raise Reject(429, envelope(-813, self.detail_code, self.message))
        return now

    def accept(self, key: Hashable, arrived_at: float) -> None:
        """Open ``key``'s next window at ``arrived_at`` (what :meth:`check` returned)."""
        self.last_accepted[key] = arrived_at

    def clear(self) -> None:
        """Forget every window and the rejection count."""
        self.last_accepted.clear()
        self.rejections = 0


def on_off_quota() -> Quota:
    """The onOff quota (keys are (user, ad account); the interval is the server's)."""
    return Quota(
        detail_code=DETAIL_ON_OFF_QUOTA,
        message="onOff may be called once per interval per ad account",
    )
