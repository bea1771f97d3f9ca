"""docs/testing.md, "What the fake answers": the order every API request goes through, Kakao's
envelope with the listed detail codes, and ids that must be ASCII digits."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

TOKEN = f"Bearer {DEFAULT_TOKEN}"


async def call(
    fake: FakeKakaoServer,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    sent = {"Authorization": TOKEN, "adAccountId": "1"} if headers is None else headers
    async with aiohttp.ClientSession() as s:
        async with s.request(method, fake.base_url + path, json=body, headers=sent) as r:
            text = await r.text()
            parsed = text and r.content_type == "application/json"
            return r.status, json.loads(text) if parsed else text


def detail(answer: Any) -> int | None:
    assert set(answer) == {"code", "msg", "extras"} and "detailMsg" in answer["extras"]
    return answer["extras"].get("detailCode")  # type: ignore[no-any-return]


async def test_the_order_log_fault_token_account_handler() -> None:
    async with FakeKakaoServer() as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        path = f"/openapi/v4/creatives/{creative.id}"
        # A fault comes after the log and before the token: logged, with the fault's status.
        fake.fail_next(1, status=502)
        assert (await call(fake, "GET", path, headers={}))[0] == 502
        # The token before the account header: 401 although the header is missing too.
        status, answer = await call(fake, "GET", path, headers={"Authorization": "Bearer no"})
        assert status == 401 and answer["code"] == -401
        # The header: 400 if missing or not ASCII digits, 403 if restricted.
        for bad in ({}, {"adAccountId": "x"}, {"adAccountId": "²"}, {"adAccountId": "0"}):
            status, answer = await call(fake, "GET", path, headers={"Authorization": TOKEN, **bad})
            assert status == 400 and answer["code"] == -813 and detail(answer) == 30001, bad
        fake.restricted_ad_accounts.add(1)
        status, answer = await call(fake, "GET", path)
        assert status == 403 and detail(answer) == 30002
        assert [r.status for r in fake.requests] == [502, 401, 400, 400, 400, 400, 403]


async def test_the_detail_codes() -> None:
    async with FakeKakaoServer(on_off_interval=5.0) as fake:
        display = fake.add_moment_creative(ad_account_id=1)
        deleted = fake.add_moment_creative(ad_account_id=1, config="DEL")
        message = fake.add_moment_creative(ad_account_id=1, format="BASIC_TEXT_MESSAGE")
        elsewhere = fake.add_moment_creative(ad_account_id=2)
        status, answer = await call(fake, "GET", "/openapi/v4/creatives/999999")
        assert detail(answer) == 33003
        status, answer = await call(fake, "GET", f"/openapi/v4/creatives/{elsewhere.id}")
        assert detail(answer) == 33003  # another ad account's
        status, answer = await call(fake, "DELETE", f"/openapi/v4/creatives/{message.id}")
        assert detail(answer) == 75008
        on_off = "/openapi/v4/creatives/onOff"
        status, answer = await call(fake, "PUT", on_off, {"id": message.id, "config": "OFF"})
        assert detail(answer) == 75009
        status, answer = await call(fake, "PUT", on_off, {"id": deleted.id, "config": "ON"})
        assert detail(answer) == 30004
        status, answer = await call(fake, "PUT", on_off, {"id": display.id, "config": "MAYBE"})
        assert (status, answer["code"], detail(answer)) == (400, -813, 30001)
        assert (await call(fake, "PUT", on_off, {"id": display.id, "config": "OFF"}))[0] == 200
        status, answer = await call(fake, "PUT", on_off, {"id": display.id, "config": "ON"})
        assert (status, answer["code"], detail(answer)) == (429, -813, 30003)
        report = "/openapi/v4/adAccounts/report?datePreset=TODAY"
        assert (await call(fake, "GET", report))[0] == 200
        status, answer = await call(fake, "GET", report)
        assert (status, answer["code"], detail(answer)) == (429, -813, 30005)


@pytest.mark.parametrize("written", ["\u00b2", "\u0661\u0662", "\uff11\uff12", "+12", " 12", "1e3"])
async def test_ids_are_ascii_digits_never_read_as_another_id(written: str) -> None:
    async with FakeKakaoServer() as fake:
        fake.add_moment_creative(ad_account_id=1, id=12)
        fake.add_moment_creative(ad_account_id=1, id=2)
        status, _ = await call(fake, "GET", f"/openapi/v4/creatives/{written}")
        assert status in (400, 404)
        status, _ = await call(
            fake, "PUT", "/openapi/v4/creatives/onOff", {"id": written, "config": "OFF"}
        )
        assert status == 400
        status, _ = await call(fake, "GET", f"/openapi/v4/creatives?adGroupId={written}")
        assert status in (400, 404)
        assert fake.moment_creative(12).config == "ON" and fake.moment_creative(2).config == "ON"
