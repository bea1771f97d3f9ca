"""The fake server's data: creatives of both APIs across several ad accounts.

Ids come from one sequence (from 1001) shared by both APIs; a creative belongs to exactly one ad
account.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import attrs

from .._validate import positive_id
from ..errors import KakaoInputError
from ..models._converter import MESSAGE_FORMATS
from ._hierarchy_state import HierarchyState

__all__ = [
    "MESSAGE_FORMATS",
    "FakeKeyword",
    "FakeKeywordCreative",
    "FakeMomentCreative",
    "FakeState",
]


_STAMP = "2026-01-01T00:00:00"


@attrs.define(kw_only=True)
class FakeMomentCreative:
    """A Moment creative as the fake stores it."""

    id: int
    ad_account_id: int
    ad_group_id: int
    name: str
    format: str = "IMAGE_BANNER"
    config: str = "ON"
    system_config: str = "ON"
    admin_stop_reason: str | None = None
    #: Applied onOff calls, in order: what a test checks to see nothing was lost or doubled.
    on_off_history: list[str] = attrs.field(factory=list)

    @property
    def is_message(self) -> bool:
        """Whether this is a message creative (its format is one of the message formats)."""
        return self.format in MESSAGE_FORMATS

    def summary(self) -> dict[str, Any]:
        """The JSON of this creative in a list answer."""
        return {
            "id": self.id,
            "name": self.name,
            "type": "MESSAGE" if self.is_message else "DISPLAY",
            "config": self.config,
            "systemConfig": self.system_config,
        }

    def detail(self) -> dict[str, Any]:
        """The JSON of this creative's detail answer."""
        common: dict[str, Any] = {
            "id": self.id,
            "creativeId": self.id,
            "name": self.name,
            "format": self.format,
            "config": self.config,
            "systemConfig": self.system_config,
            "creativeStatus": _creative_status(self),
            "createdDate": _STAMP,
            "lastModifiedDate": _STAMP,
        }
        if self.is_message:
            return {
                **common,
                "adGroupId": self.ad_group_id,
                "statusDescription": "발송중",
                "messageElement": {
                    "id": self.id,
                    "adAccountId": self.ad_account_id,
                    "profileId": "_fake",
                    "name": self.name,
                    "creativeFormat": self.format,
                    "title": self.name,
                    "shareFlag": True,
                    "adFlag": True,
                    "buttonAssetGroups": [],
                    "itemAssetGroups": [],
                    "createdDate": _STAMP,
                    "lastModifiedDate": _STAMP,
                },
            }
        return {
            **common,
            "landingInfo": {"landingType": "AD_VIEW", "communicatorAdViewId": 1},
            "reviewStatus": "APPROVED",
            "image": {
                "url": f"http://fake.invalid/{self.id}.jpg",
                "fileName": f"{self.id}.jpg",
                "width": 640,
                "height": 100,
                "size": 50000,
            },
            "rejectedReason": [],
            "hasExpandable": False,
        }

    def history(self) -> dict[str, Any]:
        """The JSON of this creative's system-config history entry."""
        # The samples carry "adminStopReason" although the table documents "reason".
        return {
            "id": self.id * 10,
            "systemConfig": self.system_config,
            "adminStopReason": self.admin_stop_reason,
            "createdDate": _STAMP,
            "lastModifiedDate": _STAMP,
        }


def _creative_status(c: FakeMomentCreative) -> str:
    if c.config == "DEL":
        return "DELETED"
    if c.system_config == "ADMIN_STOP":
        return "SYSTEM_CONFIG_ADMIN_STOP"
    return "OPERATING" if c.config == "ON" else "OFF"


@attrs.define(kw_only=True)
class FakeKeywordCreative:
    """A Keyword Ad creative as the fake stores it (ids rendered as strings, like Kakao)."""

    id: int
    ad_account_id: int
    biz_channel_id: int
    name: str
    title: str
    description: str
    config: str = "ON"
    landing_info: dict[str, Any] | None = None
    license: dict[str, Any] | None = None
    assets: dict[str, Any] | None = None

    def asset_types(self) -> list[str]:
        """The asset types this keyword creative carries, as Keyword Ad names them."""
        names = {
            "thumbnail": "THUMBNAIL",
            "multiThumbnails": "MULTI_THUMBNAIL",
            "additionalTitle": "ADDITIONAL_TITLE",
            "additionalLinks": "ADDITIONAL_LINK",
            "subject": "SUBJECT",
            "priceTables": "PRICE_TABLE",
            "calculate": "CALCULATE",
            "phoneNumber": "PHONE_NUMBER",
            "talkChannelId": "TALK_CHANNEL",
        }
        return [v for k, v in names.items() if (self.assets or {}).get(k)]

    def summary(self) -> dict[str, Any]:
        """The JSON of this creative in a list answer."""
        return {
            "bizChannelId": str(self.biz_channel_id),
            "id": str(self.id),
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "assetTypes": self.asset_types(),
            "config": self.config,
        }

    def detail(self) -> dict[str, Any]:
        """The JSON of this creative's detail answer."""
        body: dict[str, Any] = {
            "adAccountId": str(self.ad_account_id),
            "bizChannelId": str(self.biz_channel_id),
            "id": str(self.id),
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "landingInfo": self.landing_info,
        }
        if self.license is not None:
            body["license"] = self.license
        if self.assets is not None:
            body["assets"] = self.assets
        return body


