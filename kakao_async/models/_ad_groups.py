"""Kakao Moment v4 ad group models (``/openapi/v4/adGroups``).

Field names follow Kakao's field tables and samples in snake_case; every field but ``id`` is
optional; fields not modelled (targeting, schedule, ...) stay in ``raw``.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import Resource
from ._campaigns import CampaignSummary
from ._enums import Config, OpenEnum, SystemConfig

__all__ = [
    "AdGroup",
    "AdGroupSummary",
    "AdGroupType",
    "BidStrategy",
    "BidStrategyTarget",
    "Pacing",
]


class AdGroupType(OpenEnum):
    """Display or message ad group."""

    DISPLAY = "DISPLAY"
    DIRECT_MESSAGE = "DIRECT_MESSAGE"


class Pacing(OpenEnum):
    """How an ad group spends its budget over the day."""

    #: Spread evenly over the day.
    NORMAL = "NORMAL"
    #: As fast as the auction allows.
    QUICK = "QUICK"


class BidStrategy(OpenEnum):
    """Manual bids, or Kakao's automatic bidding."""

    MANUAL = "MANUAL"
    AUTOBID = "AUTOBID"


@attrs.frozen(kw_only=True)
class BidStrategyTarget:
    """The cost target of automatic bidding."""

    value: int | None = None
    #: ``TARGET_CPC`` or ``TARGET_CPA``.
    type: str | None = None


@attrs.frozen(kw_only=True)
class AdGroupSummary(Resource):
    """One row of ``GET /openapi/v4/adGroups``."""

    id: int
    name: str | None = None
    type: AdGroupType | None = None
    config: Config | None = None
    #: Deprecated by Kakao: the same value as ``config``.
    user_config: Config | None = None
    system_config: SystemConfig | None = None


@attrs.frozen(kw_only=True)
class AdGroup(Resource):
    """An ad group from ``GET /openapi/v4/adGroups/{id}``."""

    id: int
    name: str | None = None
    ad_account_id: int | None = None
    campaign: CampaignSummary | None = None
    type: AdGroupType | None = None
    config: Config | None = None
    #: Deprecated by Kakao: the same value as ``config``.
    user_config: Config | None = None
    system_config: SystemConfig | None = None
    #: ``CPC``, ``CPM``, ``CPV``, ... (how a result is billed).
    pricing_type: str | None = None
    pacing: Pacing | None = None
    bid_strategy: BidStrategy | None = None
    bid_strategy_target: BidStrategyTarget | None = None
    #: KRW: the maximum bid (manual bidding).
    bid_amount: int | None = None
    #: KRW per day.
    daily_budget_amount: int | None = None
    total_budget: int | None = None
    is_daily_budget_amount_over: bool | None = None
    is_valid_period: bool | None = None
    status_description: str | None = None
    #: Operation statuses, e.g. ``("OPERATING",)``.
    status: tuple[str, ...] = ()
    device_types: tuple[str, ...] = ()
    placements: tuple[str, ...] = ()
    all_available_device_type: bool | None = None
    all_available_placement: bool | None = None
    creative_count: int | None = None
    created_date: datetime | None = None
    last_modified_date: datetime | None = None
