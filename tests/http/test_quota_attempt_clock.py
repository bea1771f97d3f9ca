"""A quota'd call's attempts and its one deadline (review17, after 29627bf: ``resume()`` starts
the clock, ``attempt()`` reads the running clock). The wait for a quota turn does not count; the
call's own work does, and a retry (a 503) or a requeue (a 429) gets what is left, never a fresh
timeout; a call whose turn comes after its deadline would have passed still gets its attempt.

The bounds are lower bounds on time spent (an ``asyncio.sleep`` in the handler), not wall-clock
margins: a loaded machine only makes what is left smaller."""

from __future__ import annotations

import asyncio

import kakao_async as ka

TIMEOUT = 5.0
SLOW = 0.3  # the first onOff attempt's handler sleeps this long before failing
INTERVAL = 0.05
ON_OFF = "/openapi/v4/creatives/onOff"


def _client(
    transport: ka.MockTransport, *, timeout: float = TIMEOUT, interval: float = INTERVAL
) -> ka.KakaoClient:
    return ka.KakaoClient(
        "t",
        ad_account_id=1,
        transport=transport,
        timeout=timeout,
        on_off_interval=interval,
        retry=ka.RetryPolicy(base=0.01, cap=0.02),
    )


def _on_off(transport: ka.MockTransport) -> list[ka.HttpRequest]:
    return [r for r in transport.requests if r.url.endswith(ON_OFF)]


async def _fail_first_on_off_slowly(status: int, body: bytes) -> ka.MockTransport:
    async def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        if request.url.endswith(ON_OFF) and len(_on_off(transport)) == 1:
            await asyncio.sleep(SLOW)
            return ka.HttpResponse(status, {}, body)
        return ka.HttpResponse(200, {}, b"")

    transport = ka.MockTransport(answer)
    return transport


async def test_a_quota_d_retry_after_a_503_gets_what_is_left() -> None:
    transport = await _fail_first_on_off_slowly(503, b'{"code": -9798, "msg": "busy"}')
    async with _client(transport) as kakao:
        assert await kakao.moment.creatives.set_config(1, "OFF") is True
    first, second = (r.timeout for r in _on_off(transport))
    assert first > TIMEOUT - SLOW  # its turn came at once after the token: (nearly) all of it
    assert 0 < second <= TIMEOUT - SLOW  # the slow attempt came off the one deadline


async def test_a_quota_d_requeue_after_a_429_gets_what_is_left() -> None:
    transport = await _fail_first_on_off_slowly(429, b'{"code": -813, "msg": "too many"}')
    async with _client(transport) as kakao:
        assert await kakao.moment.creatives.set_config(1, "OFF") is True
    first, second = (r.timeout for r in _on_off(transport))
    assert first > TIMEOUT - SLOW
    assert 0 < second <= TIMEOUT - SLOW


async def test_a_turn_after_the_deadline_would_have_passed_still_gets_its_whole_attempt() -> None:
    # Three calls on one key, 0.3 s apart, each with 0.2 s of its own: the third's turn comes
    # ~0.6 s in, long after 0.2 s; the wait is the scheduler's, so it still gets all 0.2 s.
    transport = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, b""))
    async with _client(transport, timeout=0.2, interval=0.3) as kakao:
        results = await asyncio.gather(
            *(kakao.moment.creatives.set_config(c, "OFF") for c in (1, 2, 3))
        )
    assert results == [True, True, True]
    # Each attempt had (nearly) all of its 0.2 s, not what a clock started at the call would leave.
    assert all(0.1 < r.timeout <= 0.2 for r in _on_off(transport))


class _SlowRefresh:
    """A token provider whose refresh takes REFRESH seconds: a wait inside the call, counted."""

    user_key = "slow-refresh-user"
    REFRESH = 0.1

    def __init__(self) -> None:
        self.refreshed = 0

    async def token(self) -> str:
        return "old-token" if not self.refreshed else "new-token"

    async def refresh(self, failed: object) -> str | None:
        await asyncio.sleep(self.REFRESH)
        self.refreshed += 1
        return "new-token"


async def test_a_quota_d_retry_after_a_token_refresh_gets_what_is_left() -> None:
    transport = await _fail_first_on_off_slowly(401, b'{"code": -401, "msg": "expired"}')
    tokens = _SlowRefresh()
    async with ka.KakaoClient(
        tokens,
        ad_account_id=1,
        transport=transport,
        timeout=TIMEOUT,
        on_off_interval=INTERVAL,
        retry=ka.RetryPolicy(base=0.01, cap=0.02),
    ) as kakao:
        assert await kakao.moment.creatives.set_config(1, "OFF") is True
    assert tokens.refreshed == 1
    first, second = (r.timeout for r in _on_off(transport))
    assert first > TIMEOUT - SLOW
    # The slow attempt and the refresh both came off the call's one deadline.
    assert 0 < second <= TIMEOUT - SLOW - _SlowRefresh.REFRESH
