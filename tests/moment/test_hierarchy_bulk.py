"""kakao.moment.set_configs: creative, ad group, campaign and ad account changes in one bulk,
each under its own quota, against the fake over loopback HTTP."""

from __future__ import annotations

import asyncio
import itertools

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, SeededAccount
from tests.conftest import INTERVAL


def everything_off(seeded: dict[int, SeededAccount]) -> list[ka.AnyConfigChange]:
    changes: list[ka.AnyConfigChange] = []
    for account, ids in seeded.items():
        changes += [ka.CampaignConfigChange(i, "OFF", ad_account_id=account) for i in ids.campaigns]
        changes += [ka.AdGroupConfigChange(i, "OFF", ad_account_id=account) for i in ids.ad_groups]
        changes += [ka.CreativeConfigChange(i, "OFF", ad_account_id=account) for i in ids.creatives]
    return changes


def lane_arrivals(fake: FakeKakaoServer) -> dict[tuple[str, int], list[float]]:
    lanes: dict[tuple[str, int], list[float]] = {}
    for c in fake.quota_calls:
        lanes.setdefault((c.quota, c.ad_account_id), []).append(c.arrived_at)
    for o in fake.on_off_calls:
        lanes.setdefault(("creatives.onOff", o.ad_account_id), []).append(o.arrived_at)
    return {key: sorted(times) for key, times in lanes.items()}


