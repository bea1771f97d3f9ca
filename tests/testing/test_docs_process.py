"""docs/testing.md, "In another process": ``python -m kakao_async.testing`` (``--help``),
``fake_server_process()`` (a free port, the base URL, ``args=``) and ``control()`` (the HTTP
control API; a 400 raises ``aiohttp.ClientResponseError``, here with the fake's reason)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, control, fake_server_process
from tests.testing.test_standalone_options import OPTIONS


def test_help_lists_the_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kakao_async.testing", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    for option in OPTIONS:
        assert option in done.stdout, option


def test_fake_server_process_yields_a_base_url_and_takes_args() -> None:
    with fake_server_process(
        on_off_interval=0.2, args=["--seed-accounts", "2", "--seed-creatives", "1", "--token", "t"]
    ) as url:
        assert url.startswith("http://127.0.0.1:") and not url.endswith(":8080")
        quotas = asyncio.run(control(url, "GET", "/_fake/quotas"))
        assert quotas["creatives.onOff"]["interval"] == 0.2

        async def fetch() -> int:
            async with ka.KakaoClient("t", ad_account_id=2, moment_base_url=url) as kakao:
                return (await kakao.moment.creatives.get(1002)).id

        assert asyncio.run(fetch()) == 1002


def test_on_off_interval_none_leaves_it_to_args() -> None:
    with fake_server_process(on_off_interval=None, args=["--quota", "creatives.onOff=0.3"]) as url:
        quotas = asyncio.run(control(url, "GET", "/_fake/quotas"))
        assert quotas["creatives.onOff"]["interval"] == 0.3


async def test_control_raises_client_response_error_with_the_reason_for_a_400() -> None:
    async with FakeKakaoServer() as fake:
        with pytest.raises(aiohttp.ClientResponseError) as caught:
            await control(fake.base_url, "POST", "/_fake/seed", {"adAccounts": [1], "x": 1})
        assert caught.value.status == 400
        assert "unknown field(s) in the body: x" in str(caught.value)
        assert await control(fake.base_url, "POST", "/_fake/seed", {"adAccounts": [1]}) == {
            "1": list(range(1001, 1011))
        }
        assert await control(fake.base_url, "post", "/_fake/reset") == {}


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (("GET", "_fake/stats"), ka.KakaoInputError),
        (("GET", "/openapi/v4/creatives/1"), ka.KakaoInputError),
        (("GET", None), ka.KakaoInputError),
        ((None, "/_fake/stats"), ka.KakaoInputTypeError),
    ],
)
async def test_control_refuses_what_is_not_a_control_call(arguments: Any, error: type) -> None:
    async with FakeKakaoServer() as fake:
        with pytest.raises(error):
            await control(fake.base_url, *arguments)
        assert fake.requests.received == 0


async def test_control_of_a_fake_in_process_too() -> None:
    async with FakeKakaoServer() as fake:
        await control(fake.base_url, "POST", "/_fake/config", {"tokens": ["other"]})
        assert fake.credentials.user_of("other") is not None
        assert fake.credentials.user_of(DEFAULT_TOKEN) is not None


def test_a_port_among_args_wins_over_the_free_one() -> None:
    async def free_port() -> int:
        probe = FakeKakaoServer()
        await probe.start()
        await probe.stop()
        return probe.port

    port = asyncio.run(free_port())
    with fake_server_process(args=["--port", str(port)]) as url:
        assert url == f"http://127.0.0.1:{port}"
        assert asyncio.run(control(url, "GET", "/_fake/stats"))["requests"] == 0
