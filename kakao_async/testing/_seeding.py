"""The in-process API that fills the fake with creatives and reads them back.

Creatives made here are indistinguishable from ones made over HTTP: they get the next id of the
one sequence both APIs share, and their ad account becomes one the fake knows.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

from .._validate import positive_id, positive_ids, positive_int, shown, text
from ..errors import KakaoInputError, KakaoInputTypeError
from ._state import FakeKeyword, FakeKeywordCreative, FakeMomentCreative, FakeState

__all__ = [
    "DEFAULT_CREATIVES_PER_ACCOUNT",
    "MAX_SEEDED",
    "CreativeSeeding",
    "at_most",
    "distinct_accounts",
    "how_many",
    "maybe_text",
    "missing",
    "state",
]

#: Creatives :meth:`FakeKakaoServer.seed` and ``seed_keyword`` add when not told how many.
DEFAULT_CREATIVES_PER_ACCOUNT = 10

#: Objects one seeding call may make (campaigns, ad groups and creatives alike): a typo such as
#: ``creativesPerAccount: 1e9`` is refused instead of hanging the fake for hours.
MAX_SEEDED = 1_000_000


def at_most(total: int) -> None:
    """Refuse a seeding call that would make more than :data:`MAX_SEEDED` objects."""
    if total > MAX_SEEDED:
        raise KakaoInputError(
            f"this call would make {total:,} objects; the fake seeds at most {MAX_SEEDED:,} "
            "per call"
        )


def how_many(name: str, value: object) -> int:
    """How many to make: a plain ``int`` >= 0."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise KakaoInputTypeError(f"{name} must be an integer, got {shown(value)}")
    if value < 0:
        raise KakaoInputError(f"{name} must be >= 0, got {value}")
    return int.__int__(value)


def maybe_text(name: str, value: object) -> str | None:
    """Non-empty text, or ``None``."""
    return None if value is None else text(name, value)


def state(value: object) -> str:
    """A ``config`` the fake's objects can be in (``DEL``: deleted); a test sets any of them."""
    state = value.value if isinstance(value, Enum) else value
    if state not in ("ON", "OFF", "DEL"):
        raise KakaoInputError(f"config must be 'ON', 'OFF' or 'DEL', got {shown(value)}")
    return str(state)


def _json_object(name: str, value: object) -> Any:
    if value is not None and not isinstance(value, dict):
        raise KakaoInputTypeError(
            f"{name} must be a dict (a JSON object) or None, got {shown(value)}"
        )
    return value


def distinct_accounts(ad_accounts: object) -> list[int]:
    """``ad_accounts`` of a seeding call: distinct ids. The answer maps each account to its
    ids, so a repeated one would lose a batch."""
    accounts = positive_ids("ad_accounts", ad_accounts)  # type: ignore[arg-type]
    seen: set[int] = set()
    for account in accounts:
        if account in seen:
            raise KakaoInputError(f"ad_accounts lists ad account {account} twice")
        seen.add(account)
    return accounts


def missing(kind: str, object_id: object) -> KakaoInputError:
    """What reading an object the fake does not hold raises."""
    return KakaoInputError(f"the fake holds no {kind} {shown(object_id)}")