async def test_every_level_in_one_bulk_each_at_its_quota(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    seeded = scaled_fake.seed_hierarchy(
        ad_accounts=[1, 2, 3], campaigns_per_account=2, creatives_per_ad_group=2
    )
    changes = everything_off(seeded)
    changes.append(ka.AdAccountConfigChange(3, "OFF"))
    result = await scaled_kakao.moment.set_configs(changes)
    assert result.ok and len(result) == len(changes) == 3 * (2 + 2 + 4) + 1
    assert [r.item for r in result] == changes  # one result per item, in input order
    assert all(r.applied and r.value is ka.Config.OFF for r in result)
    assert scaled_fake.quota_rejections == {}
    for ids in seeded.values():
        assert all(scaled_fake.campaign(i).config == "OFF" for i in ids.campaigns)
        assert all(scaled_fake.ad_group(i).config == "OFF" for i in ids.ad_groups)
        assert all(scaled_fake.moment_creative(i).config == "OFF" for i in ids.creatives)
    assert scaled_fake.ad_account(3).config == "OFF"
    lanes = lane_arrivals(scaled_fake)
    assert len(lanes) == 3 * 3 + 1  # (campaigns, ad groups, creatives) x 3 accounts + account 3
    assert min(b - a for times in lanes.values() for a, b in itertools.pairwise(times)) >= INTERVAL
    # The lanes ran side by side: every lane's first call came before any lane's second.
    assert max(t[0] for t in lanes.values()) < min(t[1] for t in lanes.values() if len(t) > 1)


async def test_last_write_wins_per_object_and_level(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    # A campaign, an ad group and a creative with the same id are three different objects.
    campaign = scaled_fake.add_campaign(ad_account_id=1, id=5000)
    group = scaled_fake.add_ad_group(campaign_id=campaign.id, id=5000)
    creative = scaled_fake.add_moment_creative(ad_account_id=1, ad_group_id=group.id, id=5000)
    changes: list[ka.AnyConfigChange] = [
        ka.CampaignConfigChange(5000, "OFF"),
        ka.AdGroupConfigChange(5000, "OFF"),
        ka.ConfigChange(5000, "OFF"),
        ka.CampaignConfigChange(5000, "ON"),  # the campaign's last word
        ka.ConfigChange(5000, "OFF"),
    ]
    result = await scaled_kakao.moment.set_configs(changes)
    assert result.ok
    assert [r.value for r in result] == ["ON", "OFF", "OFF", "ON", "OFF"]
    assert campaign.history == [("config", "ON")]
    assert group.history == [("config", "OFF")]
    assert creative.on_off_history == ["OFF"]


async def test_a_change_made_while_the_bulk_runs_wins_over_it(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    seeded = scaled_fake.seed_hierarchy(ad_accounts=[1], ad_groups_per_campaign=4)
    groups = seeded[1].ad_groups
    job = scaled_kakao.moment.start_set_configs([ka.AdGroupConfigChange(g, "OFF") for g in groups])
    # The last ad group's OFF is still queued; the user turns it back ON meanwhile.
    assert await scaled_kakao.moment.ad_groups.set_config(groups[-1], "ON") is True
    result = await job
    assert result.ok and result[-1].superseded and not result[-1].applied
    assert scaled_fake.ad_group(groups[-1]).config == "ON"
    assert scaled_fake.ad_group(groups[-1]).history == [("config", "ON")]


async def test_skip_unchanged_reads_each_level_and_spends_no_quota_on_what_is_right(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    off_campaign = scaled_fake.add_campaign(ad_account_id=1, config="OFF")
    on_campaign = scaled_fake.add_campaign(ad_account_id=1)
    off_group = scaled_fake.add_ad_group(campaign_id=on_campaign.id, config="OFF")
    foreign = scaled_fake.add_campaign(ad_account_id=2)
    changes: list[ka.AnyConfigChange] = [
        ka.CampaignConfigChange(off_campaign.id, "OFF"),
        ka.CampaignConfigChange(on_campaign.id, "OFF"),
        ka.AdGroupConfigChange(off_group.id, "OFF"),
        ka.CampaignConfigChange(foreign.id, "OFF"),  # not this account's: Kakao's 31001
    ]
    result = await scaled_kakao.moment.set_configs(changes, skip_unchanged=True)
    assert [(r.skipped, r.applied, r.ok) for r in result] == [
        (True, False, True),
        (False, True, True),
        (True, False, True),
        (False, False, False),
    ]
    error = result[3].error
    assert isinstance(error, ka.KakaoAPIError) and error.detail_code == 31001
    assert [c.object_id for c in scaled_fake.quota_calls] == [on_campaign.id]
    assert foreign.history == []


async def test_one_failing_item_does_not_stop_its_lane_or_the_others(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    seeded = scaled_fake.seed_hierarchy(ad_accounts=[1], campaigns_per_account=3)
    campaigns = seeded[1].campaigns
    scaled_fake.campaign(campaigns[1]).config = "DEL"
    changes = everything_off(seeded)
    result = await scaled_kakao.moment.set_configs(changes)
    failed = result.failed
    assert [f.item for f in failed] == [
        ka.CampaignConfigChange(campaigns[1], "OFF", ad_account_id=1)
    ]
    assert isinstance(failed[0].error, ka.KakaoAPIError)
    assert len(result.succeeded) == len(changes) - 1
    assert scaled_fake.campaign(campaigns[2]).config == "OFF"


async def test_an_exhausted_quota_fails_the_rest_of_its_lane_without_sending_it(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    """A daily limit (code -11) will not clear for hours: the lane's other items fail with the
    same error instead of each spending a call Kakao refuses; other lanes go on."""
    seeded = scaled_fake.seed_hierarchy(ad_accounts=[1], campaigns_per_account=3)
    campaigns = seeded[1].campaigns
    ad_groups = seeded[1].ad_groups
    scaled_fake.fail_next(status=429, code=-11, path="/openapi/v4/campaigns/onOff")
    changes: list[ka.AnyConfigChange] = [ka.CampaignConfigChange(c, "OFF") for c in campaigns]
    changes += [ka.AdGroupConfigChange(g, "OFF") for g in ad_groups]
    result = await scaled_kakao.moment.set_configs(changes)
    failed = result.failed
    assert [f.item.campaign_id for f in failed if isinstance(f.item, ka.CampaignConfigChange)] == (
        list(campaigns)
    )
    assert all(isinstance(f.error, ka.KakaoQuotaExhaustedError) for f in failed)
    sent = [r for r in scaled_fake.requests if r.path == "/openapi/v4/campaigns/onOff"]
    assert len(sent) == 1
    assert all(scaled_fake.ad_group(g).config == "OFF" for g in ad_groups)


async def test_progress_is_reported_after_every_item(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    seeded = scaled_fake.seed_hierarchy(ad_accounts=[1, 2], creatives_per_ad_group=1)
    seen: list[ka.Progress] = []
    changes = everything_off(seeded)
    job = scaled_kakao.moment.start_set_configs(changes, on_progress=seen.append)
    await asyncio.sleep(0)
    assert job.progress.eta is not None
    await job
    assert [p.done for p in seen] == list(range(1, len(changes) + 1))
    assert job.progress.eta == 0.0


@pytest.mark.parametrize(
    "changes",
    [
        [(1, "OFF")],  # a bare pair: a creative, an ad group or a campaign?
        [ka.CampaignConfigChange(1, "OFF"), "2,OFF"],
        ka.CampaignConfigChange(1, "OFF"),
        "1,OFF",
    ],
)
async def test_only_typed_changes_are_accepted(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient, changes: object
) -> None:
    with pytest.raises(TypeError, match="CampaignConfigChange"):
        await scaled_kakao.moment.set_configs(changes)  # type: ignore[arg-type]
    assert list(scaled_fake.requests) == []


def test_change_types_validate_when_built() -> None:
    with pytest.raises(ValueError, match="campaign_id"):
        ka.CampaignConfigChange(0, "ON")
    with pytest.raises(ValueError, match="ad_group_id"):
        ka.AdGroupConfigChange(-5, "OFF")
    with pytest.raises(ValueError, match="'ON' or 'OFF'"):
        ka.AdAccountConfigChange(1, "DEL")
    with pytest.raises(ValueError, match="ad_account_id"):
        ka.AdGroupConfigChange(1, "ON", ad_account_id=0)
    assert ka.CreativeConfigChange is ka.ConfigChange


async def test_two_clients_sharing_redis_share_every_quota(
    scaled_fake: FakeKakaoServer, redis_url: str
) -> None:
    """Two limiter objects stand for two processes working the same accounts at once."""
    seeded = scaled_fake.seed_hierarchy(
        ad_accounts=[1, 2], campaigns_per_account=2, creatives_per_ad_group=1
    )
    half = everything_off(seeded)
    limiters = [ka.RedisRateLimiter(redis_url, interval=INTERVAL, margin=0.01) for _ in range(2)]
    clients = [
        ka.KakaoClient(DEFAULT_TOKEN, moment_base_url=scaled_fake.base_url, rate_limiter=limiter)
        for limiter in limiters
    ]
    try:
        results = await asyncio.gather(
            clients[0].moment.set_configs(half[::2]), clients[1].moment.set_configs(half[1::2])
        )
    finally:
        for client, limiter in zip(clients, limiters, strict=True):
            await client.aclose()
            await limiter.aclose()
    assert all(r.ok for r in results) and scaled_fake.quota_rejections == {}
    lanes = lane_arrivals(scaled_fake)
    assert min(b - a for times in lanes.values() for a, b in itertools.pairwise(times)) >= INTERVAL
