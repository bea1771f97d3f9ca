"""on_off_arrivals / on_off_gaps / quota_gaps read accepted calls from the fake, in-process or
over HTTP (the JSON of its control API)."""

from __future__ import annotations

import math
from typing import Any

import attrs
import pytest

import kakao_async as ka
from kakao_async.testing import (
    DEFAULT_TOKEN,
    FakeKakaoServer,
    OnOffCall,
    QuotaCall,
    control,
    on_off_arrivals,
    on_off_gaps,
    quota_gaps,
)


def call(account: int, at: float) -> OnOffCall:
    return OnOffCall(user="u", ad_account_id=account, creative_id=1, config="OFF", arrived_at=at)


def test_gaps_per_account_from_objects_and_json() -> None:
    calls = [call(1, 0.0), call(2, 0.1), call(1, 5.2), call(1, 10.3), call(2, 5.0)]
    as_json = [{"ad_account_id": c.ad_account_id, "arrived_at": c.arrived_at} for c in calls]
    for source in (calls, as_json):
        assert on_off_arrivals(source) == {1: [0.0, 5.2, 10.3], 2: [0.1, 5.0]}
        gaps = on_off_gaps(source)
        assert gaps[1] == pytest.approx([5.2, 5.1]) and gaps[2] == pytest.approx([4.9])
    assert on_off_gaps([]) == {} and on_off_gaps([call(3, 1.0)]) == {3: []}


def quota_call(quota: str, account: int, at: float) -> QuotaCall:
    return QuotaCall(
        quota=quota,
        user="u",
        ad_account_id=account,
        object_id=1,
        field="config",
        value="OFF",
        arrived_at=at,
    )


def test_quota_gaps_from_objects_and_json() -> None:
    calls = [
        quota_call("campaigns.onOff", 1, 0.0),
        quota_call("adGroups.onOff", 1, 0.5),
        quota_call("campaigns.onOff", 1, 1.2),
        quota_call("campaigns.onOff", 2, 0.1),
        quota_call("campaigns.onOff", 1, 2.3),
    ]
    as_json = [attrs.asdict(c) for c in calls]
    for source in (calls, as_json):
        gaps = quota_gaps(source)
        assert sorted(gaps) == [
            ("adGroups.onOff", 1),
            ("campaigns.onOff", 1),
            ("campaigns.onOff", 2),
        ]
        assert gaps[("campaigns.onOff", 1)] == pytest.approx([1.2, 1.1])
        assert gaps[("adGroups.onOff", 1)] == [] and gaps[("campaigns.onOff", 2)] == []


async def test_quota_gaps_read_the_control_apis_json_as_the_fakes_own_list() -> None:
    # A fake in another process is read over GET /_fake/quota-calls, as on_off_gaps reads
    # GET /_fake/on-off-calls.
    async with FakeKakaoServer(quotas={"campaigns.onOff": 0.02}) as fake:
        a, b = (fake.add_campaign(ad_account_id=1) for _ in range(2))
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            quotas={"campaigns.onOff": 0.02},
        ) as kakao:
            await kakao.moment.campaigns.set_configs([(a.id, "OFF"), (b.id, "OFF")])
        over_http = await control(fake.base_url, "GET", "/_fake/quota-calls")
        assert quota_gaps(over_http) == quota_gaps(fake.quota_calls)
        assert len(quota_gaps(over_http)[("campaigns.onOff", 1)]) == 1


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ({"ad_account_id": 1, "arrived_at": 1.0}, ka.KakaoInputTypeError),
        ({"quota": "", "ad_account_id": 1, "arrived_at": 1.0}, ka.KakaoInputError),
        ({"quota": "campaigns.onOff", "ad_account_id": 0, "arrived_at": 1.0}, ka.KakaoInputError),
        ({"quota": "campaigns.onOff", "ad_account_id": 1, "arrived_at": "1"}, ka.KakaoInputError),
        (
            {"quota": "campaigns.onOff", "ad_account_id": 1, "arrived_at": math.nan},
            ka.KakaoInputError,
        ),
    ],
)
def test_quota_gaps_check_each_json_call(call: dict[str, Any], error: type) -> None:
    with pytest.raises(error, match="calls"):
        quota_gaps([call])


async def test_on_off_gaps_refuse_the_json_of_quota_calls() -> None:
    # Both JSONs carry ad_account_id and arrived_at: the quota calls' (campaigns, ad groups,
    # every quota mixed per ad account) read as onOff calls gave gaps of no quota at all, and
    # a test of onOff pacing failed, or passed, on them. Their "quota" field tells them apart.
    async with FakeKakaoServer(quotas={"campaigns.onOff": 0.02}) as fake:
        a = fake.add_campaign(ad_account_id=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            quotas={"campaigns.onOff": 0.02},
        ) as kakao:
            await kakao.moment.campaigns.set_config(a.id, "OFF")
        over_http = await control(fake.base_url, "GET", "/_fake/quota-calls")
    assert over_http and over_http[0]["quota"] == "campaigns.onOff"
    for reader in (on_off_gaps, on_off_arrivals):
        with pytest.raises(ka.KakaoInputTypeError, match=r"quota-calls.*quota_gaps"):
            reader(over_http)
