"""kakao.moment.ad_groups against the fake over loopback HTTP."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import web

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer, quota_gaps
from tests.conftest import INTERVAL
from tests.loopback import serve


async def test_list_needs_a_campaign_and_filters_by_state(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    campaign = scaled_fake.add_campaign(ad_account_id=1)
    other = scaled_fake.add_campaign(ad_account_id=1)
    on = scaled_fake.add_ad_group(campaign_id=campaign.id)
    off = scaled_fake.add_ad_group(campaign_id=campaign.id, config="OFF")
    gone = scaled_fake.add_ad_group(campaign_id=campaign.id, config="DEL")
    scaled_fake.add_ad_group(campaign_id=other.id)
    rows = await scaled_kakao.moment.ad_groups.list(campaign_id=campaign.id)
    assert [r.id for r in rows] == [on.id, off.id]  # Kakao's default: ON, OFF
    assert rows[0].type is ka.AdGroupType.DISPLAY
    assert scaled_fake.requests[-1].query == f"campaignId={campaign.id}"
    rows = await scaled_kakao.moment.ad_groups.list(campaign_id=campaign.id, config=["DEL"])
    assert [r.id for r in rows] == [gone.id]


async def test_get_reads_the_detail_and_a_missing_ad_group_is_kakaos_32026(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    campaign = scaled_fake.add_campaign(ad_account_id=1, name="spring")
    g = scaled_fake.add_ad_group(
        campaign_id=campaign.id, daily_budget_amount=30_000, bid_amount=250, pacing="QUICK"
    )
    group = await scaled_kakao.moment.ad_groups.get(g.id)
    assert (group.daily_budget_amount, group.bid_amount) == (30_000, 250)
    assert group.pacing is ka.Pacing.QUICK and group.bid_strategy is ka.BidStrategy.MANUAL
    assert group.campaign is not None and group.campaign.name == "spring"
    with pytest.raises(ka.KakaoAPIError) as caught:
        await scaled_kakao.moment.ad_groups.get(g.id + 1000)
    assert caught.value.detail_code == 32026


async def test_each_write_shows_in_the_next_get(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    campaign = scaled_fake.add_campaign(ad_account_id=1)
    g = scaled_fake.add_ad_group(
        campaign_id=campaign.id, daily_budget_amount=10_000, bid_amount=100
    )
    groups = scaled_kakao.moment.ad_groups
    assert await groups.set_config(g.id, ka.Config.OFF) is True
    assert await groups.set_daily_budget(g.id, 20_000) is True
    assert await groups.set_bid_amount(g.id, 300) is True
    assert await groups.set_pacing(g.id, ka.Pacing.QUICK) is True
    after = await groups.get(g.id)
    assert after.config is ka.Config.OFF
    assert (after.daily_budget_amount, after.bid_amount, after.pacing) == (20_000, 300, "QUICK")
    # Four quotas: none waited for another, none was refused.
    assert scaled_fake.quota_rejections == {}
    assert sorted(c.quota for c in scaled_fake.quota_calls) == [
        "adGroups.bidAmount",
        "adGroups.dailyBudgetAmount",
        "adGroups.onOff",
        "adGroups.pacing",
    ]


async def test_a_deleted_ad_group_cannot_be_changed(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    campaign = scaled_fake.add_campaign(ad_account_id=1)
    g = scaled_fake.add_ad_group(campaign_id=campaign.id, config="DEL")
    with pytest.raises(ka.KakaoAPIError) as caught:
        await scaled_kakao.moment.ad_groups.set_bid_amount(g.id, 500)
    assert caught.value.detail_code == 30004 and g.history == []


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda g: g.set_config(-1, "ON"), ValueError),
        (lambda g: g.set_config(1, "on"), ValueError),
        (lambda g: g.set_daily_budget(1, 0), ValueError),
        (lambda g: g.set_daily_budget(1, None), TypeError),
        (lambda g: g.set_bid_amount(1, -500), ValueError),
        (lambda g: g.set_bid_amount(1, 99.9), TypeError),
        (lambda g: g.set_pacing(1, "SLOW"), ValueError),
        (lambda g: g.set_pacing(1, ka.Pacing("NONE")), ValueError),
        (lambda g: g.list(campaign_id=0), ValueError),
        (lambda g: g.list(campaign_id=1, config=["ON", "PAUSED"]), ValueError),
        (lambda g: g.set_configs([ka.CampaignConfigChange(1, "ON")]), TypeError),
        (lambda g: g.set_bid_amount(1, 500, ad_account_id=0), ValueError),
    ],
)
async def test_bad_input_is_refused_before_any_request(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient, call: object, error: type
) -> None:
    with pytest.raises(error):
        await call(scaled_kakao.moment.ad_groups)  # type: ignore[operator]
    assert list(scaled_fake.requests) == []


async def test_the_request_bodies_are_the_documented_ones() -> None:
    async def ok(request: web.Request) -> web.Response:
        return web.Response(status=200, content_type="application/json")

    async with serve(ok) as (url, seen):
        async with ka.KakaoClient(
            "t", ad_account_id=7, moment_base_url=url, on_off_interval=0.01
        ) as kakao:
            groups = kakao.moment.ad_groups
            await groups.set_config(21, "ON")
            await groups.set_daily_budget(21, 40_000)
            await groups.set_bid_amount(21, 700)
            await groups.set_pacing(21, "NORMAL")
    base = "/openapi/v4/adGroups"
    assert [(m, p, json.loads(b)) for m, p, b in seen.requests] == [
        ("PUT", base + "/onOff", {"id": 21, "config": "ON"}),
        ("PUT", base + "/dailyBudgetAmount", {"id": 21, "dailyBudgetAmount": 40_000}),
        ("PUT", base + "/bidAmount", {"id": 21, "bidAmount": 700}),
        ("PUT", base + "/pacing", {"id": 21, "pacing": "NORMAL"}),
    ]


async def test_bulk_set_configs_at_the_quota_bound(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    seeded = scaled_fake.seed_hierarchy(ad_accounts=[1, 2], ad_groups_per_campaign=3)
    changes = [
        ka.AdGroupConfigChange(g, "OFF", ad_account_id=a)
        for a, s in seeded.items()
        for g in s.ad_groups
    ]
    result = await scaled_kakao.moment.ad_groups.set_configs(changes)
    assert result.ok and [r.item for r in result] == changes
    assert all(scaled_fake.ad_group(c.ad_group_id).config == "OFF" for c in changes)
    gaps = quota_gaps(scaled_fake.quota_calls)
    assert sorted(gaps) == [("adGroups.onOff", 1), ("adGroups.onOff", 2)]
    assert min(g for gs in gaps.values() for g in gs) >= INTERVAL
    assert scaled_fake.quota_rejections == {}


async def test_injected_faults_are_retried_and_a_foreign_429_pushes_the_key_back(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    campaign = scaled_fake.add_campaign(ad_account_id=1)
    g = scaled_fake.add_ad_group(campaign_id=campaign.id)
    scaled_fake.fail_next(1, status=503, path="/openapi/v4/adGroups/bidAmount")
    scaled_fake.fail_next(1, status=429, code=-813, path="/openapi/v4/adGroups/bidAmount")
    assert await scaled_kakao.moment.ad_groups.set_bid_amount(g.id, 800) is True
    statuses = [(r.status, r.arrived_at) for r in scaled_fake.requests]
    assert [s for s, _ in statuses] == [503, 429, 200]
    assert statuses[2][1] - statuses[1][1] >= INTERVAL  # the 429 cost the key a whole interval
    assert g.bid_amount == 800 and scaled_fake.quota_rejections == {}


async def test_concurrent_writes_to_one_field_last_one_wins(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    campaign = scaled_fake.add_campaign(ad_account_id=1)
    g = scaled_fake.add_ad_group(campaign_id=campaign.id)
    groups = scaled_kakao.moment.ad_groups
    results = await asyncio.gather(*(groups.set_bid_amount(g.id, bid) for bid in (100, 200, 300)))
    # The first took the free turn; the second was replaced while it waited; the third won.
    assert results == [True, False, True]
    assert g.history == [("bidAmount", 100), ("bidAmount", 300)]
