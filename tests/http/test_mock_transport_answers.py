"""README "Testing without a socket": ``ka.MockTransport(handler)`` answers from a function. A
handler that returns something other than an ``HttpResponse`` (a dict, a tuple, ``None``, a
status as text, a body as ``str``) is the test's own bug: it gets a clear typed error naming the
handler, never an AttributeError from inside the client."""

from __future__ import annotations

import asyncio
import threading
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


def test_a_mock_transport_shared_by_two_threads_keeps_each_calls_timeout() -> None:
    """A MockTransport is a function and a list: one made at module level and shared by clients
    run in two threads (each its own ``asyncio.run``) must time out each call by its own
    ``timeout=``, whatever the other thread does meanwhile."""
    entered = threading.Event()
    outcome: dict[str, object] = {}

    async def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        if threading.current_thread().name == "slow":
            entered.set()
            await asyncio.Event().wait()  # never answers: only the timeout ends it
        return ka.HttpResponse(200, {}, b'{"content": []}')

    mock = ka.MockTransport(handler)

    def run(name: str) -> None:
        async def main() -> None:
            async with ka.KakaoClient("t", ad_account_id=1, transport=mock, timeout=0.2) as k:
                try:
                    # The outer bound only keeps a broken build from hanging the suite.
                    await asyncio.wait_for(k.moment.creatives.list(ad_group_id=5), 10)
                    outcome[name] = "answered"
                except BaseException as exc:
                    outcome[name] = exc

        asyncio.run(main())

    slow = threading.Thread(target=run, args=("slow",), name="slow")
    slow.start()
    assert entered.wait(10)
    fast = threading.Thread(target=run, args=("fast",), name="fast")
    fast.start()
    fast.join()
    slow.join()
    assert outcome["fast"] == "answered"
    assert isinstance(outcome["slow"], ka.KakaoTimeoutError), outcome["slow"]
