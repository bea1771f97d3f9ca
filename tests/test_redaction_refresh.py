"""A token endpoint that echoes the refresh token and client secret into an answer the client
refuses: the error, its chain and the locals of its frames (rendered by rich or
``capture_locals``) hold neither, whatever part of the answer was wrong."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

import kakao_async as ka
from tests.conftest import SECRETS
from tests.test_redaction_decode import held_texts

REFRESH = "refresh-echo-0123456789abcdef"
CLIENT_SECRET = "client-secret-echo-0123456789"
SECRETS.update({REFRESH, CLIENT_SECRET})

#: Answers (status, body) the client refuses; each quotes what it was sent, as ``{r}``/``{s}``.
ANSWERS = {
    "access token not text": (200, '{{"access_token": {{"r": "{r}"}}, "echo": "{s}"}}'),
    "access token with a newline": (200, '{{"access_token": "a\\nb", "echo": "{r} {s}"}}'),
    "not JSON": (200, "<html>{r} {s}</html>"),
    "error not JSON": (400, "<html>{r} {s}</html>"),
    "error array": (400, '["{r}", "{s}"]'),
    "broken status line": (0, "{r} {s}"),
    "cut off": (1, '{{"access_token": "{r}", "echo": "{s}'),
}


class Echoing:
    def __init__(self) -> None:
        self.answer = ANSWERS["not JSON"]
        app = web.Application()
        app.router.add_post("/oauth/token", self.token)
        self.server = TestServer(app, host="127.0.0.1")

    async def token(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        status, body = self.answer
        text = body.format(r=form["refresh_token"], s=form["client_secret"])
        transport = request.transport
        assert transport is not None
        if status == 0:  # no answer: a broken status line quoting the secrets
            transport.write(f"HTTP/1.1 2x0 {text}\r\n\r\n".encode())
            transport.close()
            return web.Response()
        if status == 1:  # an answer cut off after its first bytes
            response = web.StreamResponse()
            response.content_length = 1000
            await response.prepare(request)
            await response.write(text.encode())
            transport.close()
            return response
        return web.Response(status=status, text=text, content_type="application/json")


@pytest.fixture
async def oauth() -> AsyncIterator[Echoing]:
    server = Echoing()
    await server.server.start_server()
    yield server
    await server.server.close()


@pytest.mark.parametrize("answer", list(ANSWERS))
async def test_a_refused_token_answer_leaves_no_secret_in_the_error_or_its_frames(
    oauth: Echoing, answer: str
) -> None:
    oauth.answer = ANSWERS[answer]
    tokens = ka.RefreshingToken(
        client_id="app",
        refresh_token=REFRESH,
        client_secret=CLIENT_SECRET,
        auth_url=str(oauth.server.make_url("")).rstrip("/"),
    )
    with pytest.raises(ka.KakaoError) as info:
        await tokens.token()
    held = held_texts(info.value)
    assert REFRESH[:12] not in held and CLIENT_SECRET[:12] not in held
