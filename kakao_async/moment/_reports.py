"""Kakao Moment reports: ad accounts, campaigns, ad groups and creatives.

Every method takes the same period, breakdown and metrics arguments and returns one
:class:`~kakao_async.models.Report`. A ``start``..``end`` range longer than Kakao's 31-day window
and an id list longer than one call may name are cut into calls (see ``_report_plan``); the calls
go out one after another, each when its quota allows, so a long report takes about
``(calls - 1) x interval``. The rows come back as one list in date order. A failing call (after
its retries) fails the whole report.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date

from .._service import Service
from .._validate import positive_int, positive_number
from ..endpoints import (
    MOMENT_REPORT_AD_ACCOUNT,
    MOMENT_REPORT_AD_ACCOUNTS,
    MOMENT_REPORT_AD_GROUPS,
    MOMENT_REPORT_CAMPAIGNS,
    MOMENT_REPORT_CREATIVES,
    REPORT_MAX_IDS,
    Endpoint,
)
from ..errors import KakaoError, KakaoInputError
from ..models import (
    DatePreset,
    Report,
    ReportDimension,
    ReportRow,
    TimeUnit,
)
from ._report_plan import Groups, ReportQuery, Window, batches, report_query, unique_ids

__all__ = ["MomentReports"]


class MomentReports(Service):
    """``client.moment.reports``: performance reports, fetched at their quotas.

    Common arguments: the period, either ``date_preset`` (a :class:`DatePreset`) or ``start``
    and ``end`` (dates, both included; any length: longer than 31 days is fetched 31 days per
    call); ``dimension`` (a :class:`ReportDimension`) to break rows down; ``metrics_groups``
    (one or more :class:`MetricsGroup`; Kakao's default when left out); ``time_unit="DAY"`` for
    a row per day (otherwise a row covers a whole call's period); ``timeout`` per call, not
    counting the wait for the quota.
    """

    __slots__ = ()

    async def ad_account(
        self,
        *,
        date_preset: DatePreset | str | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        dimension: ReportDimension | str | None = None,
        metrics_groups: Groups = None,
        time_unit: TimeUnit | str | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> Report:
        """``GET /openapi/v4/adAccounts/report`` for one ad account (display and message
        campaigns together). Quota: one call per 5 s per ad account."""
        query = _query(date_preset, start, end, dimension, metrics_groups, time_unit)
        account = self._account(ad_account_id)
        return await self._fetch(MOMENT_REPORT_AD_ACCOUNT, query, account, None, timeout)

    async def ad_accounts(
        self,
        *,
        ad_account_ids: Iterable[int],
        date_preset: DatePreset | str | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        dimension: ReportDimension | str | None = None,
        metrics_groups: Groups = None,
        time_unit: TimeUnit | str | None = None,
        timeout: float | None = None,
    ) -> Report:
        """``GET /openapi/v4/adAccounts/report?adAccountId=...`` for any number of ad accounts,
        5 per call. Quota: one call per 5 s per app, shared by every multi-account report the
        app makes. Each row names its account in ``dimensions["ad_account_id"]``."""
        query = _query(date_preset, start, end, dimension, metrics_groups, time_unit)
        ids = unique_ids("ad_account_ids", ad_account_ids)
        return await self._fetch(MOMENT_REPORT_AD_ACCOUNTS, query, None, ids, timeout)

    async def campaigns(
        self,
        *,
        campaign_ids: Iterable[int],
        date_preset: DatePreset | str | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        dimension: ReportDimension | str | None = None,
        metrics_groups: Groups = None,
        time_unit: TimeUnit | str | None = None,
        ids_per_call: int | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> Report:
        """``GET /openapi/v4/campaigns/report`` for campaigns of one ad account, up to
        ``ids_per_call`` (at most 5) per call. Quota: not documented; one call per 5 s per ad
        account is assumed."""
        return await self._by_ids(
            MOMENT_REPORT_CAMPAIGNS,
            "campaign_ids",
            campaign_ids,
            _query(date_preset, start, end, dimension, metrics_groups, time_unit),
            ids_per_call,
            ad_account_id,
            timeout,
        )

    async def ad_groups(
        self,
        *,
        ad_group_ids: Iterable[int],
        date_preset: DatePreset | str | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        dimension: ReportDimension | str | None = None,
        metrics_groups: Groups = None,
        time_unit: TimeUnit | str | None = None,
        ids_per_call: int | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> Report:
        """``GET /openapi/v4/adGroups/report`` for ad groups of one ad account, up to
        ``ids_per_call`` (at most 40) per call. Quota: not documented; one call per 5 s per ad
        account is assumed."""
        return await self._by_ids(
            MOMENT_REPORT_AD_GROUPS,
            "ad_group_ids",
            ad_group_ids,
            _query(date_preset, start, end, dimension, metrics_groups, time_unit),
            ids_per_call,
            ad_account_id,
            timeout,
        )

    async def creatives(
        self,
        *,
        creative_ids: Iterable[int],
        date_preset: DatePreset | str | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        dimension: ReportDimension | str | None = None,
        metrics_groups: Groups = None,
        time_unit: TimeUnit | str | None = None,
        ids_per_call: int | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> Report:
        """``GET /openapi/v4/creatives/report`` for creatives of one ad account, up to
        ``ids_per_call`` (at most 100) per call. Quota: not documented; one call per 5 s per ad
        account is assumed."""
        return await self._by_ids(
            MOMENT_REPORT_CREATIVES,
            "creative_ids",
            creative_ids,
            _query(date_preset, start, end, dimension, metrics_groups, time_unit),
            ids_per_call,
            ad_account_id,
            timeout,
        )

    async def _by_ids(
        self,
        endpoint: Endpoint,
        name: str,
        values: Iterable[int],
        query: ReportQuery,
        ids_per_call: int | None,
        ad_account_id: int | None,
        timeout: float | None,
    ) -> Report:
        ids = unique_ids(name, values)
        limit = REPORT_MAX_IDS[endpoint.name]
        size = limit if ids_per_call is None else positive_int("ids_per_call", ids_per_call)
        if size > limit:
            raise KakaoInputError(f"ids_per_call must be at most {limit} for {endpoint.path}")
        account = self._account(ad_account_id)
        return await self._fetch(endpoint, query, account, ids, timeout, size)

    async def _fetch(
        self,
        endpoint: Endpoint,
        query: ReportQuery,
        account: int | None,
        ids: list[int] | None,
        timeout: float | None,
        size: int | None = None,
    ) -> Report:
        """Every call of the report, one after another; their rows in date order."""
        timeout = None if timeout is None else positive_number("timeout", timeout)
        groups: list[list[int] | None] = [None]
        if ids is not None:
            groups = list(batches(ids, size or REPORT_MAX_IDS[endpoint.name]))
        id_param = _ID_PARAMS[endpoint.name]
        rows: list[ReportRow] = []
        for window in query.windows():
            for batch in groups:
                params = query.params(window)
                if batch is not None:
                    params.append((id_param, ",".join(map(str, batch))))
                request = self._request(
                    endpoint,
                    # The multi-account form names its accounts in the query; the header
                    # carries the first of them.
                    ad_account_id=account if account is not None else _first(batch),
                    params=tuple(params),
                    timeout=timeout,
                )
                try:
                    rows += await self._send(request)
                except KakaoError as exc:
                    # The rows of the other calls go with the report: say what this call asked
                    # for, so a nightly job knows which ids and days to fetch again. On a copy:
                    # the same error may reach other callers too (a refresh failure is shared
                    # by every call that saw the 401), and must not carry this call's note.
                    noted = _noted(exc, _asked(id_param, batch, account, window, query))
                    raise noted.with_traceback(exc.__traceback__) from exc.__cause__
        # Stable: rows of one period keep the order of the calls and of Kakao's answers.
        rows.sort(key=_period)
        return Report(rows)

    def __repr__(self) -> str:
        return "<MomentReports /openapi/v4/*/report>"


#: The query parameter naming each report's ids.
_ID_PARAMS = {
    MOMENT_REPORT_AD_ACCOUNT.name: "",
    MOMENT_REPORT_AD_ACCOUNTS.name: "adAccountId",
    MOMENT_REPORT_CAMPAIGNS.name: "campaignId",
    MOMENT_REPORT_AD_GROUPS.name: "adGroupId",
    MOMENT_REPORT_CREATIVES.name: "creativeId",
}


def _asked(
    id_param: str, batch: list[int] | None, account: int | None, window: Window, query: ReportQuery
) -> str:
    """What one report call asked for, for the note on its error."""
    what = f"{id_param}={','.join(map(str, batch))}" if batch else f"ad account {account}"
    if window is not None:
        days = f"{window[0]} to {window[1]}"
    else:
        assert query.date_preset is not None  # a query without a window is a preset's
        days = f"datePreset={query.date_preset.value}"
    return f"the failed report call asked for {what}, {days}"


def _noted(exc: KakaoError, note: str) -> KakaoError:
    """A copy of ``exc`` with ``note`` added to its notes (``__notes__``, as ``add_note`` keeps
    them, on Python 3.10 too); ``exc`` itself is left as it is."""
    noted = copy.copy(exc)
    setattr(noted, "__notes__", [*getattr(exc, "__notes__", ()), note])  # noqa: B010
    return noted


def _period(row: ReportRow) -> tuple[date, date]:
    return row.start, row.end


def _first(batch: list[int] | None) -> int:
    assert batch
    return batch[0]


def _query(
    date_preset: DatePreset | str | None,
    start: date | str | None,
    end: date | str | None,
    dimension: ReportDimension | str | None,
    metrics_groups: Groups,
    time_unit: TimeUnit | str | None,
) -> ReportQuery:
    return report_query(
        date_preset=date_preset,
        start=start,
        end=end,
        dimension=dimension,
        metrics_groups=metrics_groups,
        time_unit=time_unit,
    )
