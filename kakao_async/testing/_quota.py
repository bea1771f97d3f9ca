"""Kakao's call quotas, enforced on arrival.

Kakao counts a quota'd call when it *arrives*, not when the caller sent it, so a client that
spaces its sends exactly at the interval can still be refused when network jitter bunches two
arrivals. The fake does the same: a call arriving less than ``interval`` seconds after the last
*accepted* call of the same scope is answered HTTP 429, code -813, with detail code 30003; a
refused call does not move the window.

:class:`FakeQuotas` holds every quota :data:`kakao_async.endpoints.ENDPOINTS` declares (with the
server's ``quotas=`` overrides, the same settings :class:`~kakao_async.KakaoClient` takes) and
enforces any of them by its declaration. A route handler calls :meth:`FakeQuotas.admit` with the
endpoint's declared quota when the call arrives (it raises the 429 if too early) and
:meth:`FakeQuotas.accept` once the call succeeds::

    admission = self.quotas.admit(MOMENT_CAMPAIGN_SET_CONFIG.quota, request)
    ...validate, apply...
    self.quotas.accept(admission)

The scope decides who shares a window: ``user_account`` one (user, ad account) pair (a user is a
token's fingerprint, or the OAuth app a refreshed token belongs to, so a refreshed token shares
its predecessor's quota), ``account`` one ad account, ``app`` every caller of the fake (as the
client's ``<name>:app`` key is every call through one limiter). :class:`Quota` is the window
table itself, keyed by any hashable scope key.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Hashable, Iterator, Mapping

import attrs
from aiohttp import web

from .._quotas import QuotaSettings, override, resolve_quotas
from .._validate import shown
from ..endpoints import CREATIVE_ON_OFF_QUOTA
from ..endpoints import Quota as Declared
from ..errors import KakaoInputError, KakaoInputTypeError
from ._http import DETAIL_ON_OFF_QUOTA, Reject, account_of, envelope, user_of

__all__ = ["DETAIL_QUOTA", "Admission", "FakeQuotas", "OnOffCall", "Quota", "enforces_none"]

#: The detail code of every quota rejection the fake answers (its own choice, stable for tests).
DETAIL_QUOTA = DETAIL_ON_OFF_QUOTA


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


@attrs.frozen(kw_only=True)
class Admission:
    """A call :meth:`FakeQuotas.admit` let in: accept it once the call succeeded."""

    quota: str
    key: Hashable
    arrived_at: float


class FakeQuotas(Mapping[str, Declared]):
    """Every declared quota as the fake enforces it: a read-only mapping name -> effective
    :class:`~kakao_async.endpoints.Quota` (change one with :meth:`set`), plus one window table
    per quota."""

    def __init__(
        self, settings: QuotaSettings | None = None, *, on_off_interval: float | None = None
    ) -> None:
        #: Quotas set to 0: enforced no more. 0.2.0's fake took ``on_off_interval=0`` so, and a
        #: Quota cannot hold 0 (a client must space its calls), so the names are kept here.
        self._unenforced: set[str] = set()
        given = settings if isinstance(settings, Mapping) else {}
        # Names set to 0 are resolved without it (a Quota's interval is positive), then set.
        zeros = [n for n, v in given.items() if enforces_none(v)]
        if zeros:
            settings = {n: v for n, v in given.items() if n not in zeros}
        zero = enforces_none(on_off_interval)
        self._effective = dict(
            resolve_quotas(settings, on_off_interval=None if zero else on_off_interval)
        )
        name = CREATIVE_ON_OFF_QUOTA.name
        if name in given and on_off_interval is not None and zero != (name in zeros):
            # A shorthand for that setting: where both are positive, resolve_quotas checks it.
            raise KakaoInputError(
                f"on_off_interval={on_off_interval:g} contradicts quotas[{name!r}] "
                f"({shown(given[name])}): it is a shorthand for that setting"
            )
        for unenforced in zeros + ([name] if zero else []):
            self.set(unenforced, 0)  # an unknown name is refused there, as for any value
        self._windows: dict[str, Quota] = {}

    def __getitem__(self, name: str) -> Declared:
        return self._effective[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._effective)

    def __len__(self) -> int:
        return len(self._effective)

    def set(self, name: str, value: float | Declared) -> None:
        """Change one quota at run time: a number replaces its interval (its current scope
        stays; 0 enforces none), a Quota replaces interval and scope."""
        if not isinstance(name, str):  # a list would be a bare "unhashable type" TypeError
            raise KakaoInputTypeError(
                f"a quota name must be text such as 'campaigns.onOff', got {shown(name)}"
            )
        if enforces_none(value) and name in self._effective:
            self._unenforced.add(name)
            return
        self._effective[name] = override(self._effective, name, value)
        self._unenforced.discard(name)

    def interval(self, name: str) -> float:
        """Seconds the fake demands between two accepted calls of quota ``name`` (0: none)."""
        return self._demanded(self._effective[name])

    def _demanded(self, quota: Declared) -> float:
        return 0.0 if quota.name in self._unenforced else quota.interval

    def windows(
        self, name: str, *, detail_code: int = DETAIL_QUOTA, message: str | None = None
    ) -> Quota:
        """The window table of quota ``name``, created on first use with the ``detail_code``
        and ``message`` of its rejections (a quota no endpoint declares is enforced by the
        declaration :meth:`admit` is given, as the client does)."""
        table = self._windows.get(name)
        if table is None:
            table = self._windows[name] = Quota(
                detail_code=detail_code,
                message=message or f"{name}: called again before its quota interval passed",
            )
        return table

    def admit(
        self,
        declared: Declared,
        request: web.Request,
        *,
        detail_code: int = DETAIL_QUOTA,
        message: str | None = None,
    ) -> Admission:
        """``request`` arrives under ``declared`` (its endpoint's declaration; the fake's
        setting for that name applies): let it in, or raise the 429 rejection (with
        ``detail_code`` and ``message``, if given)."""
        quota = self._effective.get(declared.name, declared)
        account, user = account_of(request), user_of(request)
        key: Hashable
        if quota.scope == "user_account":
            key = (user, account)
        elif quota.scope == "account":
            key = account
        else:
            key = "app"
        table = self.windows(quota.name, detail_code=detail_code, message=message)
        arrived_at = table.check(key, self._demanded(quota))
        return Admission(quota=quota.name, key=key, arrived_at=arrived_at)

    def accept(self, admission: Admission) -> None:
        """The admitted call succeeded: its scope's next window opens at its arrival."""
        self.windows(admission.quota).accept(admission.key, admission.arrived_at)

    def rejections(self, name: str | None = None) -> int:
        """Calls refused for arriving too early: of quota ``name``, or of all quotas."""
        if name is not None:
            table = self._windows.get(name)
            return 0 if table is None else table.rejections
        return sum(t.rejections for t in self._windows.values())

    def rejections_by_quota(self) -> dict[str, int]:
        """Refused calls per quota name (quotas that refused none are left out)."""
        counts = collections.Counter({n: t.rejections for n, t in self._windows.items()})
        return {n: c for n, c in counts.items() if c}

    def clear(self) -> None:
        """Forget every window and rejection count (the settings stay)."""
        for table in self._windows.values():
            table.clear()


def enforces_none(value: object) -> bool:
    """A quota setting of 0 (a number, not ``False``): the fake enforces no interval."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0
