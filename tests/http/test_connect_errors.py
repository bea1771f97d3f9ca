"""README, Reliability: a connection that could not be opened is a ``KakaoConnectError``.

Nothing reached Kakao, so the attempt costs no quota turn (the next one is not held back a
whole interval) and even a create is tried again."""

from __future__ import annotations

import socket
import time

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN

INTERVAL = 3.0
CREATED = b'{"id": 71, "name": "n", "title": "t", "description": "d"}'


def refused_url() -> str:
    """An http URL on loopback where nothing listens (the port was just released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def client(**options: object) -> ka.KakaoClient:
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        retry=ka.RetryPolicy(attempts=3, base=0.01, cap=0.02),
        **options,  # type: ignore[arg-type]
    )


def test_it_is_a_transport_error() -> None:
    assert issubclass(ka.KakaoConnectError, ka.KakaoTransportError)
    assert ka.KakaoConnectError.__module__ == "kakao_async.errors"


async def test_a_refused_connection_raises_it_after_the_retries() -> None:
    url = refused_url()
    async with client(moment_base_url=url) as kakao:
        with pytest.raises(ka.KakaoConnectError) as caught:
            await kakao.moment.creatives.get(5)
    assert "GET /openapi/v4/creatives/5" in str(caught.value)
    assert DEFAULT_TOKEN not in str(caught.value)


async def test_a_refused_quota_d_call_hands_its_turn_back() -> None:
    url = refused_url()
    quotas = dict.fromkeys(ka.endpoints.QUOTAS, INTERVAL)
    async with client(moment_base_url=url, quotas=quotas) as kakao:
        began = time.monotonic()
        with pytest.raises(ka.KakaoConnectError):
            await kakao.moment.creatives.set_config(5, "OFF")
        took = time.monotonic() - began
        [state] = await kakao.quota_snapshot([kakao.quota_key("creatives.onOff", 1)])
    # Three attempts, none of which reached Kakao: no cooldown between them or after them
    # (each would be a whole interval).
    assert took < INTERVAL / 2
    assert state.ready_in == 0


async def test_a_create_is_tried_again_when_its_connection_was_refused() -> None:
    calls: list[ka.HttpRequest] = []

    def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        calls.append(request)
        if len(calls) == 1:
            raise ka.KakaoConnectError("POST /openapi/v1/creatives: connection refused")
        return ka.HttpResponse(200, {}, CREATED)

    async with client(transport=ka.MockTransport(handler)) as kakao:
        await kakao.keyword.creatives.create(biz_channel_id=7, name="n", title="t", description="d")
    assert [r.method for r in calls] == ["POST", "POST"]


async def test_a_create_whose_connection_dropped_is_not_sent_again() -> None:
    def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        raise ka.KakaoTransportError("POST /openapi/v1/creatives: connection reset")

    mock = ka.MockTransport(handler)
    async with client(transport=mock) as kakao:
        with pytest.raises(ka.KakaoTransportError):
            await kakao.keyword.creatives.create(
                biz_channel_id=7, name="n", title="t", description="d"
            )
    assert len(mock.requests) == 1


async def test_a_token_refresh_whose_connection_was_refused_raises_it() -> None:
    tokens = ka.RefreshingToken(client_id="app", refresh_token="r-secret", auth_url=refused_url())
    with pytest.raises(ka.KakaoConnectError) as caught:
        await tokens.token()
    assert "r-secret" not in str(caught.value)


async def test_through_redis_a_refused_call_hands_its_turn_back_too(redis_url: str) -> None:
    quotas = dict.fromkeys(ka.endpoints.QUOTAS, INTERVAL)
    limiter = ka.RedisRateLimiter(redis_url)
    options = {"moment_base_url": refused_url(), "quotas": quotas, "rate_limiter": limiter}
    async with client(**options) as kakao:
        with pytest.raises(ka.KakaoConnectError):
            await kakao.moment.creatives.set_config(5, "OFF")
        [state] = await kakao.quota_snapshot([kakao.quota_key("creatives.onOff", 1)])
    await limiter.aclose()
    # Redis gives an unused turn back as a 1 ms cooldown (a TTL cannot be 0): no interval.
    assert state.ready_in <= 0.001
