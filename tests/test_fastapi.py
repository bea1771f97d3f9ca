"""kakao_async.fastapi and the example service, over real HTTP: uvicorn on loopback in front of
the fake Kakao server."""

from __future__ import annotations

import asyncio
import datetime
import decimal
import importlib.util
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

import kakao_async as ka
from kakao_async.fastapi import BulkJobs, Kakao, install_error_handlers, kakao_lifespan
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.asgi import serve
from tests.redis_server import free_port

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "fastapi_app.py"
INTERVAL = 0.1


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fastapi_app_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the models' annotations through it
    spec.loader.exec_module(module)
    return module


@pytest.fixture
async def service(fake: FakeKakaoServer) -> AsyncIterator[httpx.AsyncClient]:
    """The example app under uvicorn on a free loopback port, configured for the fake."""
    app = load_example().create_app(
        token=DEFAULT_TOKEN, ad_account_id=1, base_url=fake.base_url, on_off_interval=INTERVAL
    )
    async with serve(app) as client:
        yield client


async def test_list_and_set_config(fake: FakeKakaoServer, service: httpx.AsyncClient) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    listed = await service.get("/ad-groups/1/creatives")
    assert listed.status_code == 200 and [c["id"] for c in listed.json()] == ids
    switched = await service.put(f"/creatives/{ids[0]}/config", json={"config": "OFF"})
    assert switched.status_code == 200 and fake.moment_creative(ids[0]).config == "OFF"


async def test_errors_become_http_answers(
    fake: FakeKakaoServer, service: httpx.AsyncClient
) -> None:
    missing = await service.put("/creatives/999999/config", json={"config": "OFF"})
    assert missing.status_code == 404 and missing.json()["detailCode"] == 33003
    invalid = await service.put("/creatives/1/config", json={"config": "MAYBE"})
    assert invalid.status_code == 422
    fake.fail_next(5, status=503)
    broken = await service.get("/ad-groups/1/creatives")
    assert broken.status_code == 502 and broken.json()["error"] == "KakaoServerError"
    assert DEFAULT_TOKEN not in broken.text


async def test_set_configs_runs_in_the_background(
    fake: FakeKakaoServer, service: httpx.AsyncClient
) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=5)
    changes = [
        {"creativeId": c, "config": "OFF", "adAccountId": a} for a, cs in ids.items() for c in cs
    ]
    started = await service.post("/set-configs", json={"changes": changes})
    assert started.status_code == 202
    job = started.json()
    first = (await service.get(job["status"])).json()
    # The request answered before the work was done: 4 more intervals remain per account.
    assert first["state"] == "running" and first["done"] < first["total"] == 10
    while (status := (await service.get(job["status"])).json())["state"] == "running":
        assert status["eta"] is None or status["eta"] >= 0
        await asyncio.sleep(0.05)
    assert status["state"] == "done" and status["done"] == 10 and status["failed"] == 0
    assert [r["ok"] for r in status["results"]] == [True] * 10
    assert [r["value"] for r in status["results"]] == ["OFF"] * 10
    assert all(fake.moment_creative(c).config == "OFF" for cs in ids.values() for c in cs)
    assert fake.on_off_rejections == 0
    assert (await service.get("/set-configs/999")).status_code == 404


