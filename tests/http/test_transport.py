"""The transport seam: MockTransport answers without a socket, through the whole request path."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from yarl import URL

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.loopback import serve

DISPLAY = b'{"id": 7, "name": "n", "config": "ON", "format": "IMAGE_BANNER"}'


def client(transport: ka.Transport, **options: object) -> ka.KakaoClient:
    return ka.KakaoClient(
        "mock-token",
        ad_account_id=3,
        transport=transport,
        retry=ka.RetryPolicy(base=0.001, cap=0.002),
        **options,  # type: ignore[arg-type]
    )


async def test_a_mock_transport_sees_the_prepared_request_and_its_answer_is_decoded() -> None:
    mock = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, DISPLAY))
    async with client(mock) as kakao:
        creative = await kakao.moment.creatives.get(7)
    assert creative.id == 7 and creative.name == "n"
    (sent,) = mock.requests
    assert (sent.method, sent.url, sent.path) == (
        "GET",
        "https://apis.moment.kakao.com/openapi/v4/creatives/7",
        "/openapi/v4/creatives/7",
    )
    assert sent.headers["adAccountId"] == "3"
    assert sent.headers["Authorization"] == "Bearer mock-token"
    assert "mock-token" not in repr(sent.headers["Authorization"])  # masked in tracebacks


async def test_async_handlers_errors_and_retries_go_through_the_same_path() -> None:
    answers = [
        ka.HttpResponse(503, {"Retry-After": "0"}, b'{"code": -9798, "msg": "maintenance"}'),
        ka.HttpResponse(200, {}, b""),
    ]

    async def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        await asyncio.sleep(0)
        return answers.pop(0)

    mock = ka.MockTransport(handler)
    async with client(mock, on_off_interval=0.01) as kakao:
        assert await kakao.moment.creatives.set_config(7, "OFF") is True
    assert [r.method for r in mock.requests] == ["PUT", "PUT"]
    assert mock.requests[0].body == b'{"id":7,"config":"OFF"}'  # compact UTF-8 JSON


async def test_a_slow_mock_handler_is_a_timeout_of_the_call() -> None:
    async def slow(request: ka.HttpRequest) -> ka.HttpResponse:
        await asyncio.sleep(5)
        raise AssertionError("never answered")

    async with client(ka.MockTransport(slow), timeout=0.05) as kakao:
        with pytest.raises(ka.KakaoTimeoutError, match=r"within 0\.05s"):
            await kakao.moment.creatives.list(ad_group_id=1)


async def test_a_transport_and_a_session_are_exclusive() -> None:
    mock = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, b""))
    with pytest.raises(TypeError, match="transport"):
        ka.KakaoClient("t", transport=object())  # type: ignore[arg-type]
    async with ka.KakaoClient("t", transport=mock) as kakao:
        assert kakao.transport is mock


async def test_the_aiohttp_transport_sends_exactly_the_url_it_was_given() -> None:
    # The transport parses a base URL once and joins each plain path to it (yarl's full parse
    # costs ~5 µs per request); every base URL shape must still reach the server as given.
    async def answer(request: web.Request) -> web.Response:
        return web.Response(body=b"{}")

    async with serve(answer) as (host, seen):
        cases = [
            (host, "/openapi/v4/creatives/7"),
            (host, "/openapi/v4/creatives/7"),  # the second time from the parsed base
            (f"{host}/prefix", "/openapi/v4/creatives/8"),
            (f"{host}/", "/openapi/v4/creatives/9"),
            (host, "/openapi/v1/creatives/a%20b"),
            (f"{host}/p/", "/x"),
            (host, "/a/../openapi/./v4"),  # dot segments: resolved as aiohttp resolves the string
        ]
        transport = ka.AiohttpTransport()
        try:
            for base, path in cases:
                request = ka.HttpRequest("GET", base + path, {}, path=path)
                assert (await transport.send(request)).status == 200
                params = ka.HttpRequest("GET", base + path, {}, params=(("q", "1"),), path=path)
                await transport.send(params)
        finally:
            await transport.aclose()
    expected: list[str] = []
    for base, path in cases:
        raw = URL(base + path).raw_path
        expected += [raw, f"{raw}?q=1"]
    assert seen.raw_paths == expected


async def test_a_lost_connection_is_retried_by_the_policy_only_never_resent_by_aiohttp() -> None:
    # aiohttp resends an idempotent request (PUT, GET) at once when its connection drops, outside
    # the quota limiter, the backoff and the retry count. A reset after the request arrived then
    # reaches Kakao twice within a millisecond: a 429 of the library's own making.
    interval = 0.05
    async with FakeKakaoServer(on_off_interval=interval) as fake:
        creative = fake.add_moment_creative(ad_account_id=3)
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=3,
            moment_base_url=fake.base_url,
            on_off_interval=interval,
            retry=ka.RetryPolicy(attempts=1),  # no retry: one request, one error
        ) as kakao:
            fake.reset_next(1, method="PUT")
            with pytest.raises(ka.KakaoTransportError):
                await kakao.moment.creatives.set_config(creative.id, "OFF")
            fake.reset_next(1, method="GET")
            with pytest.raises(ka.KakaoTransportError):
                await kakao.moment.creatives.get(creative.id)
        assert [r.method for r in fake.requests] == ["PUT", "GET"]
        assert fake.moment_creative(creative.id).config == "ON"
