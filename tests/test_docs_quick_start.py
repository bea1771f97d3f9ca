"""README "Quick start", read line by line as a user and run against the fake over loopback."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.endpoints import QUOTAS
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

FAST = {name: 0.01 for name in QUOTAS}


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer(quotas=FAST, record_bodies=True) as server:
        yield server


def client(fake: FakeKakaoServer, **options: Any) -> ka.KakaoClient:
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        quotas=FAST,
        **options,
    )


async def test_the_quick_start_block_lists_and_switches_off(fake: FakeKakaoServer) -> None:
    fake.add_ad_account(id=1234)
    campaign = fake.add_campaign(ad_account_id=1234)
    group = fake.add_ad_group(campaign_id=campaign.id, id=5678)
    kept = fake.add_moment_creative(ad_account_id=1234, ad_group_id=group.id, id=1111)
    switched = fake.add_moment_creative(ad_account_id=1234, ad_group_id=group.id, id=1112)
    printed = []
    async with client(fake, ad_account_id=1234) as kakao:
        for row in await kakao.moment.creatives.list(ad_group_id=5678):
            printed.append((row.id, row.name, row.config))
        applied = await kakao.moment.creatives.set_config(1112, ka.Config.OFF)
    assert printed == [
        (1111, kept.name, ka.Config.ON),
        (1112, switched.name, ka.Config.ON),
    ]
    assert applied is True
    assert fake.moment_creative(1112).config == "OFF"
    assert fake.moment_creative(1111).config == "ON"
    assert [r.ad_account_id for r in fake.requests] == ["1234", "1234"]


async def test_a_setter_takes_the_new_value_as_plain_text_too(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    campaign = fake.add_campaign(ad_account_id=1)
    async with client(fake, ad_account_id=1) as kakao:
        assert await kakao.moment.creatives.set_config(ids[0], "OFF") is True
        assert await kakao.moment.campaigns.set_daily_budget(campaign.id, 50_000) is True
    assert fake.moment_creative(ids[0]).config == "OFF"
    assert fake.campaign(campaign.id).daily_budget_amount == 50_000


def _per_account_calls(
    kakao: ka.KakaoClient,
) -> dict[str, Callable[..., Coroutine[Any, Any, Any]]]:
    """One call of every per-account method the Endpoints section lists, by name."""
    m, k = kakao.moment, kakao.keyword.creatives
    return {
        "creatives.list": lambda **kw: m.creatives.list(ad_group_id=1, **kw),
        "creatives.get": lambda **kw: m.creatives.get(1, **kw),
        "creatives.set_config": lambda **kw: m.creatives.set_config(1, "OFF", **kw),
        "creatives.delete": lambda **kw: m.creatives.delete(1, **kw),
        "creatives.system_config_history": lambda **kw: m.creatives.system_config_history(1, **kw),
        "creatives.system_config_histories": lambda **kw: m.creatives.system_config_histories(
            1, **kw
        ),
        "ad_accounts.get": lambda **kw: m.ad_accounts.get(**kw),
        "ad_accounts.set_config": lambda **kw: m.ad_accounts.set_config("OFF", **kw),
        "campaigns.list": lambda **kw: m.campaigns.list(**kw),
        "campaigns.get": lambda **kw: m.campaigns.get(1, **kw),
        "campaigns.set_config": lambda **kw: m.campaigns.set_config(1, "OFF", **kw),
        "campaigns.set_daily_budget": lambda **kw: m.campaigns.set_daily_budget(1, 10_000, **kw),
        "campaigns.system_config_histories": lambda **kw: m.campaigns.system_config_histories(
            1, **kw
        ),
        "ad_groups.list": lambda **kw: m.ad_groups.list(campaign_id=1, **kw),
        "ad_groups.get": lambda **kw: m.ad_groups.get(1, **kw),
        "ad_groups.set_config": lambda **kw: m.ad_groups.set_config(1, "OFF", **kw),
        "ad_groups.set_daily_budget": lambda **kw: m.ad_groups.set_daily_budget(1, 10_000, **kw),
        "ad_groups.set_bid_amount": lambda **kw: m.ad_groups.set_bid_amount(1, 300, **kw),
        "ad_groups.set_pacing": lambda **kw: m.ad_groups.set_pacing(1, "QUICK", **kw),
        "ad_groups.create": lambda **kw: m.ad_groups.create(
            {"campaign": {"id": 1}, "name": "n"}, **kw
        ),
        "ad_groups.update": lambda **kw: m.ad_groups.update({"id": 1}, **kw),
        "reports.ad_account": lambda **kw: m.reports.ad_account(date_preset="YESTERDAY", **kw),
        "reports.campaigns": lambda **kw: m.reports.campaigns(
            campaign_ids=[1], date_preset="YESTERDAY", **kw
        ),
        "reports.ad_groups": lambda **kw: m.reports.ad_groups(
            ad_group_ids=[1], date_preset="YESTERDAY", **kw
        ),
        "reports.creatives": lambda **kw: m.reports.creatives(
            creative_ids=[1], date_preset="YESTERDAY", **kw
        ),
        "keyword.list": lambda **kw: k.list(biz_channel_id=1, **kw),
        "keyword.get": lambda **kw: k.get(1, **kw),
        "keyword.create": lambda **kw: k.create(
            biz_channel_id=1, name="n", title="t", description="d", **kw
        ),
        "keyword.delete": lambda **kw: k.delete(1, **kw),
        "keyword.get_many": lambda **kw: k.get_many([1], **kw),
        "keyword.delete_many": lambda **kw: k.delete_many([1], **kw),
        "creatives.get_many": lambda **kw: m.creatives.get_many([1], **kw),
    }


async def test_every_per_account_call_needs_an_ad_account_and_sends_nothing_without(
    fake: FakeKakaoServer,
) -> None:
    # "Every call made for one ad account takes ad_account_id= (falling back to the client's;
    # a KakaoInputError if neither is set)": also a bulk read over bare ids, as a whole.
    async with client(fake) as kakao:
        for call in _per_account_calls(kakao).values():
            with pytest.raises(ka.KakaoInputError, match="ad_account_id"):
                await call()
        with pytest.raises(ka.KakaoInputError, match="ad_account_id"):
            async for _ in kakao.keyword.creatives.iter(biz_channel_id=1):
                pass
    assert fake.requests.received == 0


async def test_every_per_account_call_takes_ad_account_id_and_timeout_by_keyword(
    fake: FakeKakaoServer,
) -> None:
    # Each call made with ad_account_id= and a bad timeout= is refused before sending: both
    # keywords exist on every call, and timeout is checked.
    async with client(fake) as kakao:
        for call in _per_account_calls(kakao).values():
            with pytest.raises(ka.KakaoInputError, match="timeout"):
                await call(ad_account_id=1, timeout=0)
    assert fake.requests.received == 0


async def test_the_clients_ad_account_is_the_fallback_and_a_calls_own_wins(
    fake: FakeKakaoServer,
) -> None:
    first = fake.add_campaign(ad_account_id=1)
    second = fake.add_campaign(ad_account_id=2)
    async with client(fake, ad_account_id=1) as kakao:
        assert [c.id for c in await kakao.moment.campaigns.list(config="ON")] == [first.id]
        mine = await kakao.moment.campaigns.list(config="ON", ad_account_id=2)
        assert [c.id for c in mine] == [second.id]
        kakao.ad_account_id = 2  # "also settable later"
        assert [c.id for c in await kakao.moment.campaigns.list(config="ON")] == [second.id]
    assert [r.ad_account_id for r in fake.requests] == ["1", "2", "2"]


async def test_bulk_calls_read_each_items_ad_account_else_the_clients(
    fake: FakeKakaoServer,
) -> None:
    seeded = fake.seed(ad_accounts=[1, 2], creatives_per_account=1)
    async with client(fake, ad_account_id=1) as kakao:
        result = await kakao.moment.creatives.set_configs(
            [
                ka.ConfigChange(seeded[1][0], "OFF"),  # no account: the client's
                ka.ConfigChange(seeded[2][0], "OFF", ad_account_id=2),
            ]
        )
    assert result.ok
    assert sorted(r.ad_account_id for r in fake.requests) == ["1", "2"]
    assert fake.moment_creative(seeded[2][0]).config == "OFF"


async def test_cross_account_calls_take_no_ad_account_and_need_none(
    fake: FakeKakaoServer,
) -> None:
    fake.add_ad_account(id=7)
    async with client(fake) as kakao:  # no ad account anywhere
        assert [a.id async for a in kakao.moment.ad_accounts.list()] == [7]
        report = await kakao.moment.reports.ad_accounts(ad_account_ids=[7], date_preset="YESTERDAY")
        assert len(report) == 1
        assert "ad_account_id" not in inspect.signature(kakao.moment.ad_accounts.list).parameters
        params = inspect.signature(kakao.moment.reports.ad_accounts).parameters
        assert "ad_account_id" not in params


async def test_ids_and_new_values_are_positional_everything_else_keyword_only(
    fake: FakeKakaoServer,
) -> None:
    async with client(fake, ad_account_id=1) as kakao:
        for area in (
            kakao.moment.creatives,
            kakao.moment.campaigns,
            kakao.moment.ad_groups,
            kakao.moment.ad_accounts,
            kakao.moment.reports,
            kakao.keyword.creatives,
        ):
            for name, method in inspect.getmembers(area, inspect.ismethod):
                if name.startswith("_"):
                    continue
                positional = [
                    p.name
                    for p in inspect.signature(method).parameters.values()
                    if p.kind is not inspect.Parameter.KEYWORD_ONLY
                ]
                # at most the object's id (or a bulk's items, or a body) and the new value
                assert len(positional) <= 2, (area, name, positional)
                assert not {"timeout", "ad_account_id"} & set(positional) or (
                    name == "get" and positional == ["ad_account_id"]  # ad_accounts.get(id)
                ), (area, name, positional)
        with pytest.raises(TypeError):
            await kakao.moment.creatives.get(1, 1)  # type: ignore[misc]
        with pytest.raises(TypeError):
            await kakao.moment.reports.ad_account("YESTERDAY")  # type: ignore[misc]
    assert fake.requests.received == 0
