"""The in-process API that fills the fake with creatives and reads them back.

Creatives made here are indistinguishable from ones made over HTTP: they get the next id of the
one sequence both APIs share, and their ad account becomes one the fake knows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._state import FakeKeywordCreative, FakeMomentCreative, FakeState

__all__ = ["CreativeSeeding"]


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
            ad_account_id=ad_account_id,
            ad_group_id=ad_group_id,
            name=name or f"creative-{len(self.state.moment) + 1}",
            format=format,
            config=config,
            system_config=system_config,
            admin_stop_reason=admin_stop_reason,
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
            ad_account_id=ad_account_id,
            biz_channel_id=biz_channel_id,
            name=name or f"소재{len(self.state.keyword) + 1}",
            title=title,
            description=description,
            config=config,
            landing_info=landing_info,
            license=license,
            assets=assets,
        )

    def seed(
        self, *, ad_accounts: Iterable[int], creatives_per_account: int, ad_group_id: int = 1
    ) -> dict[int, list[int]]:
        """Add ``creatives_per_account`` display creatives (state ``ON``) to each account."""
        return {
            account: [
                self.add_moment_creative(ad_account_id=account, ad_group_id=ad_group_id).id
                for _ in range(creatives_per_account)
            ]
            for account in ad_accounts
        }

    def seed_keyword(self, *, ad_account_id: int, biz_channel_id: int, count: int) -> list[int]:
        """Add ``count`` keyword creatives to one biz channel; returns their ids."""
        return [
            self.add_keyword_creative(ad_account_id=ad_account_id, biz_channel_id=biz_channel_id).id
            for _ in range(count)
        ]

    def moment_creative(self, creative_id: int) -> FakeMomentCreative:
        return self.state.moment[creative_id]

    def keyword_creative(self, creative_id: int) -> FakeKeywordCreative:
        return self.state.keyword[creative_id]
