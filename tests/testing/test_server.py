"""The fake server itself: quota enforcement, auth, logs, faults, standalone mode."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

import kakao_async as ka
from kakao_async import KakaoInputError
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault, fake_server_process
from kakao_async.testing._request_log import dump_requests

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}


async def test_on_off_quota_is_enforced_on_arrival_per_token_and_account(
    fake: FakeKakaoServer,
) -> None:
    a = fake.add_moment_creative(ad_account_id=1)
    b = fake.add_moment_creative(ad_account_id=2)
    fake.add_token("other-token")
    url = fake.base_url + "/openapi/v4/creatives/onOff"
    async with aiohttp.ClientSession() as s:
        async with s.put(url, json={"id": a.id, "config": "OFF"}, headers=HEADERS) as r:
            assert r.status == 200
        async with s.put(url, json={"id": a.id, "config": "ON"}, headers=HEADERS) as r:
            assert r.status == 429
            body = await r.json()
            assert body["code"] == -813 and body["extras"]["detailCode"] == 30003
        # Another account, or another user, has its own quota.
        async with s.put(
            url, json={"id": b.id, "config": "OFF"}, headers={**HEADERS, "adAccountId": "2"}
        ) as r:
            assert r.status == 200
        other = {"Authorization": "Bearer other-token", "adAccountId": "1"}
        async with s.put(url, json={"id": str(a.id), "config": "ON"}, headers=other) as r:
            assert r.status == 200  # ids as JSON strings are accepted too
        await asyncio.sleep(fake.on_off_interval)
        async with s.put(url, json={"id": a.id, "config": "OFF"}, headers=HEADERS) as r:
            assert r.status == 200
    assert fake.on_off_rejections == 1
    assert fake.moment_creative(a.id).on_off_history == ["OFF", "ON", "OFF"]


async def test_auth_and_header_errors(fake: FakeKakaoServer) -> None:
    async with aiohttp.ClientSession() as s:
        async with s.get(
            fake.base_url + "/openapi/v4/creatives?adGroupId=1", headers={"adAccountId": "1"}
        ) as r:
            assert r.status == 401 and (await r.json())["code"] == -401
        async with s.get(
            fake.base_url + "/openapi/v4/creatives?adGroupId=1",
            headers={"Authorization": HEADERS["Authorization"]},
        ) as r:
            assert r.status == 400
        fake.revoke_token(DEFAULT_TOKEN)
        async with s.get(fake.base_url + "/openapi/v4/creatives?adGroupId=1", headers=HEADERS) as r:
            assert r.status == 401


async def test_request_log_never_holds_the_token(fake: FakeKakaoServer) -> None:
    async with aiohttp.ClientSession() as s:
        async with s.get(
            fake.base_url + "/openapi/v1/creatives/basic?bizChannelId=1", headers=HEADERS
        ) as r:
            assert r.status == 200
    assert len(fake.requests) == 1
    assert DEFAULT_TOKEN not in repr(list(fake.requests))
    assert DEFAULT_TOKEN not in dump_requests(fake.requests)


async def test_faults_apply_to_matching_requests_only(fake: FakeKakaoServer) -> None:
    fake.fail_next(1, status=500, path="/openapi/v1")
    fake.garbage_next(1, status=200, method="DELETE")
    async with aiohttp.ClientSession() as s:
        async with s.get(fake.base_url + "/openapi/v4/creatives?adGroupId=1", headers=HEADERS) as r:
            assert r.status == 200
        async with s.get(
            fake.base_url + "/openapi/v1/creatives/basic?bizChannelId=1", headers=HEADERS
        ) as r:
            assert r.status == 500
        async with s.delete(fake.base_url + "/openapi/v1/creatives/5", headers=HEADERS) as r:
            assert r.status == 200 and (await r.read()).startswith(b"<html>")
        async with s.get(
            fake.base_url + "/openapi/v1/creatives/basic?bizChannelId=1", headers=HEADERS
        ) as r:
            assert r.status == 200
    assert fake.faults == []


async def test_reset_connection_fault(fake: FakeKakaoServer) -> None:
    fake.reset_next(1)
    async with aiohttp.ClientSession() as s:
        # POST, because aiohttp itself quietly retries an idempotent request once.
        with pytest.raises(aiohttp.ClientError):
            async with s.post(
                fake.base_url + "/openapi/v1/creatives/basic", json={}, headers=HEADERS
            ) as r:
                await r.read()
    assert fake.requests[-1].status == 0


async def test_control_endpoints_and_reset(fake: FakeKakaoServer) -> None:
    async with aiohttp.ClientSession() as s:
        async with s.post(
            fake.base_url + "/_fake/seed", json={"adAccounts": [1, 2], "creativesPerAccount": 3}
        ) as r:
            seeded = await r.json()
        assert sorted(seeded) == ["1", "2"] and len(seeded["1"]) == 3
        cid = seeded["1"][0]
        async with s.put(
            fake.base_url + "/openapi/v4/creatives/onOff",
            json={"id": cid, "config": "OFF"},
            headers=HEADERS,
        ):
            pass
        async with s.get(fake.base_url + "/_fake/stats") as r:
            stats = await r.json()
        assert stats["onOffAccepted"] == 1 and stats["requests"] == 1
        async with s.get(fake.base_url + "/_fake/on-off-calls") as r:
            (call,) = await r.json()
        assert call["creative_id"] == cid and call["config"] == "OFF"
        async with s.post(fake.base_url + "/_fake/config", json={"onOffInterval": 2.5}) as r:
            assert r.status == 200
        assert fake.on_off_interval == 2.5
        async with s.post(fake.base_url + "/_fake/reset") as r:
            assert r.status == 200
    assert fake.state.moment == {} and len(fake.requests) == 0


def test_standalone_server_runs_as_a_module() -> None:
    args = ["--seed-accounts", "2", "--seed-creatives", "2"]
    with fake_server_process(args=args) as url:
        assert url.startswith("http://127.0.0.1:")

        async def probe() -> dict[str, object]:
            async with (
                aiohttp.ClientSession() as s,
                s.get(url + "/openapi/v4/creatives?adGroupId=1", headers=HEADERS) as r,
            ):
                result: dict[str, object] = await r.json()
                return result

        body = asyncio.run(probe())
    assert [c["config"] for c in body["content"]] == ["ON", "ON"]  # type: ignore[index,union-attr]


async def test_record_bodies_keeps_each_requests_json_body_on_its_own_record() -> None:
    """README: ``record_bodies=`` keeps each request's JSON body on ``fake.requests``; every
    record gets its own request's body, also while other requests arrive in between."""
    async with FakeKakaoServer(record_bodies=True, latency=(0.0, 0.02), seed=3) as fake:
        creatives = fake.seed(ad_accounts=[1, 2], creatives_per_account=1)
        bodies = {"1": {"id": creatives[1][0], "config": "OFF"}}
        bodies["2"] = {"id": creatives[2][0], "config": "OFF"}
        url = fake.base_url + "/openapi/v4/creatives/onOff"
        created = {"bizChannelId": 1, "name": "n", "title": "t", "description": "d"}
        async with aiohttp.ClientSession() as s:

            async def put(account: str) -> None:
                headers = {**HEADERS, "adAccountId": account}
                async with s.put(url, json=bodies[account], headers=headers) as r:
                    assert r.status == 200

            async def create(name: str) -> None:
                body = {**created, "name": name}
                post = fake.base_url + "/openapi/v1/creatives/basic"
                async with s.post(post, json=body, headers=HEADERS) as r:
                    assert r.status == 200

            await asyncio.gather(put("1"), put("2"), create("a"), create("b"))
            async with s.get(fake.base_url + "/openapi/v4/creatives/1001", headers=HEADERS) as r:
                assert r.status == 200
        by_request = {(r.method, r.ad_account_id, r.path): r.body for r in fake.requests}
        assert by_request["PUT", "1", "/openapi/v4/creatives/onOff"] == bodies["1"]
        assert by_request["PUT", "2", "/openapi/v4/creatives/onOff"] == bodies["2"]
        posts = [r.body for r in fake.requests if r.method == "POST"]
        assert sorted(b["name"] for b in posts) == ["a", "b"]
        assert by_request["GET", "1", "/openapi/v4/creatives/1001"] is None


