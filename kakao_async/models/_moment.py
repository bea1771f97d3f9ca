"""Kakao Moment v4 creative models.

Attribute names are the JSON names in snake_case. Every field except ``id`` is optional, because
Kakao omits or nulls fields freely (and syncs review material late); lists default to ``()``.
Fields come from Kakao's field tables and from real responses (which carry more than the tables
list); anything else Kakao sends is kept in ``raw`` (see :class:`Resource`).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from ._base import Resource
from ._enums import Config, CreativeStatus, ReviewStatus, SystemConfig

__all__ = [
    "AssetGroup",
    "ButtonAssetGroup",
    "CreativeSummary",
    "DisplayCreative",
    "Image",
    "ItemAssetGroup",
    "LandingInfo",
    "MessageCreative",
    "MessageElement",
    "MessageImage",
    "MomentCreative",
    "OpinionFile",
    "RejectedReason",
    "SystemConfigHistory",
    "Video",
]


@attrs.frozen(kw_only=True)
class CreativeSummary(Resource):
    """One row of ``GET /openapi/v4/creatives``."""

    id: int
    name: str | None = None
    #: ``DISPLAY`` or ``MESSAGE`` (not in Kakao's field table, but in its sample).
    type: str | None = None
    config: Config | None = None
    system_config: SystemConfig | None = None


@attrs.frozen(kw_only=True)
class Image:
    """An image of a display creative (main image or profile image)."""

    url: str | None = None
    file_name: str | None = None
    width: int | None = None
    height: int | None = None
    size: int | None = None


@attrs.frozen(kw_only=True)
class Video:
    """The video of a ``VIDEO_NATIVE`` creative."""

    url: str | None = None
    file_name: str | None = None
    width: int | None = None
    height: int | None = None
    size: int | None = None
    duration: float | None = None


@attrs.frozen(kw_only=True)
class LandingInfo:
    """Where a click lands. Moment uses the type fields; Keyword Ad uses the three URLs."""

    #: ``URL``, ``AD_VIEW``, ``BIZ_FORM``, ``CHANNEL_POST``, ... (Moment).
    landing_type: str | None = None
    #: The landing URL when ``landing_type`` is ``URL`` (Moment).
    url: str | None = None
    #: The Business Form when ``landing_type`` is ``BIZ_FORM``: the ``bizFormId`` of
    #: ``GET /openapi/v4/creatives/landing/talkBizForms``.
    biz_form_id: int | None = None
    communicator_ad_view_id: int | None = None
    rspv_landing_url: str | None = None
    pc_landing_url: str | None = None
    mobile_landing_url: str | None = None


@attrs.frozen(kw_only=True)
class RejectedReason:
    """Why a review rejected the creative."""

    rejected_title: str | None = None
    rejected_content: str | None = None


@attrs.frozen(kw_only=True)
class AssetGroup:
    """One slide of a ``CATALOG_MANUAL`` creative."""

    ordering: int | None = None
    title: str | None = None
    image: Image | None = None
    pc_landing_url: str | None = None
    mobile_landing_url: str | None = None
    landing_type: str | None = None


@attrs.frozen(kw_only=True)
class OpinionFile:
    """A file submitted as material for ad verification."""

    file_name: str | None = None
    url: str | None = None
    size: int | None = None


@attrs.frozen(kw_only=True)
class DisplayCreative(Resource):
    """A display creative from ``GET /openapi/v4/creatives/{id}``."""

    id: int
    #: May differ from ``id`` while a modification is in review (Kakao's field table).
    creative_id: int | None = None
    name: str | None = None
    #: Not in the detail field table, but in real responses (``adGroupId``, ``type``,
    #: ``bidAmount``): the ad group, ``DISPLAY``, and the creative's bid in KRW.
    ad_group_id: int | None = None
    type: str | None = None
    bid_amount: int | None = None
    #: ``IMAGE_BANNER``, ``IMAGE_NATIVE``, ``CATALOG_MANUAL``, ``VIDEO_NATIVE``, ...
    format: str | None = None
    landing_url: str | None = None
    pc_landing_url: str | None = None
    mobile_landing_url: str | None = None
    rspv_landing_url: str | None = None
    frequency_cap_type: str | None = None
    frequency_cap: int | None = None
    config: Config | None = None
    system_config: SystemConfig | None = None
    review_status: ReviewStatus | None = None
    creative_status: CreativeStatus | None = None
    status_description: str | None = None
    image: Image | None = None
    landing_info: LandingInfo | None = None
    alt_text: str | None = None
    title: str | None = None
    description: str | None = None
    action_button: str | None = None
    profile_name: str | None = None
    profile_image: Image | None = None
    video: Video | None = None
    video_skippable_type: str | None = None
    rejected_reason: tuple[RejectedReason, ...] = ()
    asset_groups: tuple[AssetGroup, ...] = ()
    has_expandable: bool | None = None
    opinion: str | None = None
    opinion_proof: tuple[OpinionFile, ...] = ()
    created_date: datetime | None = None
    last_modified_date: datetime | None = None
    age_verification: bool | None = None


@attrs.frozen(kw_only=True)
class MessageImage:
    """An image inside a message creative (note: ``imageWidth``, not ``width``)."""

    file_size: int | None = None
    url: str | None = None
    image_width: int | None = None
    image_height: int | None = None
    mime_type: str | None = None
    image_hash: str | None = None


@attrs.frozen(kw_only=True)
class ButtonAssetGroup:
    """A button of a message creative."""

    ordering: int | None = None
    title: str | None = None
    pc_landing_url: str | None = None
    mobile_landing_url: str | None = None
    landing_type: str | None = None


@attrs.frozen(kw_only=True)
class ItemAssetGroup:
    """A list item (or a carousel card) of a message creative.

    The prices of a ``CAROUSEL_COMMERCE_MESSAGE`` card come as JSON strings (``"78400"``) and
    may have cents in dollars or euros (``"12.99"``): they are :class:`~decimal.Decimal`, exact
    and equal to the int when whole (``Decimal("78400") == 78400``); ``unstructure`` writes
    them back as the same strings.
    """

    ordering: int | None = None
    image: MessageImage | None = None
    title: str | None = None
    pc_landing_url: str | None = None
    mobile_landing_url: str | None = None
    landing_type: str | None = None
    #: ISO 4217 code of the card's prices, e.g. ``KRW``.
    price_currency_code: str | None = None
    price_amount: Decimal | None = None
    discounted_price_amount: Decimal | None = None


@attrs.frozen(kw_only=True)
class MessageElement:
    """The body of a message creative."""

    id: int | None = None
    ad_account_id: int | None = None
    #: A Kakao Talk channel profile id such as ``"_xbHxd"``: text, not a number.
    profile_id: str | None = None
    name: str | None = None
    creative_format: str | None = None
    title: str | None = None
    #: The promotional text (홍보 문구).
    description: str | None = None
    mobile_landing_url: str | None = None
    #: Where the intro of a carousel message lands.
    intro_mobile_landing_url: str | None = None
    share_flag: bool | None = None
    ad_flag: bool | None = None
    button_asset_groups: tuple[ButtonAssetGroup, ...] = ()
    item_asset_groups: tuple[ItemAssetGroup, ...] = ()
    thumbnail_url: str | None = None
    message_thumbnail: MessageImage | None = None
    created_date: datetime | None = None
    last_modified_date: datetime | None = None


@attrs.frozen(kw_only=True)
class MessageCreative(Resource):
    """A message (Kakao Talk channel) creative from ``GET /openapi/v4/creatives/{id}``.

    A message creative has no review copy, so ``creativeId`` always equals ``id`` (Kakao's field
    table); a body that carries only ``creativeId`` fills ``id`` from it.
    """

    id: int
    creative_id: int | None = None
    name: str | None = None
    ad_group_id: int | None = None
    #: ``BASIC_TEXT_MESSAGE``, ``WIDE_MESSAGE``, ``WIDE_LIST_MESSAGE``, ...
    format: str | None = None
    config: Config | None = None
    system_config: SystemConfig | None = None
    status_description: str | None = None
    creative_status: CreativeStatus | None = None
    created_date: datetime | None = None
    last_modified_date: datetime | None = None
    message_element: MessageElement | None = None
    age_verification: bool | None = None


#: What ``moment.creatives.get`` returns.
MomentCreative = DisplayCreative | MessageCreative


@attrs.frozen(kw_only=True)
class SystemConfigHistory(Resource):
    """Why a creative was system-stopped (``.../systemConfigHistory`` and ``...Histories``).

    ``reason`` is filled from ``reason`` (the documented name) or ``adminStopReason`` (the name
    the samples actually carry).
    """

    id: int
    system_config: SystemConfig | None = None
    reason: str | None = None
    created_date: datetime | None = None
    last_modified_date: datetime | None = None
