"""Typed models of Kakao's APIs and the converter that reads and writes them.

* :func:`decode` reads decoded JSON into a model (``decode(DisplayCreative, body)``);
  :func:`unstructure` writes a model back as Kakao's JSON; the two round-trip.
* Every model a call returns is a :class:`Resource`: ``model.raw`` is the JSON object it was
  read from, and :func:`unknown_fields` lists what in it this version does not model.
* :data:`converter` is the cattrs converter behind both; :func:`make_converter` builds another.
"""

from ._ad_accounts import (
    AdAccount,
    AdAccountPage,
    AdAccountSummary,
    AdAccountType,
    Company,
    MemberType,
)
from ._ad_groups import (
    AdGroup,
    AdGroupSummary,
    AdGroupType,
    BidStrategy,
    BidStrategyTarget,
    Pacing,
)
from ._base import Resource
from ._campaigns import Campaign, CampaignSummary, CampaignTypeGoal, Objective
from ._converter import converter, decode, decode_moment_creative, make_converter, unstructure
from ._enums import Config, CreativeStatus, OpenEnum, ReviewStatus, SystemConfig
from ._keyword import (
    AdditionalLink,
    Assets,
    Calculate,
    Keyword,
    KeywordBidStrategy,
    KeywordCreative,
    KeywordCreativePage,
    KeywordCreativeSummary,
    License,
    MultiThumbnail,
    Page,
    PriceTable,
    Subject,
    Thumbnail,
)
from ._moment import (
    AssetGroup,
    ButtonAssetGroup,
    CreativeSummary,
    DisplayCreative,
    Image,
    ItemAssetGroup,
    LandingInfo,
    MessageCreative,
    MessageElement,
    MessageImage,
    MomentCreative,
    OpinionFile,
    RejectedReason,
    SystemConfigHistory,
    Video,
)
from ._raw import unknown_fields
from ._report_table import Report
from ._reports import DatePreset, MetricsGroup, ReportDimension, ReportRow, TimeUnit

__all__ = [
    "AdAccount",
    "AdAccountPage",
    "AdAccountSummary",
    "AdAccountType",
    "AdGroup",
    "AdGroupSummary",
    "AdGroupType",
    "AdditionalLink",
    "AssetGroup",
    "Assets",
    "BidStrategy",
    "BidStrategyTarget",
    "ButtonAssetGroup",
    "Calculate",
    "Campaign",
    "CampaignSummary",
    "CampaignTypeGoal",
    "Company",
    "Config",
    "CreativeStatus",
    "CreativeSummary",
    "DatePreset",
    "DisplayCreative",
    "Image",
    "ItemAssetGroup",
    "Keyword",
    "KeywordBidStrategy",
    "KeywordCreative",
    "KeywordCreativePage",
    "KeywordCreativeSummary",
    "LandingInfo",
    "License",
    "MemberType",
    "MessageCreative",
    "MessageElement",
    "MessageImage",
    "MetricsGroup",
    "MomentCreative",
    "MultiThumbnail",
    "Objective",
    "OpenEnum",
    "OpinionFile",
    "Pacing",
    "Page",
    "PriceTable",
    "RejectedReason",
    "Report",
    "ReportDimension",
    "ReportRow",
    "Resource",
    "ReviewStatus",
    "Subject",
    "SystemConfig",
    "SystemConfigHistory",
    "Thumbnail",
    "TimeUnit",
    "Video",
    "converter",
    "decode",
    "decode_moment_creative",
    "make_converter",
    "unknown_fields",
    "unstructure",
]
