"""The ad-ops service of tests/scenarios/test_fastapi_workers_user.py, as a team writes it from
README "FastAPI" and "Several processes: Redis": one KakaoClient per worker, built by
``kakao_lifespan``, all workers sharing one RedisRateLimiter. Run it under uvicorn
(``uvicorn tests.scenarios.workers_app:app --workers N``); it reads its settings from the
environment (a worker process gets no arguments):

- ``KA_FAKE``: the fake Kakao server's base URL; ``KA_REDIS``: the Redis URL;
  ``KA_NAMESPACE``; ``KA_INTERVAL`` (the onOff quota, scaled down); ``KA_HOLD_TIMEOUT``,
  ``KA_OUTAGE_TIMEOUT``, ``KA_SOCKET_TIMEOUT`` (the limiter's, as README names them);
- ``KA_LIMITER``: ``owned`` (the limiter opened and closed around ``kakao_lifespan`` with
  ``async with``) or ``inline`` (built inside the client factory, as README's FastAPI snippet
  invites: ``kakao_lifespan(lambda: ka.KakaoClient(token, rate_limiter=...))``);
- ``KA_OAUTH``: ``client_id:refresh_token`` to use a ``RefreshingToken`` (``auth_url`` the
  fake), else the fake's static token; its rotations are shared through the same Redis
  (``on_refresh`` stores the new refresh token, ``load_refresh_token`` reads it: README,
  "FastAPI", several workers).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio
from fastapi import FastAPI
from pydantic import BaseModel, Field

import kakao_async as ka
from kakao_async.fastapi import Jobs, Kakao, install_error_handlers, kakao_lifespan
from kakao_async.testing import DEFAULT_TOKEN


class Change(BaseModel):
    ad_account_id: int = Field(alias="adAccountId")
    creative_id: int = Field(alias="creativeId")
    config: str


class BulkSwitch(BaseModel):
    changes: list[Change]


class BulkRead(BaseModel):
    refs: list[tuple[int, int]]


class Switch(BaseModel):
    config: str


def _limiter() -> ka.RedisRateLimiter:
    env = os.environ
    return ka.RedisRateLimiter(
        env["KA_REDIS"],
        namespace=env["KA_NAMESPACE"],
        interval=float(env["KA_INTERVAL"]),
        hold_timeout=float(env.get("KA_HOLD_TIMEOUT", "60")),
        outage_timeout=float(env.get("KA_OUTAGE_TIMEOUT", "10")),
        socket_timeout=float(env.get("KA_SOCKET_TIMEOUT", "2")),
    )


def _client(limiter: ka.RedisRateLimiter) -> ka.KakaoClient:
    fake = os.environ["KA_FAKE"]
    oauth = os.environ.get("KA_OAUTH")
    token: str | ka.RefreshingToken = DEFAULT_TOKEN
    if oauth:
        client_id, refresh = oauth.split(":", 1)
        store = redis.asyncio.Redis.from_url(os.environ["KA_REDIS"], decode_responses=True)
        key = f"{os.environ['KA_NAMESPACE']}:refresh-token"

        async def save(access: str, rotated: str) -> None:
            await store.set(key, rotated)

        async def load() -> str | None:
            stored: str | None = await store.get(key)
            return stored

        token = ka.RefreshingToken(
            client_id=client_id,
            refresh_token=refresh,
            auth_url=fake,
            user_key="ad-ops",
            on_refresh=save,
            load_refresh_token=load,
        )
    return ka.KakaoClient(
        token,
        moment_base_url=fake,
        keyword_base_url=fake,
        rate_limiter=limiter,
        retry=ka.RetryPolicy(base=0.01, cap=0.05),
        timeout=float(os.environ.get("KA_TIMEOUT", "5")),
    )


def _lifespan() -> Any:
    if os.environ.get("KA_LIMITER", "owned") == "inline":
        return kakao_lifespan(lambda: _client(_limiter()))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with _limiter() as shared, kakao_lifespan(lambda: _client(shared))(app):
            yield

    return lifespan


def create_app() -> FastAPI:
    app = FastAPI(lifespan=_lifespan())
    install_error_handlers(app)

    @app.get("/whoami")
    async def whoami() -> Any:
        return {"pid": os.getpid()}

    @app.post("/bulk-switches", status_code=202)
    async def start_switches(body: BulkSwitch, kakao: Kakao, jobs: Jobs) -> Any:
        changes = [
            ka.ConfigChange(c.creative_id, c.config, ad_account_id=c.ad_account_id)
            for c in body.changes
        ]
        job = kakao.moment.creatives.start_set_configs(changes)
        return {"jobId": jobs.add(job), "total": job.total, "pid": os.getpid()}

    @app.post("/bulk-reads", status_code=202)
    async def start_reads(body: BulkRead, kakao: Kakao, jobs: Jobs) -> Any:
        job = kakao.moment.creatives.start_get_many([ka.CreativeRef(a, c) for a, c in body.refs])
        return {"jobId": jobs.add(job), "total": job.total, "pid": os.getpid()}

    @app.get("/jobs/{job_id}")
    async def status(job_id: str, jobs: Jobs) -> Any:
        return jobs.status(job_id) | {"pid": os.getpid()}

    @app.delete("/jobs/{job_id}")
    async def cancel(job_id: str, jobs: Jobs) -> Any:
        job = jobs.get(job_id)
        job.cancel()
        async for _ in job.watch():  # README: yields once more when the job has ended
            pass
        return jobs.status(job_id) | {"pid": os.getpid()}

    @app.put("/accounts/{account}/creatives/{creative}/config")
    async def switch(account: int, creative: int, body: Switch, kakao: Kakao) -> Any:
        applied = await kakao.moment.creatives.set_config(
            creative, body.config, ad_account_id=account
        )
        return {"id": creative, "applied": applied, "pid": os.getpid()}

    @app.get("/accounts/{account}/creatives/{creative}")
    async def detail(account: int, creative: int, kakao: Kakao) -> Any:
        return ka.unstructure(await kakao.moment.creatives.get(creative, ad_account_id=account))

    return app


app = create_app()
