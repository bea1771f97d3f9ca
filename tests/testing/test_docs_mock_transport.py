"""README "Testing without a socket": ``ka.MockTransport`` answers every request from a function
of an ``ka.HttpRequest`` (plain or ``async``), records what it was sent, lets a handler stand
for a network failure by raising it, keeps the timeout, and never shows the token."""

from __future__ import annotations

import asyncio
import pickle

import pytest

import kakao_async as ka

TOKEN = "sk-live-SECRET-0123456789"


def empty(request: ka.HttpRequest) -> ka.HttpResponse:
    return ka.HttpResponse(200, {}, b'{"content": []}')


async def test_plain_and_async_handlers_and_the_record() -> None:
    async def later(request: ka.HttpRequest) -> ka.HttpResponse:
        await asyncio.sleep(0)
        return empty(request)

    for handler in (empty, later):
        mock = ka.MockTransport(handler)
        async with ka.KakaoClient(TOKEN, ad_account_id=1234, transport=mock) as kakao:
            assert await kakao.moment.creatives.list(ad_group_id=5678) == []
        (sent,) = mock.requests
        assert isinstance(sent, ka.HttpRequest)
        assert sent.method == "GET" and sent.url.endswith("/openapi/v4/creatives")
        assert sent.headers["adAccountId"] == "1234" and ("adGroupId", "5678") in sent.params


async def test_the_token_is_sent_but_never_shown() -> None:
    mock = ka.MockTransport(empty)
    async with ka.KakaoClient(TOKEN, ad_account_id=1, transport=mock) as kakao:
        await kakao.moment.creatives.list(ad_group_id=5)
    (sent,) = mock.requests
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"  # what the handler may check
    for shown in (repr(mock.requests), str(sent), repr(sent.headers), repr(mock), repr(kakao)):
        assert "SECRET" not in shown
    with pytest.raises(TypeError):
        pickle.dumps(sent.headers["Authorization"])


@pytest.mark.parametrize(
    "failure",
    [
        ka.KakaoTransportError("connection dropped"),
        ka.KakaoConnectError("refused"),
        ka.KakaoTimeoutError("too slow"),
    ],
)
async def test_a_handler_stands_for_a_network_failure_by_raising_it(failure: Exception) -> None:
    def fail(request: ka.HttpRequest) -> ka.HttpResponse:
        raise failure

    mock = ka.MockTransport(fail)
    async with ka.KakaoClient(
        TOKEN, ad_account_id=1, transport=mock, retry=ka.RetryPolicy(attempts=2, base=0.01)
    ) as kakao:
        with pytest.raises(type(failure)):
            await kakao.moment.creatives.get(5)
    assert len(mock.requests) == 2  # retried as a network failure is


async def test_an_exception_from_the_handler_reaches_the_caller() -> None:
    def broken(request: ka.HttpRequest) -> ka.HttpResponse:
        raise RuntimeError("a bug in the test's handler")

    async with ka.KakaoClient(TOKEN, ad_account_id=1, transport=ka.MockTransport(broken)) as kakao:
        with pytest.raises(RuntimeError, match="a bug"):
            await kakao.moment.creatives.get(5)


async def test_the_timeout_still_applies() -> None:
    async def never(request: ka.HttpRequest) -> ka.HttpResponse:
        await asyncio.Event().wait()
        raise AssertionError  # pragma: no cover

    mock = ka.MockTransport(never)
    async with ka.KakaoClient(
        TOKEN, ad_account_id=1, transport=mock, timeout=0.05, retry=ka.RetryPolicy(attempts=1)
    ) as kakao:
        with pytest.raises(ka.KakaoTimeoutError):
            await kakao.moment.creatives.get(5)


@pytest.mark.parametrize(
    "answer",
    [None, {"status": 200}, ka.HttpResponse("200", {}, b"{}"), ka.HttpResponse(200, {}, "{}")],
)
async def test_a_handler_slip_is_a_clear_type_error(answer: object) -> None:
    mock = ka.MockTransport(lambda request: answer)  # type: ignore[arg-type, return-value]
    async with ka.KakaoClient(TOKEN, ad_account_id=1, transport=mock) as kakao:
        with pytest.raises(ka.KakaoInputTypeError, match="MockTransport handler"):
            await kakao.moment.creatives.get(5)


def test_a_handler_must_be_callable() -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="handler"):
        ka.MockTransport(None)  # type: ignore[arg-type]
