"""docs/testing.md, "In-process: FakeKakaoServer": each row of the options table, and starting,
stopping and ``base_url``."""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import Any

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}


async def status_of(url: str, headers: dict[str, str] = HEADERS, **kwargs: Any) -> int:
    async with aiohttp.ClientSession() as s:
        async with s.get(url, headers=headers, **kwargs) as r:
            await r.read()
            return r.status


async def test_defaults() -> None:
    assert DEFAULT_TOKEN == "fake-kakao-token"
    fake = FakeKakaoServer()
    assert fake.on_off_interval == 5.0 and fake.latency == (0.0, 0.0)
    assert fake.host == "127.0.0.1" and fake.port == 0 and fake.record_bodies is False
    assert fake.requests.maxlen == 100_000
    with pytest.raises(RuntimeError, match="not running"):
        fake.base_url  # noqa: B018
    fake.add_ad_account(id=1)
    url = await fake.start()
    try:
        assert url == fake.base_url == f"http://127.0.0.1:{fake.port}" and fake.port > 0
        assert await status_of(url + "/openapi/v4/adAccounts/1") == 200
        other = {**HEADERS, "Authorization": "Bearer another"}
        assert await status_of(url + "/openapi/v4/adAccounts/1", other) == 401
    finally:
        await fake.stop()
    assert "stopped" in repr(fake)
    with pytest.raises(aiohttp.ClientConnectionError):
        await status_of(url + "/_fake/stats")


async def test_tokens_replace_the_default() -> None:
    async with FakeKakaoServer(tokens=["token-a", "token-b"]) as fake:
        fake.add_ad_account(id=1)
        url = fake.base_url + "/openapi/v4/adAccounts/1"
        assert await status_of(url, {**HEADERS, "Authorization": "Bearer token-b"}) == 200
        assert await status_of(url) == 401  # DEFAULT_TOKEN no longer


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
async def test_loopback_hosts(host: str) -> None:
    try:
        fake = FakeKakaoServer(host=host)
        await fake.start()
    except OSError:  # pragma: no cover - a machine without IPv6 loopback
        pytest.skip(f"cannot listen on {host}")
    try:
        expected = "[::1]" if host == "::1" else host
        assert fake.base_url == f"http://{expected}:{fake.port}"
        assert await status_of(fake.base_url + "/_fake/stats") == 200
    finally:
        await fake.stop()


@pytest.mark.parametrize("host", ["0.0.0.0", "example.com", "10.0.0.1", "", 5])
def test_any_other_host_is_refused(host: Any) -> None:
    with pytest.raises(ka.KakaoInputError, match="host"):
        FakeKakaoServer(host=host)


async def test_latency_delays_and_a_request_given_up_is_dropped_quietly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with FakeKakaoServer(latency=(0.3, 0.3), on_off_interval=0.05) as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            on_off_interval=0.05,
            retry=ka.RetryPolicy(attempts=1),
            timeout=0.1,
        ) as kakao:
            with caplog.at_level(logging.DEBUG, logger="aiohttp"):
                with pytest.raises(ka.KakaoTimeoutError):
                    await kakao.moment.creatives.set_config(creative.id, "OFF")
                await asyncio.sleep(0.5)  # past the inbound delay
        assert fake.moment_creative(creative.id).config == "ON"  # not applied
        assert fake.requests.received == 0  # dropped before the log
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_one_seed_replays_chaos_and_issued_tokens() -> None:
    async def run() -> tuple[dict[str, int], str]:
        async with FakeKakaoServer(seed=11) as fake:
            fake.add_oauth_client(client_id="app", refresh_token="r")
            fake.chaos(0.5, kinds=["status", "429", "body"])
            statuses = []
            for _ in range(20):
                statuses.append(await status_of(fake.base_url + "/openapi/v4/adAccounts/1"))
            fake.chaos(0)
            async with aiohttp.ClientSession() as s:
                form = {"grant_type": "refresh_token", "client_id": "app", "refresh_token": "r"}
                async with s.post(fake.base_url + "/oauth/token", data=form) as r:
                    token = (await r.json())["access_token"]
            return {str(i): s for i, s in enumerate(statuses)} | dict(fake.chaos_injected), token

    assert await run() == await run()


async def test_record_bodies_keeps_each_json_body() -> None:
    async with FakeKakaoServer(record_bodies=True, on_off_interval=0.05) as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        async with aiohttp.ClientSession() as s:
            url = fake.base_url + "/openapi/v4/creatives/onOff"
            async with s.put(url, json={"id": creative.id, "config": "OFF"}, headers=HEADERS):
                pass
            async with s.put(url, data=b"not json", headers=HEADERS):
                pass
            async with s.get(
                fake.base_url + f"/openapi/v4/creatives/{creative.id}", headers=HEADERS
            ):
                pass
        bodies = [r.body for r in fake.requests]
        assert bodies == [{"id": creative.id, "config": "OFF"}, None, None]
    async with FakeKakaoServer() as fake:  # off by default
        async with aiohttp.ClientSession() as s:
            url = fake.base_url + "/openapi/v4/creatives/onOff"
            async with s.put(url, json={"id": 1, "config": "OFF"}, headers=HEADERS):
                pass
        assert fake.requests[0].body is None


@pytest.mark.parametrize(("max_log", "kept"), [(2, 2), (None, 5), (0, 0)])
async def test_max_log_bounds_the_log_not_the_counts(max_log: int | None, kept: int) -> None:
    async with FakeKakaoServer(max_log=max_log) as fake:
        fake.add_ad_account(id=1)
        for _ in range(5):
            await status_of(fake.base_url + "/openapi/v4/adAccounts/1")
        assert len(fake.requests) == kept
        assert fake.stats()["requests"] == 5 and fake.stats()["statuses"] == {200: 5}


