"""Kakao Keyword Ad v1 models: creatives (기본소재 and 확장소재) and keywords (키워드).

Keyword Ad sends its ids as JSON strings (``"id": "66666666661"``) and sometimes as numbers in
the same body; every id here is an ``int`` either way.
"""

from __future__ import annotations

import attrs

from ._base import Resource
from ._enums import Config
from ._moment import LandingInfo

__all__ = [
    "AdditionalLink",
    "Assets",
    "Calculate",
    "Keyword",
    "KeywordBidStrategy",
    "KeywordCreative",
    "KeywordCreativePage",
    "KeywordCreativeSummary",
    "License",
    "MultiThumbnail",
    "Page",
    "PriceTable",
    "Subject",
    "Thumbnail",
]


@attrs.frozen(kw_only=True)
class KeywordCreativeSummary(Resource):
    """One row of ``GET /openapi/v1/creatives/basic``."""

    id: int
    biz_channel_id: int | None = None
    name: str | None = None
    title: str | None = None
    description: str | None = None
    #: Extension types in use (``THUMBNAIL``, ``PRICE_TABLE``, ...).
    asset_types: tuple[str, ...] = ()
    config: Config | None = None


@attrs.frozen(kw_only=True)
class Page:
    """Page information of a Keyword Ad list."""

    number: int = 0
    size: int = 0
    total_elements: int = 0
    total_pages: int = 0


@attrs.frozen(kw_only=True)
class KeywordCreativePage(Resource):
    """One page of ``GET /openapi/v1/creatives/basic``."""

    content: tuple[KeywordCreativeSummary, ...] = ()
    page: Page = attrs.field(factory=Page)


@attrs.frozen(kw_only=True)
class License:
    """Medical-advertising review number and document (의료광고 심의필)."""

    license_number: str | None = None
    review_document_id: int | None = None


@attrs.frozen(kw_only=True)
class Thumbnail:
    """Thumbnail extension."""

    image_id: int | None = None
    text: str | None = None


@attrs.frozen(kw_only=True)
class MultiThumbnail:
    """One image of the multi-thumbnail extension."""

    image_id: int | None = None
    text: str | None = None
    landing_info: LandingInfo | None = None


@attrs.frozen(kw_only=True)
class AdditionalLink:
    """One link of the additional-links extension."""

    text: str | None = None
    landing_info: LandingInfo | None = None


@attrs.frozen(kw_only=True)
class Subject:
    """Subject (말머리) extension, e.g. ``DISCOUNT``."""

    subject: str | None = None
    text: str | None = None
    landing_info: LandingInfo | None = None


@attrs.frozen(kw_only=True)
class PriceTable:
    """One row of the price-table extension; ``range`` is ``STATIC``, ``FROM`` or ``TO``."""

    text: str | None = None
    price: int | None = None
    range: str | None = None
    landing_info: LandingInfo | None = None


@attrs.frozen(kw_only=True)
class Calculate:
    """Calculation (계산하기) extension."""

    landing_info: LandingInfo | None = None


@attrs.frozen(kw_only=True)
class Assets:
    """Extension creatives (확장소재) of a keyword creative."""

    thumbnail: Thumbnail | None = None
    multi_thumbnails: tuple[MultiThumbnail, ...] = ()
    additional_title: str | None = None
    additional_links: tuple[AdditionalLink, ...] = ()
    subject: Subject | None = None
    price_tables: tuple[PriceTable, ...] = ()
    phone_number: str | None = None
    calculate: Calculate | None = None
    talk_channel_id: str | None = None


@attrs.frozen(kw_only=True)
class KeywordCreative(Resource):
    """A keyword creative from ``GET /openapi/v1/creatives/basic/{id}`` or the create call."""

    id: int
    ad_account_id: int | None = None
    biz_channel_id: int | None = None
    name: str | None = None
    title: str | None = None
    description: str | None = None
    landing_info: LandingInfo | None = None
    license: License | None = None
    assets: Assets | None = None
    #: Not in the documented detail body, but a creative has one; filled when Kakao sends it.
    config: Config | None = None


@attrs.frozen(kw_only=True)
class KeywordBidStrategy:
    """How a keyword bids: Kakao's ``BidStrategy`` object (a name Moment's ad group enum already
    holds here)."""

    #: ``MANUAL`` (its own ``bid_amount``) or ``AD_GROUP`` (the ad group's bid), as sampled.
    type: str | None = None
    #: KRW; ``None`` when the keyword bids the ad group's amount.
    bid_amount: int | None = None


@attrs.frozen(kw_only=True)
class Keyword(Resource):
    """One keyword (키워드) of an ad group, a row of ``GET /openapi/v1/keywords``."""

    id: int
    ad_group_id: int | None = None
    #: The search term itself.
    text: str | None = None
    config: Config | None = None
    #: The three Keyword Ad URLs (``rspv_landing_url``, ``pc_landing_url``,
    #: ``mobile_landing_url``).
    landing_info: LandingInfo | None = None
    bid_strategy: KeywordBidStrategy | None = None
    #: Operation states, e.g. ``("WAITING", "OFF_BY_BIZ_CHANNEL_WAITING", "OFF")``.
    status: tuple[str, ...] = ()
    #: Review states. The field table says ``String[]``; the sample sends one string, read as
    #: a one-item tuple.
    review_status: tuple[str, ...] = ()
