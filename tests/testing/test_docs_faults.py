"""docs/testing.md, "Faults and latency", over raw loopback HTTP: each sentence and each row of
the kinds table, as a user reads them."""

from __future__ import annotations

import asyncio
import json
from http import HTTPStatus
from typing import Any

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.testing import CHAOS_KINDS, DEFAULT_TOKEN, FAULT_KINDS, FakeKakaoServer, Fault

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}


async def get(
    fake: FakeKakaoServer, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    async with aiohttp.ClientSession() as s:
        async with s.get(
            fake.base_url + path, headers=HEADERS if headers is None else headers
        ) as r:
            return r.status, dict(r.headers), await r.read()


async def put(fake: FakeKakaoServer, path: str, body: Any) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as s:
        async with s.put(fake.base_url + path, json=body, headers=HEADERS) as r:
            return r.status, await r.json(content_type=None)


async def test_a_fault_answers_before_authentication_and_before_the_quota() -> None:
    async with FakeKakaoServer(on_off_interval=5.0) as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        fake.fail_next(1, status=503)
        # No token at all: the fault answers, not the 401.
        status, _, _ = await get(fake, f"/openapi/v4/creatives/{creative.id}", headers={})
        assert status == 503
        fake.fail_next(1, status=503, method="PUT")
        status, _ = await put(
            fake, "/openapi/v4/creatives/onOff", {"id": creative.id, "config": "OFF"}
        )
        assert status == 503
        # The faulted onOff did not open a window: the next is accepted at once.
        status, _ = await put(
            fake, "/openapi/v4/creatives/onOff", {"id": creative.id, "config": "OFF"}
        )
        assert status == 200
        assert fake.on_off_rejections == 0 and len(fake.on_off_calls) == 1


async def test_control_and_oauth_endpoints_are_never_faulted() -> None:
    async with FakeKakaoServer() as fake:
        fake.fail_next(5, status=500)
        fake.chaos(1.0, kinds=["status"])
        async with aiohttp.ClientSession() as s:
            async with s.get(fake.base_url + "/_fake/stats") as r:
                assert r.status == 200
            async with s.post(fake.base_url + "/oauth/token", data={"grant_type": "x"}) as r:
                assert r.status == 400  # the OAuth endpoint's own answer (KOE310)
                assert (await r.json())["error_code"] == "KOE310"
        assert fake.faults[0].remaining == 5 and sum(fake.chaos_injected.values()) == 0


async def test_method_matches_upper_cased_and_path_as_a_prefix() -> None:
    async with FakeKakaoServer() as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        fault = fake.fail_next(1, status=HTTPStatus.NOT_FOUND, method="get", path="/openapi/v4/cr")
        assert (fault.method, fault.status, type(fault.status)) == ("GET", 404, int)
        status, _ = await put(
            fake, "/openapi/v4/creatives/onOff", {"id": creative.id, "config": "OFF"}
        )
        assert status == 200  # a PUT: not matched
        fake.add_ad_account(id=1)
        status, _, _ = await get(fake, "/openapi/v4/adAccounts/1")
        assert status == 200 and fake.faults  # another path: not matched
        status, _, _ = await get(fake, f"/openapi/v4/creatives/{creative.id}")
        assert status == 404 and not fake.faults


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"kind": "explode"}, ka.KakaoInputError),
        ({"kind": "status", "status": "503"}, ka.KakaoInputTypeError),
        ({"kind": "status", "status": 99}, ka.KakaoInputError),
        ({"kind": "body", "body": "text"}, ka.KakaoInputTypeError),
        ({"kind": "status", "path": "openapi"}, ka.KakaoInputError),
        ({"kind": "status", "method": 5}, ka.KakaoInputTypeError),
        ({"kind": "stall", "seconds": -1}, ka.KakaoInputError),
        ({"kind": "status", "retry_after": "soon"}, ka.KakaoInputTypeError),
        ({"kind": "status", "remaining": 0}, ka.KakaoInputError),
        ({"kind": "status", "code": 1.5}, ka.KakaoInputTypeError),
        ({"kind": "body", "content_type": None}, ka.KakaoInputTypeError),
    ],
)
def test_every_fault_field_is_checked_when_built(fields: dict[str, Any], error: type) -> None:
    with pytest.raises(error):
        Fault(**fields)


async def test_status_kind_answers_the_envelope_with_retry_after() -> None:
    async with FakeKakaoServer() as fake:
        fake.inject(Fault(kind="status", status=429, code=-813, detail_code=1, retry_after=2.5))
        status, headers, body = await get(fake, "/openapi/v4/creatives/1")
        assert status == 429 and headers["Retry-After"] == "2.5"
        envelope = json.loads(body)
        assert envelope["code"] == -813 and envelope["extras"]["detailCode"] == 1
        fake.inject(Fault(kind="status", status=500))
        status, headers, body = await get(fake, "/openapi/v4/creatives/1")
        assert status == 500 and json.loads(body)["code"] == -1 and "Retry-After" not in headers
        assert "detailCode" not in json.loads(body)["extras"]


