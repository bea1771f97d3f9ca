"""README "Testing without a socket": ``ka.MockTransport(handler)`` answers from a function. A
handler that returns something other than an ``HttpResponse`` (a dict, a tuple, ``None``, a
status as text, a body as ``str``) is the test's own bug: it gets a clear typed error naming the
handler, never an AttributeError from inside the client."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import pytest

import kakao_async as ka


@pytest.mark.parametrize(
    "answer",
    [
        None,
        {"content": []},
        (200, {}, b'{"content": []}'),
        ka.HttpResponse("200", {}, b"{}"),  # type: ignore[arg-type]
        ka.HttpResponse(True, {}, b"{}"),
        ka.HttpResponse(200, {}, '{"content": []}'),  # type: ignore[arg-type]
        ka.HttpResponse(200, None, b"{}"),  # type: ignore[arg-type]
        ka.HttpResponse(42, {}, b"{}"),
    ],
)
@pytest.mark.parametrize("is_async", [False, True])
async def test_a_handler_answer_that_is_not_an_http_response_is_a_typed_error(
    answer: Any, is_async: bool
) -> None:
    def handler(request: ka.HttpRequest) -> Any:
        return answer

    async def async_handler(request: ka.HttpRequest) -> Any:
        return answer

    mock = ka.MockTransport(async_handler if is_async else handler)
    async with ka.KakaoClient("t", ad_account_id=1, transport=mock) as kakao:
        with pytest.raises(ka.KakaoInputTypeError, match="MockTransport") as info:
            await kakao.moment.creatives.list(ad_group_id=5)
    assert "HttpResponse" in str(info.value)
    assert len(mock.requests) == 1  # asked once: a broken handler is not retried


async def test_a_status_that_is_an_integer_of_another_type_is_an_answer() -> None:
    """``HttpResponse(HTTPStatus.OK, ...)`` (an int subclass) or a numpy integer is a status the
    client reads like ``200``; events then report it as a plain int."""
    numpy = pytest.importorskip("numpy")
    statuses: list[Any] = []
    answers = iter([HTTPStatus.OK, numpy.int64(200)])

    def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        return ka.HttpResponse(next(answers), {}, b'{"id": 5, "name": "c"}')

    def observe(event: Any) -> None:
        if isinstance(event, ka.events.ResponseReceived):
            statuses.append(event.status)

    mock = ka.MockTransport(handler)
    async with ka.KakaoClient("t", ad_account_id=1, transport=mock, observers=[observe]) as kakao:
        assert (await kakao.moment.campaigns.get(5)).id == 5
        assert (await kakao.moment.campaigns.get(5)).id == 5
    assert statuses == [200, 200] and all(type(s) is int for s in statuses)