@pytest.mark.parametrize(
    "options",
    [
        {"latency": (0.2, 0.1)},
        {"latency": (-0.1, 0.1)},
        {"latency": 0.1},
        {"latency": (0.0, float("inf"))},
        {"tokens": "fake-kakao-token"},
        {"tokens": [""]},
        {"tokens": [b"token"]},
        # The client talks plain http to loopback hosts only: a fake elsewhere is unreachable.
        {"host": "8.8.8.8"},
        {"host": "example.com"},
    ],
    ids=repr,
)
def test_options_the_control_api_refuses_are_refused_in_python_too(options: dict) -> None:
    """The same latency and tokens ``POST /_fake/config`` answers 400 for (a string of tokens
    would otherwise be read character by character, every real token then answered 401), and
    a host the client cannot reach (it sends plain http to loopback hosts only)."""
    with pytest.raises(KakaoInputError):
        FakeKakaoServer(**options)


async def test_latency_set_later_is_checked_too(fake: FakeKakaoServer) -> None:
    with pytest.raises(KakaoInputError):
        fake.latency = (1.0, 0.0)
    with pytest.raises(KakaoInputError):
        fake.add_token("")
    assert fake.latency == (0.0, 0.0)


@pytest.mark.parametrize("count", [0, -1])
async def test_a_fault_for_no_request_is_refused(fake: FakeKakaoServer, count: int) -> None:
    """``POST /_fake/faults`` answers ``count`` 0 with 400; in Python it queued a fault that
    never applied and never left the queue."""
    with pytest.raises(KakaoInputError):
        fake.fail_next(count)
    with pytest.raises(KakaoInputError):
        fake.inject(Fault(kind="reset", remaining=count))
    assert fake.faults == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
async def test_every_loopback_host_it_accepts_gives_a_base_url_the_client_reaches(
    host: str,
) -> None:
    """``::1`` is accepted as a loopback host, so its base URL must be one the client takes:
    an IPv6 address goes in brackets, or ``http://::1:8080`` is not a URL."""
    async with FakeKakaoServer(host=host, port=0) as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
        ) as kakao:
            assert (await kakao.moment.creatives.get(creative.id)).id == creative.id


async def test_a_stalled_request_whose_client_gave_up_ends_without_a_server_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A client that times out during ``stall_next`` is what the fault is for: the fake drops
    the request quietly, not with aiohttp's "Error handling request" traceback."""
    async with FakeKakaoServer(on_off_interval=0.05) as fake:
        c = fake.add_moment_creative(ad_account_id=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            on_off_interval=0.05,
            retry=ka.RetryPolicy(attempts=1),
        ) as kakao:
            fake.stall_next(1, seconds=0.3, method="PUT")
            with pytest.raises(ka.KakaoTimeoutError):
                await kakao.moment.creatives.set_config(c.id, "OFF", timeout=0.1)
            await asyncio.sleep(0.4)  # the stall ends with the client gone
        assert fake.moment_creative(c.id).config == "ON"  # dropped, not applied
    errors = [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    assert errors == [], [r.getMessage() for r in errors]