@pytest.mark.parametrize(
    ("max_log", "error"),
    [(-1, ka.KakaoInputError), (1.5, ka.KakaoInputTypeError), ("10", ka.KakaoInputTypeError)],
)
def test_max_log_is_a_size(max_log: Any, error: type) -> None:
    with pytest.raises(error, match="max_log"):
        FakeKakaoServer(max_log=max_log)


async def test_quotas_by_name_numbers_or_quotas_and_set_quota_later() -> None:
    quota = ka.Quota(name="campaigns.onOff", interval=0.05, scope="account")
    async with FakeKakaoServer(quotas={"reports.app": 0.1, "campaigns.onOff": quota}) as fake:
        assert fake.quotas["reports.app"].interval == 0.1
        assert fake.quotas["reports.app"].scope == ka.endpoints.QUOTAS["reports.app"].scope
        assert (fake.quotas["campaigns.onOff"].interval, fake.quotas["campaigns.onOff"].scope) == (
            0.05,
            "account",
        )
        assert fake.quotas["adGroups.onOff"] == ka.endpoints.QUOTAS["adGroups.onOff"]
        fake.set_quota("adGroups.onOff", 0.2)
        assert fake.quotas["adGroups.onOff"].interval == 0.2
        fake.on_off_interval = 0.3
        assert fake.quotas["creatives.onOff"].interval == 0.3
        with pytest.raises(ka.KakaoInputError, match="nope"):
            fake.set_quota("nope", 1.0)


async def test_a_port_may_be_given_as_text() -> None:
    probe = FakeKakaoServer()
    await probe.start()
    port = probe.port
    await probe.stop()
    async with FakeKakaoServer(port=str(port)) as fake:
        assert fake.port == port and fake.base_url.endswith(f":{port}")


async def test_start_stop_and_start_again() -> None:
    """``await fake.start()`` / ``await fake.stop()``: a second start while running says so
    (it was an OSError "address already in use", leaving a runner behind); a stopped fake
    starts again on its port, state kept (a server restart)."""
    fake = FakeKakaoServer()
    url = await fake.start()
    try:
        with pytest.raises(RuntimeError, match="already running"):
            await fake.start()
        assert fake.base_url == url
        fake.add_ad_account(id=1)
    finally:
        await fake.stop()
    await fake.stop()  # stopping twice is harmless
    assert await fake.start() == url
    try:
        assert await status_of(url + "/openapi/v4/adAccounts/1") == 200
    finally:
        await fake.stop()


async def test_a_port_in_use_is_an_os_error_and_leaves_the_fake_stopped() -> None:
    async with FakeKakaoServer() as taken:
        fake = FakeKakaoServer(port=taken.port)
        with pytest.raises(OSError, match="in use"):
            await fake.start()
        assert "stopped" in repr(fake)
        with pytest.raises(RuntimeError, match="not running"):
            fake.base_url  # noqa: B018


async def test_two_starts_at_once_leave_one_server() -> None:
    """Two ``start()``s racing (two fixtures sharing one fake) both passed the "already running"
    check while the first was still binding: each bound a port, and the first runner was left
    listening with nothing able to stop it."""
    fake = FakeKakaoServer()
    first, second = await asyncio.gather(fake.start(), fake.start(), return_exceptions=True)
    try:
        started = [r for r in (first, second) if isinstance(r, str)]
        refused = [r for r in (first, second) if isinstance(r, RuntimeError)]
        assert len(started) == 1 and len(refused) == 1, (first, second)
        assert "already running" in str(refused[0])
        assert fake.base_url == started[0]
    finally:
        await fake.stop()
    # Stopped means nothing listens any more: the one runner was the one stop() knew.
    with pytest.raises(aiohttp.ClientConnectionError):
        async with aiohttp.ClientSession() as session:
            await session.get(started[0] + "/_fake/stats")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.parametrize("steps", [1, 2, 3, 4, 5, 8])
async def test_a_stop_while_starting_leaves_nothing_listening(steps: int) -> None:
    """A ``stop()`` that ran while ``start()`` was still binding (a fixture torn down early)
    cleaned up a runner half set up: the start then bound its port anyway, out of any later
    stop()'s reach, and answered a URL of port 0 or "not running". The stop now waits for the
    start: the start's URL was real, and once both are done nothing listens."""
    fake = FakeKakaoServer(port=free_port())
    starting = asyncio.ensure_future(fake.start())
    for _ in range(steps):  # the stop lands at each await of the start in turn
        await asyncio.sleep(0)
    await fake.stop()
    url = await starting
    assert url == f"http://127.0.0.1:{fake.port}"
    with pytest.raises(RuntimeError, match="not running"):
        fake.base_url  # noqa: B018
    with pytest.raises(aiohttp.ClientConnectionError):
        async with aiohttp.ClientSession() as session:
            await session.get(url + "/_fake/stats")
    assert await fake.start() == url  # and it starts again, on the same port
    await fake.stop()


async def test_base_url_is_refused_while_starting() -> None:
    # Before, it answered http://127.0.0.1:0 (port 0 is "pick one", nothing listens there).
    fake = FakeKakaoServer()
    starting = asyncio.ensure_future(fake.start())
    await asyncio.sleep(0)
    try:
        with pytest.raises(RuntimeError, match="not running"):
            fake.base_url  # noqa: B018
        assert "stopped" in repr(fake)
    finally:
        await starting
        await fake.stop()
