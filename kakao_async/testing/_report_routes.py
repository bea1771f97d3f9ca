"""Kakao Moment report endpoints (``GET /openapi/v4/*/report``), as the fake enforces them.

A request names its period as ``datePreset`` or ``start`` and ``end`` (``yyyyMMdd``; a range of
at most 31 days); ``dimension``, ``metricsGroup`` (comma-separated or repeated) and ``timeUnit``
must be values Kakao documents (400 otherwise), and an id list may name at most as many ids as
:data:`kakao_async.endpoints.REPORT_MAX_IDS` allows. ``GET /openapi/v4/adAccounts/report`` with
an ``adAccountId`` query parameter is the multi-account form (each account must be open to the
caller: 403 otherwise).

Each report's quota is enforced on arrival, after the request was found well-formed, by the
server's :class:`~._quota.FakeQuotas` (its ``quotas=`` settings apply): once per interval per ad
account, or per app for the multi-account form (HTTP 429, code -813, detail 30005 when
violated). The fake has no campaigns or ad groups: it
reports any id it is asked for, with figures from :mod:`._report_data`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

import attrs
from aiohttp import web

from ..endpoints import (
    MOMENT_REPORT_AD_ACCOUNT,
    MOMENT_REPORT_AD_ACCOUNTS,
    MOMENT_REPORT_AD_GROUPS,
    MOMENT_REPORT_CAMPAIGNS,
    MOMENT_REPORT_CREATIVES,
    REPORT_MAX_IDS,
    REPORT_WINDOW_DAYS,
    Endpoint,
    kakao_today,
)
from ..models import DatePreset, MetricsGroup, ReportDimension, TimeUnit
from ._http import (
    DETAIL_NO_PERMISSION,
    Reject,
    account_of,
    bad_request,
    envelope,
    serve,
    user_of,
)
from ._quota import FakeQuotas
from ._report_data import days, preset_range, report_rows

__all__ = ["DETAIL_REPORT_QUOTA", "REPORT_QUOTAS", "ReportCall", "ReportRoutes"]

#: detailCode of the fake's report quota rejection (the fake's own choice).
DETAIL_REPORT_QUOTA = 30005

_ENDPOINTS = (
    MOMENT_REPORT_AD_ACCOUNT,
    MOMENT_REPORT_AD_ACCOUNTS,
    MOMENT_REPORT_CAMPAIGNS,
    MOMENT_REPORT_AD_GROUPS,
    MOMENT_REPORT_CREATIVES,
)
#: The report quotas the fake enforces, by name, with Kakao's intervals.
REPORT_QUOTAS: dict[str, float] = {e.quota.name: e.quota.interval for e in _ENDPOINTS if e.quota}
#: (object kind in the rows' dimensions, query parameter of its ids) per endpoint name.
_KINDS = {
    MOMENT_REPORT_AD_ACCOUNT.name: ("ad_account", ""),
    MOMENT_REPORT_AD_ACCOUNTS.name: ("ad_account", "adAccountId"),
    MOMENT_REPORT_CAMPAIGNS.name: ("campaign", "campaignId"),
    MOMENT_REPORT_AD_GROUPS.name: ("ad_group", "adGroupId"),
    MOMENT_REPORT_CREATIVES.name: ("creative", "creativeId"),
}


@attrs.frozen(kw_only=True)
class ReportCall:
    """A report call the fake accepted."""

    endpoint: str
    #: The quota it was counted against, and the scope key within it.
    quota: str
    key: str
    user: str
    ad_account_id: int
    ids: tuple[int, ...]
    #: The period asked for: ``(start, end)``, or the preset's name.
    period: tuple[date, date] | str
    rows: int
    arrived_at: float


class ReportRoutes:
    """The report handlers, each call counted against its quota in ``quotas``."""

    def __init__(
        self,
        quotas: FakeQuotas,
        *,
        restricted: Callable[[], Collection[int]] = frozenset,
    ) -> None:
        self.quotas = quotas
        #: Every accepted report call, oldest first.
        self.calls: list[ReportCall] = []
        #: The day presets count back from; None means today in Korea (Kakao's day).
        self.today: date | None = None
        #: The ad accounts closed to every caller now (the server's ``restricted_ad_accounts``).
        self.restricted = restricted

    def register(self, router: web.UrlDispatcher) -> None:
        # The multi-account form (MOMENT_REPORT_AD_ACCOUNTS) shares the single one's path.
        serve(router, MOMENT_REPORT_AD_ACCOUNT, self.ad_account)
        serve(router, MOMENT_REPORT_CAMPAIGNS, self.campaigns)
        serve(router, MOMENT_REPORT_AD_GROUPS, self.ad_groups)
        serve(router, MOMENT_REPORT_CREATIVES, self.creatives)

    @property
    def rejections(self) -> int:
        """Report calls refused for arriving too early."""
        return sum(self.quotas.rejections(name) for name in REPORT_QUOTAS)

    def clear(self) -> None:
        self.calls.clear()  # the windows are the server's quotas', cleared with them

    async def ad_account(self, request: web.Request) -> web.Response:
        multi = "adAccountId" in request.query
        endpoint = MOMENT_REPORT_AD_ACCOUNTS if multi else MOMENT_REPORT_AD_ACCOUNT
        return self._report(request, endpoint)

    async def campaigns(self, request: web.Request) -> web.Response:
        return self._report(request, MOMENT_REPORT_CAMPAIGNS)

    async def ad_groups(self, request: web.Request) -> web.Response:
        return self._report(request, MOMENT_REPORT_AD_GROUPS)

    async def creatives(self, request: web.Request) -> web.Response:
        return self._report(request, MOMENT_REPORT_CREATIVES)

    def _report(self, request: web.Request, endpoint: Endpoint) -> web.Response:
        kind, id_param = _KINDS[endpoint.name]
        account = account_of(request)
        ids = _ids(request, id_param, REPORT_MAX_IDS.get(endpoint.name)) if id_param else [account]
        if endpoint is MOMENT_REPORT_AD_ACCOUNTS:
            closed = sorted(set(ids) & set(self.restricted()))
            if closed:
                raise Reject(
                    403, envelope(-813, DETAIL_NO_PERMISSION, f"no permission on {closed[0]}")
                )
        period, asked = self._period(request)
        dimension = _one(request, "dimension", ReportDimension.__members__)
        time_unit = _one(request, "timeUnit", TimeUnit.__members__)
        groups = _many(request, "metricsGroup", MetricsGroup.__members__) or ["BASIC"]
        assert endpoint.quota is not None
        quota = self.quotas[endpoint.quota.name]
        key = _scope_key(quota.scope, account, user_of(request))
        admission = self.quotas.admit(
            quota,
            request,
            detail_code=DETAIL_REPORT_QUOTA,
            message="a report may be requested once per 5 seconds (per ad account, or per app)",
        )
        rows = []
        if period is not None:
            rows = report_rows(
                kind=kind,
                ids=ids,
                period=period,
                daily=time_unit is not None,
                dimension=dimension,
                groups=groups,
            )
        self.quotas.accept(admission)
        self.calls.append(
            ReportCall(
                endpoint=endpoint.name,
                quota=quota.name,
                key=key,
                user=user_of(request),
                ad_account_id=account,
                ids=tuple(ids),
                period=asked,
                rows=len(rows),
                arrived_at=admission.arrived_at,
            )
        )
        return web.json_response({"code": 200, "message": "Success", "data": rows})

    def _period(
        self, request: web.Request
    ) -> tuple[tuple[date, date] | None, tuple[date, date] | str]:
        """The days to report (None: an empty preset period) and the period as asked."""
        preset = _one(request, "datePreset", DatePreset.__members__)
        start, end = request.query.get("start"), request.query.get("end")
        if preset is not None:
            if start is not None or end is not None:
                raise bad_request("datePreset and start/end exclude each other")
            return preset_range(preset, self.today or kakao_today()), preset
        if start is None or end is None:
            raise bad_request("datePreset, or start and end, is required")
        first, last = _day(start, "start"), _day(end, "end")
        if first > last:
            raise bad_request("start is after end")
        if len(days(first, last)) > REPORT_WINDOW_DAYS:
            raise bad_request(f"조회 기간은 {REPORT_WINDOW_DAYS}일 이내로 설정해야 합니다.")
        return (first, last), (first, last)


def _scope_key(scope: str, account: int, user: str) -> str:
    if scope == "app":
        return "app"
    if scope == "account":
        return str(account)
    return f"{user}:{account}"


def _values(request: web.Request, name: str) -> list[str]:
    """A list parameter, repeated or comma-separated."""
    return [v for raw in request.query.getall(name, []) for v in raw.split(",") if v]


def _one(request: web.Request, name: str, known: Collection[str]) -> str | None:
    value = request.query.get(name)
    if value is None:
        return None
    if value not in known:
        raise bad_request(f"{name} {value!r} is not supported")
    return value


def _many(request: web.Request, name: str, known: Collection[str]) -> list[str]:
    values = _values(request, name)
    for value in values:
        if value not in known:
            raise bad_request(f"{name} {value!r} is not supported")
    return list(dict.fromkeys(values))


def _ids(request: web.Request, name: str, limit: int | None) -> list[int]:
    values = _values(request, name)
    if not values or not all(v.isascii() and v.isdigit() and int(v) > 0 for v in values):
        raise bad_request(f"{name} must list positive ids")
    if limit is not None and len(values) > limit:
        raise bad_request(f"{name} may name at most {limit} ids, got {len(values)}")
    return [int(v) for v in values]


def _day(text: str, name: str) -> date:
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        raise bad_request(f"{name} must be yyyyMMdd")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise bad_request(f"{name} is not a date") from None
