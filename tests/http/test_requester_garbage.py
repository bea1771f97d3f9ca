"""A call that ends with an exception leaves nothing for the garbage collector: its exception
(whose traceback holds the requester's frame) is freed as soon as the caller drops it, not at
the next collection. A cycle here would keep every cancelled call's frames (request, trace,
token) alive until the collector runs, and cost bulk work collector time."""

from __future__ import annotations

import asyncio
import weakref

import pytest

import kakao_async as ka
from kakao_async._http import HttpRequest, HttpResponse
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.http.test_token_wait import Stalled


class _Stalled:
    """A transport that never answers (the call waits until something ends it)."""

    async def send(self, request: HttpRequest) -> HttpResponse:
        await asyncio.sleep(60)
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        pass


async def _turns() -> None:
    """A few turns of the loop: the task's last callbacks let go of what they hold."""
    for _ in range(3):
        await asyncio.sleep(0)


async def test_a_call_cancelled_from_outside_leaves_no_cycle(no_collector: None) -> None:
    async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, transport=_Stalled()) as kakao:
        task = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1))
        await asyncio.sleep(0.01)  # the call is at the transport
        task.cancel()
        try:
            await task
        except asyncio.CancelledError as exc:
            ref = weakref.ref(exc)
        del task
        await _turns()
        assert ref() is None


async def test_a_call_on_a_closed_client_leaves_no_cycle(no_collector: None) -> None:
    kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, transport=_Stalled())
    await kakao.aclose()
    try:
        await kakao.moment.creatives.list(ad_group_id=1)
    except ka.KakaoClosedError as exc:
        ref = weakref.ref(exc)
    await _turns()
    assert ref() is None


async def test_a_call_ended_by_closing_leaves_no_cycle(no_collector: None) -> None:
    kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, transport=_Stalled())
    task = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1))
    await asyncio.sleep(0.01)
    await kakao.aclose()
    try:
        await task
    except ka.KakaoClosedError as exc:
        ref = weakref.ref(exc)
    del task
    await _turns()
    assert ref() is None


async def test_a_call_failing_with_an_api_error_leaves_no_cycle(no_collector: None) -> None:
    def reply(request: HttpRequest) -> HttpResponse:
        body = b'{"code": -813, "msg": "not found"}'
        return HttpResponse(404, {"Content-Type": "application/json"}, body)

    retry = ka.RetryPolicy(attempts=1, rate_limit_attempts=1)
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, transport=ka.MockTransport(reply), retry=retry
    ) as kakao:
        try:
            await kakao.moment.creatives.get(7)
        except ka.KakaoAPIError as exc:
            ref = weakref.ref(exc)
        await _turns()
        assert ref() is None


async def test_a_call_ended_waiting_for_its_token_leaves_no_cycle(no_collector: None) -> None:
    # The task ends with the error (as under gather(..., return_exceptions=True)): nothing the
    # error holds (its context, the requester's frame) may hold the task.
    async with ka.KakaoClient(Stalled(), ad_account_id=1, transport=_Stalled()) as kakao:
        task = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1, timeout=0.05))
        await asyncio.wait({task}, timeout=5)  # not wait_for: its frame would keep the error
        try:
            await task
        except ka.KakaoTimeoutError as exc:
            text, ref = str(exc), weakref.ref(exc)
        del task
        await _turns()
        assert ref() is None
    assert "still waiting for an access token" in text


@pytest.mark.parametrize("transport", ["aiohttp", "mock"])
async def test_a_call_that_times_out_leaves_no_cycle(no_collector: None, transport: str) -> None:
    # The transports' own timeouts (the aiohttp one's Deadlines scope, MockTransport's wait_for):
    # the error the task ends with must not hold the task through its cause's frames.
    async def never(request: HttpRequest) -> HttpResponse:
        await asyncio.sleep(60)
        raise AssertionError("unreachable")

    async with FakeKakaoServer() as fake:
        fake.stall_next(seconds=5)
        options: dict[str, object] = {"moment_base_url": fake.base_url}
        if transport == "mock":
            options = {"transport": ka.MockTransport(never)}
        async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, **options) as kakao:  # type: ignore[arg-type]
            task = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1, timeout=0.05))
            await asyncio.wait({task}, timeout=5)
            try:
                await task
            except ka.KakaoTimeoutError as exc:
                ref = weakref.ref(exc)
            del task
            await _turns()
            assert ref() is None
