"""The OAuth token endpoint misbehaving: redirects, oversized and absurdly deep bodies."""

from __future__ import annotations

import json

import pytest
from aiohttp import web

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer
from tests.conftest import SECRETS
from tests.loopback import bomb, serve

CLIENT_ID = "hostile-app-key"
REFRESH = "hostile-refresh-token-0123456789"
CLIENT_SECRET = "hostile-client-secret-xyz"
SECRETS.update({REFRESH, CLIENT_SECRET})
MiB = 1 << 20


def provider(url: str, **kwargs: object) -> ka.RefreshingToken:
    return ka.RefreshingToken(
        client_id=CLIENT_ID,
        refresh_token=REFRESH,
        client_secret=CLIENT_SECRET,
        auth_url=url,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_token_endpoint_redirects_are_never_followed(status: int) -> None:
    async def elsewhere(request: web.Request) -> web.StreamResponse:
        return web.json_response({"access_token": "stolen-session-token"})

    async with serve(elsewhere) as (thief_url, thief):

        async def redirect(request: web.Request) -> web.StreamResponse:
            return web.json_response(
                {"access_token": "redirect-body-token"},
                status=status,
                headers={"Location": thief_url + "/oauth/token"},
            )

        async with serve(redirect) as (url, seen):
            tokens = provider(url)
            with pytest.raises(ka.KakaoAuthError, match=f"HTTP {status}.*redirect") as info:
                await tokens.token()
    assert thief.requests == []  # the refresh token and client secret went nowhere else
    assert len(seen.requests) == 1 and tokens.refresh_count == 0
    text = str(info.value)
    assert REFRESH not in text and CLIENT_SECRET not in text and thief_url not in text


def padded_token_body(size: int) -> bytes:
    return json.dumps({"access_token": "padded-token", "pad": "x" * size}).encode()


@pytest.mark.parametrize("shape", ["content-length", "chunked", "deflate-bomb"])
async def test_oversized_token_response_is_refused(shape: str) -> None:
    """The default cap (1 MiB) holds for every way of sending a 2 MiB (or 100 MiB) body."""
    body = padded_token_body(2 * MiB) if shape != "deflate-bomb" else bomb(100 * MiB, gzip=False)

    async def handler(request: web.Request) -> web.StreamResponse:
        if shape == "content-length":
            return web.Response(body=body, content_type="application/json")
        headers = {"Content-Type": "application/json"}
        if shape == "deflate-bomb":
            headers["Content-Encoding"] = "deflate"
        response = web.StreamResponse(headers=headers)
        response.enable_chunked_encoding()
        await response.prepare(request)
        for start in range(0, len(body), 65536):
            await response.write(body[start : start + 65536])
        return response

    async with serve(handler) as (url, _):
        with pytest.raises(ka.KakaoDecodeError, match=f"{MiB}-byte limit"):
            await provider(url).token()


async def test_token_response_cap_is_an_option(fake: FakeKakaoServer) -> None:
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=REFRESH, client_secret=CLIENT_SECRET)
    assert await provider(fake.base_url, max_response_bytes=4096).token()
    with pytest.raises(ka.KakaoDecodeError, match="64-byte limit"):
        await provider(fake.base_url, max_response_bytes=64).token()
    with pytest.raises(ValueError, match="max_response_bytes"):
        provider(fake.base_url, max_response_bytes=0)
    with pytest.raises(TypeError, match="max_response_bytes"):
        provider(fake.base_url, max_response_bytes="1M")


@pytest.mark.parametrize("status", [200, 400])
async def test_deeply_nested_token_response_is_an_auth_error(status: int) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        deep = b"[" * 100_000 + b"]" * 100_000
        return web.Response(body=deep, status=status, content_type="application/json")

    async with serve(handler) as (url, _):
        with pytest.raises(ka.KakaoAuthError, match="nested"):
            await provider(url).token()


@pytest.mark.parametrize("field", ["access_token", "refresh_token"])
async def test_a_minted_token_that_cannot_be_a_header_is_an_auth_error(field: str) -> None:
    grant = {"access_token": "fine-token", "refresh_token": "fine-refresh", field: "bad\x1btoken"}

    async def mint(request: web.Request) -> web.StreamResponse:
        return web.json_response(grant)

    async with serve(mint) as (url, _):
        with pytest.raises(ka.KakaoAuthError, match="control characters"):
            await provider(url).token()
