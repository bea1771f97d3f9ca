"""Scenario: an ad-tech team's creative-switching service, built from README "FastAPI" alone.

Routes: list an ad group's creatives, switch one creative, start a bulk switch as a background
job, poll its progress / ETA / results, cancel it. Driven through httpx's ASGITransport (the
app's lifespan run as FastAPI runs it) against the fake Kakao server over loopback HTTP.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

import kakao_async as ka
from kakao_async.fastapi import Jobs, Kakao, install_error_handlers, kakao_lifespan
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.scenarios.ledger import Ledger, until_done

INTERVAL = 0.05


class Switch(BaseModel):
    config: str


class BulkSwitch(BaseModel):
    adAccountId: int
    creativeIds: list[int]
    config: str


def build_app(fake: FakeKakaoServer, ledger: Ledger) -> FastAPI:
    def client() -> ka.KakaoClient:
        return ka.KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=fake.base_url,
            keyword_base_url=fake.base_url,
            on_off_interval=INTERVAL,
            retry=ka.RetryPolicy(base=0.01, cap=0.05),
            observers=[ledger],
        )

    app = FastAPI(lifespan=kakao_lifespan(client))
    install_error_handlers(app)

    @app.get("/accounts/{account}/ad-groups/{ad_group}/creatives")
    async def list_creatives(account: int, ad_group: int, kakao: Kakao) -> Any:
        rows = await kakao.moment.creatives.list(ad_group_id=ad_group, ad_account_id=account)
        return [ka.unstructure(r) for r in rows]

    @app.put("/accounts/{account}/creatives/{creative}/config")
    async def switch(account: int, creative: int, body: Switch, kakao: Kakao) -> Any:
        applied = await kakao.moment.creatives.set_config(
            creative, body.config, ad_account_id=account
        )
        return {"id": creative, "config": body.config, "applied": applied}

    @app.post("/bulk-switches", status_code=202)
    async def start(body: BulkSwitch, kakao: Kakao, jobs: Jobs) -> Any:
        changes = [
            ka.ConfigChange(c, body.config, ad_account_id=body.adAccountId)
            for c in body.creativeIds
        ]
        job = kakao.moment.creatives.start_set_configs(changes)
        return {"jobId": jobs.add(job), "total": job.total}

    @app.get("/bulk-switches/{job_id}")
    async def poll(job_id: str, jobs: Jobs) -> Any:
        return jobs.status(job_id)

    @app.delete("/bulk-switches/{job_id}")
    async def cancel(job_id: str, jobs: Jobs) -> Any:
        job = jobs.get(job_id)
        job.cancel()
        async for _ in job.watch():  # README: yields once more when the job has ended
            pass
        return jobs.status(job_id)

    return app


@pytest.fixture
async def served(
    fake_and_ledger: tuple[FakeKakaoServer, Ledger],
) -> AsyncIterator[httpx.AsyncClient]:
    fake, ledger = fake_and_ledger
    app = build_app(fake, ledger)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as http:
            yield http
    ledger.check()


@pytest.fixture
async def fake_and_ledger() -> AsyncIterator[tuple[FakeKakaoServer, Ledger]]:
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        yield fake, Ledger()


async def poll_until_done(http: httpx.AsyncClient, job_id: str) -> dict[str, Any]:
    for _ in range(400):
        answer = await http.get(f"/bulk-switches/{job_id}")
        assert answer.status_code == 200
        body: dict[str, Any] = answer.json()
        if body["state"] != "running":
            return body
        await asyncio.sleep(0.02)
    raise AssertionError("job never ended")


async def test_list_switch_and_bulk_job_against_the_fake(
    served: httpx.AsyncClient, fake_and_ledger: tuple[FakeKakaoServer, Ledger]
) -> None:
    fake, ledger = fake_and_ledger
    ids = fake.seed(ad_accounts=[11, 12], creatives_per_account=4)

    listed = await served.get("/accounts/11/ad-groups/1/creatives")
    assert listed.status_code == 200
    rows = listed.json()
    assert [r["id"] for r in rows] == ids[11]
    assert all(r["config"] == "ON" for r in rows)  # Kakao's camelCase JSON, as unstructure gives

    switched = await served.put(
        f"/accounts/11/creatives/{ids[11][0]}/config", json={"config": "OFF"}
    )
    assert switched.status_code == 200
    assert switched.json() == {"id": ids[11][0], "config": "OFF", "applied": True}
    assert fake.moment_creative(ids[11][0]).config == "OFF"

    started = await served.post(
        "/bulk-switches", json={"adAccountId": 12, "creativeIds": ids[12], "config": "OFF"}
    )
    assert started.status_code == 202
    job_id = started.json()["jobId"]
    assert started.json()["total"] == 4
    first = (await served.get(f"/bulk-switches/{job_id}")).json()
    assert first["state"] == "running" and first["total"] == 4
    assert set(first) == {"jobId", "state", "total", "done", "failed", "elapsed", "eta"}
    done = await poll_until_done(served, job_id)
    assert done["state"] == "done" and done["done"] == 4 and done["failed"] == 0
    assert [r["item"]["creativeId"] for r in done["results"]] == ids[12]
    for r in done["results"]:
        assert set(r) == {"item", "ok", "value", "skipped", "superseded", "error"}
        assert r["ok"] is True and r["error"] is None and r["value"] == "OFF"
    assert all(fake.moment_creative(i).config == "OFF" for i in ids[12])
    assert fake.on_off_rejections == 0

    missing = await served.get("/bulk-switches/999")
    assert missing.status_code == 404
    # every onOff the service sent is one call in the ledger, ended ok
    on_off = [e for e in ledger.ended() if e.endpoint == "moment.creatives.set_config"]
    assert len(on_off) == 5 and {e.outcome for e in on_off} == {"ok"}


async def test_kakao_errors_become_documented_answers_without_the_token(
    served: httpx.AsyncClient, fake_and_ledger: tuple[FakeKakaoServer, Ledger]
) -> None:
    fake, _ = fake_and_ledger
    creative = fake.add_moment_creative(ad_account_id=11)

    gone = await served.put("/accounts/11/creatives/424242/config", json={"config": "OFF"})
    assert gone.status_code == 404
    body = gone.json()
    assert body["error"] == "KakaoNotFoundError"
    assert body["detailCode"] == 33003 and isinstance(body["kakaoCode"], int)
    assert "detailMsg" in body

    fake.fail_next(1, status=403, code=-5, method="PUT")
    refused = await served.put(
        f"/accounts/11/creatives/{creative.id}/config", json={"config": "OFF"}
    )
    assert refused.status_code == 502  # other Kakao failures -> 502
    assert refused.json()["error"] == "KakaoPermissionError"
    assert refused.json()["kakaoCode"] == -5

    fake.inject(
        ka.testing.Fault(kind="status", status=429, code=-11, retry_after=7.2, method="PUT")
    )
    exhausted = await served.put(
        f"/accounts/11/creatives/{creative.id}/config", json={"config": "ON"}
    )
    assert exhausted.status_code == 429
    assert exhausted.headers["Retry-After"] == "8"  # whole seconds, rounded up
    assert exhausted.json()["error"] == "KakaoQuotaExhaustedError"

    bad = await served.put(f"/accounts/11/creatives/{creative.id}/config", json={"config": "PAUSE"})
    assert bad.status_code == 422 and bad.json()["error"] == "KakaoInputError"

    for answer in (gone, refused, exhausted, bad):
        assert DEFAULT_TOKEN not in answer.text


async def test_cancelled_bulk_job_keeps_what_finished(
    served: httpx.AsyncClient, fake_and_ledger: tuple[FakeKakaoServer, Ledger]
) -> None:
    fake, ledger = fake_and_ledger
    ids = fake.seed(ad_accounts=[21], creatives_per_account=8)[21]
    started = await served.post(
        "/bulk-switches", json={"adAccountId": 21, "creativeIds": ids, "config": "OFF"}
    )
    job_id = started.json()["jobId"]
    for _ in range(200):  # wait for two switches, then cancel mid-job
        progress = (await served.get(f"/bulk-switches/{job_id}")).json()
        if progress["done"] >= 2:
            break
        await asyncio.sleep(0.01)
    assert progress["eta"] is not None and progress["eta"] > 0
    cancelled = await served.delete(f"/bulk-switches/{job_id}")
    assert cancelled.status_code == 200
    body = cancelled.json()
    assert body["state"] == "cancelled"
    finished = [r for r in body["results"] if r is not None]
    assert 2 <= len(finished) < 8
    switched = {r["item"]["creativeId"] for r in finished if r["ok"]}
    assert switched <= {i for i in ids if fake.moment_creative(i).config == "OFF"}
    await asyncio.sleep(4 * INTERVAL)  # nothing more is sent after the cancel
    sent = len(fake.on_off_calls)
    await asyncio.sleep(4 * INTERVAL)
    assert len(fake.on_off_calls) == sent
    outcomes = [e.outcome for e in ledger.ended() if e.endpoint == "moment.creatives.set_config"]
    # each started call ended exactly once (ledger.check); the one waiting or in flight for the
    # account ended "cancelled" and may have reached Kakao, every other one that was sent is "ok"
    assert outcomes.count("cancelled") <= 1
    assert outcomes.count("ok") <= sent <= outcomes.count("ok") + outcomes.count("cancelled")
    assert outcomes.count("ok") == len(switched)


async def test_quota_refusals_and_a_dead_limiter_get_429_and_503(
    fake_and_ledger: tuple[FakeKakaoServer, Ledger],
) -> None:
    """README FastAPI: quota -> 429 with Kakao's Retry-After rounded up; limiter down -> 503,
    while calls without a quota keep working (README "Several processes": fail closed)."""
    fake, ledger = fake_and_ledger
    creative = fake.add_moment_creative(ad_account_id=11)
    dead = ka.RedisRateLimiter(
        "redis://127.0.0.1:1/0", interval=INTERVAL, outage_timeout=0.2, socket_timeout=0.1
    )
    app = FastAPI(
        lifespan=kakao_lifespan(
            lambda: ka.KakaoClient(
                DEFAULT_TOKEN,
                ad_account_id=11,
                moment_base_url=fake.base_url,
                rate_limiter=dead,
                retry=ka.RetryPolicy(base=0.01, cap=0.05, rate_limit_attempts=1),
                observers=[ledger],
            )
        )
    )
    install_error_handlers(app)

    @app.put("/creatives/{creative_id}/config")
    async def switch(creative_id: int, body: Switch, kakao: Kakao) -> Any:
        return await kakao.moment.creatives.set_config(creative_id, body.config)

    @app.get("/creatives/{creative_id}")
    async def detail(creative_id: int, kakao: Kakao) -> Any:
        return ka.unstructure(await kakao.moment.creatives.get(creative_id))

    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as http:
            down = await http.put(f"/creatives/{creative.id}/config", json={"config": "OFF"})
            still = await http.get(f"/creatives/{creative.id}")
    await dead.aclose()
    assert down.status_code == 503 and down.json()["error"] == "KakaoLimiterError"
    assert still.status_code == 200 and still.json()["id"] == creative.id
    assert not [r for r in fake.requests if r.method == "PUT"]  # nothing sent past the limiter
    assert fake.moment_creative(creative.id).config == "ON"
    failed = [e for e in ledger.ended() if e.endpoint == "moment.creatives.set_config"]
    assert [(e.outcome, e.error, e.attempts) for e in failed] == [("error", "KakaoLimiterError", 0)]


async def test_a_quota_refusal_passes_kakaos_retry_after_on(
    served: httpx.AsyncClient, fake_and_ledger: tuple[FakeKakaoServer, Ledger]
) -> None:
    fake, ledger = fake_and_ledger
    creative = fake.add_moment_creative(ad_account_id=11)
    fake.inject(  # every attempt the default policy allows (5)
        ka.testing.Fault(
            kind="status", status=429, code=-813, retry_after=0.2, method="PUT", remaining=5
        )
    )
    answer = await served.put(
        f"/accounts/11/creatives/{creative.id}/config", json={"config": "OFF"}
    )
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "1"
    assert answer.json()["error"] == "KakaoRateLimitError" and answer.json()["kakaoCode"] == -813
    refused = [e for e in ledger.of(ka.events.RateLimited)]
    assert len(refused) == 5  # README: 5 attempts in all, each one a refusal event


async def test_shutdown_cancels_running_jobs_and_sends_nothing_more(
    fake_and_ledger: tuple[FakeKakaoServer, Ledger],
) -> None:
    """README FastAPI: the lifespan closes the client at shutdown, cancelling running jobs."""
    fake, ledger = fake_and_ledger
    ids = fake.seed(ad_accounts=[22], creatives_per_account=10)[22]
    app = build_app(fake, ledger)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as http:
            started = await http.post(
                "/bulk-switches", json={"adAccountId": 22, "creativeIds": ids, "config": "OFF"}
            )
            job = app.state.kakao_jobs.get(started.json()["jobId"])
            await until_done(job, 2)
    assert job.done() and job.cancelled()
    sent = len(fake.on_off_calls)
    assert 2 <= sent < len(ids)
    await asyncio.sleep(4 * INTERVAL)
    assert len(fake.on_off_calls) == sent
    assert app.state.kakao.closed
    ledger.check()  # every call the job had started ended, exactly once


async def test_a_toggle_during_a_bulk_job_wins_over_the_jobs_queued_change(
    served: httpx.AsyncClient, fake_and_ledger: tuple[FakeKakaoServer, Ledger]
) -> None:
    """README Guarantees: within one client, the last value submitted for a creative is its
    final state; the job's replaced change is not sent and reports superseded."""
    fake, _ = fake_and_ledger
    ids = fake.seed(ad_accounts=[23], creatives_per_account=6)[23]
    started = await served.post(
        "/bulk-switches", json={"adAccountId": 23, "creativeIds": ids, "config": "OFF"}
    )
    job_id = started.json()["jobId"]
    # an operator turns the last creative back ON while the job still has it queued
    toggled = await served.put(f"/accounts/23/creatives/{ids[-1]}/config", json={"config": "ON"})
    assert toggled.status_code == 200 and toggled.json()["applied"] is True
    done = await poll_until_done(served, job_id)
    last = done["results"][-1]
    assert last["ok"] is True and last["superseded"] is True and last["error"] is None
    assert fake.moment_creative(ids[-1]).config == "ON"
    assert [c.config for c in fake.on_off_calls if c.creative_id == ids[-1]] == ["ON"]
    assert all(fake.moment_creative(i).config == "OFF" for i in ids[:-1])
    assert fake.on_off_rejections == 0
