"""README "Kakao Moment v4 — ad accounts, campaigns, ad groups", read by an ad-tech engineer
new to the library, for what tests/test_docs_campaigns.py and tests/moment/ leave out: the
fallback to the client's ad account, ``timeout=`` on every call, the ad group list's filter,
the quota keys of each hierarchy quota, and the typed errors Kakao's answers become."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.endpoints import QUOTAS
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, SeededAccount

FAST = {name: 0.01 for name in QUOTAS}
#: A token that must show nowhere: not in quota keys, errors or reprs.
TOKEN = "bb16-hierarchy-SECRET-token-value"
Call = Callable[[ka.KakaoClient, SeededAccount, dict[str, Any]], Awaitable[Any]]


async def _first_account(kakao: ka.KakaoClient, _: SeededAccount, kw: dict[str, Any]) -> Any:
    return [a async for a in kakao.moment.ad_accounts.list(**kw)]


#: Every hierarchy method of the table, called with extra keyword arguments ``kw``.
ONE_ACCOUNT_CALLS: dict[str, Call] = {
    "ad_accounts.get": lambda k, s, kw: k.moment.ad_accounts.get(**kw),
    "ad_accounts.set_config": lambda k, s, kw: k.moment.ad_accounts.set_config("OFF", **kw),
    "campaigns.list": lambda k, s, kw: k.moment.campaigns.list(**kw),
    "campaigns.get": lambda k, s, kw: k.moment.campaigns.get(s.campaigns[0], **kw),
    "campaigns.set_config": lambda k, s, kw: k.moment.campaigns.set_config(
        s.campaigns[0], "OFF", **kw
    ),
    "campaigns.set_daily_budget": lambda k, s, kw: k.moment.campaigns.set_daily_budget(
        s.campaigns[0], 50_000, **kw
    ),
    "campaigns.system_config_histories": lambda k, s, kw: (
        k.moment.campaigns.system_config_histories(s.campaigns[0], **kw)
    ),
    "ad_groups.list": lambda k, s, kw: k.moment.ad_groups.list(campaign_id=s.campaigns[0], **kw),
    "ad_groups.get": lambda k, s, kw: k.moment.ad_groups.get(s.ad_groups[0], **kw),
    "ad_groups.set_config": lambda k, s, kw: k.moment.ad_groups.set_config(
        s.ad_groups[0], "OFF", **kw
    ),
    "ad_groups.set_daily_budget": lambda k, s, kw: k.moment.ad_groups.set_daily_budget(
        s.ad_groups[0], 50_000, **kw
    ),
    "ad_groups.set_bid_amount": lambda k, s, kw: k.moment.ad_groups.set_bid_amount(
        s.ad_groups[0], 300, **kw
    ),
    "ad_groups.set_pacing": lambda k, s, kw: k.moment.ad_groups.set_pacing(
        s.ad_groups[0], "QUICK", **kw
    ),
    "ad_groups.create": lambda k, s, kw: k.moment.ad_groups.create(
        {"campaign": {"id": s.campaigns[0]}, "name": "new"}, **kw
    ),
    "ad_groups.update": lambda k, s, kw: k.moment.ad_groups.update(
        {"id": s.ad_groups[0], "name": "renamed"}, **kw
    ),
    "campaigns.set_configs": lambda k, s, kw: k.moment.campaigns.set_configs(
        [ka.CampaignConfigChange(s.campaigns[0], "OFF")], **kw
    ),
    "ad_groups.set_configs": lambda k, s, kw: k.moment.ad_groups.set_configs(
        [ka.AdGroupConfigChange(s.ad_groups[0], "OFF")], **kw
    ),
}
EVERY_CALL: dict[str, Call] = {"ad_accounts.list": _first_account, **ONE_ACCOUNT_CALLS}


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer(quotas=FAST, tokens=[TOKEN]) as server:
        yield server


@pytest.fixture
def seeded(fake: FakeKakaoServer) -> SeededAccount:
    return fake.seed_hierarchy(ad_accounts=[1, 2], creatives_per_ad_group=1)[1]


def client(fake: FakeKakaoServer, **options: Any) -> ka.KakaoClient:
    return ka.KakaoClient(TOKEN, moment_base_url=fake.base_url, quotas=FAST, **options)


@pytest.mark.parametrize("name", sorted(ONE_ACCOUNT_CALLS))
async def test_a_call_for_one_account_without_any_account_is_refused_before_sending(
    fake: FakeKakaoServer, seeded: SeededAccount, name: str
) -> None:
    # Quick start: "Every call made for one ad account takes ad_account_id= (falling back to
    # the client's; a KakaoInputError if neither is set)"; a bulk whose item names none too.
    async with client(fake) as kakao:
        with pytest.raises(ka.KakaoInputError, match="ad_account_id"):
            await ONE_ACCOUNT_CALLS[name](kakao, seeded, {})
    assert len(fake.requests) == 0


@pytest.mark.parametrize("name", sorted(ONE_ACCOUNT_CALLS))
async def test_the_calls_own_ad_account_wins_over_the_clients(
    fake: FakeKakaoServer, seeded: SeededAccount, name: str
) -> None:
    if name.endswith("set_configs"):
        pytest.skip("a bulk reads each item's ad account (tests/moment/test_hierarchy_bulk.py)")
    async with client(fake, ad_account_id=2) as kakao:
        await ONE_ACCOUNT_CALLS[name](kakao, seeded, {"ad_account_id": 1})
    # The log keeps the header as sent (text).
    assert {r.ad_account_id for r in fake.requests} == {"1"}


@pytest.mark.parametrize("timeout", [0, -1.0, float("nan"), float("inf")])
@pytest.mark.parametrize("name", sorted(EVERY_CALL))
async def test_every_call_checks_its_timeout_before_sending(
    fake: FakeKakaoServer, seeded: SeededAccount, name: str, timeout: float
) -> None:
    async with client(fake, ad_account_id=1) as kakao:
        with pytest.raises(ka.KakaoInputError, match="timeout"):
            await EVERY_CALL[name](kakao, seeded, {"timeout": timeout})
    assert len(fake.requests) == 0


@pytest.mark.parametrize("timeout", ["1", True, None])
async def test_a_timeout_of_the_wrong_kind_is_a_type_error(
    fake: FakeKakaoServer, seeded: SeededAccount, timeout: Any
) -> None:
    async with client(fake, ad_account_id=1) as kakao:
        if timeout is None:  # None is the default: the client's timeout
            assert await kakao.moment.campaigns.get(seeded.campaigns[0], timeout=None)
            return
        with pytest.raises(ka.KakaoInputTypeError):
            await kakao.moment.campaigns.get(seeded.campaigns[0], timeout=timeout)
    assert len(fake.requests) == 0


async def test_the_ad_group_list_leaves_the_filter_to_kakao_or_sends_the_states_in_one_get(
    fake: FakeKakaoServer, seeded: SeededAccount
) -> None:
    # Kakao's ad group list takes config as String[] (default [ON, OFF]), unlike the campaign
    # list, which takes one state per GET.
    campaign = seeded.campaigns[0]
    fake.add_ad_group(campaign_id=campaign, config="OFF", id=501)
    fake.add_ad_group(campaign_id=campaign, config="DEL", id=502)
    async with client(fake, ad_account_id=1) as kakao:
        default = await kakao.moment.ad_groups.list(campaign_id=campaign)
        every = await kakao.moment.ad_groups.list(
            campaign_id=campaign, config=[ka.Config.DEL, "ON", "OFF"]
        )
    assert [r.query for r in fake.requests] == [
        f"campaignId={campaign}",
        f"campaignId={campaign}&config=DEL,ON,OFF",
    ]
    assert sorted(g.id for g in default) == sorted([*seeded.ad_groups, 501])
    assert sorted(g.id for g in every) == sorted([*seeded.ad_groups, 501, 502])


HIERARCHY_QUOTAS = [
    "adAccounts.onOff",
    "campaigns.onOff",
    "campaigns.dailyBudgetAmount",
    "adGroups.onOff",
    "adGroups.dailyBudgetAmount",
    "adGroups.bidAmount",
    "adGroups.pacing",
    "adGroups.write",
]


async def test_each_hierarchy_quota_is_keyed_per_user_and_account_without_the_token(
    fake: FakeKakaoServer,
) -> None:
    async with client(fake, ad_account_id=1) as kakao, ka.KakaoClient("other-user") as other:
        users = set()
        for name in HIERARCHY_QUOTAS:
            assert kakao.quotas[name].scope == "user_account"
            key = kakao.quota_key(name, 1234)
            prefix, user, account = key.split(":")
            assert (prefix, account) == (name, "1234")
            assert TOKEN not in key and "SECRET" not in user
            assert other.quota_key(name, 1234) != key  # another user, another key
            assert kakao.quota_key(kakao.quotas[name], 1234) == key  # a Quota or its name
            users.add(user)
        assert len(users) == 1


async def test_not_found_answers_are_typed_and_carry_kakaos_codes(
    fake: FakeKakaoServer, seeded: SeededAccount
) -> None:
    async with client(fake, ad_account_id=1) as kakao:
        with pytest.raises(ka.KakaoNotFoundError) as campaign:
            await kakao.moment.campaigns.get(999)
        with pytest.raises(ka.KakaoNotFoundError) as ad_group:
            await kakao.moment.ad_groups.set_bid_amount(999, 300)
    assert (campaign.value.code, campaign.value.detail_code) == (-813, 31001)
    assert (campaign.value.method, campaign.value.path) == ("GET", "/openapi/v4/campaigns/999")
    assert (ad_group.value.code, ad_group.value.detail_code) == (-813, 32026)
    assert ad_group.value.method == "PUT"
    assert ad_group.value.path == "/openapi/v4/adGroups/bidAmount"
    for caught in (campaign, ad_group):
        assert isinstance(caught.value.detail_msg, str) and caught.value.detail_msg
        assert TOKEN not in str(caught.value) and TOKEN not in repr(caught.value)


async def test_a_write_kakao_refuses_for_its_quota_is_a_typed_rate_limit_error(
    fake: FakeKakaoServer, seeded: SeededAccount
) -> None:
    # Another tool spends the quota Kakao-side: the client's own schedule cannot see it.
    fake.set_quota("adGroups.bidAmount", 60.0)
    second = fake.add_ad_group(campaign_id=seeded.campaigns[0]).id
    policy = ka.RetryPolicy(attempts=1, rate_limit_attempts=1)
    async with client(fake, ad_account_id=1, retry=policy) as kakao:
        assert await kakao.moment.ad_groups.set_bid_amount(seeded.ad_groups[0], 300) is True
        with pytest.raises(ka.KakaoRateLimitError) as caught:
            await kakao.moment.ad_groups.set_bid_amount(second, 400)
    assert not isinstance(caught.value, ka.KakaoQuotaExhaustedError)
    assert (caught.value.status, caught.value.code, caught.value.detail_code) == (429, -813, 30003)
    assert fake.quota_rejections["adGroups.bidAmount"] == 1
    assert fake.ad_group(second).bid_amount != 400


@pytest.mark.parametrize(
    "call",
    [
        lambda k, s: k.moment.campaigns.set_config(s.campaigns[0], 5),
        lambda k, s: k.moment.ad_groups.set_config(s.ad_groups[0], None),
        lambda k, s: k.moment.ad_accounts.set_config(1),
        lambda k, s: k.moment.ad_groups.set_pacing(s.ad_groups[0], None),
        lambda k, s: k.moment.campaigns.list(config=[5]),
    ],
)
async def test_a_state_or_pacing_of_the_wrong_kind_is_a_type_error(
    fake: FakeKakaoServer,
    seeded: SeededAccount,
    call: Callable[[ka.KakaoClient, SeededAccount], Awaitable[Any]],
) -> None:
    async with client(fake, ad_account_id=1) as kakao:
        with pytest.raises(ka.KakaoInputTypeError):
            await call(kakao, seeded)
    assert len(fake.requests) == 0


async def test_an_amount_of_the_wrong_kind_is_a_type_error_and_none_only_clears_a_campaign(
    fake: FakeKakaoServer, seeded: SeededAccount
) -> None:
    async with client(fake, ad_account_id=1) as kakao:
        for bad in (None, "500", 500.0, True):
            with pytest.raises(ka.KakaoInputTypeError):
                await kakao.moment.ad_groups.set_daily_budget(seeded.ad_groups[0], bad)
            with pytest.raises(ka.KakaoInputTypeError):
                await kakao.moment.ad_groups.set_bid_amount(seeded.ad_groups[0], bad)
        assert len(fake.requests) == 0
        assert await kakao.moment.campaigns.set_daily_budget(seeded.campaigns[0], None) is True
    assert fake.campaign(seeded.campaigns[0]).daily_budget_amount is None


async def test_every_answer_and_error_keeps_the_token_out(
    fake: FakeKakaoServer, seeded: SeededAccount
) -> None:
    async with client(fake, ad_account_id=1) as kakao:
        shown = [repr(kakao), repr(kakao.moment.campaigns), repr(kakao.moment.ad_groups)]
        shown.append(repr(await kakao.moment.campaigns.get(seeded.campaigns[0])))
        shown.append(repr(await kakao.moment.ad_groups.get(seeded.ad_groups[0])))
        shown.append(repr(await kakao.quota_snapshot()))
        for bad in (TOKEN, [TOKEN]):
            with pytest.raises(ka.KakaoInputError) as caught:
                await kakao.moment.campaigns.set_config(seeded.campaigns[0], bad)
            shown += [str(caught.value), repr(caught.value)]
    shown.append(repr(fake.requests))
    assert [s for s in shown if "SECRET" in s] == []
    assert DEFAULT_TOKEN not in TOKEN
