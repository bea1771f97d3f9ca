"""Exchange timeouts over a real socket: one timer ends every exchange at its own deadline."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from aiohttp import web

import kakao_async as ka
from tests.loopback import serve


async def stall(request: web.Request) -> web.Response:
    await asyncio.sleep(float(request.query.get("for", "10")))
    return web.Response(body=b"{}")


def get(base: str, timeout: float, stall_for: float = 10) -> ka.HttpRequest:
    return ka.HttpRequest(
        "GET", f"{base}/slow", {}, params=(("for", str(stall_for)),), timeout=timeout, path="/slow"
    )


async def test_each_exchange_ends_at_its_own_deadline() -> None:
    async with serve(stall) as (base, _):
        transport = ka.AiohttpTransport()
        started = time.monotonic()

        async def timed(timeout: float) -> float:
            with pytest.raises(ka.KakaoTimeoutError, match="within"):
                await transport.send(get(base, timeout))
            return time.monotonic() - started

        try:
            # The long one first: the timer must be re-armed for the shorter ones after it.
            long, short, middle = await asyncio.gather(timed(0.6), timed(0.1), timed(0.3))
        finally:
            await transport.aclose()
    assert 0.1 <= short < 0.25
    assert 0.3 <= middle < 0.45
    assert 0.6 <= long < 0.75


async def test_an_exchange_that_answers_in_time_is_not_touched_by_a_later_deadline() -> None:
    async with serve(stall) as (base, _):
        transport = ka.AiohttpTransport()
        try:
            answer = await transport.send(get(base, 0.5, stall_for=0.05))
            assert answer.status == 200
            await asyncio.sleep(0.6)  # past the finished exchange's deadline: nothing happens
            slow = asyncio.ensure_future(transport.send(get(base, 0.1)))
            with pytest.raises(ka.KakaoTimeoutError):
                await slow
        finally:
            await transport.aclose()


async def test_cancelling_the_caller_is_a_cancellation_not_a_timeout() -> None:
    async with serve(stall) as (base, _):
        transport = ka.AiohttpTransport()
        try:
            call = asyncio.ensure_future(transport.send(get(base, 5)))
            await asyncio.sleep(0.1)
            call.cancel()
            with pytest.raises(asyncio.CancelledError):
                await call
            # The scope it left no longer counts: a later short call times out on time.
            started = time.monotonic()
            with pytest.raises(ka.KakaoTimeoutError):
                await transport.send(get(base, 0.1))
            assert time.monotonic() - started < 0.3
        finally:
            await transport.aclose()


async def test_a_timeout_in_cleanup_after_a_caught_cancellation_is_a_timeout() -> None:
    # cancelling() is 1 on entry: the scope's own cancel is told apart from that one.
    async with serve(stall) as (base, _):
        transport = ka.AiohttpTransport()
        outcome: list[str] = []

        async def worker() -> None:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                # cleanup: one last call, bounded by its own timeout
                try:
                    await transport.send(get(base, 0.1))
                    outcome.append("answer")
                except ka.KakaoTimeoutError:
                    outcome.append("KakaoTimeoutError")
                except asyncio.CancelledError:
                    outcome.append("CancelledError")
                raise

        task = asyncio.ensure_future(worker())
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await transport.aclose()
    assert outcome == ["KakaoTimeoutError"]


async def test_an_exchange_in_flight_at_aclose_of_a_shared_session_keeps_its_deadline() -> None:
    # A caller-supplied session is not closed by aclose(): nothing else would end the exchange.
    async with serve(stall) as (base, _):
        async with aiohttp.ClientSession() as session:
            transport = ka.AiohttpTransport(session=session)
            call = asyncio.ensure_future(transport.send(get(base, 0.2)))
            await asyncio.sleep(0.05)
            await transport.aclose()
            done, _ = await asyncio.wait([call], timeout=1.0)
            hung = not done
            call.cancel()
            await asyncio.gather(call, return_exceptions=True)
    assert not hung, "the in-flight exchange passed its 0.2 s deadline by > 1 s"
