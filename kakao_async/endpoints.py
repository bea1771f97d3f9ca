"""Every endpoint kakao_async calls, declared once: method, path, idempotency and quota.

The request path, the quota scheduler (its keys), README's tables and the fake server read these
declarations, so adding an endpoint starts here. A :class:`Quota` is Kakao's documented limit:
one call per ``interval`` seconds per ``scope``. Endpoints that share a limit declare the same
Quota (same name); ``KakaoClient(quotas={name: ...})`` and ``FakeKakaoServer(quotas=...)``
override a declared quota by its name, and the scheduler spaces each call by its own quota.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal, get_args

import attrs

from .errors import KakaoInputError, KakaoInputTypeError

__all__ = [
    "ENDPOINTS",
    "KEYWORD_CREATIVE_CREATE",
    "KEYWORD_CREATIVE_DELETE",
    "KEYWORD_CREATIVE_GET",
    "KEYWORD_CREATIVE_LIST",
    "MOMENT_CREATIVE_DELETE",
    "MOMENT_CREATIVE_GET",
    "MOMENT_CREATIVE_LIST",
    "MOMENT_CREATIVE_SET_CONFIG",
    "MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES",
    "MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY",
    "MOMENT_REPORT_AD_ACCOUNT",
    "MOMENT_REPORT_AD_ACCOUNTS",
    "MOMENT_REPORT_AD_GROUPS",
    "MOMENT_REPORT_CAMPAIGNS",
    "MOMENT_REPORT_CREATIVES",
    "ON_OFF_QUOTA",
    "REPORT_ACCOUNT_QUOTA",
    "REPORT_AD_GROUPS_QUOTA",
    "REPORT_APP_QUOTA",
    "REPORT_CAMPAIGNS_QUOTA",
    "REPORT_CREATIVES_QUOTA",
    "REPORT_MAX_IDS",
    "REPORT_WINDOW_DAYS",
    "Endpoint",
    "Quota",
    "Scope",
]

#: Who shares one quota: one (user, ad account) pair, one ad account, or the whole app.
Scope = Literal["user_account", "account", "app"]


def _seconds(instance: Any, attribute: Any, value: Any) -> None:
    # A Quota reaches the scheduler as is: an interval of 0, NaN or "5" must fail here.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise KakaoInputTypeError(f"Quota.interval must be a number of seconds, got {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise KakaoInputError(f"Quota.interval must be a finite number > 0, got {value}")


def _name(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        raise KakaoInputError(
            f"Quota.name must be non-empty text without whitespace, got {value!r}"
        )


def _scope(instance: Any, attribute: Any, value: Any) -> None:
    if value not in get_args(Scope):
        scopes = ", ".join(get_args(Scope))
        raise KakaoInputError(f"Quota.scope must be one of {scopes}; got {value!r}")


@attrs.frozen(kw_only=True)
class Quota:
    """Kakao's limit on an endpoint: one call per ``interval`` seconds per ``scope``."""

    #: Names the quota in scheduler keys (and so in Redis key names), e.g. ``creatives.onOff``.
    name: str = attrs.field(validator=_name)
    #: Seconds Kakao demands between two calls of one scope.
    interval: float = attrs.field(validator=_seconds)
    #: Who shares it: ``user_account`` (one user in one ad account), ``account`` (everyone in
    #: one ad account) or ``app`` (every call of the app).
    scope: Scope = attrs.field(default="user_account", validator=_scope)


@attrs.frozen(kw_only=True)
class Endpoint:
    """One Kakao Open API operation."""

    #: The library's name for it: ``<api>.<resource>.<method name>``.
    name: str
    #: Which base URL: ``"moment"`` or ``"keyword"``.
    api: Literal["moment", "keyword"]
    method: str
    #: Path template, ``{id}`` for the object id.
    path: str
    #: Safe to send twice, so retried on transient failures (everything but a create).
    idempotent: bool = True
    #: The documented limit, or None when Kakao lists none.
    quota: Quota | None = None

    def format(self, **values: object) -> str:
        """The path with its placeholders filled in (values are validated ids)."""
        return self.path.format(**values) if values else self.path


#: ``PUT /openapi/v4/creatives/onOff``: once per 5 s per (user, ad account).
ON_OFF_QUOTA = Quota(name="creatives.onOff", interval=5.0, scope="user_account")

