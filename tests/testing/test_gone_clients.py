"""README, "The fake Kakao server": ``fake.latency`` delays every request, and a request whose
client gave up meanwhile is dropped, not applied. A client that gives up while the fake is still
in its latency (a cancelled call, a call past its timeout, a client closed mid-call) is the
normal case of a cancellation test: it must not print a server traceback."""

from __future__ import annotations

import asyncio
import logging

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer


@pytest.mark.parametrize("how", ["cancel", "timeout", "close"])
async def test_a_request_given_up_during_latency_is_dropped_quietly(
    caplog: pytest.LogCaptureFixture, how: str
) -> None:
    caplog.set_level(logging.DEBUG)
    async with FakeKakaoServer(on_off_interval=0.05, latency=(0.3, 0.3)) as fake:
        fake.seed(ad_accounts=[1], creatives_per_account=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            on_off_interval=0.05,
            retry=ka.RetryPolicy(attempts=1),
        ) as kakao:
            call = asyncio.ensure_future(
                kakao.moment.creatives.set_config(1001, "OFF", timeout=0.1)
            )
            await asyncio.sleep(0.05)
            if how == "cancel":
                call.cancel()
            elif how == "close":
                await kakao.aclose()
            outcome = (await asyncio.gather(call, return_exceptions=True))[0]
            assert isinstance(outcome, (asyncio.CancelledError, ka.KakaoError)), outcome
            await asyncio.sleep(0.5)  # the fake's latency is over: it meets the gone client
        assert fake.moment_creative(1001).config == "ON"  # dropped, not applied
    noisy = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert noisy == [], [r.getMessage() for r in noisy]
