"""Kakao Moment v4 (``apis.moment.kakao.com``)."""

from ._ad_accounts import MomentAdAccounts
from ._ad_groups import MomentAdGroups
from ._api import MomentAPI
from ._campaigns import MomentCampaigns
from ._creatives import MomentCreatives
from ._reports import MomentReports

__all__ = [
    "MomentAPI",
    "MomentAdAccounts",
    "MomentAdGroups",
    "MomentCampaigns",
    "MomentCreatives",
    "MomentReports",
]
