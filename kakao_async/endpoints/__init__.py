"""Every endpoint kakao_async calls, declared once: method, path, idempotency and quota.

The request path, the quota scheduler (its keys), README's tables and the fake server read these
declarations, so adding an endpoint starts here (one module per area: ``_moment``, ``_reports``,
``_keyword``).
A :class:`Quota` is Kakao's documented limit: one call per ``interval`` seconds per ``scope``.
``ON_OFF_QUOTA`` is a deprecated name of ``CREATIVE_ON_OFF_QUOTA`` (until 0.4).
"""

import warnings
from typing import TYPE_CHECKING, Any

from ._keyword import (
    KEYWORD_CREATIVE_CREATE,
    KEYWORD_CREATIVE_DELETE,
    KEYWORD_CREATIVE_GET,
    KEYWORD_CREATIVE_LIST,
    KEYWORD_ENDPOINTS,
    KEYWORD_KEYWORD_LIST,
)
from ._moment import (
    AD_ACCOUNT_ON_OFF_QUOTA,
    AD_GROUP_BID_AMOUNT_QUOTA,
    AD_GROUP_DAILY_BUDGET_QUOTA,
    AD_GROUP_ON_OFF_QUOTA,
    AD_GROUP_PACING_QUOTA,
    AD_GROUP_WRITE_QUOTA,
    CAMPAIGN_DAILY_BUDGET_QUOTA,
    CAMPAIGN_ON_OFF_QUOTA,
    CREATIVE_ON_OFF_QUOTA,
    MOMENT_AD_ACCOUNT_GET,
    MOMENT_AD_ACCOUNT_LIST,
    MOMENT_AD_ACCOUNT_SET_CONFIG,
    MOMENT_AD_GROUP_CREATE,
    MOMENT_AD_GROUP_GET,
    MOMENT_AD_GROUP_LIST,
    MOMENT_AD_GROUP_SET_BID_AMOUNT,
    MOMENT_AD_GROUP_SET_CONFIG,
    MOMENT_AD_GROUP_SET_DAILY_BUDGET,
    MOMENT_AD_GROUP_SET_PACING,
    MOMENT_AD_GROUP_UPDATE,
    MOMENT_CAMPAIGN_GET,
    MOMENT_CAMPAIGN_LIST,
    MOMENT_CAMPAIGN_SET_CONFIG,
    MOMENT_CAMPAIGN_SET_DAILY_BUDGET,
    MOMENT_CAMPAIGN_SYSTEM_CONFIG_HISTORIES,
    MOMENT_CREATIVE_DELETE,
    MOMENT_CREATIVE_GET,
    MOMENT_CREATIVE_LIST,
    MOMENT_CREATIVE_SET_CONFIG,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY,
    MOMENT_ENDPOINTS,
    MOMENT_QUOTAS,
)
from ._reports import (
    MOMENT_REPORT_AD_ACCOUNT,
    MOMENT_REPORT_AD_ACCOUNTS,
    MOMENT_REPORT_AD_GROUPS,
    MOMENT_REPORT_CAMPAIGNS,
    MOMENT_REPORT_CREATIVES,
    REPORT_ACCOUNT_QUOTA,
    REPORT_AD_GROUPS_QUOTA,
    REPORT_APP_QUOTA,
    REPORT_CAMPAIGNS_QUOTA,
    REPORT_CREATIVES_QUOTA,
    REPORT_ENDPOINTS,
    REPORT_MAX_IDS,
    REPORT_QUOTAS,
    REPORT_TIMEZONE,
    REPORT_WINDOW_DAYS,
    kakao_today,
)
from ._types import Endpoint, Quota, Scope

__all__ = [
    "AD_ACCOUNT_ON_OFF_QUOTA",
    "AD_GROUP_BID_AMOUNT_QUOTA",
    "AD_GROUP_DAILY_BUDGET_QUOTA",
    "AD_GROUP_ON_OFF_QUOTA",
    "AD_GROUP_PACING_QUOTA",
    "AD_GROUP_WRITE_QUOTA",
    "CAMPAIGN_DAILY_BUDGET_QUOTA",
    "CAMPAIGN_ON_OFF_QUOTA",
    "CREATIVE_ON_OFF_QUOTA",
    "ENDPOINTS",
    "KEYWORD_CREATIVE_CREATE",
    "KEYWORD_CREATIVE_DELETE",
    "KEYWORD_CREATIVE_GET",
    "KEYWORD_CREATIVE_LIST",
    "KEYWORD_ENDPOINTS",
    "KEYWORD_KEYWORD_LIST",
    "MOMENT_AD_ACCOUNT_GET",
    "MOMENT_AD_ACCOUNT_LIST",
    "MOMENT_AD_ACCOUNT_SET_CONFIG",
    "MOMENT_AD_GROUP_CREATE",
    "MOMENT_AD_GROUP_GET",
    "MOMENT_AD_GROUP_LIST",
    "MOMENT_AD_GROUP_SET_BID_AMOUNT",
    "MOMENT_AD_GROUP_SET_CONFIG",
    "MOMENT_AD_GROUP_SET_DAILY_BUDGET",
    "MOMENT_AD_GROUP_SET_PACING",
    "MOMENT_AD_GROUP_UPDATE",
    "MOMENT_CAMPAIGN_GET",
    "MOMENT_CAMPAIGN_LIST",
    "MOMENT_CAMPAIGN_SET_CONFIG",
    "MOMENT_CAMPAIGN_SET_DAILY_BUDGET",
    "MOMENT_CAMPAIGN_SYSTEM_CONFIG_HISTORIES",
    "MOMENT_CREATIVE_DELETE",
    "MOMENT_CREATIVE_GET",
    "MOMENT_CREATIVE_LIST",
    "MOMENT_CREATIVE_SET_CONFIG",
    "MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES",
    "MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY",
    "MOMENT_ENDPOINTS",
    "MOMENT_QUOTAS",
    "MOMENT_REPORT_AD_ACCOUNT",
    "MOMENT_REPORT_AD_ACCOUNTS",
    "MOMENT_REPORT_AD_GROUPS",
    "MOMENT_REPORT_CAMPAIGNS",
    "MOMENT_REPORT_CREATIVES",
    "QUOTAS",
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
    "Endpoint",
    "Quota",
    "Scope",
    "kakao_today",
]

#: Every declaration, in README order.
ENDPOINTS: tuple[Endpoint, ...] = (
    *MOMENT_ENDPOINTS,
    *REPORT_ENDPOINTS,
    *KEYWORD_ENDPOINTS,
)

#: Every quota kakao_async schedules, by name (the names are part of Redis key names).
QUOTAS: dict[str, Quota] = {**MOMENT_QUOTAS, **REPORT_QUOTAS}

if TYPE_CHECKING:
    #: Deprecated: :data:`CREATIVE_ON_OFF_QUOTA`, under its first name (until 0.4).
    ON_OFF_QUOTA = CREATIVE_ON_OFF_QUOTA
else:

    def __getattr__(name: str) -> Any:
        # A module-level __getattr__ that type checkers do not see: ON_OFF_QUOTA stays typed
        # and a misspelt name stays an error for them.
        if name == "ON_OFF_QUOTA":
            warnings.warn(
                "kakao_async.endpoints.ON_OFF_QUOTA is deprecated; use CREATIVE_ON_OFF_QUOTA",
                DeprecationWarning,
                stacklevel=2,
            )
            return CREATIVE_ON_OFF_QUOTA
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
