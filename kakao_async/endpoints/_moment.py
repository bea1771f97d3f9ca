"""Kakao Moment v4 endpoints (``apis.moment.kakao.com``) and their quotas.

The intervals are the "Limit" column of Kakao's Moment API reference (developers.kakao.com,
"Kakao Moment API Reference"). Kakao states no scope for the 1-per-second limits, and no limit
at all for ``PUT /openapi/v4/adGroups/onOff``: those are declared per (user, ad account) at one
call per second, the creatives' documented scope and the ad group writes' documented interval.
Creating and updating an ad group (``POST``/``PUT /openapi/v4/adGroups``) share one documented
"1 per 5 s"; its scope is not stated either, and per (user, ad account) is assumed.
"""

from __future__ import annotations

from .._decoders import Decoder, array, content, model, model_or_none, moment_creative
from ..models import (
    AdAccount,
    AdAccountPage,
    AdGroup,
    AdGroupSummary,
    Campaign,
    CampaignSummary,
    CreativeSummary,
    SystemConfigHistory,
)
from ._types import LIST_STATES, Endpoint, Quota

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
]


def _moment(
    name: str,
    method: str,
    path: str,
    quota: Quota | None = None,
    *,
    idempotent: bool = True,
    response: Decoder | None = None,
    states: tuple[str, ...] = (),
) -> Endpoint:
    return Endpoint(
        name=f"moment.{name}",
        api="moment",
        method=method,
        path=path,
        quota=quota,
        idempotent=idempotent,
        response=response,
        states=states,
    )


# ----------------------------------------------------------------------------- quotas

#: ``PUT /openapi/v4/creatives/onOff``: once per 5 s per (user, ad account), as documented.
CREATIVE_ON_OFF_QUOTA = Quota(name="creatives.onOff", interval=5.0, scope="user_account")
#: ``PUT /openapi/v4/campaigns/onOff``: "1 per second" (scope not stated).
CAMPAIGN_ON_OFF_QUOTA = Quota(name="campaigns.onOff", interval=1.0, scope="user_account")
#: ``PUT /openapi/v4/campaigns/dailyBudgetAmount``: "1 per second" (scope not stated).
CAMPAIGN_DAILY_BUDGET_QUOTA = Quota(
    name="campaigns.dailyBudgetAmount", interval=1.0, scope="user_account"
)
#: ``PUT /openapi/v4/adGroups/onOff``: Kakao lists no limit; one per second is assumed.
AD_GROUP_ON_OFF_QUOTA = Quota(name="adGroups.onOff", interval=1.0, scope="user_account")
#: ``PUT /openapi/v4/adGroups/dailyBudgetAmount``: "1 per second" (scope not stated).
AD_GROUP_DAILY_BUDGET_QUOTA = Quota(
    name="adGroups.dailyBudgetAmount", interval=1.0, scope="user_account"
)
#: ``PUT /openapi/v4/adGroups/bidAmount``: "1 per second" (scope not stated).
AD_GROUP_BID_AMOUNT_QUOTA = Quota(name="adGroups.bidAmount", interval=1.0, scope="user_account")
#: ``PUT /openapi/v4/adGroups/pacing``: "1 per second" (scope not stated).
AD_GROUP_PACING_QUOTA = Quota(name="adGroups.pacing", interval=1.0, scope="user_account")
#: ``POST``/``PUT /openapi/v4/adGroups`` (create / update an ad group): "1 per 5 s", one quota
#: for both; the scope is not stated: per (user, ad account) is assumed.
AD_GROUP_WRITE_QUOTA = Quota(name="adGroups.write", interval=5.0, scope="user_account")
#: ``PUT /openapi/v4/adAccounts/onOff``: "1 per second" (scope not stated).
AD_ACCOUNT_ON_OFF_QUOTA = Quota(name="adAccounts.onOff", interval=1.0, scope="user_account")

#: Every Moment quota kakao_async schedules, by name.
MOMENT_QUOTAS: dict[str, Quota] = {
    q.name: q
    for q in (
        CREATIVE_ON_OFF_QUOTA,
        CAMPAIGN_ON_OFF_QUOTA,
        CAMPAIGN_DAILY_BUDGET_QUOTA,
        AD_GROUP_ON_OFF_QUOTA,
        AD_GROUP_DAILY_BUDGET_QUOTA,
        AD_GROUP_BID_AMOUNT_QUOTA,
        AD_GROUP_PACING_QUOTA,
        AD_GROUP_WRITE_QUOTA,
        AD_ACCOUNT_ON_OFF_QUOTA,
    )
}

# ----------------------------------------------------------------------------- ad accounts

_AD_ACCOUNTS = "/openapi/v4/adAccounts"
#: The user's ad accounts, page by page: the one call without an ``adAccountId`` header.
MOMENT_AD_ACCOUNT_LIST = Endpoint(
    name="moment.ad_accounts.list",
    api="moment",
    method="GET",
    path=_AD_ACCOUNTS + "/pages",
    ad_account_header=False,
    response=model(AdAccountPage),
    states=LIST_STATES,
)
MOMENT_AD_ACCOUNT_GET = _moment(
    "ad_accounts.get", "GET", _AD_ACCOUNTS + "/{id}", response=model(AdAccount)
)
MOMENT_AD_ACCOUNT_SET_CONFIG = _moment(
    "ad_accounts.set_config", "PUT", _AD_ACCOUNTS + "/onOff", AD_ACCOUNT_ON_OFF_QUOTA
)

# ----------------------------------------------------------------------------- campaigns

