"""README, "Metrics, tracing and logs", the logs table read as a user: each row's logger, level
and line, produced over loopback against the fake."""

from __future__ import annotations

import re
import socket
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import INTERVAL

ON_OFF = "/openapi/v4/creatives/onOff"


def lines(caplog: pytest.LogCaptureFixture, logger: str, level: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == logger and r.levelname == level]


def client(fake: FakeKakaoServer, **options: Any) -> ka.KakaoClient:
    options.setdefault("retry", ka.RetryPolicy(base=0.01, cap=0.02))
    options.setdefault("token", DEFAULT_TOKEN)
    options.setdefault("on_off_interval", INTERVAL)
    return ka.KakaoClient(ad_account_id=1, moment_base_url=fake.base_url, **options)


async def test_http_lines_one_per_exchange_at_debug_one_per_retry_at_info(
    fake: FakeKakaoServer, caplog: pytest.LogCaptureFixture
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    caplog.set_level("DEBUG", logger="kakao_async")
    async with client(fake) as kakao:
        fake.fail_next(1, status=503)
        await kakao.moment.creatives.get(creative)
    path = f"/openapi/v4/creatives/{creative}"
    debug = lines(caplog, "kakao_async.http", "DEBUG")
    assert len(debug) == 2
    assert re.fullmatch(rf"GET {path} \(adAccountId 1\) -> 503 in \d+\.\d ms", debug[0])
    assert re.fullmatch(rf"GET {path} \(adAccountId 1\) -> 200 in \d+\.\d ms", debug[1])
    (retry,) = lines(caplog, "kakao_async.http", "INFO")
    assert re.fullmatch(
        rf"GET {path}: KakaoServerError \(HTTP 503\); retry 1 of 2 in \d\.\d\ds", retry
    )


async def test_at_info_retries_and_refusals_show_but_not_every_request(
    fake: FakeKakaoServer, caplog: pytest.LogCaptureFixture
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    caplog.set_level("INFO", logger="kakao_async")
    async with client(fake) as kakao:
        await kakao.moment.creatives.get(ids[0])
        await kakao.moment.creatives.set_config(ids[0], "OFF")
        assert caplog.records == []
        fake.fail_next(1, status=429, code=-813, path=ON_OFF)
        await kakao.moment.creatives.set_config(ids[1], "OFF")
    key = kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
    (refusal,) = lines(caplog, "kakao_async.ratelimit", "INFO")
    assert re.fullmatch(
        rf"{re.escape(key)}: Kakao refused the call for its quota \(HTTP 429\); "
        r"key closed for \d+\.\d\ds",
        refusal,
    )
    (requeue,) = lines(caplog, "kakao_async.http", "INFO")
    assert requeue.startswith(f"PUT {ON_OFF}: KakaoRateLimitError (HTTP 429); quota refusal 1 of")
    assert "back through the limiter" in requeue


async def test_ratelimit_debug_line_per_quota_turn(
    fake: FakeKakaoServer, caplog: pytest.LogCaptureFixture
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    caplog.set_level("DEBUG", logger="kakao_async")
    async with client(fake) as kakao:
        await kakao.moment.creatives.set_config(ids[0], "OFF")
        await kakao.moment.creatives.set_config(ids[1], "OFF")
    key = kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
    turns = lines(caplog, "kakao_async.ratelimit", "DEBUG")
    assert len(turns) == 2
    assert all(re.fullmatch(rf"{re.escape(key)}: quota turn after \d+\.\d{{3}}s", t) for t in turns)
    assert DEFAULT_TOKEN not in key


async def test_a_redis_limiter_retry_is_a_ratelimit_debug_line(
    fake: FakeKakaoServer, caplog: pytest.LogCaptureFixture
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    caplog.set_level("DEBUG", logger="kakao_async")
    limiter = ka.RedisRateLimiter(
        f"redis://127.0.0.1:{port}/0", interval=0.1, outage_timeout=0.3, socket_timeout=0.2
    )
    async with limiter, client(fake, rate_limiter=limiter, on_off_interval=None) as kakao:
        with pytest.raises(ka.KakaoLimiterError):
            await kakao.moment.creatives.set_config(creative, "OFF")
    retries = lines(caplog, "kakao_async.ratelimit", "DEBUG")
    assert retries
    assert re.fullmatch(r"Redis limiter: \w+ \(try 1\); retrying in \d\.\d\ds", retries[0])


async def test_auth_lines_refresh_at_debug_a_raising_on_refresh_at_error(
    fake: FakeKakaoServer, caplog: pytest.LogCaptureFixture
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.add_oauth_client(client_id="app", refresh_token="docs-refresh-token-2")

    def on_refresh(access: str, refresh: str) -> None:
        raise OSError("token store down")

    tokens = ka.RefreshingToken(
        client_id="app",
        refresh_token="docs-refresh-token-2",
        auth_url=fake.base_url,
        on_refresh=on_refresh,
    )
    caplog.set_level("DEBUG", logger="kakao_async")
    async with client(fake, token=tokens) as kakao:
        await kakao.moment.creatives.get(creative)
        fake.expire_access_tokens()
        await kakao.moment.creatives.get(creative)
    assert lines(caplog, "kakao_async.auth", "DEBUG")
    # Two refreshes: the first token (none was given), then the one after the 401.
    failed = lines(caplog, "kakao_async.auth", "ERROR")
    assert len(failed) == 2 and all("on_refresh raised OSError" in f for f in failed)
    (again,) = lines(caplog, "kakao_async.http", "INFO")
    assert again.endswith("KakaoAuthError (HTTP 401); access token refreshed, trying again")


async def test_a_raising_on_progress_is_a_bulk_error_line(
    fake: FakeKakaoServer, caplog: pytest.LogCaptureFixture
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]

    def on_progress(progress: ka.Progress) -> None:
        raise RuntimeError("dashboard down")

    caplog.set_level("DEBUG", logger="kakao_async")
    async with client(fake) as kakao:
        job = kakao.moment.creatives.start_set_configs(
            [(i, "OFF") for i in ids], on_progress=on_progress
        )
        result = await job.result()
    assert result.ok
    assert len(lines(caplog, "kakao_async.bulk", "ERROR")) == 2
