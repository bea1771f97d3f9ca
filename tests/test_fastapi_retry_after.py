"""kakao_async.fastapi as README documents it, checked by a user who reads nothing else:
uvicorn on loopback in front of the fake Kakao server, over real HTTP."""

from __future__ import annotations

from fastapi import FastAPI

import kakao_async as ka
from kakao_async.fastapi import Kakao, install_error_handlers, kakao_lifespan
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.test_fastapi import serve


async def test_a_quota_answer_tells_the_caller_when_to_come_back(fake: FakeKakaoServer) -> None:
    """README: 'quota -> 429'. Kakao said how long to wait (Retry-After; here long enough to be
    a daily limit, raised at once as KakaoQuotaExhaustedError): the 429 passes it on, as any
    HTTP client expects of a 429, rather than leaving the caller to poll."""
    app = FastAPI(
        lifespan=kakao_lifespan(
            lambda: ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url)
        )
    )
    install_error_handlers(app)

    @app.get("/creatives/{creative_id}")
    async def creative(creative_id: int, kakao: Kakao) -> dict[str, object]:
        return {"name": (await kakao.moment.creatives.get(creative_id)).name}

    fake.add_moment_creative(ad_account_id=1, id=7)
    fake.fail_next(1, status=429, code=-10, retry_after=120.5)
    async with serve(app) as client:
        answer = await client.get("/creatives/7")
        assert answer.status_code == 429
        assert answer.json()["error"] == "KakaoQuotaExhaustedError"
        assert answer.headers.get("retry-after") == "121"  # whole seconds, never shorter
        fine = await client.get("/creatives/7")
        assert fine.status_code == 200 and "retry-after" not in fine.headers