_CAMPAIGNS = "/openapi/v4/campaigns"
MOMENT_CAMPAIGN_LIST = _moment(
    "campaigns.list", "GET", _CAMPAIGNS, response=content(CampaignSummary), states=LIST_STATES
)
MOMENT_CAMPAIGN_GET = _moment(
    "campaigns.get", "GET", _CAMPAIGNS + "/{id}", response=model(Campaign)
)
MOMENT_CAMPAIGN_SET_CONFIG = _moment(
    "campaigns.set_config", "PUT", _CAMPAIGNS + "/onOff", CAMPAIGN_ON_OFF_QUOTA
)
MOMENT_CAMPAIGN_SET_DAILY_BUDGET = _moment(
    "campaigns.set_daily_budget",
    "PUT",
    _CAMPAIGNS + "/dailyBudgetAmount",
    CAMPAIGN_DAILY_BUDGET_QUOTA,
)
MOMENT_CAMPAIGN_SYSTEM_CONFIG_HISTORIES = _moment(
    "campaigns.system_config_histories",
    "GET",
    _CAMPAIGNS + "/{id}/systemConfigHistories",
    response=array(SystemConfigHistory),
)

# ----------------------------------------------------------------------------- ad groups

_AD_GROUPS = "/openapi/v4/adGroups"
MOMENT_AD_GROUP_LIST = _moment(
    "ad_groups.list", "GET", _AD_GROUPS, response=content(AdGroupSummary), states=LIST_STATES
)
MOMENT_AD_GROUP_GET = _moment("ad_groups.get", "GET", _AD_GROUPS + "/{id}", response=model(AdGroup))
#: A create may have happened even when its answer was lost: never retried.
MOMENT_AD_GROUP_CREATE = _moment(
    "ad_groups.create",
    "POST",
    _AD_GROUPS,
    AD_GROUP_WRITE_QUOTA,
    idempotent=False,
    response=model(AdGroup),
)
#: The whole ad group's settings, sent again as they are: safe to retry.
MOMENT_AD_GROUP_UPDATE = _moment(
    "ad_groups.update", "PUT", _AD_GROUPS, AD_GROUP_WRITE_QUOTA, response=model(AdGroup)
)
MOMENT_AD_GROUP_SET_CONFIG = _moment(
    "ad_groups.set_config", "PUT", _AD_GROUPS + "/onOff", AD_GROUP_ON_OFF_QUOTA
)
MOMENT_AD_GROUP_SET_DAILY_BUDGET = _moment(
    "ad_groups.set_daily_budget",
    "PUT",
    _AD_GROUPS + "/dailyBudgetAmount",
    AD_GROUP_DAILY_BUDGET_QUOTA,
)
MOMENT_AD_GROUP_SET_BID_AMOUNT = _moment(
    "ad_groups.set_bid_amount", "PUT", _AD_GROUPS + "/bidAmount", AD_GROUP_BID_AMOUNT_QUOTA
)
MOMENT_AD_GROUP_SET_PACING = _moment(
    "ad_groups.set_pacing", "PUT", _AD_GROUPS + "/pacing", AD_GROUP_PACING_QUOTA
)

# ----------------------------------------------------------------------------- creatives

_CREATIVES = "/openapi/v4/creatives"
MOMENT_CREATIVE_LIST = _moment(
    "creatives.list", "GET", _CREATIVES, response=content(CreativeSummary), states=LIST_STATES
)
MOMENT_CREATIVE_GET = _moment(
    "creatives.get", "GET", _CREATIVES + "/{id}", response=moment_creative
)
MOMENT_CREATIVE_SET_CONFIG = _moment(
    "creatives.set_config", "PUT", _CREATIVES + "/onOff", CREATIVE_ON_OFF_QUOTA
)
MOMENT_CREATIVE_DELETE = _moment("creatives.delete", "DELETE", _CREATIVES + "/{id}")
MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY = _moment(
    "creatives.system_config_history",
    "GET",
    _CREATIVES + "/{id}/systemConfigHistory",
    response=model_or_none(SystemConfigHistory),
)
MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES = _moment(
    "creatives.system_config_histories",
    "GET",
    _CREATIVES + "/{id}/systemConfigHistories",
    response=array(SystemConfigHistory),
)

#: Every Moment declaration, in README order.
MOMENT_ENDPOINTS: tuple[Endpoint, ...] = (
    MOMENT_CREATIVE_LIST,
    MOMENT_CREATIVE_GET,
    MOMENT_CREATIVE_SET_CONFIG,
    MOMENT_CREATIVE_DELETE,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES,
    MOMENT_AD_ACCOUNT_LIST,
    MOMENT_AD_ACCOUNT_GET,
    MOMENT_AD_ACCOUNT_SET_CONFIG,
    MOMENT_CAMPAIGN_LIST,
    MOMENT_CAMPAIGN_GET,
    MOMENT_CAMPAIGN_SET_CONFIG,
    MOMENT_CAMPAIGN_SET_DAILY_BUDGET,
    MOMENT_CAMPAIGN_SYSTEM_CONFIG_HISTORIES,
    MOMENT_AD_GROUP_LIST,
    MOMENT_AD_GROUP_GET,
    MOMENT_AD_GROUP_CREATE,
    MOMENT_AD_GROUP_UPDATE,
    MOMENT_AD_GROUP_SET_CONFIG,
    MOMENT_AD_GROUP_SET_DAILY_BUDGET,
    MOMENT_AD_GROUP_SET_BID_AMOUNT,
    MOMENT_AD_GROUP_SET_PACING,
)
