"""The in-process API that fills the fake with ad accounts, campaigns and ad groups.

Objects made here are indistinguishable from Kakao's: they take the next id of the one
sequence creatives use, and every later change over HTTP shows in their ``GET``. Every argument
is checked as the creative helpers check theirs (a :class:`~kakao_async.KakaoInputError`, and
nothing created): a campaign with ad account ``"x"`` or config ``"MAYBE"`` would otherwise be
stored, and fail far from the line that made it.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .._validate import pacing, positive_id, text, won
from ..errors import KakaoInputError
from ._hierarchy_state import FakeAdAccount, FakeAdGroup, FakeCampaign
from ._seeding import at_most, distinct_accounts, how_many, maybe_text, missing, state
from ._state import FakeMomentCreative, FakeState

__all__ = ["HierarchySeeding", "SeededAccount"]


@attrs.frozen(kw_only=True)
class SeededAccount:
    """The ids :meth:`FakeKakaoServer.seed_hierarchy` made in one ad account."""

    campaigns: tuple[int, ...]
    ad_groups: tuple[int, ...]
    creatives: tuple[int, ...]


def _amount(name: str, value: object) -> int | None:
    # A budget or a bid: unset (None), or a positive whole number of won, as the client sends.
    return None if value is None else won(name, value)


def _object_id(name: str, value: object) -> int | None:
    # None: the next of the sequence (the state claims it); else a positive id.
    return None if value is None else positive_id(name, value)


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
        """Record an ad account (accounts holding anything exist anyway, with defaults); once
        per id."""
        account_id = positive_id("id", id)
        fields = {
            "name": maybe_text("name", name),
            "config": state(config),
            "member_type": text("member_type", member_type),
        }
        hierarchy = self.state.hierarchy
        if account_id in hierarchy.added:
            raise KakaoInputError(f"ad account {account_id} was already added to the fake")
        hierarchy.added.add(account_id)
        return hierarchy.add_account(id=account_id, **fields)

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
            id=_object_id("id", id),
            ad_account_id=positive_id("ad_account_id", ad_account_id),
            name=maybe_text("name", name) or f"campaign-{len(self.state.hierarchy.campaigns) + 1}",
            config=state(config),
            system_config=text("system_config", system_config),
            daily_budget_amount=_amount("daily_budget_amount", daily_budget_amount),
            campaign_type=text("campaign_type", campaign_type),
            goal=text("goal", goal),
            admin_stop_reason=maybe_text("admin_stop_reason", admin_stop_reason),
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
        campaign = self.campaign(positive_id("campaign_id", campaign_id))
        return self.state.hierarchy.add_ad_group(
            id=_object_id("id", id),
            ad_account_id=campaign.ad_account_id,
            campaign_id=campaign.id,
            name=maybe_text("name", name) or f"ad-group-{len(self.state.hierarchy.ad_groups) + 1}",
            config=state(config),
            daily_budget_amount=_amount("daily_budget_amount", daily_budget_amount),
            bid_amount=_amount("bid_amount", bid_amount),
            pacing=_pacing(pacing),
            bid_strategy=text("bid_strategy", bid_strategy),
        )

    def seed_hierarchy(
        self,
        *,
        ad_accounts: Iterable[int],
        campaigns_per_account: int = 1,
        ad_groups_per_campaign: int = 1,
        creatives_per_ad_group: int = 0,
        daily_budget_amount: int | None = 100_000,
        bid_amount: int | None = 500,
    ) -> dict[int, SeededAccount]:
        """Fill each ad account with campaigns, their ad groups and their display creatives,
        all ``ON``, with the given budgets and bids (``None``: unset, as in ``add_campaign``);
        returns the ids per account. Every argument is checked before anything is made."""
        accounts = distinct_accounts(ad_accounts)
        campaigns_each = how_many("campaigns_per_account", campaigns_per_account)
        groups_each = how_many("ad_groups_per_campaign", ad_groups_per_campaign)
        creatives_each = how_many("creatives_per_ad_group", creatives_per_ad_group)
        budget = _amount("daily_budget_amount", daily_budget_amount)
        bid = _amount("bid_amount", bid_amount)
        at_most(len(accounts) * campaigns_each * (1 + groups_each * (1 + creatives_each)))
        seeded = {}
        for account in accounts:
            campaigns, groups, creatives = [], [], []
            for _ in range(campaigns_each):
                campaign = self.add_campaign(ad_account_id=account, daily_budget_amount=budget)
                campaigns.append(campaign.id)
                for _ in range(groups_each):
                    group = self.add_ad_group(
                        campaign_id=campaign.id, daily_budget_amount=budget, bid_amount=bid
                    )
                    groups.append(group.id)
                    creatives += [
                        self._creative(account, group.id).id for _ in range(creatives_each)
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
        """The stored ad account (a :class:`~kakao_async.KakaoInputError` if the fake holds
        nothing of it)."""
        record = self.state.hierarchy.account(_held_id("ad account", ad_account_id))
        if record is None:
            raise missing("ad account", ad_account_id)
        return record

    def campaign(self, campaign_id: int) -> FakeCampaign:
        """The stored campaign (change its fields to set up a test)."""
        try:
            return self.state.hierarchy.campaigns[_held_id("campaign", campaign_id)]
        except KeyError:
            raise missing("campaign", campaign_id) from None

    def ad_group(self, ad_group_id: int) -> FakeAdGroup:
        """The stored ad group (change its fields to set up a test)."""
        try:
            return self.state.hierarchy.ad_groups[_held_id("ad group", ad_group_id)]
        except KeyError:
            raise missing("ad group", ad_group_id) from None


def _pacing(value: object) -> str:
    return pacing(value).value


def _held_id(kind: str, value: object) -> int:
    # What is not an id names no object the fake holds (a list would be unhashable, "x" a
    # record of its own): the same error as an id it does not hold.
    try:
        return positive_id(kind, value)
    except KakaoInputError:
        raise missing(kind, value) from None
