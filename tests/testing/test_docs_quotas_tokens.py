"""docs/testing.md, "Quotas" and "Tokens and OAuth", over raw loopback HTTP: the onOff quota
per (user, ad account) on arrival, a refreshed token sharing its predecessor's quota, report
and write quotas and their counters, tokens, and the OAuth endpoint's answers."""

from __future__ import annotations

import collections
from typing import Any

import aiohttp
import pytest

from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, QuotaCall, ReportCall

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}
ON_OFF = "/openapi/v4/creatives/onOff"


async def call(
    fake: FakeKakaoServer, method: str, path: str, body: Any = None, **headers: str
) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as s:
        async with s.request(
            method, fake.base_url + path, json=body, headers={**HEADERS, **headers}
        ) as r:
            return r.status, await r.json(content_type=None)


async def refresh(fake: FakeKakaoServer, **form: str) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as s:
        async with s.post(fake.base_url + "/oauth/token", data=form) as r:
            return r.status, await r.json()


async def test_on_off_too_early_is_429_and_does_not_move_the_window() -> None:
    async with FakeKakaoServer(on_off_interval=5.0) as fake:
        a, b = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        assert (await call(fake, "PUT", ON_OFF, {"id": a, "config": "OFF"}))[0] == 200
        status, body = await call(fake, "PUT", ON_OFF, {"id": b, "config": "OFF"})
        assert status == 429 and body["code"] == -813 and body["extras"]["detailCode"] == 30003
        assert fake.on_off_rejections == 1 and len(fake.on_off_calls) == 1
        # The window is still the first call's: the accepted call's arrival did not move.
        key = (fake.on_off_calls[0].user, 1)
        assert fake.quotas.windows("creatives.onOff").last_accepted[key] == (
            fake.on_off_calls[0].arrived_at
        )
        assert fake.moment_creative(b).config == "ON"


async def test_a_refreshed_token_shares_its_predecessors_quota() -> None:
    async with FakeKakaoServer(on_off_interval=5.0) as fake:
        fake.add_oauth_client(client_id="app", refresh_token="r", rotate=True)
        a, b = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        status, first = await refresh(
            fake, grant_type="refresh_token", client_id="app", refresh_token="r"
        )
        assert status == 200 and first["refresh_token"] != "r"  # rotated
        status, second = await refresh(
            fake, grant_type="refresh_token", client_id="app", refresh_token=first["refresh_token"]
        )
        assert status == 200 and second["access_token"] != first["access_token"]
        old = f"Bearer {first['access_token']}"
        new = f"Bearer {second['access_token']}"
        assert (await call(fake, "PUT", ON_OFF, {"id": a, "config": "OFF"}, Authorization=old))[
            0
        ] == 200
        status, _ = await call(fake, "PUT", ON_OFF, {"id": b, "config": "OFF"}, Authorization=new)
        assert status == 429
        # The old refresh token was rotated away.
        status, refused = await refresh(
            fake, grant_type="refresh_token", client_id="app", refresh_token="r"
        )
        assert status == 400 and refused["error_code"] == "KOE322"
        assert fake.token_refreshes == 2 and fake.oauth_requests == 3


