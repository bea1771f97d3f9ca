"""The quota table a client (or the fake server) runs with: every quota that
:data:`~kakao_async.endpoints.ENDPOINTS` declares, with the caller's overrides applied.

``quotas={"campaigns.onOff": 0.1}`` replaces an interval and keeps the declared scope;
``quotas={"reports.adAccount": Quota(name="reports.adAccount", interval=..., scope=...)}``
replaces both. A name no endpoint declares is a :class:`~kakao_async.KakaoInputError` (a
ValueError), raised before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from ._validate import positive_number, shown
from .endpoints import CREATIVE_ON_OFF_QUOTA, ENDPOINTS, Quota
from .errors import KakaoInputError, KakaoInputTypeError

__all__ = ["QuotaSettings", "declared_quotas", "override", "resolve_quotas"]

#: What ``quotas=`` accepts: per quota name, a new interval in seconds or a whole new Quota.
QuotaSettings = Mapping[str, "float | Quota"]


def declared_quotas() -> dict[str, Quota]:
    """Every quota the endpoint declarations name, by name, in declaration order.

    Two endpoints may share one quota (the same name); they must then declare the same one.
    """
    found: dict[str, Quota] = {}
    for endpoint in ENDPOINTS:
        quota = endpoint.quota
        if quota is None:
            continue
        known = found.setdefault(quota.name, quota)
        if known != quota:
            raise RuntimeError(
                f"endpoints declare quota {quota.name!r} twice, differently: {known} and {quota}"
            )
    return found


def resolve_quotas(
    overrides: QuotaSettings | None,
    *,
    on_off_interval: float | None = None,
    on_off_default: float | None = None,
) -> Mapping[str, Quota]:
    """The effective quotas (a read-only mapping): declared ones with ``overrides`` applied.

    ``on_off_interval`` is the ``creatives.onOff`` shorthand (naming that quota in
    ``overrides`` too, with another interval, is a conflict). ``on_off_default`` replaces the
    declared onOff interval when neither sets it (a client takes it from the rate limiter it
    was given)."""
    table = declared_quotas()
    on_off = CREATIVE_ON_OFF_QUOTA.name
    if on_off_default is not None:
        table[on_off] = attrs.evolve(table[on_off], interval=on_off_default)
    if overrides is None:
        overrides = {}
    elif not isinstance(overrides, Mapping):
        raise KakaoInputTypeError(
            "quotas must be a mapping of quota name -> interval in seconds or Quota, "
            f"got {type(overrides).__name__}"
        )
    for name, value in overrides.items():
        table[name] = override(table, name, value)
    if on_off_interval is not None:
        seconds = positive_number("on_off_interval", on_off_interval)
        if on_off in overrides and table[on_off].interval != seconds:
            raise KakaoInputError(
                f"on_off_interval={seconds:g} contradicts quotas[{on_off!r}] "
                f"({table[on_off].interval:g} s): it is a shorthand for that setting"
            )
        table[on_off] = attrs.evolve(table[on_off], interval=seconds)
    return MappingProxyType(table)


def override(table: Mapping[str, Quota], name: str, value: object) -> Quota:
    """Quota ``name`` of ``table`` as ``value`` sets it: a number replaces its interval (the
    scope stays), a Quota replaces it."""
    if name not in table:
        known = ", ".join(sorted(table))
        raise KakaoInputError(
            f"unknown quota {shown(name)} in quotas=; the declared ones are: {known}"
        )
    current = table[name]
    if isinstance(value, Quota):
        if value.name != name:
            raise KakaoInputError(
                f"quotas[{name!r}] is a Quota named {shown(value.name)}: the names differ"
            )
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise KakaoInputTypeError(
            f"quotas[{name!r}] must be an interval in seconds or a Quota, got {shown(value)}"
        )
    return attrs.evolve(current, interval=positive_number(f"quotas[{name!r}]", value))
