"""The fake server's ad accounts, campaigns and ad groups (creatives are in :mod:`._state`).

Ids come from the one sequence creatives use. An ad account the fake has seen anything of (a
creative, a campaign) exists implicitly, with default fields, until something records it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["FakeAdAccount", "FakeAdGroup", "FakeCampaign", "HierarchyState"]

_STAMP = "2026-01-01T00:00:00"
_DESCRIPTIONS = {"ON": "운영중", "OFF": "사용자 OFF", "DEL": "삭제"}


def _status(config: str, system_config: str) -> list[str]:
    if config == "DEL":
        return ["DELETED"]
    if system_config != "ON":
        return ["SYSTEM_CONFIG_" + system_config]
    return ["OPERATING" if config == "ON" else "OFF"]


@attrs.define(kw_only=True)
class FakeAdAccount:
    """An ad account as the fake stores it."""

    id: int
    name: str
    config: str = "ON"
    member_type: str = "MASTER"
    type: str = "BUSINESS"
    #: Applied ``(field, value)`` writes, in order.
    history: list[tuple[str, Any]] = attrs.field(factory=list)

    def summary(self) -> dict[str, Any]:
        """The JSON of this object in a list answer."""
        return {
            "id": self.id,
            "name": self.name,
            "memberType": self.member_type,
            "config": self.config,
        }

    def detail(self) -> dict[str, Any]:
        """The JSON of this object's detail answer."""
        company = {"businessRegistrationNumber": "000-00-00000", "name": self.name}
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "config": self.config,
            "ownerCompany": company,
            "advertiser": company,
            "isAdminStop": False,
            "isOutOfBalance": False,
            "statusDescription": _DESCRIPTIONS.get(self.config, self.config),
        }


@attrs.define(kw_only=True)
class FakeCampaign:
    """A campaign as the fake stores it."""

    id: int
    ad_account_id: int
    name: str
    config: str = "ON"
    system_config: str = "ON"
    campaign_type: str = "DISPLAY"
    goal: str = "VISITING"
    daily_budget_amount: int | None = None
    admin_stop_reason: str | None = None
    #: Applied ``(field, value)`` writes, in order.
    history: list[tuple[str, Any]] = attrs.field(factory=list)

    def summary(self) -> dict[str, Any]:
        """The JSON of this object in a list answer."""
        return {
            "id": self.id,
            "name": self.name,
            "type": self.campaign_type,
            "config": self.config,
            "userConfig": self.config,
            "systemConfig": self.system_config,
        }

    def detail(self) -> dict[str, Any]:
        """The JSON of this object's detail answer."""
        return {
            **self.summary(),
            "adAccountId": self.ad_account_id,
            "campaignTypeGoal": {"campaignType": self.campaign_type, "goal": self.goal},
            "dailyBudgetAmount": self.daily_budget_amount,
            "statusDescription": _DESCRIPTIONS.get(self.config, self.config),
            "status": _status(self.config, self.system_config),
            "isDailyBudgetAmountOver": False,
            "createdDate": _STAMP,
            "lastModifiedDate": _STAMP,
        }

    def histories(self) -> list[dict[str, Any]]:
        """The JSON of this campaign's system-config histories (empty while ON)."""
        if self.system_config == "ON":
            return []
        return [
            {
                "id": self.id * 10,
                "systemConfig": self.system_config,
                "adminStopReason": self.admin_stop_reason,
                "createdDate": _STAMP,
                "lastModifiedDate": _STAMP,
            }
        ]


@attrs.define(kw_only=True)
class FakeAdGroup:
    """An ad group as the fake stores it."""

    id: int
    ad_account_id: int
    campaign_id: int
    name: str
    config: str = "ON"
    system_config: str = "ON"
    type: str = "DISPLAY"
    pricing_type: str = "CPC"
    pacing: str = "NORMAL"
    bid_strategy: str = "MANUAL"
    bid_amount: int | None = None
    daily_budget_amount: int | None = None
    #: Applied ``(field, value)`` writes, in order.
    history: list[tuple[str, Any]] = attrs.field(factory=list)

    def summary(self) -> dict[str, Any]:
        """The JSON of this object in a list answer."""
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "config": self.config,
            "userConfig": self.config,
            "systemConfig": self.system_config,
        }

    def detail(self, campaign: FakeCampaign | None) -> dict[str, Any]:
        """The JSON of this ad group's detail answer (``campaign``: its parent, if seeded)."""
        return {
            **self.summary(),
            "adAccountId": self.ad_account_id,
            "campaign": None if campaign is None else campaign.summary(),
            "pricingType": self.pricing_type,
            "pacing": self.pacing,
            "bidStrategy": self.bid_strategy,
            "bidAmount": self.bid_amount,
            "dailyBudgetAmount": self.daily_budget_amount,
            "isDailyBudgetAmountOver": False,
            "isValidPeriod": True,
            "statusDescription": _DESCRIPTIONS.get(self.config, self.config),
            "status": _status(self.config, self.system_config),
            "createdDate": _STAMP,
            "lastModifiedDate": _STAMP,
        }


class HierarchyState:
    """Ad accounts, campaigns and ad groups by id. ``known`` is the set of ad account ids the
    fake has seen anything of (shared with the creatives' state)."""

    def __init__(self, claim: Callable[..., int], known: set[int]) -> None:
        #: The id for a new object: the one given (checked, unused) or the next of the sequence.
        self.claim = claim
        self.known = known
        self.accounts: dict[int, FakeAdAccount] = {}
        self.campaigns: dict[int, FakeCampaign] = {}
        self.ad_groups: dict[int, FakeAdGroup] = {}
        #: Ad accounts a test added (not merely known): one may not be added twice.
        self.added: set[int] = set()

    def clear(self) -> None:
        self.accounts.clear()
        self.added.clear()
        self.campaigns.clear()
        self.ad_groups.clear()

    def account(self, account_id: int) -> FakeAdAccount | None:
        """The ad account's record (made with defaults for an account known only implicitly)."""
        record = self.accounts.get(account_id)
        if record is None and account_id in self.known:
            record = self.add_account(id=account_id)
        return record

    def all_accounts(self) -> list[FakeAdAccount]:
        records = [self.account(a) for a in sorted(self.known | set(self.accounts))]
        return [r for r in records if r is not None]

    def add_account(self, *, id: int, **fields: Any) -> FakeAdAccount:
        record = FakeAdAccount(id=id, name=fields.pop("name", None) or f"account-{id}", **fields)
        self.accounts[id] = record
        self.known.add(id)
        return record

    def add_campaign(self, **fields: Any) -> FakeCampaign:
        campaign = FakeCampaign(id=self.claim(fields.pop("id", None), self.campaigns), **fields)
        self.campaigns[campaign.id] = campaign
        self.known.add(campaign.ad_account_id)
        return campaign

    def add_ad_group(self, **fields: Any) -> FakeAdGroup:
        group = FakeAdGroup(id=self.claim(fields.pop("id", None), self.ad_groups), **fields)
        self.ad_groups[group.id] = group
        self.known.add(group.ad_account_id)
        return group
