"""Scenario: an ad-ops FastAPI service in production, several uvicorn worker processes sharing
one RedisRateLimiter on a real redis-server, in front of the fake Kakao server in its own
process (onOff quota scaled to 0.05 s), driven over real HTTP as its users drive it.

The service is tests/scenarios/workers_app.py, written from README "FastAPI" and "Several
processes: Redis" only; tests/scenarios/uvicorn_service.py runs it under ``uvicorn`` (with
``--workers N``, or one process per port as behind a load balancer when a test must talk to one
worker). What tests/scenarios/test_fastapi_service.py checks in one process (errors, cancel,
Retry-After) is not repeated; here is what only several processes show.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from kakao_async.testing import DEFAULT_TOKEN, control, fake_server_process, on_off_gaps
from tests.redis_server import RedisServer
from tests.scenarios.uvicorn_service import ROOT, Service

INTERVAL = 0.05


@pytest.fixture
def fake() -> Iterator[str]:
    """The fake Kakao server in its own process."""
    with fake_server_process(on_off_interval=INTERVAL) as url:
        yield url


@pytest.fixture
async def services() -> AsyncIterator[list[Service]]:
    """Services a test starts; stopped at the end, and no token in anything they printed."""
    started: list[Service] = []
    yield started
    outputs = [s.cleanup() for s in started]
    for text in outputs:
        assert DEFAULT_TOKEN not in text
        assert "fake-access-" not in text and "fake-refresh-" not in text
        assert REFRESH not in text


async def seed(fake: str, accounts: list[int], per_account: int) -> dict[int, list[int]]:
    body = {"adAccounts": accounts, "creativesPerAccount": per_account}
    return {int(a): cs for a, cs in (await control(fake, "POST", "/_fake/seed", body)).items()}


def settings(fake: str, redis: RedisServer, **more: str) -> dict[str, str]:
    return {
        "KA_FAKE": fake,
        "KA_REDIS": redis.url,
        "KA_NAMESPACE": uuid.uuid4().hex,
        "KA_INTERVAL": str(INTERVAL),
        **more,
    }


async def serve(services: list[Service], env: dict[str, str], workers: int = 1) -> Service:
    service = Service(env, workers=workers)
    services.append(service)
    await service.start()
    return service


def one_worker(service: Service) -> httpx.AsyncClient:
    """A client that keeps one connection, so every request reaches the same uvicorn worker
    (a job lives in the worker that started it)."""
    return service.http(limits=httpx.Limits(max_connections=1, max_keepalive_connections=1))


def switches(changes: list[tuple[int, int, str]]) -> dict[str, Any]:
    return {"changes": [{"adAccountId": a, "creativeId": c, "config": s} for a, c, s in changes]}


async def follow(
    http: httpx.AsyncClient, started: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[int, int, float | None]]]:
    """Poll a job until it ends, on the worker that started it; return its last status and
    every (done, failed, eta) seen."""
    seen: list[tuple[int, int, float | None]] = []
    for _ in range(2000):
        answer = await http.get(f"/jobs/{started['jobId']}")
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        assert body["pid"] == started["pid"], "the poll reached another worker"
        seen.append((body["done"], body["failed"], body["eta"]))
        if body["state"] != "running":
            return body, seen
        await asyncio.sleep(0.02)
    raise AssertionError("job never ended")


async def fake_state(fake: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return await control(fake, "GET", "/_fake/stats"), await control(
        fake, "GET", "/_fake/on-off-calls"
    )


def assert_spaced(stats: dict[str, Any], calls: list[dict[str, Any]]) -> None:
    """0 quota 429s at the fake, accepted calls of each account at least one interval apart."""
    assert stats["onOffRejected"] == 0, stats
    gaps = [g for gs in on_off_gaps(calls).values() for g in gs]
    assert min(gaps) >= INTERVAL, min(gaps)


async def test_three_workers_run_overlapping_jobs_on_the_same_accounts(
    fake: str, redis: RedisServer, services: list[Service]
) -> None:
    """``uvicorn --workers 3`` (and one more instance on its own port, as behind a load
    balancer: which of the three workers accepts a connection is the kernel's choice, and on a
    loaded machine one may take them all): nine operators at once, each starting a switch job
    over the same 12 creatives, a second one over some of them while the first runs, and a
    read job."""
    ids = await seed(fake, [41, 42, 43], 4)
    refs = [(a, c) for a, cs in ids.items() for c in cs]
    env = settings(fake, redis)
    pool, single = await asyncio.gather(serve(services, env, workers=3), serve(services, env))
    rng = random.Random(24)

    async def operator(n: int) -> list[tuple[dict[str, Any], list[Any], list[Any]]]:
        first = [(a, c, rng.choice(["ON", "OFF"])) for a, c in refs]
        later = [(a, c, rng.choice(["ON", "OFF"])) for a, c in rng.sample(refs, 5)]
        async with one_worker(single if n % 3 == 0 else pool) as http:
            jobs = []
            for kind, body, items in (
                ("bulk-switches", switches(first), first),
                ("bulk-reads", {"refs": refs}, refs),
                ("bulk-switches", switches(later), later),
            ):
                answer = await http.post(f"/{kind}", json=body)
                assert answer.status_code == 202, answer.text
                assert answer.json()["total"] == len(items)
                jobs.append((answer.json(), items))
            return [(*await follow(http, started), items) for started, items in jobs]

    runs = await asyncio.gather(*(operator(n) for n in range(9)))
    stats, calls = await fake_state(fake)
    assert_spaced(stats, calls)
    assert stats["statuses"].keys() == {"200"}, stats["statuses"]
    pids = {final["pid"] for run in runs for final, _, _ in run}
    assert len(pids) >= 2, "every operator reached one worker: nothing shared"
    for run in runs:
        for final, seen, items in run:
            assert final["state"] == "done"
            # progress never goes backwards and ends at the total, ETA 0
            assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
            assert final["done"] == final["total"] == len(items) and final["eta"] == 0
            assert final["failed"] == 0
            results = final["results"]
            assert len(results) == len(items) and all(r["ok"] for r in results)
            # one result per item, in input order
            assert [r["item"]["creativeId"] if isinstance(r["item"], dict) else r["item"][1]
                    for r in results] == [i[1] for i in items]  # fmt: skip
    # Every switch item was either sent or superseded within its worker's client; what was
    # sent reached the fake once per send.
    sent = sum(
        1
        for run in runs
        for final, _, items in run
        for r in final["results"]
        if isinstance(r["item"], dict) and not r["superseded"]
    )
    assert sent >= len(calls) > 0


async def test_a_later_switch_on_another_worker_loses_to_an_earlier_queued_job(
    fake: str, redis: RedisServer, services: list[Service]
) -> None:
    """README "Guarantees" promises last write wins within one client, and "Not promised":
    ordering across processes. Under ``--workers N`` an operator's later PUT reaches any
    worker: one that is not the job's loses to the job's older change, still queued."""
    ids = (await seed(fake, [61], 16))[61]
    env = settings(fake, redis)
    a, b = await asyncio.gather(serve(services, env), serve(services, env))
    async with one_worker(a) as on_a, one_worker(b) as on_b:
        started = await on_a.post("/bulk-switches", json=switches([(61, c, "OFF") for c in ids]))
        put = await on_b.put(f"/accounts/61/creatives/{ids[-1]}/config", json={"config": "ON"})
        assert put.status_code == 200 and put.json()["applied"] is True
        final, _ = await follow(on_a, started.json())
    assert final["results"][-1]["superseded"] is False  # worker A never heard of the ON
    _, calls = await fake_state(fake)
    last = [c["config"] for c in calls if c["creative_id"] == ids[-1]]
    assert last == ["ON", "OFF"]  # the ON, submitted later, applied first and overwritten


async def test_a_job_id_names_one_job_whichever_worker_answers(
    fake: str, redis: RedisServer, services: list[Service]
) -> None:
    """Each worker keeps its own jobs: ids of different workers (and restarts) never collide,
    so a poll a load balancer sends to another worker answers 404, never another job."""
    ids = await seed(fake, [71, 72], 3)
    env = settings(fake, redis)
    a, b = await asyncio.gather(serve(services, env), serve(services, env))  # behind one balancer
    async with one_worker(a) as on_a, one_worker(b) as on_b:
        job_a = await on_a.post("/bulk-switches", json=switches([(71, c, "OFF") for c in ids[71]]))
        job_b = await on_b.post("/bulk-switches", json=switches([(72, c, "ON") for c in ids[72]]))
        await follow(on_a, job_a.json())
        await follow(on_b, job_b.json())
        # The poll the load balancer sends to the other worker: 404 is fine, another job is not.
        crossed = await on_b.get(f"/jobs/{job_a.json()['jobId']}")
    assert job_a.json()["jobId"] != job_b.json()["jobId"]
    if crossed.status_code != 404:
        assert [r["item"]["creativeId"] for r in crossed.json()["results"]] == ids[71]


async def test_sigterm_mid_job_cancels_its_items_and_frees_its_quota_keys_at_once(
    fake: str, redis: RedisServer, services: list[Service]
) -> None:
    """SIGTERM to a worker with a job in flight: the lifespan cancels the job and closes the
    client (README "FastAPI"); the call it had in flight gives its Redis hold back, so the
    other worker's next call on that account waits one interval, not ``hold_timeout`` (10 s
    here). The limiter is built inside the client factory, as README's FastAPI snippet invites
    (nothing closes it)."""
    ids = (await seed(fake, [51], 20))[51]
    env = settings(fake, redis, KA_HOLD_TIMEOUT="10", KA_LIMITER="inline")
    a, b = await asyncio.gather(serve(services, env), serve(services, env))
    await control(fake, "POST", "/_fake/config", {"latency": [0.3, 0.3]})  # calls stay in flight
    async with one_worker(a) as on_a:
        started = await on_a.post("/bulk-switches", json=switches([(51, c, "OFF") for c in ids]))
        for _ in range(200):
            if (await on_a.get(f"/jobs/{started.json()['jobId']}")).json()["done"] >= 1:
                break
            await asyncio.sleep(0.05)
    stopping = time.monotonic()
    a.signal(signal.SIGTERM)
    await asyncio.to_thread(a.wait)
    assert time.monotonic() - stopping < 5  # the shutdown does not wait for the job
    await control(fake, "POST", "/_fake/config", {"latency": [0, 0]})
    _, calls = await fake_state(fake)
    sent_by_a = len(calls)
    assert 1 <= sent_by_a < len(ids)
    async with b.http() as on_b:
        asked = time.monotonic()
        put = await on_b.put(f"/accounts/51/creatives/{ids[-1]}/config", json={"config": "OFF"})
        waited = time.monotonic() - asked
    assert put.status_code == 200 and put.json()["applied"] is True
    assert waited < 2, f"the other worker waited {waited:.1f} s for the dead worker's hold"
    await asyncio.sleep(4 * INTERVAL)
    stats, calls = await fake_state(fake)
    assert len(calls) == sent_by_a + 1  # nothing more of the cancelled job was sent
    assert_spaced(stats, calls)
    # Restarted, the worker knows nothing of the job (its state lived in that process).
    await a.start()
    async with a.http() as on_a:
        assert (await on_a.get(f"/jobs/{started.json()['jobId']}")).status_code == 404


async def test_a_killed_worker_blocks_its_key_until_its_hold_expires_as_readme_says(
    fake: str, redis: RedisServer, services: list[Service]
) -> None:
    """README "Several processes": a holder that crashes blocks its key for at most
    ``hold_timeout + interval + margin``; the other workers wait that long, no longer."""
    ids = (await seed(fake, [52], 4))[52]
    env = settings(fake, redis, KA_HOLD_TIMEOUT="2", KA_TIMEOUT="1.5")
    a, b = await asyncio.gather(serve(services, env), serve(services, env))
    await control(fake, "POST", "/_fake/config", {"latency": [1.0, 1.0]})
    async with one_worker(a) as on_a:
        await on_a.post("/bulk-switches", json=switches([(52, c, "OFF") for c in ids[:2]]))
        await asyncio.sleep(0.5)  # its first call is in flight, its hold taken
    a.signal(signal.SIGKILL)
    await asyncio.to_thread(a.wait)
    await control(fake, "POST", "/_fake/config", {"latency": [0, 0]})
    async with b.http() as on_b:
        asked = time.monotonic()
        put = await on_b.put(f"/accounts/52/creatives/{ids[-1]}/config", json={"config": "OFF"})
        waited = time.monotonic() - asked
    assert put.status_code == 200
    assert 1.0 < waited < 2 + INTERVAL + 1.5, waited
    stats, _ = await fake_state(fake)
    assert stats["onOffRejected"] == 0


async def test_redis_down_at_startup_then_lost_mid_run_fails_closed_and_reruns_once(
    fake: str, redis: RedisServer, services: list[Service]
) -> None:
    """README "Several processes": the workers start while Redis is down (nothing asks it
    before the first quota'd call); a quota'd call then fails closed, 503 with
    ``KakaoLimiterError``, nothing sent, while reads work. Redis lost mid-job: the job's
    remaining items fail with it, unsent, and running them again applies each exactly once."""
    ids = await seed(fake, [81, 82], 12)
    redis.stop()
    service = await serve(
        services,
        settings(fake, redis, KA_OUTAGE_TIMEOUT="0.5", KA_SOCKET_TIMEOUT="0.2"),
        workers=2,
    )
    async with service.http() as http:
        down = await http.put(f"/accounts/81/creatives/{ids[81][0]}/config", json={"config": "OFF"})
        read = await http.get(f"/accounts/81/creatives/{ids[81][0]}")
    assert down.status_code == 503 and down.json()["error"] == "KakaoLimiterError"
    assert read.status_code == 200 and read.json()["config"] == "ON"
    requests = await control(fake, "GET", "/_fake/requests")
    assert [r["method"] for r in requests] == ["GET"]  # the PUT never left the worker

    redis.start()
    async with one_worker(service) as http:
        started = await http.post(
            "/bulk-switches", json=switches([(82, c, "OFF") for c in ids[82]])
        )
        for _ in range(400):
            if (await http.get(f"/jobs/{started.json()['jobId']}")).json()["done"] >= 3:
                break
            await asyncio.sleep(0.01)
        redis.stop()
        final, _ = await follow(http, started.json())
        redis.start()
        results = final["results"]
        failed = [r for r in results if not r["ok"]]
        assert final["done"] == len(results) == len(ids[82]) and final["failed"] == len(failed)
        assert failed and all(r["error"].startswith("KakaoLimiterError: ") for r in failed)
        _, calls = await fake_state(fake)
        unsent = {r["item"]["creativeId"] for r in failed}
        assert not unsent & {c["creative_id"] for c in calls}  # failed closed: none was sent
        rerun = await http.post(
            "/bulk-switches", json=switches([(82, c, "OFF") for c in sorted(unsent)])
        )
        again, _ = await follow(http, rerun.json())
    assert again["failed"] == 0
    stats, calls = await fake_state(fake)
    assert_spaced(stats, calls)
    sent = [c["creative_id"] for c in calls]
    assert sorted(sent) == sorted(set(sent)) and set(sent) == set(ids[82])  # each exactly once


async def test_a_slow_faulty_kakao_and_bad_input_through_two_workers(
    fake: str, redis: RedisServer, services: list[Service]
) -> None:
    """``--workers 2`` in front of a fake that is slow and faults 25 % of requests (5xx, resets,
    stalls, 429s it did not have to send): every item gets one result, ok or a typed error, and
    no call the workers sent broke the quota. Then: bad input is a 422 before any call to
    Kakao; Kakao's own errors are README's statuses with ``kakaoCode``/``detailCode``/
    ``detailMsg``; a token Kakao echoes back is in no answer and no line the workers print."""
    ids = await seed(fake, [91, 92, 93, 94], 8)
    refs = [(a, c) for a, cs in ids.items() for c in cs]
    service = await serve(services, settings(fake, redis), workers=2)
    chaos = {"rate": 0.25, "kinds": ["status", "reset", "429", "stall"], "stallSeconds": 0.2}
    await control(fake, "POST", "/_fake/config", {"chaos": chaos, "latency": [0, 0.02]})
    rng = random.Random(7)

    async def operator() -> tuple[dict[str, Any], list[tuple[int, int, str]]]:
        items = [(a, c, rng.choice(["ON", "OFF"])) for a, c in refs]
        async with one_worker(service) as http:
            started = await http.post("/bulk-switches", json=switches(items))
            final, _ = await follow(http, started.json())
        return final, items

    runs = await asyncio.gather(*(operator() for _ in range(4)))
    stats, calls = await fake_state(fake)
    await control(fake, "POST", "/_fake/config", {"chaos": {"rate": 0}, "latency": [0, 0]})
    assert sum(stats["chaosInjected"].values()) > 0, stats
    assert_spaced(stats, calls)
    for final, items in runs:
        assert final["state"] == "done" and len(final["results"]) == len(items)
        for result, (_, creative, _) in zip(final["results"], items, strict=True):
            assert result["item"]["creativeId"] == creative
            assert result["ok"] or result["error"].split(":")[0] in {
                "KakaoServerError", "KakaoTransportError", "KakaoRateLimitError",
                "KakaoTimeoutError",
            }, result  # fmt: skip

    before = (await control(fake, "GET", "/_fake/stats"))["requests"]
    creative = ids[91][0]
    async with service.http() as http:
        refused = [
            await http.put(f"/accounts/91/creatives/{creative}/config", json={"config": "PAUSE"}),
            await http.put("/accounts/91/creatives/-5/config", json={"config": "OFF"}),
            await http.put(f"/accounts/0/creatives/{creative}/config", json={"config": "OFF"}),
            await http.post("/bulk-switches", json=switches([(91, creative, "MAYBE")])),
            await http.post("/bulk-reads", json={"refs": [[91, 0]]}),
        ]
        assert (await control(fake, "GET", "/_fake/stats"))["requests"] == before
        for answer in refused:
            assert answer.status_code == 422, answer.text
            assert answer.json()["error"] in {"KakaoInputError", "KakaoInputTypeError"}
            assert answer.json()["detail"]

        missing = await http.get("/accounts/91/creatives/424242")
        assert missing.status_code == 404
        assert missing.json()["error"] == "KakaoNotFoundError"
        assert missing.json()["detailCode"] == 33003 and missing.json()["kakaoCode"] is not None
        assert missing.json()["detailMsg"]

        echo = (
            '{"code": -813, "msg": "Bearer ' + DEFAULT_TOKEN + '", "extras": {"detailCode": 1, '
            '"detailMsg": "token ' + DEFAULT_TOKEN + ' is not allowed here"}}'
        )
        fault = {"kind": "body", "status": 400, "body": echo, "contentType": "application/json"}
        answers = []
        for _ in range(4):  # reaches each worker (new connections) more than once
            await control(fake, "POST", "/_fake/faults", fault | {"method": "PUT"})
            answers.append(
                await http.put(f"/accounts/91/creatives/{creative}/config", json={"config": "ON"})
            )
            await control(fake, "POST", "/_fake/faults", fault | {"method": "GET"})
            answers.append(await http.get(f"/accounts/91/creatives/{creative}"))
    for answer in answers:
        assert answer.status_code == 502, answer.text
        body = answer.json()
        assert body["error"] == "KakaoAPIError" and body["kakaoCode"] == -813
        assert body["detailCode"] == 1
        assert DEFAULT_TOKEN not in answer.text


REFRESH = "rt-ad-ops-0123456789"


@contextlib.contextmanager
def oauth_fake(rotate: bool) -> Iterator[tuple[str, Callable[[int], None], Callable[[], int]]]:
    """The fake in its own process with an OAuth app; yields its URL, a way to signal it (SIGUSR1
    expires every access token it issued) and one to read how many refreshes it served."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.scenarios.fake_oauth_process", str(INTERVAL), "ad-ops-app",
         REFRESH, "rotate" if rotate else "keep"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    out = proc.stdout

    def refreshes() -> int:
        proc.send_signal(signal.SIGUSR2)
        return int(out.readline().split()[1])

    try:
        line = out.readline()
        assert "listening on" in line, line
        yield line.split()[-1], proc.send_signal, refreshes
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        out.close()


async def test_workers_refresh_their_tokens_while_the_others_run(
    redis: RedisServer, services: list[Service]
) -> None:
    """Each worker's RefreshingToken (README "Reliability": one refresh shared by every
    concurrent caller, ``user_key`` given to the provider so the quota key survives refreshes)
    refreshes on its first call, and again after Kakao expires the tokens mid-job, while the
    other workers' jobs go on: every item applied, no quota 429, no token printed."""
    with oauth_fake(rotate=False) as (fake, send, refreshes):
        ids = await seed(fake, [101, 102], 10)
        env = settings(fake, redis, KA_OAUTH=f"ad-ops-app:{REFRESH}")
        service = await serve(services, env, workers=3)

        async def operator(account: int, pause: float) -> dict[str, Any]:
            await asyncio.sleep(pause)
            async with one_worker(service) as http:
                items = [(account, c, "OFF" if pause else "ON") for c in ids[account]]
                started = await http.post("/bulk-switches", json=switches(items))
                final, _ = await follow(http, started.json())
            return final

        first = asyncio.gather(operator(101, 0), operator(102, 0))
        await asyncio.sleep(0.2)
        send(signal.SIGUSR1)  # every token issued so far now answers 401
        later = await asyncio.gather(operator(101, 0.05), operator(102, 0.1))
        runs = [*await first, *later]
        served = await asyncio.to_thread(refreshes)
        stats, calls = await fake_state(fake)
    workers = {run["pid"] for run in runs}
    for run in runs:
        assert run["failed"] == 0 and all(r["ok"] for r in run["results"]), run
    assert (
        len(workers) <= served <= 2 * len(workers) + 2
    )  # once per worker and expiry, not per call
    assert_spaced(stats, calls)
    assert stats["statuses"].get("401", 0) >= 1  # the expiry was met, and refreshed through


async def test_a_refresh_token_rotated_by_one_worker_still_serves_the_others(
    redis: RedisServer, services: list[Service]
) -> None:
    """Kakao rotates a refresh token (and ends the old one) when it refreshes one with under a
    month left; the fake rotates at every refresh. Each worker's RefreshingToken stores what it
    rotated to (``on_refresh``) and reads the store before refreshing (``load_refresh_token``),
    so the second worker refreshes with the first one's new token, not the spent one."""
    with oauth_fake(rotate=True) as (fake, _, _):
        creative = (await seed(fake, [111], 1))[111][0]
        env = settings(fake, redis, KA_OAUTH=f"ad-ops-app:{REFRESH}")
        a, b = await asyncio.gather(serve(services, env), serve(services, env))
        async with a.http() as on_a, b.http() as on_b:
            first = await on_a.get(f"/accounts/111/creatives/{creative}")
            second = await on_b.get(f"/accounts/111/creatives/{creative}")
    assert first.status_code == 200, first.text
    assert REFRESH not in second.text
    assert second.status_code == 200, second.text