async def test_refused_refreshes_get_kakaos_oauth_errors() -> None:
    async with FakeKakaoServer() as fake:
        fake.add_oauth_client(client_id="app", refresh_token="r", client_secret="s")
        cases = [
            ({"grant_type": "password"}, 400, "KOE310"),
            (
                {"grant_type": "refresh_token", "client_id": "nope", "refresh_token": "r"},
                401,
                "KOE010",
            ),
            (
                {
                    "grant_type": "refresh_token",
                    "client_id": "app",
                    "refresh_token": "r",
                    "client_secret": "x",
                },
                401,
                "KOE010",
            ),
            (
                {
                    "grant_type": "refresh_token",
                    "client_id": "app",
                    "refresh_token": "x",
                    "client_secret": "s",
                },
                400,
                "KOE322",
            ),
        ]
        for form, status, code in cases:
            got, body = await refresh(fake, **form)
            assert (got, body["error_code"]) == (status, code)
        assert fake.token_refreshes == 0 and fake.oauth_requests == 4
        ok = {
            "grant_type": "refresh_token",
            "client_id": "app",
            "refresh_token": "r",
            "client_secret": "s",
        }
        status, body = await refresh(fake, **ok)
        assert status == 200 and "refresh_token" not in body  # rotate=False
        fake.add_ad_account(id=1)
        token = f"Bearer {body['access_token']}"
        assert (await call(fake, "GET", "/openapi/v4/adAccounts/1", Authorization=token))[0] == 200
        fake.expire_access_tokens()
        status, answer = await call(fake, "GET", "/openapi/v4/adAccounts/1", Authorization=token)
        assert status == 401 and answer["code"] == -401
        assert (await call(fake, "GET", "/openapi/v4/adAccounts/1"))[0] == 200  # not issued: kept


async def test_add_and_revoke_tokens() -> None:
    async with FakeKakaoServer(tokens=["token-a"]) as fake:
        fake.add_ad_account(id=1)
        b = {"Authorization": "Bearer token-b"}
        assert (await call(fake, "GET", "/openapi/v4/adAccounts/1", **b))[0] == 401
        fake.add_token("token-b")
        assert (await call(fake, "GET", "/openapi/v4/adAccounts/1", **b))[0] == 200
        fake.revoke_token("token-b")
        status, body = await call(fake, "GET", "/openapi/v4/adAccounts/1", **b)
        assert status == 401 and body["code"] == -401


async def test_reports_are_quotad_per_account_and_per_app() -> None:
    async with FakeKakaoServer(quotas={"reports.account": 5.0, "reports.app": 5.0}) as fake:
        path = "/openapi/v4/adAccounts/report?datePreset=TODAY"
        assert (await call(fake, "GET", path))[0] == 200
        status, body = await call(fake, "GET", path)
        assert status == 429 and body["code"] == -813 and body["extras"]["detailCode"] == 30005
        assert (await call(fake, "GET", path, adAccountId="2"))[0] == 200  # its own window
        many = "/openapi/v4/adAccounts/report?datePreset=TODAY&adAccountId=1,2"
        assert (await call(fake, "GET", many))[0] == 200
        assert (await call(fake, "GET", many, adAccountId="3"))[0] == 429  # one per app
        assert len(fake.report_calls) == 3 and fake.report_rejections == 2
        assert all(isinstance(c, ReportCall) for c in fake.report_calls)
        assert fake.quota_rejections == collections.Counter()  # reports are counted apart


async def test_writes_are_quotad_by_their_declarations() -> None:
    async with FakeKakaoServer(quotas={"campaigns.onOff": 5.0}) as fake:
        campaign = fake.add_campaign(ad_account_id=1)
        assert fake.quotas["adGroups.bidAmount"].interval == 1.0  # Kakao's, by default
        body = {"id": campaign.id, "config": "OFF"}
        assert (await call(fake, "PUT", "/openapi/v4/campaigns/onOff", body))[0] == 200
        status, answer = await call(fake, "PUT", "/openapi/v4/campaigns/onOff", body)
        assert status == 429 and answer["code"] == -813
        assert isinstance(fake.quota_rejections, collections.Counter)
        assert fake.quota_rejections["campaigns.onOff"] == 1
        assert fake.quota_rejections["adGroups.onOff"] == 0
        (accepted,) = fake.quota_calls
        assert isinstance(accepted, QuotaCall)
        assert (accepted.quota, accepted.object_id, accepted.field, accepted.value) == (
            "campaigns.onOff",
            campaign.id,
            "config",
            "OFF",
        )


@pytest.mark.parametrize("value", [-1, "x", None])
async def test_on_off_interval_is_checked_when_changed(value: Any) -> None:
    import kakao_async as ka

    async with FakeKakaoServer() as fake:
        with pytest.raises(ka.KakaoInputError):
            fake.on_off_interval = value
        assert fake.on_off_interval == 5.0
