"""The in-process API that fills the fake with ad accounts, campaigns and ad groups.

Objects made here are indistinguishable from Kakao's: they take the next id of the one
sequence creatives use, and every later change over HTTP shows in their ``GET``.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ._hierarchy_state import FakeAdAccount, FakeAdGroup, FakeCampaign
from ._seeding import missing
from ._state import FakeMomentCreative, FakeState

__all__ = ["HierarchySeeding", "SeededAccount"]


@attrs.frozen(kw_only=True)
class SeededAccount:
    """The ids :meth:`HierarchySeeding.seed_hierarchy` made in one ad account."""

    campaigns: tuple[int, ...]
    ad_groups: tuple[int, ...]
    creatives: tuple[int, ...]


class HierarchySeeding:
    """The ad account, campaign and ad group methods of :class:`FakeKakaoServer`."""

    state: FakeState

    def add_moment_creative(
        self, *, ad_account_id: int, ad_group_id: int = 1
    ) -> FakeMomentCreative:
        raise NotImplementedError  # provided by CreativeSeeding

    def add_ad_account(
        self, *, id: int, name: str | None = None, config: str = "ON", member_type: str = "MASTER"
    ) -> FakeAdAccount:
        """Record an ad account (accounts holding anything exist anyway, with defaults)."""
        return self.state.hierarchy.add_account(
            id=id, name=name, config=config, member_type=member_type
        )

    def add_campaign(
        self,
        *,
        ad_account_id: int,
        name: str | None = None,
        config: str = "ON",
        system_config: str = "ON",
        daily_budget_amount: int | None = None,
        campaign_type: str = "DISPLAY",
        goal: str = "VISITING",
        admin_stop_reason: str | None = None,
        id: int | None = None,
    ) -> FakeCampaign:
        """Create a campaign in ``ad_account_id``."""
        return self.state.hierarchy.add_campaign(
            id=id,
            ad_account_id=ad_account_id,
            name=name or f"campaign-{len(self.state.hierarchy.campaigns) + 1}",
            config=config,
            system_config=system_config,
            daily_budget_amount=daily_budget_amount,
            campaign_type=campaign_type,
            goal=goal,
            admin_stop_reason=admin_stop_reason,
        )

    def add_ad_group(
        self,
        *,
        campaign_id: int,
        name: str | None = None,
        config: str = "ON",
        daily_budget_amount: int | None = None,
        bid_amount: int | None = None,
        pacing: str = "NORMAL",
        bid_strategy: str = "MANUAL",
        id: int | None = None,
    ) -> FakeAdGroup:
        """Create an ad group under ``campaign_id`` (in the campaign's ad account)."""
        campaign = self.campaign(campaign_id)
        return self.state.hierarchy.add_ad_group(
            id=id,
            ad_account_id=campaign.ad_account_id,
            campaign_id=campaign_id,
            name=name or f"ad-group-{len(self.state.hierarchy.ad_groups) + 1}",
            config=config,
            daily_budget_amount=daily_budget_amount,
            bid_amount=bid_amount,
            pacing=pacing,
            bid_strategy=bid_strategy,
        )

    def seed_hierarchy(
        self,
        *,
        ad_accounts: Iterable[int],
        campaigns_per_account: int = 1,
        ad_groups_per_campaign: int = 1,
        creatives_per_ad_group: int = 0,
        daily_budget_amount: int = 100_000,
        bid_amount: int = 500,
    ) -> dict[int, SeededAccount]:
        """Fill each ad account with campaigns, their ad groups and their display creatives,
        all ``ON``, with the given budgets and bids; returns the ids per account."""
        seeded = {}
        for account in ad_accounts:
            campaigns, groups, creatives = [], [], []
            for _ in range(campaigns_per_account):
                campaign = self.add_campaign(
                    ad_account_id=account, daily_budget_amount=daily_budget_amount
                )
                campaigns.append(campaign.id)
                for _ in range(ad_groups_per_campaign):
                    group = self.add_ad_group(
                        campaign_id=campaign.id,
                        daily_budget_amount=daily_budget_amount,
                        bid_amount=bid_amount,
                    )
                    groups.append(group.id)
                    creatives += [
                        self._creative(account, group.id).id for _ in range(creatives_per_ad_group)
                    ]
            seeded[account] = SeededAccount(
                campaigns=tuple(campaigns), ad_groups=tuple(groups), creatives=tuple(creatives)
            )
        return seeded

    def _creative(self, ad_account_id: int, ad_group_id: int) -> FakeMomentCreative:
        name = f"creative-{len(self.state.moment) + 1}"
        return self.state.add_moment(
            ad_account_id=ad_account_id, ad_group_id=ad_group_id, name=name
        )

    def ad_account(self, ad_account_id: int) -> FakeAdAccount:
        record = self.state.hierarchy.account(ad_account_id)
        if record is None:
            raise missing("ad account", ad_account_id)
        return record

    def campaign(self, campaign_id: int) -> FakeCampaign:
        try:
            return self.state.hierarchy.campaigns[campaign_id]
        except (KeyError, TypeError):
            raise missing("campaign", campaign_id) from None

    def ad_group(self, ad_group_id: int) -> FakeAdGroup:
        try:
            return self.state.hierarchy.ad_groups[ad_group_id]
        except (KeyError, TypeError):
            raise missing("ad group", ad_group_id) from None
