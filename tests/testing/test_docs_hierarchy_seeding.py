"""docs/testing.md, "Seeding and reading state", Moment's hierarchy: ``seed_hierarchy``,
``add_ad_account``, ``add_campaign``, ``add_ad_group`` and their readers do what the page says,
and "Ids, states (``ON``, ``OFF``, ``DEL``) and texts are checked like the client's arguments
(``KakaoInputError``, nothing created)" holds for them as for the creative helpers."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import (
    DEFAULT_TOKEN,
    FakeAdAccount,
    FakeAdGroup,
    FakeCampaign,
    FakeKakaoServer,
    SeededAccount,
)


def nothing_created(fake: FakeKakaoServer) -> bool:
    hierarchy = fake.state.hierarchy
    return not (
        hierarchy.accounts or hierarchy.campaigns or hierarchy.ad_groups or fake.state.moment
    )


async def test_seed_hierarchy_fills_each_account_as_documented() -> None:
    async with FakeKakaoServer() as fake:
        seeded = fake.seed_hierarchy(
            ad_accounts=[1, 2],
            campaigns_per_account=2,
            ad_groups_per_campaign=2,
            creatives_per_ad_group=1,
            daily_budget_amount=70_000,
            bid_amount=600,
        )
        assert sorted(seeded) == [1, 2]
        one = seeded[1]
        assert isinstance(one, SeededAccount)
        assert (len(one.campaigns), len(one.ad_groups), len(one.creatives)) == (2, 4, 4)
        assert all(isinstance(t, tuple) for t in (one.campaigns, one.ad_groups, one.creatives))
        campaign = fake.campaign(one.campaigns[0])
        assert isinstance(campaign, FakeCampaign)
        assert (campaign.ad_account_id, campaign.config, campaign.daily_budget_amount) == (
            1,
            "ON",
            70_000,
        )
        group = fake.ad_group(one.ad_groups[0])
        assert isinstance(group, FakeAdGroup)
        assert (group.campaign_id, group.config, group.bid_amount) == (campaign.id, "ON", 600)
        assert group.daily_budget_amount == 70_000
        creative = fake.moment_creative(one.creatives[0])
        assert (creative.ad_group_id, creative.config) == (group.id, "ON")
        assert isinstance(fake.ad_account(2), FakeAdAccount)
        # The defaults: one campaign with one ad group, no creatives.
        default = fake.seed_hierarchy(ad_accounts=[3])[3]
        assert (len(default.campaigns), len(default.ad_groups), default.creatives) == (1, 1, ())
        assert fake.campaign(default.campaigns[0]).daily_budget_amount == 100_000
        assert fake.ad_group(default.ad_groups[0]).bid_amount == 500


async def test_one_at_a_time_with_the_documented_defaults() -> None:
    async with FakeKakaoServer() as fake:
        account = fake.add_ad_account(id=7)
        assert (account.config, account.member_type) == ("ON", "MASTER")
        campaign = fake.add_campaign(ad_account_id=7)
        assert (campaign.config, campaign.system_config, campaign.campaign_type) == (
            "ON",
            "ON",
            "DISPLAY",
        )
        assert (campaign.goal, campaign.daily_budget_amount, campaign.admin_stop_reason) == (
            "VISITING",
            None,
            None,
        )
        group = fake.add_ad_group(campaign_id=campaign.id)
        assert group.ad_account_id == 7  # in the campaign's ad account
        assert (group.pacing, group.bid_strategy, group.bid_amount) == ("NORMAL", "MANUAL", None)
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=7, moment_base_url=fake.base_url
        ) as kakao:
            assert (await kakao.moment.campaigns.get(campaign.id)).id == campaign.id
            assert (await kakao.moment.ad_groups.get(group.id)).id == group.id


async def test_a_campaign_an_ad_group_and_a_creative_may_share_an_id() -> None:
    async with FakeKakaoServer() as fake:
        campaign = fake.add_campaign(ad_account_id=1, id=50)
        fake.add_ad_group(campaign_id=campaign.id, id=50)
        fake.add_moment_creative(ad_account_id=1, id=50)
        with pytest.raises(ka.KakaoInputError, match="50"):
            fake.add_campaign(ad_account_id=1, id=50)
        with pytest.raises(ka.KakaoInputError, match="50"):
            fake.add_ad_group(campaign_id=campaign.id, id=50)


@pytest.mark.parametrize(
    ("option", "value", "error"),
    [
        ("ad_account_id", "x", ka.KakaoInputTypeError),
        ("ad_account_id", 0, ka.KakaoInputError),
        ("ad_account_id", None, ka.KakaoInputTypeError),
        ("config", "MAYBE", ka.KakaoInputError),
        ("system_config", 5, ka.KakaoInputTypeError),
        ("name", 5, ka.KakaoInputTypeError),
        ("daily_budget_amount", -5, ka.KakaoInputError),
        ("daily_budget_amount", "x", ka.KakaoInputTypeError),
        ("campaign_type", "", ka.KakaoInputError),
        ("goal", None, ka.KakaoInputTypeError),
        ("admin_stop_reason", 5, ka.KakaoInputTypeError),
        ("id", "a", ka.KakaoInputTypeError),
    ],
)
async def test_add_campaign_checks_its_arguments(option: str, value: object, error: type) -> None:
    async with FakeKakaoServer() as fake:
        arguments: dict[str, Any] = {"ad_account_id": 1, option: value}
        with pytest.raises(error, match=option):
            fake.add_campaign(**arguments)
        assert nothing_created(fake)


@pytest.mark.parametrize(
    ("option", "value", "error"),
    [
        ("campaign_id", "x", ka.KakaoInputTypeError),
        ("campaign_id", [1], ka.KakaoInputTypeError),
        ("config", "x", ka.KakaoInputError),
        ("name", b"x", ka.KakaoInputTypeError),
        ("daily_budget_amount", 0, ka.KakaoInputError),
        ("bid_amount", -1, ka.KakaoInputError),
        ("bid_amount", 1.5, ka.KakaoInputTypeError),
        ("pacing", "FAST", ka.KakaoInputError),
        ("bid_strategy", 5, ka.KakaoInputTypeError),
        ("id", 0, ka.KakaoInputError),
    ],
)
async def test_add_ad_group_checks_its_arguments(option: str, value: object, error: type) -> None:
    async with FakeKakaoServer() as fake:
        campaign = fake.add_campaign(ad_account_id=1)
        arguments: dict[str, Any] = {"campaign_id": campaign.id, option: value}
        with pytest.raises(error, match=option):
            fake.add_ad_group(**arguments)
        assert not fake.state.hierarchy.ad_groups


@pytest.mark.parametrize(
    ("option", "value", "error"),
    [
        ("id", "x", ka.KakaoInputTypeError),
        ("id", 0, ka.KakaoInputError),
        ("id", None, ka.KakaoInputTypeError),
        ("name", 5, ka.KakaoInputTypeError),
        ("config", "bad", ka.KakaoInputError),
        ("member_type", 5, ka.KakaoInputTypeError),
    ],
)
async def test_add_ad_account_checks_its_arguments(option: str, value: object, error: type) -> None:
    async with FakeKakaoServer() as fake:
        arguments: dict[str, Any] = {"id": 5, option: value}
        with pytest.raises(error, match=option):
            fake.add_ad_account(**arguments)
        assert nothing_created(fake)
        assert not fake.state.ad_accounts


async def test_an_ad_account_is_added_once() -> None:
    """A second ``add_ad_account`` of one id would silently replace the first (and its
    history); one the fake knows only implicitly (it holds its creatives) may be recorded."""
    async with FakeKakaoServer() as fake:
        fake.add_moment_creative(ad_account_id=3)
        assert fake.add_ad_account(id=3, name="acme").name == "acme"
        with pytest.raises(ka.KakaoInputError, match="3"):
            fake.add_ad_account(id=3, name="other")
        assert fake.ad_account(3).name == "acme"
        fake.reset()
        assert fake.add_ad_account(id=3).name == "account-3"  # reset forgets it


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"ad_accounts": "12"}, ka.KakaoInputTypeError),  # not accounts 1 and 2
        ({"ad_accounts": 5}, ka.KakaoInputTypeError),
        ({"ad_accounts": [1, 1]}, ka.KakaoInputError),  # the answer would lose a batch
        ({"ad_accounts": [0]}, ka.KakaoInputError),
        ({"ad_accounts": [1], "campaigns_per_account": -1}, ka.KakaoInputError),
        ({"ad_accounts": [1], "campaigns_per_account": "x"}, ka.KakaoInputTypeError),
        ({"ad_accounts": [1], "ad_groups_per_campaign": 1.5}, ka.KakaoInputTypeError),
        ({"ad_accounts": [1], "creatives_per_ad_group": -2}, ka.KakaoInputError),
        ({"ad_accounts": [1], "daily_budget_amount": "x"}, ka.KakaoInputTypeError),
        ({"ad_accounts": [1], "bid_amount": 0}, ka.KakaoInputError),
        ({"ad_accounts": [1, "x"]}, ka.KakaoInputTypeError),  # nothing made for account 1
    ],
)
async def test_seed_hierarchy_checks_everything_before_making_anything(
    arguments: dict[str, Any], error: type
) -> None:
    async with FakeKakaoServer() as fake:
        name = next(k for k in reversed(arguments))
        with pytest.raises(error, match=name):
            fake.seed_hierarchy(**arguments)
        assert nothing_created(fake)


@pytest.mark.parametrize(
    "read",
    [
        lambda fake: fake.ad_account([1]),
        lambda fake: fake.ad_account("x"),
        lambda fake: fake.campaign({}),
        lambda fake: fake.ad_group(None),
    ],
)
async def test_reading_with_a_bad_id_is_an_input_error(read: Any) -> None:
    async with FakeKakaoServer() as fake:
        fake.add_campaign(ad_account_id=1)
        with pytest.raises(ka.KakaoInputError):
            read(fake)


async def test_seed_hierarchy_leaves_a_budget_or_bid_unset_when_given_none() -> None:
    # As add_campaign / add_ad_group take None (and 0.2.0's seed_hierarchy passed it on): ad
    # groups without a bid (automatic bidding) and campaigns without a daily budget.
    async with FakeKakaoServer() as fake:
        seeded = fake.seed_hierarchy(ad_accounts=[1], daily_budget_amount=None, bid_amount=None)[1]
        assert fake.campaign(seeded.campaigns[0]).daily_budget_amount is None
        group = fake.ad_group(seeded.ad_groups[0])
        assert (group.daily_budget_amount, group.bid_amount) == (None, None)
