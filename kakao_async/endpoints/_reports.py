"""Kakao Moment report endpoints and their quotas.

Documented (developers.kakao.com, "보고서"): the ad
account report is limited to one call per 5 s per ad account (the adAccountId header), or per
app for the multi-account form; a start..end range spans at most 31 days. The campaign, ad
group and creative reports' limits are not in the reference pages read: one call per 5 s per
ad account is assumed (the safe side). Ids per call: 5 ad accounts (the multi-account form's
limit); 5 campaigns, 40 ad groups, 100 creatives (what public clients send; not in the pages
read). Report days are Korea's (:data:`REPORT_TIMEZONE`): ``datePreset`` counts back from
today there, and ``start``/``end`` queries leave today out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone

from .._decoders import rows
from ._types import Endpoint, Quota

__all__ = [
    "MOMENT_REPORT_AD_ACCOUNT",
    "MOMENT_REPORT_AD_ACCOUNTS",
    "MOMENT_REPORT_AD_GROUPS",
    "MOMENT_REPORT_CAMPAIGNS",
    "MOMENT_REPORT_CREATIVES",
    "REPORT_ACCOUNT_QUOTA",
    "REPORT_AD_GROUPS_QUOTA",
    "REPORT_APP_QUOTA",
    "REPORT_CAMPAIGNS_QUOTA",
    "REPORT_CREATIVES_QUOTA",
    "REPORT_ENDPOINTS",
    "REPORT_MAX_IDS",
    "REPORT_QUOTAS",
    "REPORT_TIMEZONE",
    "REPORT_WINDOW_DAYS",
    "kakao_today",
]

#: ``GET /openapi/v4/adAccounts/report`` for one ad account: once per 5 s per ad account.
REPORT_ACCOUNT_QUOTA = Quota(name="reports.account", interval=5.0, scope="account")
#: ``GET /openapi/v4/adAccounts/report`` for several ad accounts: once per 5 s per app.
REPORT_APP_QUOTA = Quota(name="reports.app", interval=5.0, scope="app")
#: ``GET /openapi/v4/campaigns/report``: not documented; once per 5 s per ad account assumed.
REPORT_CAMPAIGNS_QUOTA = Quota(name="reports.campaigns", interval=5.0, scope="account")
#: ``GET /openapi/v4/adGroups/report``: not documented; once per 5 s per ad account assumed.
REPORT_AD_GROUPS_QUOTA = Quota(name="reports.adGroups", interval=5.0, scope="account")
#: ``GET /openapi/v4/creatives/report``: not documented; once per 5 s per ad account assumed.
REPORT_CREATIVES_QUOTA = Quota(name="reports.creatives", interval=5.0, scope="account")

MOMENT_REPORT_AD_ACCOUNT = Endpoint(
    name="moment.reports.ad_account",
    api="moment",
    method="GET",
    path="/openapi/v4/adAccounts/report",
    quota=REPORT_ACCOUNT_QUOTA,
    response=rows,
)
#: The same path as the single-account report, with the ids in ``adAccountId``.
MOMENT_REPORT_AD_ACCOUNTS = Endpoint(
    name="moment.reports.ad_accounts",
    api="moment",
    method="GET",
    path="/openapi/v4/adAccounts/report",
    quota=REPORT_APP_QUOTA,
    response=rows,
)
MOMENT_REPORT_CAMPAIGNS = Endpoint(
    name="moment.reports.campaigns",
    api="moment",
    method="GET",
    path="/openapi/v4/campaigns/report",
    quota=REPORT_CAMPAIGNS_QUOTA,
    response=rows,
)
MOMENT_REPORT_AD_GROUPS = Endpoint(
    name="moment.reports.ad_groups",
    api="moment",
    method="GET",
    path="/openapi/v4/adGroups/report",
    quota=REPORT_AD_GROUPS_QUOTA,
    response=rows,
)
MOMENT_REPORT_CREATIVES = Endpoint(
    name="moment.reports.creatives",
    api="moment",
    method="GET",
    path="/openapi/v4/creatives/report",
    quota=REPORT_CREATIVES_QUOTA,
    response=rows,
)
#: The zone Kakao counts report days in: Korea (UTC+9, no daylight saving since 1988).
REPORT_TIMEZONE = timezone(timedelta(hours=9), "KST")


def kakao_today() -> date:
    """Today in Korea: the day ``datePreset`` counts back from, whatever the host's zone."""
    return datetime.now(REPORT_TIMEZONE).date()


#: Longest ``start``..``end`` range of one report call, in days (both ends included).
REPORT_WINDOW_DAYS = 31
#: Most ids one call of each multi-id report may name (by endpoint name).
REPORT_MAX_IDS: Mapping[str, int] = {
    MOMENT_REPORT_AD_ACCOUNTS.name: 5,
    MOMENT_REPORT_CAMPAIGNS.name: 5,
    MOMENT_REPORT_AD_GROUPS.name: 40,
    MOMENT_REPORT_CREATIVES.name: 100,
}

#: Every report declaration, in README order.
REPORT_ENDPOINTS: tuple[Endpoint, ...] = (
    MOMENT_REPORT_AD_ACCOUNT,
    MOMENT_REPORT_AD_ACCOUNTS,
    MOMENT_REPORT_CAMPAIGNS,
    MOMENT_REPORT_AD_GROUPS,
    MOMENT_REPORT_CREATIVES,
)
#: Every report quota, by name.
REPORT_QUOTAS: dict[str, Quota] = {e.quota.name: e.quota for e in REPORT_ENDPOINTS if e.quota}
