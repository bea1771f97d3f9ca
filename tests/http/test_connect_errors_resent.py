"""README, Reliability: ``KakaoConnectError`` promises that nothing reached Kakao.

A caller-supplied ``aiohttp.ClientSession`` keeps aiohttp's own resend of an idempotent request
(GET, PUT, DELETE) whose connection dropped. When the first try did reach the server and the
resend then finds no listener, aiohttp raises a connection error for the resend: the request
was sent all the same, so its quota turn is spent and the error is a plain
``KakaoTransportError``. A POST is never resent by aiohttp, so its refused connection is still
a ``KakaoConnectError`` with any session."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest

import kakao_async as ka

TOKEN = "resent-test-token"
INTERVAL = 3.0
CREATED = b'{"id": 71, "name": "n", "title": "t", "description": "d"}'


@pytest.fixture
async def dies_after_one_request() -> AsyncIterator[tuple[str, list[bytes]]]:
    """A loopback server that reads one request, then stops listening and drops the
    connection without an answer (a server crashing just after the request arrived)."""
    arrived: list[bytes] = []
    server: asyncio.Server | None = None

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        arrived.append(head.split(b"\r\n")[0])
        assert server is not None
        server.close()
        writer.transport.abort()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", arrived
    finally:
        server.close()


def refused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def test_a_put_that_arrived_before_aiohttp_resent_it_is_not_a_connect_error(
    dies_after_one_request: tuple[str, list[bytes]],
) -> None:
    url, arrived = dies_after_one_request
    quotas = dict.fromkeys(ka.endpoints.QUOTAS, INTERVAL)
    async with aiohttp.ClientSession() as session:
        async with ka.KakaoClient(
            TOKEN,
            ad_account_id=1,
            moment_base_url=url,
            session=session,
            quotas=quotas,
            retry=ka.RetryPolicy(attempts=1),
        ) as kakao:
            with pytest.raises(ka.KakaoTransportError) as caught:
                await kakao.moment.creatives.set_config(5, "OFF")
            [state] = await kakao.quota_snapshot([kakao.quota_key("creatives.onOff", 1)])
    assert arrived == [b"PUT /openapi/v4/creatives/onOff HTTP/1.1"]
    assert not isinstance(caught.value, ka.KakaoConnectError)
    # Kakao saw an onOff: the next one of the key waits its interval.
    assert state.ready_in > INTERVAL / 2


async def test_the_client_s_own_session_reports_the_same_case_as_a_dropped_connection(
    dies_after_one_request: tuple[str, list[bytes]],
) -> None:
    url, arrived = dies_after_one_request
    async with ka.KakaoClient(
        TOKEN, ad_account_id=1, moment_base_url=url, retry=ka.RetryPolicy(attempts=1)
    ) as kakao:
        with pytest.raises(ka.KakaoTransportError) as caught:
            await kakao.moment.creatives.set_config(5, "OFF")
    assert len(arrived) == 1
    assert not isinstance(caught.value, ka.KakaoConnectError)


async def test_a_refused_create_through_a_caller_s_session_is_still_a_connect_error() -> None:
    async with aiohttp.ClientSession() as session:
        async with ka.KakaoClient(
            TOKEN,
            ad_account_id=1,
            keyword_base_url=refused_url(),
            session=session,
            retry=ka.RetryPolicy(attempts=2, base=0.01, cap=0.02),
        ) as kakao:
            with pytest.raises(ka.KakaoConnectError):
                await kakao.keyword.creatives.create(
                    biz_channel_id=7, name="n", title="t", description="d"
                )
