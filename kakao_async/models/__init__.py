"""Typed models of Kakao's creative APIs and the converter that reads and writes them.

* :func:`decode` reads decoded JSON into a model (``decode(DisplayCreative, body)``);
  :func:`unstructure` writes a model back as Kakao's JSON; the two round-trip.
* Every model a call returns is a :class:`Resource`: ``model.raw`` is the JSON object it was
  read from, and :func:`unknown_fields` lists what in it this version does not model.
* :data:`converter` is the cattrs converter behind both; :func:`make_converter` builds another.
"""

from ._base import Resource
from ._converter import converter, decode, decode_moment_creative, make_converter, unstructure
from ._enums import Config, CreativeStatus, OpenEnum, ReviewStatus, SystemConfig
from ._keyword import (
    AdditionalLink,
    Assets,
    Calculate,
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
    "AdditionalLink",
    "AssetGroup",
    "Assets",
    "ButtonAssetGroup",
    "Calculate",
    "Config",
    "CreativeStatus",
    "CreativeSummary",
    "DatePreset",
    "DisplayCreative",
    "Image",
    "ItemAssetGroup",
    "KeywordCreative",
    "KeywordCreativePage",
    "KeywordCreativeSummary",
    "LandingInfo",
    "License",
    "MessageCreative",
    "MessageElement",
    "MessageImage",
    "MetricsGroup",
    "MomentCreative",
    "MultiThumbnail",
    "OpenEnum",
    "OpinionFile",
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
