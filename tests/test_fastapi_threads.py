"""kakao_async.fastapi's dependencies hand routes the client and the job registry without a
thread: FastAPI runs a plain ``def`` dependency in its thread pool, one thread hop per request
and a worker thread left behind, for what is an attribute read."""

from __future__ import annotations

import subprocess
import sys

SERVICE = """
import asyncio, threading
import httpx
from fastapi import FastAPI
import kakao_async as ka
from kakao_async.fastapi import Jobs, Kakao, kakao_lifespan

def answer(request):
    return ka.HttpResponse(200, {}, b'{"content": []}')

app = FastAPI(lifespan=kakao_lifespan(
    lambda: ka.KakaoClient("<token>", ad_account_id=1, transport=ka.MockTransport(answer))))

@app.get("/creatives")
async def creatives(kakao: Kakao, jobs: Jobs) -> int:
    return len(await kakao.moment.creatives.list(ad_group_id=1)) + len(jobs)

async def main():
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            for _ in range(3):
                assert (await client.get("/creatives")).json() == 0
    print(sorted(t.name for t in threading.enumerate()))

asyncio.run(main())
"""


def test_routes_get_the_client_and_the_jobs_without_a_worker_thread() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error", "-c", SERVICE],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "['MainThread']\n"


def test_get_kakao_and_get_jobs_are_still_plain_functions_as_in_0_2() -> None:
    import inspect

    from kakao_async.fastapi import get_jobs, get_kakao

    assert not inspect.iscoroutinefunction(get_kakao)
    assert not inspect.iscoroutinefunction(get_jobs)
