"""A server that echoes the token into an answer that never completes (cut off, timed out,
badly compressed, a broken status line): the transport error, the aiohttp error behind it and
the locals of every frame they went through (which read the partial answer) hold no token."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

import kakao_async as ka
from tests.conftest import SECRETS
from tests.test_redaction_decode import held_texts

TOKEN = "transport-echo-token-0123456789"
SECRETS.add(TOKEN)


async def echo(request: web.Request) -> web.StreamResponse:
    token = request.headers["Authorization"].removeprefix("Bearer ")
    mode = request.app[MODE]["mode"]
    transport = request.transport
    assert transport is not None
    if mode == "status line":
        transport.write(f"HTTP/1.1 2x0 {token}\r\n\r\n".encode())
        transport.close()
        return web.Response()
    if mode == "bad gzip":
        return web.Response(body=token.encode(), headers={"Content-Encoding": "gzip"})
    response = web.StreamResponse()
    response.content_length = 1000
    await response.prepare(request)
    await response.write(f'{{"echo": "{token}", '.encode())
    if mode == "cut off":
        transport.close()
    else:
        await asyncio.sleep(5)
    return response


MODE = web.AppKey("mode", dict)


@pytest.fixture
async def base_url() -> AsyncIterator[tuple[dict[str, str], str]]:
    app = web.Application()
    app[MODE] = state = {}
    app.router.add_route("*", "/{tail:.*}", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield state, f"http://127.0.0.1:{port}"
    await runner.cleanup()


@pytest.mark.parametrize("mode", ["status line", "bad gzip", "cut off", "timed out"])
async def test_an_answer_that_never_completes_leaves_no_token_behind(
    base_url: tuple[dict[str, str], str], mode: str
) -> None:
    state, url = base_url
    state["mode"] = mode
    async with ka.KakaoClient(
        TOKEN, ad_account_id=1, moment_base_url=url, timeout=0.3, retry=ka.RetryPolicy(attempts=1)
    ) as kakao:
        with pytest.raises(ka.KakaoTransportError) as info:
            await kakao.moment.creatives.get(5)
    held = held_texts(info.value)
    assert TOKEN[:12] not in held and TOKEN[-12:] not in held
