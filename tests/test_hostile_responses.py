"""API responses built to hurt the client: compression bombs and absurdly deep JSON."""

from __future__ import annotations

import gzip
import tracemalloc

import pytest
from aiohttp import web

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.loopback import bomb, serve

MiB = 1 << 20
#: 100,000 nested arrays: far beyond any recursion limit.
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """About 100 KiB each, inflating to 100 MiB of valid JSON (an empty list)."""
    return {"deflate": bomb(100 * MiB, gzip=False), "gzip": bomb(100 * MiB, gzip=True)}


def client(url: str, **kwargs: object) -> ka.KakaoClient:
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=url,
        retry=ka.RetryPolicy(attempts=1),
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("encoding", ["deflate", "gzip"])
@pytest.mark.parametrize("chunked", [False, True])
async def test_compression_bomb_is_capped_on_inflated_bytes(
    bombs: dict[str, bytes], encoding: str, chunked: bool
) -> None:
    body = bombs[encoding]

    async def handler(request: web.Request) -> web.StreamResponse:
        headers = {"Content-Encoding": encoding, "Content-Type": "application/json"}
        if not chunked:  # Content-Length: the compressed size, far below the cap
            return web.Response(body=body, headers=headers)
        response = web.StreamResponse(headers=headers)
        response.enable_chunked_encoding()
        await response.prepare(request)
        for start in range(0, len(body), 16384):
            await response.write(body[start : start + 16384])
        return response

    async with serve(handler) as (url, _), client(url, max_response_bytes=MiB) as kakao:
        tracemalloc.start()
        try:
            with pytest.raises(ka.KakaoDecodeError, match=f"{MiB}-byte limit"):
                await kakao.moment.creatives.system_config_histories(1)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    # The inflated body is 100 MiB; reading must stop near the 1 MiB cap.
    assert peak < 12 * MiB, f"peak {peak / MiB:.1f} MiB while reading a capped response"


async def test_compressed_responses_within_the_cap_still_work() -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(
            body=gzip.compress(b"[]"),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )

    async with serve(handler) as (url, seen), client(url, max_response_bytes=MiB) as kakao:
        assert await kakao.moment.creatives.system_config_histories(1) == []
    assert len(seen.requests) == 1


async def test_deeply_nested_json_is_a_decode_error(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, json_parser: str
) -> None:
    """Either parser: the stdlib one raises RecursionError, orjson a ValueError."""
    fake.respond_next(DEEP)
    with pytest.raises(ka.KakaoDecodeError, match="not JSON"):
        await kakao.moment.creatives.get(1)
    fake.respond_next(DEEP, status=404)  # an unreadable error body: typed by its status
    with pytest.raises(ka.KakaoNotFoundError):
        await kakao.moment.creatives.get(1)
