"""README, "FastAPI", the parts "Errors" and "Security defaults" point to, read as a user: which
kakao_async error becomes which HTTP answer, the error body, Retry-After, an echoed token, and
the job status, through a small app under uvicorn on loopback in front of the fake."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

import kakao_async as ka
from kakao_async.fastapi import Jobs, Kakao, install_error_handlers, kakao_lifespan
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.asgi import serve
from tests.conftest import INTERVAL
from tests.redis_server import free_port


def make_app(fake: FakeKakaoServer, dead_redis: str) -> FastAPI:
    def factory() -> ka.KakaoClient:
        return ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            on_off_interval=INTERVAL,
            retry=ka.RetryPolicy(attempts=1, rate_limit_attempts=1),
        )

    app = FastAPI(lifespan=kakao_lifespan(factory))
    install_error_handlers(app)

    @app.get("/creatives/{creative_id}")
    async def creative(creative_id: int, kakao: Kakao) -> dict[str, Any]:
        return {"name": (await kakao.moment.creatives.get(creative_id)).name}

    @app.get("/zero")
    async def zero(kakao: Kakao) -> None:
        await kakao.moment.creatives.get(0)

    @app.get("/own-value-error")
    async def own() -> None:
        raise ValueError("the app's own bug")

    @app.get("/limiter-down")
    async def limiter_down() -> None:
        limiter = ka.RedisRateLimiter(dead_redis, interval=0.1, outage_timeout=0.2)
        async with (
            limiter,
            ka.KakaoClient(
                DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, rate_limiter=limiter
            ) as kakao,
        ):
            await kakao.moment.creatives.set_config(1001, "OFF")

    @app.get("/closed")
    async def closed() -> None:
        # What a request still running while the app shuts down meets: the client is closed.
        client = factory()
        await client.aclose()
        await client.moment.creatives.get(1)

    @app.post("/bulk-off", status_code=202)
    async def bulk_off(ids: list[int], kakao: Kakao, jobs: Jobs) -> dict[str, str]:
        job = kakao.moment.creatives.start_set_configs([(i, "OFF") for i in ids])
        return {"job": jobs.add(job)}

    @app.get("/bulk/{job_id}")
    async def bulk(job_id: str, jobs: Jobs) -> dict[str, Any]:
        return jobs.status(job_id)

    return app


@pytest.fixture
async def service(fake: FakeKakaoServer) -> AsyncIterator[httpx.AsyncClient]:
    app = make_app(fake, f"redis://127.0.0.1:{free_port()}/0")
    async with serve(app) as client:
        yield client


@pytest.fixture
def ids(fake: FakeKakaoServer) -> list[int]:
    return fake.seed(ad_accounts=[1], creatives_per_account=2)[1]


async def test_bad_input_is_422_with_class_and_detail(service: httpx.AsyncClient) -> None:
    answer = await service.get("/zero")
    assert answer.status_code == 422
    assert answer.json() == {
        "error": "KakaoInputError",
        "detail": "creative_id must be a positive integer, got 0",
    }


async def test_not_found_is_404_with_kakaos_codes(service: httpx.AsyncClient) -> None:
    answer = await service.get("/creatives/424242")
    assert answer.status_code == 404
    body = answer.json()
    assert (body["error"], body["kakaoCode"], body["detailCode"]) == (
        "KakaoNotFoundError",
        -813,
        33003,
    )
    assert body["detailMsg"]


async def test_a_quota_refusal_is_429_with_kakaos_retry_after_rounded_up(
    fake: FakeKakaoServer, service: httpx.AsyncClient, ids: list[int]
) -> None:
    fake.fail_next(1, status=429, code=-10, retry_after=2.2)
    answer = await service.get(f"/creatives/{ids[0]}")
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "3"
    assert answer.json()["error"] == "KakaoRateLimitError"


async def test_a_quota_refusal_without_retry_after_has_no_header(
    fake: FakeKakaoServer, service: httpx.AsyncClient, ids: list[int]
) -> None:
    fake.fail_next(1, status=429, code=-10)
    answer = await service.get(f"/creatives/{ids[0]}")
    assert answer.status_code == 429 and "Retry-After" not in answer.headers


async def test_a_closed_client_is_503_not_a_bad_gateway(service: httpx.AsyncClient) -> None:
    # Kakao did not fail: this service is going away (or its client was closed), so the
    # caller may retry elsewhere or later.
    answer = await service.get("/closed")
    assert answer.status_code == 503
    assert answer.json()["error"] == "KakaoClosedError"


async def test_limiter_down_is_503(service: httpx.AsyncClient) -> None:
    answer = await service.get("/limiter-down")
    assert answer.status_code == 503
    assert answer.json()["error"] == "KakaoLimiterError"


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ({"status": 503, "code": -9798}, "KakaoServerError"),
        ({"status": 401, "code": -401}, "KakaoAuthError"),
        ({"status": 403, "code": -5}, "KakaoPermissionError"),
    ],
)
async def test_other_kakao_failures_are_502(
    fake: FakeKakaoServer,
    service: httpx.AsyncClient,
    ids: list[int],
    fault: dict[str, int],
    error: str,
) -> None:
    fake.fail_next(1, **fault)
    answer = await service.get(f"/creatives/{ids[0]}")
    assert answer.status_code == 502
    assert answer.json()["error"] == error
    assert answer.json()["kakaoCode"] == fault["code"]


async def test_an_answer_kakao_gave_no_code_in_still_carries_the_keys_as_null(
    fake: FakeKakaoServer, service: httpx.AsyncClient, ids: list[int]
) -> None:
    """The body of an API error always has kakaoCode, detailCode and detailMsg (``null`` when
    Kakao's answer lacked them: an HTML 502 from a proxy), as install_error_handlers' docstring
    says; README's "when Kakao gave them" is to say so."""
    fake.garbage_next(1, status=502)
    answer = await service.get(f"/creatives/{ids[0]}")
    assert answer.status_code == 502
    body = answer.json()
    assert body["error"] == "KakaoServerError"
    assert (body["kakaoCode"], body["detailCode"], body["detailMsg"]) == (None, None, None)


async def test_the_apps_own_value_error_stays_a_500(service: httpx.AsyncClient) -> None:
    answer = await service.get("/own-value-error")
    assert answer.status_code == 500


async def test_an_echoed_token_is_in_no_answer(
    fake: FakeKakaoServer, service: httpx.AsyncClient, ids: list[int]
) -> None:
    fake.respond_next(
        {
            "code": -813,
            "msg": f"Bearer {DEFAULT_TOKEN.upper()}",
            "extras": {"detailCode": 33003, "detailMsg": f"no creative for {DEFAULT_TOKEN}"},
        },
        status=400,
    )
    answer = await service.get(f"/creatives/{ids[0]}")
    assert answer.status_code == 404
    assert DEFAULT_TOKEN not in answer.text.lower() and "***" in answer.text


async def test_job_status_progress_then_results(
    fake: FakeKakaoServer, service: httpx.AsyncClient, ids: list[int]
) -> None:
    job_id = (await service.post("/bulk-off", json=ids)).json()["job"]
    status = (await service.get(f"/bulk/{job_id}")).json()
    assert set(status) >= {"jobId", "state", "total", "done", "failed", "elapsed", "eta"}
    while status["state"] == "running":
        await asyncio.sleep(INTERVAL)
        status = (await service.get(f"/bulk/{job_id}")).json()
    assert (status["state"], status["total"], status["done"], status["failed"]) == ("done", 2, 2, 0)
    for result in status["results"]:
        assert set(result) == {"item", "ok", "value", "skipped", "superseded", "error"}
        assert result["ok"] and result["value"] == "OFF" and result["error"] is None
    assert (await service.get("/bulk/999")).status_code == 404
