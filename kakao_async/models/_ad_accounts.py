"""Kakao Moment v4 ad account models (``/openapi/v4/adAccounts``).

Field names follow Kakao's field tables and samples in snake_case; every field but ``id`` is
optional; fields not modelled stay in ``raw`` (see :class:`Resource`).
"""

from __future__ import annotations

import attrs

from ._base import Resource
from ._enums import Config, OpenEnum

__all__ = [
    "AdAccount",
    "AdAccountPage",
    "AdAccountSummary",
    "AdAccountType",
    "Company",
    "MemberType",
]


class MemberType(OpenEnum):
    """The user's role in an ad account."""

    MASTER = "MASTER"
    MEMBER = "MEMBER"


class AdAccountType(OpenEnum):
    """Business or personal ad account."""

    BUSINESS = "BUSINESS"
    INDIVIDUAL = "INDIVIDUAL"


@attrs.frozen(kw_only=True)
class Company:
    """A business named on an ad account (its owner or the advertiser)."""

    business_registration_number: str | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class AdAccountSummary(Resource):
    """One ad account of ``GET /openapi/v4/adAccounts/pages``."""

    id: int
    name: str | None = None
    member_type: MemberType | None = None
    config: Config | None = None


@attrs.frozen(kw_only=True)
class AdAccountPage(Resource):
    """One page of ``GET /openapi/v4/adAccounts/pages`` (pages count from 0).

    The page's number is both ``page`` and ``number`` ("same as page", says the English field
    table; Kakao's sample sends only ``page``): either one fills the other.
    """

    content: tuple[AdAccountSummary, ...] = ()
    number: int | None = None
    page: int | None = None
    size: int | None = None
    total_elements: int | None = None
    total_pages: int | None = None


@attrs.frozen(kw_only=True)
class AdAccount(Resource):
    """An ad account from ``GET /openapi/v4/adAccounts/{id}``."""

    id: int
    name: str | None = None
    type: AdAccountType | None = None
    config: Config | None = None
    owner_company: Company | None = None
    advertiser: Company | None = None
    is_admin_stop: bool | None = None
    is_out_of_balance: bool | None = None
    status_description: str | None = None
    biz_wallet_id: int | None = None
