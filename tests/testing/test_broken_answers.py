"""What the connection-breaking faults put on the wire, read with a raw aiohttp client: a reset
sends nothing, truncate promises 1000 JSON bytes and hangs up after 13, trickle sends spaces one
at a time under the same promise."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault

PATH = "/openapi/v4/creatives/1"
HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}


async def read_until_cut(response: aiohttp.ClientResponse) -> tuple[bytes, bool]:
    """The bytes that came, and whether the body ended short of its Content-Length."""
    received = b""
    try:
        while chunk := await response.content.readany():
            received += chunk
    except aiohttp.ClientPayloadError:
        return received, True
    return received, False


async def test_a_reset_answers_nothing() -> None:
    async with FakeKakaoServer() as fake, aiohttp.ClientSession() as session:
        fake.inject(Fault(kind="reset"))
        # A POST: aiohttp would send a GET again on a new connection, and get the real answer.
        with pytest.raises(aiohttp.ClientConnectionError):
            async with session.post(fake.base_url + PATH, headers=HEADERS) as response:
                await response.read()
        assert len(fake.requests) == 1


async def test_truncate_promises_a_json_body_and_hangs_up_part_way() -> None:
    async with FakeKakaoServer() as fake, aiohttp.ClientSession() as session:
        fake.inject(Fault(kind="truncate"))
        async with session.get(fake.base_url + PATH, headers=HEADERS) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("application/json")
            assert response.headers["Content-Length"] == "1000"
            received, cut = await read_until_cut(response)
    assert (received, cut) == (b'{"id": 1, "na', True)


async def test_trickle_sends_a_space_at_a_time_under_the_same_promise() -> None:
    async with FakeKakaoServer() as fake, aiohttp.ClientSession() as session:
        fake.inject(Fault(kind="trickle", seconds=0.01))
        async with session.get(fake.base_url + PATH, headers=HEADERS) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("application/json")
            assert response.headers["Content-Length"] == "1000"
            received = await asyncio.wait_for(response.content.readexactly(3), timeout=10)
    assert received == b"   "
