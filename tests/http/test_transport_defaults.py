"""README "Client options": ``max_response_bytes=`` defaults to 16 MiB (a larger body is refused
with KakaoDecodeError) and ``max_connections=`` to 100 (the pool's size), checked over real
loopback HTTP with the client's own session."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN
from tests.loopback import serve

MiB = 1 << 20


def _client(url: str) -> ka.KakaoClient:
    # Every option at its default but the one retry: a refused body is not worth a second try.
    return ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=url, retry=ka.RetryPolicy(attempts=1)
    )


def _list_of_size(size: int) -> bytes:
    """A JSON list of exactly ``size`` bytes."""
    return b"[" + b" " * (size - 2) + b"]"


async def test_a_body_over_16_mib_is_refused_and_one_of_16_mib_is_read() -> None:
    sizes = iter([16 * MiB, 16 * MiB + 1])

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(body=_list_of_size(next(sizes)), content_type="application/json")

    async with serve(handler) as (url, _), _client(url) as kakao:
        assert await kakao.moment.creatives.system_config_histories(1) == []
        with pytest.raises(ka.KakaoDecodeError, match=f"{16 * MiB}-byte limit"):
            await kakao.moment.creatives.system_config_histories(1)


async def test_at_most_100_connections_at_once() -> None:
    open_now = 0
    most = 0
    release = asyncio.Event()

    async def handler(request: web.Request) -> web.StreamResponse:
        nonlocal open_now, most
        open_now += 1
        most = max(most, open_now)
        if open_now >= 100:
            release.set()  # the pool is full: let everyone through
        try:
            # A smaller pool never fills: give up waiting for it soon (the assert says why).
            await asyncio.wait_for(release.wait(), timeout=3)
        except asyncio.TimeoutError:  # not the builtin on Python 3.10
            release.set()
        open_now -= 1
        return web.Response(body=b"[]", content_type="application/json")

    async with serve(handler) as (url, seen), _client(url) as kakao:
        calls = [kakao.moment.creatives.system_config_histories(1) for _ in range(130)]
        results = await asyncio.wait_for(asyncio.gather(*calls), timeout=20)
    assert results == [[]] * 130 and len(seen.requests) == 130
    assert most == 100