async def test_the_first_paths_still_answer_marked_deprecated(
    fake: FakeKakaoServer, service: httpx.AsyncClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    changes = [{"creativeId": c, "config": "OFF"} for c in ids]
    started = await service.post("/bulk-toggles", json={"changes": changes})
    assert started.status_code == 202
    job_id = started.json()["jobId"]
    assert started.json()["status"] == f"/set-configs/{job_id}"
    assert (await service.get(f"/bulk-toggles/{job_id}")).json()["total"] == 2
    paths = (await service.get("/openapi.json")).json()["paths"]
    assert paths["/bulk-toggles"]["post"]["deprecated"] is True
    assert paths["/bulk-toggles/{job_id}"]["get"]["deprecated"] is True
    assert "deprecated" not in paths["/set-configs"]["post"]


async def test_shutdown_cancels_running_jobs_and_closes_the_client(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=20)[1]
    app = load_example().create_app(
        token=DEFAULT_TOKEN, ad_account_id=1, base_url=fake.base_url, on_off_interval=1.0
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.ensure_future(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.01)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        reply = await client.post(
            "/set-configs", json={"changes": [{"creativeId": i, "config": "OFF"} for i in ids]}
        )
        assert reply.status_code == 202
    kakao = app.state.kakao
    server.should_exit = True
    await asyncio.wait_for(task, 10)  # does not wait for 20 quota intervals
    assert kakao.closed
    assert len(fake.on_off_calls) < 20


async def test_a_token_echoed_by_kakao_is_not_in_the_502_body(
    fake: FakeKakaoServer, service: httpx.AsyncClient
) -> None:
    envelope = {
        "code": -813,
        "msg": f"Bearer {DEFAULT_TOKEN}",
        "extras": {"detailCode": 30001, "detailMsg": f"token {DEFAULT_TOKEN} rejected"},
    }
    fake.respond_next(envelope, status=400)
    answer = await service.get("/ad-groups/1/creatives")
    assert answer.status_code == 502 and answer.json()["detailMsg"] == "token *** rejected"
    assert DEFAULT_TOKEN not in answer.text


def test_importing_the_module_without_fastapi_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['fastapi'] = None\n"
        "try:\n    import kakao_async.fastapi\nexcept ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "pip install 'kakao-async[fastapi]'" in out


async def test_only_kakao_async_input_errors_become_422(fake: FakeKakaoServer) -> None:
    """The app's own ValueError/TypeError are not the library's bad input: FastAPI's 500."""
    app = FastAPI(
        lifespan=kakao_lifespan(
            lambda: ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url)
        )
    )
    install_error_handlers(app)

    @app.get("/creatives/{creative_id}")
    async def creative(creative_id: str, kakao: Kakao) -> dict[str, str]:
        return {"name": (await kakao.moment.creatives.get(creative_id)).name}  # type: ignore[arg-type]

    @app.get("/own-value-error")
    async def own_value_error() -> None:
        raise ValueError("the app's own bug")

    @app.get("/own-type-error")
    async def own_type_error() -> None:
        raise TypeError("the app's own bug")

    fake.add_moment_creative(ad_account_id=1, id=7, name="seven")
    async with serve(app, log_level="critical") as client:
        assert (await client.get("/creatives/7")).json() == {"name": "seven"}
        for bad, error in (("0", "KakaoInputError"), ("\u00b2", "KakaoInputTypeError")):
            answer = await client.get(f"/creatives/{bad}")
            assert answer.status_code == 422, bad
            assert answer.json()["error"] == error and "creative_id" in answer.json()["detail"]
        assert (await client.get("/creatives/999")).status_code == 404
        assert (await client.get("/own-value-error")).status_code == 500
        assert (await client.get("/own-type-error")).status_code == 500
    assert [r.path for r in fake.requests] == [
        "/openapi/v4/creatives/7",
        "/openapi/v4/creatives/999",
    ]


async def test_job_status_carries_each_value_as_json(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    moment = fake.add_moment_creative(ad_account_id=1, name="m")
    keyword = fake.seed_keyword(ad_account_id=1, count=1)[0]
    jobs = BulkJobs()
    reads = jobs.add(kakao.moment.creatives.start_get_many([moment.id, 999]))
    deletes = jobs.add(kakao.keyword.creatives.start_delete_many([keyword]))

    async def odd(item: int) -> object:
        values: list[object] = [
            {1, 2},
            decimal.Decimal("1.5"),
            float("nan"),
            datetime.date(2026, 1, 2),
            object(),
            ka.Config.ON,
            (1, ka.Config.OFF),
        ]
        return values[item]

    custom = jobs.add(ka.BulkJob.map(range(7), odd))
    for job_id in (reads, deletes, custom):
        await jobs.get(job_id)
    read = jobs.status(reads)["results"]
    assert read[0]["value"]["id"] == moment.id and read[0]["value"]["name"] == "m"
    assert read[0]["value"]["systemConfig"] == "ON"  # Kakao's JSON keys, as unstructure gives
    assert read[1]["ok"] is False and read[1]["value"] is None
    assert read[1]["error"].startswith("KakaoNotFoundError: ")
    assert [r["value"] for r in jobs.status(deletes)["results"]] == [None]
    values = [r["value"] for r in jobs.status(custom)["results"]]
    text = json.dumps(values, allow_nan=False)  # what JSONResponse does
    assert json.loads(text)[:4] == [[1, 2], "1.5", None, "2026-01-02"]
    assert values[5] == "ON" and type(values[5]) is str and values[6] == [1, "OFF"]


@pytest.mark.parametrize(
    ("value", "error"),
    [(-1, ka.KakaoInputError), (1.5, ka.KakaoInputTypeError), (True, ka.KakaoInputTypeError)],
)
def test_a_bad_keep_finished_is_refused_naming_the_option(
    value: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match="keep_finished"):
        BulkJobs(keep_finished=value)  # type: ignore[arg-type]