@attrs.define(kw_only=True)
class FakeKeyword:
    """A Keyword Ad keyword (키워드) as the fake stores it, rendered as Kakao's sample is: ids
    as strings, ``reviewStatus`` one string although the field table says ``String[]``."""

    id: int
    ad_account_id: int
    ad_group_id: int
    text: str
    config: str = "ON"
    #: KRW, or ``None``: the keyword bids its ad group's amount (``AD_GROUP``).
    bid_amount: int | None = None
    landing_info: dict[str, Any] | None = None

    def row(self) -> dict[str, Any]:
        """The JSON of this keyword in a list answer."""
        manual = self.bid_amount is not None
        return {
            "adGroupId": str(self.ad_group_id),
            "id": str(self.id),
            "text": self.text,
            "config": self.config,
            "landingInfo": self.landing_info,
            "bidStrategy": {
                "type": "MANUAL" if manual else "AD_GROUP",
                "bidAmount": self.bid_amount,
            },
            "status": ["OPERATING"] if self.config == "ON" else ["OFF"],
            "reviewStatus": "APPROVED",
        }


class FakeState:
    """All creatives the fake knows, keyed by id."""

    def __init__(self) -> None:
        self.moment: dict[int, FakeMomentCreative] = {}
        self.keyword: dict[int, FakeKeywordCreative] = {}
        #: Keyword creatives per (ad account, biz channel), in creation order: pages are slices.
        self.keyword_by_channel: dict[tuple[int, int], list[FakeKeywordCreative]] = {}
        #: Keyword Ad keywords (not creatives), by id, in creation order.
        self.keywords: dict[int, FakeKeyword] = {}
        self.ad_accounts: set[int] = set()
        self._ids = itertools.count(1001)
        #: Ad accounts, campaigns and ad groups (ids from the same sequence).
        self.hierarchy = HierarchyState(self.claim, self.ad_accounts)

    def clear(self) -> None:
        """Forget every creative and restart ids, in place: the route handlers hold this object."""
        self.moment.clear()
        self.keyword.clear()
        self.keyword_by_channel.clear()
        self.keywords.clear()
        self.ad_accounts.clear()
        self.hierarchy.clear()
        self._ids = itertools.count(1001)

    def next_id(self) -> int:
        """The next id of the sequence that no object holds (a test may have chosen one)."""
        while True:
            candidate = next(self._ids)
            if not self.taken(candidate):
                return candidate

    def taken(self, object_id: int) -> bool:
        """Whether a creative, keyword, campaign or ad group has this id."""
        hierarchy = self.hierarchy
        tables = (
            self.moment,
            self.keyword,
            self.keywords,
            hierarchy.campaigns,
            hierarchy.ad_groups,
        )
        return any(object_id in table for table in tables)

    def claim(self, object_id: object, *tables: Mapping[int, object]) -> int:
        """``object_id`` for a new object (a positive id none of ``tables`` holds), or the next
        of the sequence for ``None``: two objects of one table sharing an id would silently
        replace each other. (A campaign, an ad group and a creative may share one, as on
        Kakao; Moment and Keyword creatives share one sequence.)"""
        if object_id is None:
            return self.next_id()
        checked = positive_id("id", object_id)
        if any(checked in table for table in tables):
            raise KakaoInputError(f"id {checked} is already used by another object of the fake")
        return checked

    def add_moment(self, **fields: Any) -> FakeMomentCreative:
        object_id = self.claim(fields.pop("id", None), self.moment, self.keyword)
        creative = FakeMomentCreative(id=object_id, **fields)
        self.moment[creative.id] = creative
        self.ad_accounts.add(creative.ad_account_id)
        return creative

    def add_keyword(self, **fields: Any) -> FakeKeywordCreative:
        object_id = self.claim(fields.pop("id", None), self.moment, self.keyword)
        creative = FakeKeywordCreative(id=object_id, **fields)
        self.keyword[creative.id] = creative
        key = (creative.ad_account_id, creative.biz_channel_id)
        self.keyword_by_channel.setdefault(key, []).append(creative)
        self.ad_accounts.add(creative.ad_account_id)
        return creative

    def add_search_keyword(self, **fields: Any) -> FakeKeyword:
        """A Keyword Ad keyword (``add_keyword`` above adds a Keyword Ad *creative*)."""
        keyword = FakeKeyword(id=self.claim(fields.pop("id", None), self.keywords), **fields)
        self.keywords[keyword.id] = keyword
        self.ad_accounts.add(keyword.ad_account_id)
        return keyword
