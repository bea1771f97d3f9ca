"""Example FastAPI service on kakao_async.

Run it against the fake server (two terminals):

    python -m kakao_async.testing --port 8080 --seed-accounts 1 --seed-creatives 100
    KAKAO_ACCESS_TOKEN=fake-kakao-token KAKAO_AD_ACCOUNT_ID=1 \\
        KAKAO_BASE_URL=http://127.0.0.1:8080 uvicorn examples.fastapi_app:app

Switching 100 creatives of one account (set_configs) takes ~8 minutes at Kakao's quota, so it runs
as a background job: POST /set-configs answers 202 at once, GET /set-configs/{id} reports
progress (/bulk-toggles, the paths' first name, still answers, marked deprecated).
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

import kakao_async as ka
from kakao_async.fastapi import Jobs, Kakao, install_error_handlers, kakao_lifespan
from kakao_async.models import unstructure


class ConfigBody(BaseModel):
    config: str = Field(pattern="^(ON|OFF)$")


class Change(BaseModel):
    creative_id: int = Field(alias="creativeId", gt=0)
    config: str = Field(pattern="^(ON|OFF)$")
    ad_account_id: int | None = Field(default=None, alias="adAccountId", gt=0)


class SetConfigs(BaseModel):
    changes: list[Change] = Field(min_length=1)
    skip_unchanged: bool = Field(default=False, alias="skipUnchanged")


def create_app(
    *,
    token: str | None = None,
    ad_account_id: int | None = None,
    base_url: str | None = None,
    on_off_interval: float | None = None,
) -> FastAPI:
    """The service; settings default to KAKAO_ACCESS_TOKEN, KAKAO_AD_ACCOUNT_ID, KAKAO_BASE_URL."""

    def client() -> ka.KakaoClient:
        env_account = os.environ.get("KAKAO_AD_ACCOUNT_ID")
        url = base_url or os.environ.get("KAKAO_BASE_URL")
        interval = on_off_interval or float(os.environ.get("KAKAO_ON_OFF_INTERVAL", "5"))
        return ka.KakaoClient(
            token or os.environ["KAKAO_ACCESS_TOKEN"],
            ad_account_id=ad_account_id or (int(env_account) if env_account else None),
            moment_base_url=url or ka.MOMENT_BASE_URL,
            keyword_base_url=url or ka.KEYWORD_BASE_URL,
            on_off_interval=interval,
        )

    app = FastAPI(title="creatives", lifespan=kakao_lifespan(client))
    install_error_handlers(app)

    @app.get("/ad-groups/{ad_group_id}/creatives")
    async def list_creatives(ad_group_id: int, kakao: Kakao) -> Any:
        return [unstructure(c) for c in await kakao.moment.creatives.list(ad_group_id=ad_group_id)]

    @app.put("/creatives/{creative_id}/config")
    async def set_config(creative_id: int, body: ConfigBody, kakao: Kakao) -> Any:
        await kakao.moment.creatives.set_config(creative_id, body.config)
        return {"id": creative_id, "config": body.config}

    @app.post("/set-configs", status_code=202)
    @app.post("/bulk-toggles", status_code=202, deprecated=True)
    async def start_set_configs(
        body: SetConfigs,
        kakao: Kakao,
        jobs: Jobs,
    ) -> Any:
        changes = [
            ka.ConfigChange(c.creative_id, c.config, ad_account_id=c.ad_account_id)
            for c in body.changes
        ]
        job = kakao.moment.creatives.start_set_configs(changes, skip_unchanged=body.skip_unchanged)
        job_id = jobs.add(job)
        return {"jobId": job_id, "total": job.total, "status": f"/set-configs/{job_id}"}

    @app.get("/set-configs/{job_id}")
    @app.get("/bulk-toggles/{job_id}", deprecated=True)
    async def set_configs_status(job_id: str, jobs: Jobs) -> Any:
        return jobs.status(job_id)

    return app


app = create_app()
