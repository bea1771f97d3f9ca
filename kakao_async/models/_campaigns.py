"""Kakao Moment v4 campaign models (``/openapi/v4/campaigns``).

Field names follow Kakao's field tables and samples in snake_case; every field but ``id`` is
optional, fields not modelled stay in ``raw`` (see :class:`Resource`), and ``userConfig``
(documented as a deprecated copy of ``config``) is kept for completeness.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import Resource
from ._enums import Config, SystemConfig

__all__ = ["Campaign", "CampaignSummary", "CampaignTypeGoal", "Objective"]


@attrs.frozen(kw_only=True)
class CampaignSummary(Resource):
    """One row of ``GET /openapi/v4/campaigns`` (also an ad group's ``campaign``)."""

    id: int
    name: str | None = None
    #: ``DISPLAY``, ``TALK_BIZ_BOARD``, ... (in samples, not in the field table).
    type: str | None = None
    config: Config | None = None
    #: Deprecated by Kakao: the same value as ``config``.
    user_config: Config | None = None
    system_config: SystemConfig | None = None


@attrs.frozen(kw_only=True)
class CampaignTypeGoal:
    """A campaign's type and goal, e.g. ``DISPLAY`` x ``VISITING``."""

    campaign_type: str | None = None
    goal: str | None = None


@attrs.frozen(kw_only=True)
class Objective:
    """What a campaign optimises for (e.g. a pixel, an app, a Kakao Talk channel)."""

    type: str | None = None
    detail_type: str | None = None
    value: str | None = None


@attrs.frozen(kw_only=True)
class Campaign(Resource):
    """A campaign from ``GET /openapi/v4/campaigns/{id}``."""

    id: int
    name: str | None = None
    ad_account_id: int | None = None
    campaign_type_goal: CampaignTypeGoal | None = None
    objective: Objective | None = None
    #: KRW per day; ``None`` when the campaign has no daily budget.
    daily_budget_amount: int | None = None
    track_id: str | None = None
    config: Config | None = None
    #: Deprecated by Kakao: the same value as ``config``.
    user_config: Config | None = None
    system_config: SystemConfig | None = None
    status_description: str | None = None
    #: Operation statuses, e.g. ``("OPERATING",)``.
    status: tuple[str, ...] = ()
    is_daily_budget_amount_over: bool | None = None
    created_date: datetime | None = None
    last_modified_date: datetime | None = None
