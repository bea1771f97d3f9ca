"""README "Metrics, tracing and logs": a Redis limiter retry is one DEBUG line on
``kakao_async.ratelimit`` (the logger README names), never on the package logger itself."""

from __future__ import annotations

import logging
import socket

import pytest

import kakao_async as ka


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_redis_limiter_retry_is_logged_on_kakao_async_ratelimit(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="kakao_async")
    limiter = ka.RedisRateLimiter(f"redis://127.0.0.1:{_closed_port()}/0", outage_timeout=0.1)
    try:
        with pytest.raises(ka.KakaoLimiterError):
            async with limiter.hold("probe"):
                pass
    finally:
        await limiter.aclose()
    retries = [r for r in caplog.records if "Redis limiter" in r.getMessage()]
    assert retries, "no retry line was logged"
    assert {(r.name, r.levelno) for r in retries} == {("kakao_async.ratelimit", logging.DEBUG)}
