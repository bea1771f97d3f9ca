"""docs/testing.md, "The HTTP control API": each endpoint of the table, with the rules above it
(no token, never faulted or delayed, not logged; an empty body is ``{}``; the ``Content-Type`` is
not looked at; a bad body is 400 ``{"error": ...}`` and changes nothing)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}


async def control(
    fake: FakeKakaoServer, method: str, path: str, data: bytes | None = None, **headers: str
) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as s:
        async with s.request(method, fake.base_url + path, data=data, headers=headers) as r:
            return r.status, await r.json(content_type=None)


def body(value: Any) -> bytes:
    return json.dumps(value).encode()


async def test_no_token_never_faulted_nor_delayed_nor_logged() -> None:
    async with FakeKakaoServer(latency=(5.0, 5.0)) as fake:  # an API call would take 10 s
        fake.fail_next(10, status=500)
        fake.chaos(1.0, kinds=["reset"])
        for path in ("/_fake/stats", "/_fake/requests", "/_fake/quotas"):
            assert (await control(fake, "GET", path))[0] == 200
        assert (await control(fake, "POST", "/_fake/seed", body({"adAccounts": [1]})))[0] == 200
        assert len(fake.requests) == 0 and fake.stats()["requests"] == 0
        assert fake.faults[0].remaining == 10


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
async def test_the_content_type_is_not_looked_at(content_type: str | None) -> None:
    async with FakeKakaoServer() as fake:
        headers = {} if content_type is None else {"Content-Type": content_type}
        status, answer = await control(
            fake,
            "POST",
            "/_fake/seed",
            body({"adAccounts": [3], "creativesPerAccount": 1}),
            **headers,
        )
        assert (status, answer) == (200, {"3": [1001]})


async def test_an_empty_body_counts_as_an_empty_object() -> None:
    async with FakeKakaoServer() as fake:
        assert await control(fake, "POST", "/_fake/reset") == (200, {})
        assert await control(fake, "POST", "/_fake/config", b"") == (200, {})
        status, answer = await control(fake, "POST", "/_fake/seed", b"  ")
        assert status == 400 and "adAccounts" in answer["error"]  # required


@pytest.mark.parametrize(
    ("path", "sent"),
    [
        ("/_fake/seed", b"adAccounts=1"),
        ("/_fake/seed", body([1, 2])),
        ("/_fake/seed", body({"creativesPerAccount": 1})),
        ("/_fake/seed", body({"adAccounts": ["1"]})),
        ("/_fake/seed", body({"adAccounts": [1], "creativesPerAcount": 3})),
        ("/_fake/seed", body({"adAccounts": [1, 1]})),
        ("/_fake/seed-hierarchy", body({"adAccounts": [1], "campaignsPerAccount": -1})),
        ("/_fake/seed-hierarchy", body({"adAccounts": [1], "extra": 1})),
        ("/_fake/seed-keyword", body({"bizChannelId": 7})),
        ("/_fake/seed-keyword", body({"adAccount": 1, "count": "3"})),
        ("/_fake/faults", body({"kind": "explode"})),
        ("/_fake/faults", body({"kind": "status", "status": "503"})),
        ("/_fake/faults", body({"kind": "status", "count": 0})),
        ("/_fake/faults", body({"kind": "status", "path": "openapi"})),
        ("/_fake/faults", body({"kind": "status", "typo": 1})),
        ("/_fake/config", body({"latency": 0.1})),
        ("/_fake/config", body({"latency": [0.2, 0.1]})),
        ("/_fake/config", body({"onOffInterval": -1})),
        ("/_fake/config", body({"onOffInterval": 0.5, "chaos": {"rate": 2}})),
        ("/_fake/config", body({"onOffInterval": 0.5, "chaos": {"rate": 0.1, "kinds": ["x"]}})),
        ("/_fake/config", body({"tokens": ["new-token"], "quotas": {"nope": 1}})),
        ("/_fake/config", body({"quotas": {"campaigns.onOff": {"interval": 1, "scope": "x"}}})),
        ("/_fake/config", body({"quotas": {"campaigns.onOff": {"seconds": 1}}})),
        ("/_fake/reset", body({"all": True})),
    ],
)
async def test_a_bad_body_is_400_with_the_reason_and_changes_nothing(
    path: str, sent: bytes
) -> None:
    async with FakeKakaoServer() as fake:
        before = (fake.on_off_interval, fake.latency, dict(fake.quotas), fake.fault_queue.chaos)
        fake.add_ad_account(id=1)
        status, answer = await control(fake, "POST", path, sent)
        assert status == 400 and isinstance(answer["error"], str) and answer["error"]
        assert list(answer) == ["error"]
        after = (fake.on_off_interval, fake.latency, dict(fake.quotas), fake.fault_queue.chaos)
        assert after == before and fake.faults == []
        assert not fake.state.moment and not fake.state.keyword
        assert not fake.state.hierarchy.campaigns
        assert fake.credentials.user_of("new-token") is None
        assert fake.ad_account(1)  # a bad reset body reset nothing


async def test_seed_and_seed_hierarchy_and_seed_keyword_answers() -> None:
    async with FakeKakaoServer() as fake:
        status, seeded = await control(
            fake,
            "POST",
            "/_fake/seed",
            body({"adAccounts": [1], "creativesPerAccount": 2, "adGroupId": 5}),
        )
        assert (status, seeded) == (200, {"1": [1001, 1002]})
        assert fake.moment_creative(1001).ad_group_id == 5
        status, tree = await control(
            fake,
            "POST",
            "/_fake/seed-hierarchy",
            body(
                {
                    "adAccounts": [2],
                    "campaignsPerAccount": 1,
                    "adGroupsPerCampaign": 2,
                    "creativesPerAdGroup": 1,
                }
            ),
        )
        assert status == 200
        assert tree == {
            "2": {"campaigns": [1003], "adGroups": [1004, 1006], "creatives": [1005, 1007]}
        }
        status, keyword = await control(
            fake,
            "POST",
            "/_fake/seed-keyword",
            body({"adAccount": 1, "bizChannelId": 7, "count": 3}),
        )
        assert (status, keyword) == (200, {"count": 3, "first": 1008})
        assert fake.keyword_creative(1010).biz_channel_id == 7
        status, none = await control(
            fake, "POST", "/_fake/seed-keyword", body({"adAccount": 1, "count": 0})
        )
        assert (status, none) == (200, {"count": 0, "first": None})


async def test_faults_over_http_take_every_documented_field() -> None:
    async with FakeKakaoServer() as fake:
        fields = {
            "kind": "status",
            "status": 429,
            "code": -813,
            "detailCode": 1,
            "retryAfter": 2,
            "method": "get",
            "path": "/openapi",
            "count": 2,
        }
        assert await control(fake, "POST", "/_fake/faults", body(fields)) == (200, {})
        (fault,) = fake.faults
        assert (fault.status, fault.code, fault.detail_code, fault.retry_after) == (429, -813, 1, 2)
        assert (fault.method, fault.path, fault.remaining) == ("GET", "/openapi", 2)
        stall = {"kind": "stall", "seconds": 0.5}
        assert await control(fake, "POST", "/_fake/faults", body(stall)) == (200, {})
        assert fake.faults[1].seconds == 0.5
        canned = {
            "kind": "body",
            "status": 200,
            "body": "<html>m</html>",
            "contentType": "text/html",
        }
        assert await control(fake, "POST", "/_fake/faults", body(canned)) == (200, {})
        assert (fake.faults[2].body, fake.faults[2].content_type) == (
            b"<html>m</html>",
            "text/html",
        )


async def test_a_content_type_without_a_body_applies_as_in_process() -> None:
    """``Fault(kind="body", content_type=...)`` keeps the default body with that type; over
    HTTP, ``contentType`` without ``body`` was accepted and silently dropped."""
    async with FakeKakaoServer() as fake:
        sent = body({"kind": "body", "contentType": "application/json"})
        assert await control(fake, "POST", "/_fake/faults", sent) == (200, {})
        (fault,) = fake.faults
        assert fault.content_type == "application/json"
        assert fault.body == b"<html><body>502 Bad Gateway</body></html>"
        status, answer = await control(
            fake, "POST", "/_fake/faults", body({"kind": "body", "contentType": 5})
        )
        assert status == 400 and "contentType" in answer["error"]


async def test_config_applies_every_field() -> None:
    async with FakeKakaoServer() as fake:
        settings = {
            "onOffInterval": 0.5,
            "latency": [0.0, 0.001],
            "tokens": ["second-token"],
            "chaos": {"rate": 0.1, "kinds": ["status", "429"], "stallSeconds": 0.2},
            "quotas": {
                "campaigns.onOff": 0.25,
                "adGroups.onOff": {"interval": 0.75, "scope": "account"},
            },
        }
        assert await control(fake, "POST", "/_fake/config", body(settings)) == (200, {})
        assert fake.on_off_interval == 0.5 and fake.latency == (0.0, 0.001)
        assert fake.credentials.user_of("second-token") is not None
        assert fake.credentials.user_of(DEFAULT_TOKEN) is not None  # added, not replaced
        assert fake.fault_queue.chaos == (0.1, ("status", "429"), 0.2)
        assert fake.quotas["campaigns.onOff"].interval == 0.25
        assert (fake.quotas["adGroups.onOff"].interval, fake.quotas["adGroups.onOff"].scope) == (
            0.75,
            "account",
        )
        assert await control(fake, "POST", "/_fake/config", body({"chaos": {"rate": 0}})) == (
            200,
            {},
        )
        assert fake.fault_queue.chaos is None
        _, quotas = await control(fake, "GET", "/_fake/quotas")
        assert quotas["adGroups.onOff"] == {"interval": 0.75, "scope": "account", "rejected": 0}
        assert set(quotas) == set(fake.quotas)


async def test_the_reads() -> None:
    async with FakeKakaoServer(on_off_interval=5.0) as fake:
        a, b = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        campaign = fake.add_campaign(ad_account_id=1)
        async with aiohttp.ClientSession() as s:
            for creative in (a, b):
                async with s.put(
                    fake.base_url + "/openapi/v4/creatives/onOff",
                    json={"id": creative, "config": "OFF"},
                    headers=HEADERS,
                ):
                    pass
            async with s.put(
                fake.base_url + "/openapi/v4/campaigns/onOff",
                json={"id": campaign.id, "config": "OFF"},
                headers=HEADERS,
            ):
                pass
        _, stats = await control(fake, "GET", "/_fake/stats")
        assert stats == {
            "requests": 3,
            "onOffAccepted": 1,
            "onOffRejected": 1,
            "quotaAccepted": {"creatives.onOff": 1, "campaigns.onOff": 1},
            "quotaRejected": {"creatives.onOff": 1},
            "reportsAccepted": 0,
            "reportsRejected": 0,
            "statuses": {"200": 2, "429": 1},
            "chaosInjected": {},
        }
        _, calls = await control(fake, "GET", "/_fake/on-off-calls")
        assert [sorted(c) for c in calls] == [
            sorted(["user", "ad_account_id", "creative_id", "config", "arrived_at"])
        ]
        assert (calls[0]["ad_account_id"], calls[0]["creative_id"], calls[0]["config"]) == (
            1,
            a,
            "OFF",
        )
        _, writes = await control(fake, "GET", "/_fake/quota-calls")
        assert sorted(writes[0]) == sorted(
            ["quota", "user", "ad_account_id", "object_id", "field", "value", "arrived_at"]
        )
        assert (writes[0]["quota"], writes[0]["object_id"], writes[0]["value"]) == (
            "campaigns.onOff",
            campaign.id,
            "OFF",
        )
        _, log = await control(fake, "GET", "/_fake/requests")
        assert sorted(log[0]) == sorted(
            ["method", "path", "query", "ad_account_id", "user", "arrived_at", "status"]
        )
        assert [r["status"] for r in log] == [200, 429, 200]
        assert DEFAULT_TOKEN not in json.dumps(log)


async def test_a_request_in_flight_at_a_reset_is_not_counted_again() -> None:
    async with FakeKakaoServer() as fake:
        fake.add_ad_account(id=1)
        fake.stall_next(1, seconds=0.3)
        async with aiohttp.ClientSession() as s:
            pending = asyncio.ensure_future(
                s.get(fake.base_url + "/openapi/v4/adAccounts/1", headers=HEADERS)
            )
            for _ in range(500):  # until it is logged, and so stalled
                if fake.requests:
                    break
                await asyncio.sleep(0.01)
            assert fake.stats()["statuses"] == {0: 1}
            fake.reset()
            fake.add_ad_account(id=1)
            async with await pending as answer:
                assert answer.status == 200
        _, stats = await control(fake, "GET", "/_fake/stats")
        assert (stats["requests"], stats["statuses"]) == (0, {})