class CreativeSeeding:
    """The creative methods of :class:`FakeKakaoServer`, over its ``state``."""

    state: FakeState

    def add_moment_creative(
        self,
        *,
        ad_account_id: int,
        ad_group_id: int = 1,
        name: str | None = None,
        format: str = "IMAGE_BANNER",
        config: str = "ON",
        system_config: str = "ON",
        admin_stop_reason: str | None = None,
        id: int | None = None,
    ) -> FakeMomentCreative:
        """Create a Moment creative (display, or message for a ``*_MESSAGE`` format)."""
        return self.state.add_moment(
            id=id,
            ad_account_id=positive_id("ad_account_id", ad_account_id),
            ad_group_id=positive_id("ad_group_id", ad_group_id),
            name=maybe_text("name", name) or f"creative-{len(self.state.moment) + 1}",
            format=text("format", format),
            config=state(config),
            system_config=text("system_config", system_config),
            admin_stop_reason=maybe_text("admin_stop_reason", admin_stop_reason),
        )

    def add_keyword_creative(
        self,
        *,
        ad_account_id: int,
        biz_channel_id: int = 1,
        name: str | None = None,
        title: str = "타이틀",
        description: str = "설명문구",
        config: str = "ON",
        landing_info: dict[str, Any] | None = None,
        license: dict[str, Any] | None = None,
        assets: dict[str, Any] | None = None,
        id: int | None = None,
    ) -> FakeKeywordCreative:
        """Create a Keyword Ad creative."""
        return self.state.add_keyword(
            id=id,
            ad_account_id=positive_id("ad_account_id", ad_account_id),
            biz_channel_id=positive_id("biz_channel_id", biz_channel_id),
            name=maybe_text("name", name) or f"소재{len(self.state.keyword) + 1}",
            title=text("title", title),
            description=text("description", description),
            config=state(config),
            landing_info=_json_object("landing_info", landing_info),
            license=_json_object("license", license),
            assets=_json_object("assets", assets),
        )

    def add_keyword(
        self,
        *,
        ad_account_id: int,
        ad_group_id: int,
        text: str | None = None,
        config: str = "ON",
        bid_amount: int | None = None,
        landing_info: dict[str, Any] | None = None,
        id: int | None = None,
    ) -> FakeKeyword:
        """Create a Keyword Ad keyword (키워드) in ``ad_group_id``; ``bid_amount=None`` bids the
        ad group's amount."""
        return self.state.add_search_keyword(
            id=id,
            ad_account_id=positive_id("ad_account_id", ad_account_id),
            ad_group_id=positive_id("ad_group_id", ad_group_id),
            text=maybe_text("text", text) or f"키워드{len(self.state.keywords) + 1}",
            config=state(config),
            bid_amount=None if bid_amount is None else positive_int("bid_amount", bid_amount),
            landing_info=_json_object("landing_info", landing_info),
        )

    def seed(
        self,
        *,
        ad_accounts: Iterable[int],
        creatives_per_account: int = DEFAULT_CREATIVES_PER_ACCOUNT,
        ad_group_id: int = 1,
    ) -> dict[int, list[int]]:
        """Add ``creatives_per_account`` display creatives (state ``ON``, in ad group
        ``ad_group_id``) to each account; returns their ids by account."""
        accounts = distinct_accounts(ad_accounts)
        per_account = how_many("creatives_per_account", creatives_per_account)
        group = positive_id("ad_group_id", ad_group_id)
        at_most(len(accounts) * per_account)
        return {
            account: [
                self.add_moment_creative(ad_account_id=account, ad_group_id=group).id
                for _ in range(per_account)
            ]
            for account in accounts
        }

    def seed_keyword(
        self,
        *,
        ad_account_id: int,
        biz_channel_id: int = 1,
        count: int = DEFAULT_CREATIVES_PER_ACCOUNT,
    ) -> list[int]:
        """Add ``count`` keyword creatives to one biz channel; returns their ids."""
        account = positive_id("ad_account_id", ad_account_id)
        channel = positive_id("biz_channel_id", biz_channel_id)
        many = how_many("count", count)
        at_most(many)
        return [
            self.add_keyword_creative(ad_account_id=account, biz_channel_id=channel).id
            for _ in range(many)
        ]

    def moment_creative(self, creative_id: int) -> FakeMomentCreative:
        """The stored Moment creative (change its fields to set up a test)."""
        try:
            return self.state.moment[creative_id]
        except (KeyError, TypeError):
            raise missing("Moment creative", creative_id) from None

    def keyword_creative(self, creative_id: int) -> FakeKeywordCreative:
        """The stored Keyword Ad creative."""
        try:
            return self.state.keyword[creative_id]
        except (KeyError, TypeError):
            raise missing("Keyword Ad creative", creative_id) from None