_CREATIVES = "/openapi/v4/creatives"
MOMENT_CREATIVE_LIST = Endpoint(
    name="moment.creatives.list", api="moment", method="GET", path=_CREATIVES
)
MOMENT_CREATIVE_GET = Endpoint(
    name="moment.creatives.get", api="moment", method="GET", path=_CREATIVES + "/{id}"
)
MOMENT_CREATIVE_SET_CONFIG = Endpoint(
    name="moment.creatives.set_config",
    api="moment",
    method="PUT",
    path=_CREATIVES + "/onOff",
    quota=ON_OFF_QUOTA,
)
MOMENT_CREATIVE_DELETE = Endpoint(
    name="moment.creatives.delete", api="moment", method="DELETE", path=_CREATIVES + "/{id}"
)
MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY = Endpoint(
    name="moment.creatives.system_config_history",
    api="moment",
    method="GET",
    path=_CREATIVES + "/{id}/systemConfigHistory",
)
MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES = Endpoint(
    name="moment.creatives.system_config_histories",
    api="moment",
    method="GET",
    path=_CREATIVES + "/{id}/systemConfigHistories",
)
# ----------------------------------------------------------------- Kakao Moment reports
# One block, so that it moves as a whole. Documented (developers.kakao.com, "보고서"): the ad
# account report is limited to one call per 5 s per ad account (the adAccountId header), or per
# app for the multi-account form; a start..end range spans at most 31 days. The campaign, ad
# group and creative reports' limits are not in the reference pages read: one call per 5 s per
# ad account is assumed (the safe side). Ids per call: 5 ad accounts (the multi-account form's
# limit); 5 campaigns, 40 ad groups, 100 creatives (what public clients send; not in the pages
# read).

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
)
#: The same path as the single-account report, with the ids in ``adAccountId``.
MOMENT_REPORT_AD_ACCOUNTS = Endpoint(
    name="moment.reports.ad_accounts",
    api="moment",
    method="GET",
    path="/openapi/v4/adAccounts/report",
    quota=REPORT_APP_QUOTA,
)
MOMENT_REPORT_CAMPAIGNS = Endpoint(
    name="moment.reports.campaigns",
    api="moment",
    method="GET",
    path="/openapi/v4/campaigns/report",
    quota=REPORT_CAMPAIGNS_QUOTA,
)
MOMENT_REPORT_AD_GROUPS = Endpoint(
    name="moment.reports.ad_groups",
    api="moment",
    method="GET",
    path="/openapi/v4/adGroups/report",
    quota=REPORT_AD_GROUPS_QUOTA,
)
MOMENT_REPORT_CREATIVES = Endpoint(
    name="moment.reports.creatives",
    api="moment",
    method="GET",
    path="/openapi/v4/creatives/report",
    quota=REPORT_CREATIVES_QUOTA,
)
#: Longest ``start``..``end`` range of one report call, in days (both ends included).
REPORT_WINDOW_DAYS = 31
#: Most ids one call of each multi-id report may name (by endpoint name).
REPORT_MAX_IDS: Mapping[str, int] = {
    MOMENT_REPORT_AD_ACCOUNTS.name: 5,
    MOMENT_REPORT_CAMPAIGNS.name: 5,
    MOMENT_REPORT_AD_GROUPS.name: 40,
    MOMENT_REPORT_CREATIVES.name: 100,
}
# ----------------------------------------------------------------- end of reports

KEYWORD_CREATIVE_LIST = Endpoint(
    name="keyword.creatives.list", api="keyword", method="GET", path="/openapi/v1/creatives/basic"
)
KEYWORD_CREATIVE_GET = Endpoint(
    name="keyword.creatives.get",
    api="keyword",
    method="GET",
    path="/openapi/v1/creatives/basic/{id}",
)
KEYWORD_CREATIVE_CREATE = Endpoint(
    name="keyword.creatives.create",
    api="keyword",
    method="POST",
    path="/openapi/v1/creatives/basic",
    idempotent=False,
)
KEYWORD_CREATIVE_DELETE = Endpoint(
    name="keyword.creatives.delete",
    api="keyword",
    method="DELETE",
    path="/openapi/v1/creatives/{id}",
)

#: Every declaration, in README order.
ENDPOINTS: tuple[Endpoint, ...] = (
    MOMENT_CREATIVE_LIST,
    MOMENT_CREATIVE_GET,
    MOMENT_CREATIVE_SET_CONFIG,
    MOMENT_CREATIVE_DELETE,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES,
    MOMENT_REPORT_AD_ACCOUNT,
    MOMENT_REPORT_AD_ACCOUNTS,
    MOMENT_REPORT_CAMPAIGNS,
    MOMENT_REPORT_AD_GROUPS,
    MOMENT_REPORT_CREATIVES,
    KEYWORD_CREATIVE_LIST,
    KEYWORD_CREATIVE_GET,
    KEYWORD_CREATIVE_CREATE,
    KEYWORD_CREATIVE_DELETE,
)
