"""kakao.moment.campaigns against the fake over loopback HTTP."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import web

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer, quota_gaps
from tests.conftest import INTERVAL
from tests.loopback import serve
from tests.moment.conftest import scaled_client


async def test_list_filters_by_state_and_account(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    on = scaled_fake.add_campaign(ad_account_id=1, name="on")
    off = scaled_fake.add_campaign(ad_account_id=1, config="OFF")
    gone = scaled_fake.add_campaign(ad_account_id=1, config="DEL")
    scaled_fake.add_campaign(ad_account_id=2)
    rows = await scaled_kakao.moment.campaigns.list()
    assert [r.id for r in rows] == [on.id, off.id]  # Kakao's filter is required: ON, OFF sent
    assert rows[0].name == "on" and rows[0].config is ka.Config.ON
    assert [r.query for r in list(scaled_fake.requests)[-2:]] == ["config=ON", "config=OFF"]
    deleted = await scaled_kakao.moment.campaigns.list(config="DEL")
    assert [r.id for r in deleted] == [gone.id]
    everything = await scaled_kakao.moment.campaigns.list(config=["ON", ka.Config.DEL])
    assert {r.id for r in everything} == {on.id, gone.id}


async def test_get_reads_the_detail_and_a_missing_campaign_is_kakaos_31001(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    c = scaled_fake.add_campaign(ad_account_id=1, daily_budget_amount=50_000, goal="CONVERSION")
    campaign = await scaled_kakao.moment.campaigns.get(c.id)
    assert campaign.id == c.id and campaign.ad_account_id == 1
    assert campaign.daily_budget_amount == 50_000
    assert campaign.campaign_type_goal == ka.CampaignTypeGoal(
        campaign_type="DISPLAY", goal="CONVERSION"
    )
    assert campaign.status == ("OPERATING",)
    other = scaled_fake.add_campaign(ad_account_id=2)
    with pytest.raises(ka.KakaoAPIError) as caught:
        await scaled_kakao.moment.campaigns.get(other.id)
    assert caught.value.detail_code == 31001


async def test_set_config_and_daily_budget_show_in_the_next_get(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    c = scaled_fake.add_campaign(ad_account_id=1, daily_budget_amount=100_000)
    campaigns = scaled_kakao.moment.campaigns
    assert await campaigns.set_config(c.id, "OFF") is True
    assert await campaigns.set_daily_budget(c.id, 70_000) is True
    after = await campaigns.get(c.id)
    assert after.config is ka.Config.OFF and after.daily_budget_amount == 70_000
    assert await campaigns.set_daily_budget(c.id, None) is True  # no daily budget
    assert (await campaigns.get(c.id)).daily_budget_amount is None
    assert c.history == [
        ("config", "OFF"),
        ("dailyBudgetAmount", 70_000),
        ("dailyBudgetAmount", None),
    ]
    assert scaled_fake.quota_rejections == {}


async def test_system_config_histories(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    stopped = scaled_fake.add_campaign(
        ad_account_id=1, system_config="ADMIN_STOP", admin_stop_reason="landing page ended"
    )
    fine = scaled_fake.add_campaign(ad_account_id=1)
    (history,) = await scaled_kakao.moment.campaigns.system_config_histories(stopped.id)
    assert history.system_config is ka.SystemConfig.ADMIN_STOP
    assert history.reason == "landing page ended"
    assert await scaled_kakao.moment.campaigns.system_config_histories(fine.id) == []


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.set_config(0, "ON"), ValueError),
        (lambda c: c.set_config(1, "DEL"), ValueError),
        (lambda c: c.set_config(True, "ON"), TypeError),
        (lambda c: c.set_daily_budget(1, -1), ValueError),
        (lambda c: c.set_daily_budget(1, 0), ValueError),
        (lambda c: c.set_daily_budget(1, 1.5), TypeError),
        (lambda c: c.set_daily_budget(1, "50000"), TypeError),
        (lambda c: c.set_daily_budget(1, True), TypeError),
        (lambda c: c.get(-3), ValueError),
        (lambda c: c.list(config="PAUSED"), ValueError),
        (lambda c: c.list(config=[]), ValueError),
        (lambda c: c.system_config_histories("x"), TypeError),
        (lambda c: c.set_configs([(1, "ON", "extra")]), TypeError),
        (lambda c: c.set_configs("1,ON"), TypeError),
        (lambda c: c.set_config(1, "ON", timeout=-1), ValueError),
    ],
)
async def test_bad_input_is_refused_before_any_request(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient, call: object, error: type
) -> None:
    with pytest.raises(error):
        await call(scaled_kakao.moment.campaigns)  # type: ignore[operator]
    assert list(scaled_fake.requests) == []


async def test_the_request_bodies_are_the_documented_ones() -> None:
    async def ok(request: web.Request) -> web.Response:
        return web.Response(status=200, content_type="application/json")

    async with serve(ok) as (url, seen):
        async with ka.KakaoClient(
            "t", ad_account_id=7, moment_base_url=url, on_off_interval=0.01
        ) as k:
            await k.moment.campaigns.set_config(11, "OFF")
            await k.moment.campaigns.set_daily_budget(11, 50_000)
            await k.moment.campaigns.set_daily_budget(11, None)
    assert [(m, p, json.loads(b)) for m, p, b in seen.requests] == [
        ("PUT", "/openapi/v4/campaigns/onOff", {"id": 11, "config": "OFF"}),
        ("PUT", "/openapi/v4/campaigns/dailyBudgetAmount", {"id": 11, "dailyBudgetAmount": 50_000}),
        ("PUT", "/openapi/v4/campaigns/dailyBudgetAmount", {"id": 11, "dailyBudgetAmount": None}),
    ]


async def test_calls_of_one_quota_are_spaced_and_quotas_do_not_wait_for_each_other(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    a, b, c = (scaled_fake.add_campaign(ad_account_id=1) for _ in range(3))
    campaigns = scaled_kakao.moment.campaigns
    results = await asyncio.gather(
        campaigns.set_config(a.id, "OFF"),
        campaigns.set_config(b.id, "OFF"),
        campaigns.set_config(c.id, "OFF"),
        campaigns.set_daily_budget(a.id, 60_000),
    )
    assert results == [True] * 4 and scaled_fake.quota_rejections == {}
    gaps = quota_gaps(scaled_fake.quota_calls)
    assert len(gaps[("campaigns.onOff", 1)]) == 2
    assert min(gaps[("campaigns.onOff", 1)]) >= INTERVAL
    # The budget call has its own quota: it went out with the first onOff, not after the third.
    by_quota = {call.quota: call.arrived_at for call in reversed(scaled_fake.quota_calls)}
    onoffs = sorted(x.arrived_at for x in scaled_fake.quota_calls if x.quota == "campaigns.onOff")
    assert by_quota["campaigns.dailyBudgetAmount"] < onoffs[1]


async def test_bulk_set_configs_coalesces_and_reports_every_item(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    ids = [scaled_fake.add_campaign(ad_account_id=a).id for a in (1, 1, 2, 2)]
    changes: list[ka.CampaignConfigChange | tuple[int, str]] = [
        (ids[0], "OFF"),
        ka.CampaignConfigChange(ids[2], "OFF", ad_account_id=2),
        (ids[1], "OFF"),
        ka.CampaignConfigChange(ids[3], "OFF", ad_account_id=2),
        (ids[0], "ON"),  # the last word on ids[0]
    ]
    result = await scaled_kakao.moment.campaigns.set_configs(changes)
    assert result.ok and len(result) == 5
    assert [r.item for r in result][1] == changes[1]
    assert result[0].value is ka.Config.ON and result[4].value is ka.Config.ON
    assert scaled_fake.campaign(ids[0]).history == [("config", "ON")]  # sent once
    assert [scaled_fake.campaign(i).config for i in ids] == ["ON", "OFF", "OFF", "OFF"]
    assert scaled_fake.quota_rejections == {}
    assert all(min(g) >= INTERVAL for g in quota_gaps(scaled_fake.quota_calls).values() if g)


async def test_a_newer_change_supersedes_one_still_waiting_for_its_turn(
    scaled_fake: FakeKakaoServer,
) -> None:
    a = scaled_fake.add_campaign(ad_account_id=1)
    b = scaled_fake.add_campaign(ad_account_id=1)
    async with scaled_client(scaled_fake, interval=0.3) as kakao:
        campaigns = kakao.moment.campaigns
        first = asyncio.ensure_future(campaigns.set_config(a.id, "OFF"))  # takes the turn
        await asyncio.sleep(0.05)
        waiting = asyncio.ensure_future(campaigns.set_config(b.id, "OFF"))
        await asyncio.sleep(0.05)
        newest = asyncio.ensure_future(campaigns.set_config(b.id, "ON"))
        assert await first is True
        assert await waiting is False  # superseded: never sent
        assert await newest is True
    assert b.history == [("config", "ON")]
