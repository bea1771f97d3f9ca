"""kakao.moment.ad_groups.create / update (``POST``/``PUT /openapi/v4/adGroups``, one quota)
against the fake over loopback HTTP."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from aiohttp import web

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, quota_gaps
from tests.conftest import INTERVAL
from tests.loopback import serve

_PATH = "/openapi/v4/adGroups"


def _new(campaign_id: int, name: str = "spring sale", **fields: Any) -> dict[str, Any]:
    return {"campaign": {"id": campaign_id}, "name": name, **fields}


async def test_create_then_get(scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient) -> None:
    campaign = scaled_fake.add_campaign(ad_account_id=1, name="spring")
    groups = scaled_kakao.moment.ad_groups
    body = _new(
        campaign.id,
        pricingType="CPM",
        bidAmount=300,
        dailyBudgetAmount=50_000,
        targeting={"ageType": "ALL", "genderType": "ALL"},  # kept as sent, not modelled
    )
    created = await groups.create(body)
    assert created.id > 0 and created.name == "spring sale"
    assert created.campaign is not None and created.campaign.id == campaign.id
    fetched = await groups.get(created.id)
    assert (fetched.name, fetched.pricing_type) == ("spring sale", "CPM")
    assert (fetched.bid_amount, fetched.daily_budget_amount) == (300, 50_000)
    assert scaled_fake.requests[0].method == "POST"
    call = scaled_fake.quota_calls[0]
    assert (call.quota, call.object_id, call.value) == ("adGroups.write", created.id, body)


async def test_update_then_get(scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient) -> None:
    campaign = scaled_fake.add_campaign(ad_account_id=1)
    g = scaled_fake.add_ad_group(campaign_id=campaign.id, name="old", bid_amount=100)
    groups = scaled_kakao.moment.ad_groups
    updated = await groups.update({"id": g.id, "name": "new", "bidAmount": 450})
    assert (updated.id, updated.name, updated.bid_amount) == (g.id, "new", 450)
    fetched = await groups.get(g.id)
    assert (fetched.name, fetched.bid_amount) == ("new", 450)
    assert scaled_fake.requests[0].method == "PUT"


async def test_two_creates_and_an_update_share_one_quota_spaced_by_its_interval(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    campaign = scaled_fake.add_campaign(ad_account_id=1)
    g = scaled_fake.add_ad_group(campaign_id=campaign.id)
    groups = scaled_kakao.moment.ad_groups
    made = await asyncio.gather(
        groups.create(_new(campaign.id, "a")),
        groups.create(_new(campaign.id, "b")),
        groups.update({"id": g.id, "name": "c"}),
    )
    assert sorted(x.name or "" for x in made) == ["a", "b", "c"]
    assert scaled_fake.quota_rejections == {}
    assert [r.status for r in scaled_fake.requests] == [200, 200, 200]
    gaps = quota_gaps(scaled_fake.quota_calls)
    assert list(gaps) == [("adGroups.write", 1)] and len(gaps["adGroups.write", 1]) == 2
    assert min(gaps["adGroups.write", 1]) >= INTERVAL


async def test_the_fake_refuses_a_create_that_arrives_too_early() -> None:
    # The server enforces the quota by itself: a client without a limiter meets its 429.
    async with FakeKakaoServer(quotas={"adGroups.write": 60.0}) as fake:
        campaign = fake.add_campaign(ad_account_id=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            quotas={"adGroups.write": 0.01},
        ) as kakao:
            await kakao.moment.ad_groups.create(_new(campaign.id))
            with pytest.raises(ka.KakaoRateLimitError) as caught:
                await kakao.moment.ad_groups.create(_new(campaign.id), timeout=0.5)
        assert caught.value.code == -813
        assert fake.quota_rejections["adGroups.write"] >= 1
        assert len(fake.state.hierarchy.ad_groups) == 1


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda g: g.create([("name", "x")]), TypeError),
        (lambda g: g.create("name=x"), TypeError),
        (lambda g: g.create(None), TypeError),
        (lambda g: g.update([("id", 1)]), TypeError),
        (lambda g: g.create({"name": "x"}), ValueError),  # no campaign
        (lambda g: g.create({"campaign": 5, "name": "x"}), ValueError),
        (lambda g: g.create({"campaign": {"id": 0}, "name": "x"}), ValueError),
        (lambda g: g.create({"campaign": {"id": "abc"}, "name": "x"}), TypeError),
        (lambda g: g.create({"campaign": {"id": 1}}), ValueError),  # no name
        (lambda g: g.create({"campaign": {"id": 1}, "name": "  "}), ValueError),
        (lambda g: g.create({"campaign": {"id": 1}, "name": "x", "id": 3}), ValueError),
        (lambda g: g.create({"campaign": {"id": 1}, "name": "x", 1: 2}), TypeError),
        (lambda g: g.create({"campaign": {"id": 1}, "name": "x", "bid": object()}), TypeError),
        (lambda g: g.create({"campaign": {"id": 1}, "name": "x", "bid": float("nan")}), TypeError),
        # Not UTF-8 (a lone surrogate, as a bad decode leaves): a bare UnicodeEncodeError at
        # the quota turn, from inside the requester.
        (lambda g: g.create({"campaign": {"id": 1}, "name": "ad\ud800"}), ValueError),
        (lambda g: g.update({"id": 4, "targeting": {"tags": ["\udfff"]}}), ValueError),
        (lambda g: g.update({"name": "x"}), ValueError),  # no id
        (lambda g: g.update({"id": True}), TypeError),
        (lambda g: g.update({"id": -4}), ValueError),
        (lambda g: g.update({"id": 4, "name": ""}), ValueError),
        (lambda g: g.update({"id": 4}, ad_account_id=0), ValueError),
        (lambda g: g.create({"campaign": {"id": 1}, "name": "x"}, timeout=0), ValueError),
    ],
)
async def test_bad_bodies_are_refused_before_any_request(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient, call: Any, error: type
) -> None:
    with pytest.raises(error) as caught:
        await call(scaled_kakao.moment.ad_groups)
    assert isinstance(caught.value, ka.KakaoInputError)
    assert list(scaled_fake.requests) == []


async def test_the_fake_answers_a_missing_field_with_kakaos_400(
    scaled_fake: FakeKakaoServer,
) -> None:
    # Straight over HTTP: the client would refuse these bodies before sending them.
    headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}
    async with aiohttp.ClientSession() as session:
        for method, body in (("POST", {"name": "x"}), ("POST", {"campaign": {"id": 1}})):
            async with session.request(
                method, scaled_fake.base_url + _PATH, json=body, headers=headers
            ) as resp:
                assert resp.status == 400
                answer = await resp.json()
            assert answer["code"] == -813 and "detailMsg" in answer["extras"]
        async with session.put(scaled_fake.base_url + _PATH, json={}, headers=headers) as resp:
            assert resp.status == 400 and (await resp.json())["code"] == -813
    assert scaled_fake.quota_calls == [] and scaled_fake.quota_rejections == {}


async def test_unknown_campaign_and_ad_group_are_kakaos_not_found(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    groups = scaled_kakao.moment.ad_groups
    with pytest.raises(ka.KakaoAPIError) as caught:
        await groups.create(_new(999_999))
    assert caught.value.detail_code == 31001
    with pytest.raises(ka.KakaoAPIError) as caught:
        await groups.update({"id": 999_999, "name": "x"})
    assert caught.value.detail_code == 32026
    assert scaled_fake.state.hierarchy.ad_groups == {}


async def test_a_create_is_not_retried_after_a_503_but_an_update_is(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient
) -> None:
    campaign = scaled_fake.add_campaign(ad_account_id=1)
    g = scaled_fake.add_ad_group(campaign_id=campaign.id)
    groups = scaled_kakao.moment.ad_groups
    scaled_fake.fail_next(1, status=503, method="POST", path=_PATH)
    with pytest.raises(ka.KakaoServerError):
        await groups.create(_new(campaign.id))
    assert [(r.method, r.status) for r in scaled_fake.requests] == [("POST", 503)]
    scaled_fake.fail_next(1, status=503, method="PUT", path=_PATH)
    updated = await groups.update({"id": g.id, "name": "renamed"})
    assert updated.name == "renamed" and g.name == "renamed"
    assert [(r.method, r.status) for r in scaled_fake.requests][1:] == [
        ("PUT", 503),
        ("PUT", 200),
    ]


async def test_the_request_bodies_go_out_as_given() -> None:
    answer = {"id": 21, "name": "x"}

    async def ok(request: web.Request) -> web.Response:
        return web.json_response(answer)

    async with serve(ok) as (url, seen):
        async with ka.KakaoClient(
            "t", ad_account_id=7, moment_base_url=url, quotas={"adGroups.write": 0.01}
        ) as kakao:
            body: dict[str, Any] = {"campaign": {"id": "12"}, "name": "x", "placements": ["A"]}
            await kakao.moment.ad_groups.create(body)
            body["name"] = "changed after the call"  # what was sent was a copy
            await kakao.moment.ad_groups.update({"id": "21", "name": "x"})
    assert [(m, p, json.loads(b)) for m, p, b in seen.requests] == [
        ("POST", _PATH, {"campaign": {"id": 12}, "name": "x", "placements": ["A"]}),
        ("PUT", _PATH, {"id": 21, "name": "x"}),
    ]
