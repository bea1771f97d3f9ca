"""A refused connection after a 429: the refusal hands back only its own turn; the cooldown the
429 asked for still holds the key for the next attempt, in memory and through Redis."""

from __future__ import annotations

import time

import kakao_async as ka

INTERVAL = 0.3
DEFERRED = 0.6


async def run(limiter: ka.QuotaLimiter | None) -> tuple[list[float], ka.QuotaKeyState]:
    began = time.monotonic()
    at: list[float] = []

    def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        at.append(time.monotonic() - began)
        if len(at) == 1:
            return ka.HttpResponse(429, {"Retry-After": str(DEFERRED)}, b"{}")
        if len(at) == 2:
            raise ka.KakaoConnectError("PUT /openapi/v4/creatives/onOff: refused")
        return ka.HttpResponse(200, {}, b"")

    options: dict[str, object] = {} if limiter is None else {"rate_limiter": limiter}
    async with ka.KakaoClient(
        "connect-after-429-token",
        ad_account_id=1,
        transport=ka.MockTransport(handler),
        quotas=dict.fromkeys(ka.endpoints.QUOTAS, INTERVAL),
        retry=ka.RetryPolicy(attempts=3, base=0.01, cap=0.02),
        **options,  # type: ignore[arg-type]
    ) as kakao:
        await kakao.moment.creatives.set_config(5, "OFF")
        [state] = await kakao.quota_snapshot([kakao.quota_key("creatives.onOff", 1)])
    return at, state


def check(at: list[float], state: ka.QuotaKeyState) -> None:
    assert len(at) == 3
    # The 429's Retry-After keeps the key closed for the next attempt...
    assert at[1] - at[0] >= DEFERRED - 0.02
    # ...the refused attempt costs no interval: the third goes after its backoff alone...
    assert at[2] - at[1] < INTERVAL / 2
    # ...and the one that went through starts the interval.
    assert state.ready_in > INTERVAL / 2


async def test_in_memory() -> None:
    at, state = await run(None)
    check(at, state)


async def test_through_redis(redis_url: str) -> None:
    async with ka.RedisRateLimiter(redis_url, interval=INTERVAL) as limiter:
        at, state = await run(limiter)
    check(at, state)
