"""A call whose first attempt goes out at once (no token, pacer or quota wait) builds no Budget
until it fails: its clock must still have started when that attempt went out. So the retry gets
what is left of the call's timeout, never a fresh one, and the first attempt the whole of it.

A client's first call waits for its token (a Budget from the start), so each test makes one
call first: the call under test is the usual one, with its token ready.

The bounds below are lower bounds on time spent (an ``asyncio.sleep`` in the handler), not
wall-clock margins: a loaded machine only makes what is left smaller."""

from __future__ import annotations

import asyncio

import pytest

import kakao_async as ka

TIMEOUT = 5.0
SLOW = 0.3  # the first attempt's handler sleeps this long before its 503
ITEM = b'{"content": []}'
BUSY = b'{"code": -9798, "msg": "busy"}'


def _client(transport: ka.MockTransport, timeout: float = TIMEOUT) -> ka.KakaoClient:
    # A short backoff: a retry is never refused for want of time to wait it out.
    return ka.KakaoClient(
        "t",
        ad_account_id=1,
        transport=transport,
        timeout=timeout,
        retry=ka.RetryPolicy(base=0.01, cap=0.02),
    )


async def test_the_retry_after_a_slow_first_attempt_gets_what_is_left_not_a_fresh_timeout() -> None:
    async def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        if len(transport.requests) == 2:  # the call under test's first attempt
            await asyncio.sleep(SLOW)
            return ka.HttpResponse(503, {}, BUSY)
        return ka.HttpResponse(200, {}, ITEM)

    transport = ka.MockTransport(answer)
    async with _client(transport) as kakao:
        await kakao.moment.creatives.list(ad_group_id=1)  # the token is ready from now on
        assert await kakao.moment.creatives.list(ad_group_id=1) == []
    _, first, second = (r.timeout for r in transport.requests)
    assert first == TIMEOUT  # sent at once: the whole timeout, exactly
    # The first attempt's SLOW seconds (and the backoff) came off the call's one deadline.
    assert 0 < second <= TIMEOUT - SLOW


async def test_a_first_attempt_that_outlives_the_timeout_ends_the_call_without_a_retry() -> None:
    async def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        if len(transport.requests) > 1:
            await asyncio.sleep(request.timeout + 1)  # the transport's timeout ends it first
        return ka.HttpResponse(200, {}, ITEM)

    transport = ka.MockTransport(answer)
    async with _client(transport, timeout=0.2) as kakao:
        await kakao.moment.creatives.list(ad_group_id=1)  # the token is ready from now on
        with pytest.raises(ka.KakaoTimeoutError, match=r"within 0\.2s"):
            await kakao.moment.creatives.list(ad_group_id=1)
    # The clock started when the attempt went out: nothing was left for a second one.
    assert len(transport.requests) == 2
