"""README "FastAPI", read by an ad-tech engineer serving campaigns, ad groups and reports from
a FastAPI app, for what tests/test_docs_fastapi.py and tests/test_fastapi.py leave out: the
hierarchy's and the reports' errors as HTTP answers (a wrong kind of input, a quota Kakao
refused, a restricted account), a cancelled job's status, and an unknown job; under uvicorn on
loopback in front of the fake."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

import kakao_async as ka
from kakao_async.endpoints import QUOTAS
from kakao_async.fastapi import Jobs, Kakao, install_error_handlers, kakao_lifespan
from kakao_async.testing import FakeKakaoServer, SeededAccount
from tests.asgi import serve

TOKEN = "bb16-fastapi-SECRET-token-value"
FAST = {name: 0.01 for name in QUOTAS}
STATUS_KEYS = ["jobId", "state", "total", "done", "failed", "elapsed", "eta"]
RESULT_KEYS = ["item", "ok", "value", "skipped", "superseded", "error"]


def make_app(fake: FakeKakaoServer) -> FastAPI:
    def factory() -> ka.KakaoClient:
        return ka.KakaoClient(
            TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            quotas={**FAST, "campaigns.onOff": 1.0},
            retry=ka.RetryPolicy(attempts=1, rate_limit_attempts=1),
        )

    app = FastAPI(lifespan=kakao_lifespan(factory))
    install_error_handlers(app)

    @app.put("/campaigns/{campaign_id}/budget")
    async def budget(campaign_id: int, amount: Any, kakao: Kakao) -> dict[str, bool]:
        # ``amount`` as the caller sent it: the library, not FastAPI, checks it.
        return {"applied": await kakao.moment.campaigns.set_daily_budget(campaign_id, amount)}

    @app.put("/ad-groups/{ad_group_id}/bid")
    async def bid(ad_group_id: int, amount: int, kakao: Kakao, account: int = 1) -> Any:
        return await kakao.moment.ad_groups.set_bid_amount(
            ad_group_id, amount, ad_account_id=account
        )

    @app.get("/report")
    async def report(kakao: Kakao) -> list[dict[str, Any]]:
        rows = await kakao.moment.reports.ad_account(date_preset="TODAY")
        return [{"imp": r.metrics.get("imp")} for r in rows]

    @app.post("/campaigns-off", status_code=202)
    async def campaigns_off(ids: list[int], kakao: Kakao, jobs: Jobs) -> dict[str, str]:
        job = kakao.moment.campaigns.start_set_configs([(i, "OFF") for i in ids])
        return {"job": jobs.add(job)}

    @app.get("/jobs/{job_id}")
    async def status(job_id: str, jobs: Jobs) -> dict[str, Any]:
        return jobs.status(job_id)

    @app.delete("/jobs/{job_id}")
    async def cancel(job_id: str, jobs: Jobs) -> dict[str, Any]:
        job = jobs.get(job_id)
        async for progress in job.watch():  # the test cancels once one item has finished
            if progress.done >= 1:
                break
        job.cancel()
        async for _ in job.watch():  # README: to wait for a cancelled job to end
            pass
        with pytest.raises(asyncio.CancelledError):
            await job  # README: awaiting a cancelled job raises CancelledError
        return jobs.status(job_id)

    return app


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer(quotas=FAST, tokens=[TOKEN]) as server:
        yield server


@pytest.fixture
def seeded(fake: FakeKakaoServer) -> SeededAccount:
    return fake.seed_hierarchy(ad_accounts=[1], campaigns_per_account=4)[1]


@pytest.fixture
async def service(fake: FakeKakaoServer) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(make_app(fake)) as client:
        yield client


def no_secret(answer: httpx.Response) -> None:
    assert "SECRET" not in answer.text and "SECRET" not in str(answer.headers)


async def test_an_amount_of_the_wrong_kind_is_422_naming_the_type_error(
    fake: FakeKakaoServer, service: httpx.AsyncClient, seeded: SeededAccount
) -> None:
    answer = await service.put(
        f"/campaigns/{seeded.campaigns[0]}/budget", params={"amount": "50000"}
    )
    assert answer.status_code == 422
    assert answer.json()["error"] == "KakaoInputTypeError"
    assert "amount" in answer.json()["detail"]
    assert "kakaoCode" not in answer.json()  # not an answer from Kakao
    assert len(fake.requests) == 0
    no_secret(answer)


async def test_a_write_kakao_refused_for_its_quota_is_429_with_kakaos_codes(
    fake: FakeKakaoServer, service: httpx.AsyncClient, seeded: SeededAccount
) -> None:
    fake.set_quota("adGroups.bidAmount", 60.0)  # Kakao's window is longer than the client's
    first = await service.put(f"/ad-groups/{seeded.ad_groups[0]}/bid", params={"amount": 300})
    assert (first.status_code, first.json()) == (200, True)
    answer = await service.put(f"/ad-groups/{seeded.ad_groups[0]}/bid", params={"amount": 400})
    assert answer.status_code == 429
    body = answer.json()
    assert (body["error"], body["kakaoCode"], body["detailCode"]) == (
        "KakaoRateLimitError",
        -813,
        30003,
    )
    assert body["detailMsg"] and "Retry-After" not in answer.headers  # Kakao sent none
    no_secret(answer)


async def test_a_report_kakao_refused_for_its_quota_is_429(
    fake: FakeKakaoServer, service: httpx.AsyncClient, seeded: SeededAccount
) -> None:
    fake.set_quota("reports.account", 60.0)
    assert (await service.get("/report")).status_code == 200
    answer = await service.get("/report")
    assert answer.status_code == 429
    assert (answer.json()["kakaoCode"], answer.json()["detailCode"]) == (-813, 30005)


async def test_a_restricted_account_is_a_bad_gateway_with_kakaos_codes(
    fake: FakeKakaoServer, service: httpx.AsyncClient, seeded: SeededAccount
) -> None:
    # Kakao refused the server's own credential for that account: not the caller's fault.
    fake.restricted_ad_accounts.add(9)
    answer = await service.put(
        f"/ad-groups/{seeded.ad_groups[0]}/bid", params={"amount": 300, "account": 9}
    )
    assert answer.status_code == 502
    body = answer.json()
    assert body["error"] == "KakaoPermissionError" and body["detailCode"] == 30002
    assert set(body) == {"error", "detail", "kakaoCode", "detailCode", "detailMsg"}
    no_secret(answer)


async def test_a_cancelled_jobs_status_keeps_what_finished_and_nulls_the_rest(
    fake: FakeKakaoServer, service: httpx.AsyncClient, seeded: SeededAccount
) -> None:
    # campaigns.onOff at 1 s for this client: four campaigns of one account take ~3 s.
    started = await service.post("/campaigns-off", json=list(seeded.campaigns))
    assert started.status_code == 202
    job_id = started.json()["job"]
    running = (await service.get(f"/jobs/{job_id}")).json()
    assert list(running) == STATUS_KEYS and running["state"] == "running"
    answer = await service.delete(f"/jobs/{job_id}")
    assert answer.status_code == 200
    status = answer.json()
    assert list(status) == [*STATUS_KEYS, "results"]
    assert status["state"] == "cancelled" and status["total"] == 4
    results = status["results"]
    assert len(results) == 4 and results[0] is not None
    assert list(results[0]) == RESULT_KEYS
    assert results[0]["item"] == {"campaignId": seeded.campaigns[0], "config": "OFF"}
    assert (results[0]["ok"], results[0]["value"], results[0]["error"]) == (True, "OFF", None)
    finished = [r for r in results if r is not None]
    assert len(finished) == status["done"] < 4
    assert results[status["done"] :] == [None] * (4 - status["done"])
    assert (await service.get(f"/jobs/{job_id}")).json() == status


async def test_an_unknown_job_is_404(service: httpx.AsyncClient) -> None:
    answer = await service.get("/jobs/12345")
    assert answer.status_code == 404