async def test_body_kind_answers_its_bytes_as_its_content_type() -> None:
    async with FakeKakaoServer() as fake:
        fake.inject(Fault(kind="body", status=202, body=b"\x00raw", content_type="text/plain"))
        status, headers, body = await get(fake, "/openapi/v4/creatives/1")
        assert (status, body) == (202, b"\x00raw")
        assert headers["Content-Type"].startswith("text/plain")
        fake.garbage_next(1)
        status, headers, body = await get(fake, "/openapi/v4/creatives/1")
        assert status == 200 and body.startswith(b"<html>")
        fake.respond_next({"id": 7, "name": "canned"}, status=201)
        status, headers, body = await get(fake, "/openapi/v4/creatives/1")
        assert status == 201 and body == b'{"id": 7, "name": "canned"}'
        assert headers["Content-Type"].startswith("application/json")


async def test_reset_truncate_and_trickle_are_transport_failures_to_the_client() -> None:
    async with FakeKakaoServer() as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            retry=ka.RetryPolicy(attempts=1),
            timeout=0.5,
        ) as kakao:
            for fault in (Fault(kind="reset"), Fault(kind="truncate")):
                fake.inject(fault)
                with pytest.raises(ka.KakaoTransportError):
                    await kakao.moment.creatives.get(creative.id)
            fake.inject(Fault(kind="trickle", seconds=0.05))
            with pytest.raises(ka.KakaoTimeoutError):
                await kakao.moment.creatives.get(creative.id)
            assert (await kakao.moment.creatives.get(creative.id)).id == creative.id


async def test_a_stall_answers_normally_and_is_dropped_if_its_client_left() -> None:
    async with FakeKakaoServer() as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        fake.stall_next(1, seconds=0.05)
        status, _, _ = await get(fake, f"/openapi/v4/creatives/{creative.id}")
        assert status == 200
        fake.stall_next(1, seconds=0.5, method="PUT")
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            retry=ka.RetryPolicy(attempts=1),
            timeout=0.1,
        ) as kakao:
            with pytest.raises(ka.KakaoTimeoutError):
                await kakao.moment.creatives.set_config(creative.id, "OFF")
        await asyncio.sleep(0.6)  # the stall is over: the request was dropped, not applied
        assert fake.moment_creative(creative.id).config == "ON"
        assert fake.on_off_calls == []


async def test_chaos_picks_among_its_kinds_and_429_is_a_quota_rejection() -> None:
    assert (*FAULT_KINDS, "429") == CHAOS_KINDS
    async with FakeKakaoServer(seed=3) as fake:
        fake.chaos(1.0, kinds=["429"])
        status, _, body = await get(fake, "/openapi/v4/creatives/1")
        assert status == 429 and json.loads(body)["code"] == -813
        fake.chaos(1.0, kinds=["stall"], stall_seconds=0.0)
        status, _, _ = await get(fake, "/openapi/v4/creatives/1")
        assert status == 400  # stalled 0 s, then answered normally: creative 1 does not exist
        assert fake.chaos_injected == {"429": 1, "stall": 1}
        fake.chaos(0)
        status, _, _ = await get(fake, "/openapi/v4/creatives/1")
        assert sum(fake.chaos_injected.values()) == 2
        for bad in (-0.1, 1.5, float("nan")):
            with pytest.raises(ka.KakaoInputError):
                fake.chaos(bad)
        with pytest.raises(ka.KakaoInputError):
            fake.chaos(0.1, stall_seconds=-1)


async def test_reset_forgets_queued_faults() -> None:
    async with FakeKakaoServer() as fake:
        fake.fail_next(3)
        fake.reset()
        assert fake.faults == []


@pytest.mark.parametrize(
    "queue",
    [
        lambda fake: fake.fail_next("2"),
        lambda fake: fake.garbage_next(0),
        lambda fake: fake.respond_next(b"{}", count=1.5),
        lambda fake: fake.reset_next(-1),
        lambda fake: fake.stall_next(True, seconds=1.0),
    ],
)
async def test_a_bad_count_names_count(queue: Any) -> None:
    # The argument the caller passed, not the Fault field it becomes (remaining).
    async with FakeKakaoServer() as fake:
        with pytest.raises(ka.KakaoInputError, match=r"^count must"):
            queue(fake)
        assert fake.faults == []
