"""Scenario: three worker processes share one RedisRateLimiter on a real redis-server and switch
600 creatives in 300 ad accounts (every account touched by all three), two overlapping jobs
each, while the fake Kakao server injects 5xx, 429s from "another client", resets, truncated
and HTML bodies and slow answers, and Redis is stopped and restarted empty mid-run.

README "Several processes: Redis" and "Guarantees": no 429 of the library's own making (every
onOff request of an account, from any process, at least one interval after the previous one at
the fake), every item exactly one result, the last value a process submitted wins for a creative
only it touches, a short restart loses nothing (no ``KakaoLimiterError``), every call seen once."""

from __future__ import annotations

import asyncio
import collections
import itertools
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from kakao_async.testing import FakeKakaoServer
from tests import worker_process
from tests.redis_server import RedisServer

INTERVAL = 0.05
ON_OFF = "/openapi/v4/creatives/onOff"


@pytest.fixture
def redis() -> Iterator[RedisServer]:
    """A redis-server of this test's own, which it stops and starts again."""
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.cleanup()


async def run_worker(plan: dict[str, Any]) -> dict[str, Any]:
    return await worker_process.run_worker("tests.ratelimit.faulty_scale_worker", plan)


async def test_three_workers_300_accounts_faults_and_a_redis_restart(redis: RedisServer) -> None:
    async with FakeKakaoServer(on_off_interval=INTERVAL, seed=31) as fake:
        ids = fake.seed(ad_accounts=list(range(1, 301)), creatives_per_account=2)
        fake.latency = (0.0, 0.002)
        fake.chaos(
            0.15, kinds=["status", "reset", "stall", "body", "truncate", "429"], stall_seconds=0.05
        )
        # Each account's first creative is switched by all three workers (no order promised
        # between processes); its second by one worker alone, OFF and then, in a later job
        # started while the first runs, back ON for every other account.
        plans: list[list[list[tuple[int, int, str]]]] = [[[], []] for _ in range(3)]
        own: dict[int, int] = {}
        for account, (both, alone) in ids.items():
            owner = account % 3
            own[alone] = owner
            for w in range(3):
                plans[w][0].append((account, both, ("OFF", "ON", "OFF")[w]))
            plans[owner][0].append((account, alone, "OFF"))
            if account % 2:
                plans[owner][1].append((account, alone, "ON"))
                plans[owner][1].append((account, both, "ON"))
        common = {"redis": redis.url, "namespace": uuid.uuid4().hex, "fake": fake.base_url}
        common |= {"interval": INTERVAL, "gap": 0.1}
        workers = asyncio.gather(*(run_worker({**common, "batches": p}) for p in plans))
        while len(fake.on_off_calls) < 150:  # noqa: ASYNC110 - the fake has no event to wait on
            await asyncio.sleep(0.01)
        redis.stop()
        at_restart = len(fake.on_off_calls)
        await asyncio.sleep(0.5)
        redis.start()
        outputs = await workers
        fake.chaos(0)
        assert len(fake.on_off_calls) > at_restart + 100  # the run went on after the restart

        assert sum(fake.chaos_injected.values()) > 100, fake.chaos_injected
        # no 429 of the schedule's own making: the quota refused nothing, and at the fake every
        # onOff request of an account (all one user) came an interval after the previous one
        assert fake.on_off_rejections == 0
        arrivals: dict[str | None, list[float]] = collections.defaultdict(list)
        for request in fake.requests:
            if request.method == "PUT" and request.path == ON_OFF:
                arrivals[request.ad_account_id].append(request.arrived_at)
        closest = min(b - a for ts in arrivals.values() for a, b in itertools.pairwise(ts))
        assert closest >= INTERVAL, closest
        # what the observers saw sent and accepted is exactly what reached the fake
        assert sum(o["sent"] for o in outputs) == sum(len(ts) for ts in arrivals.values())
        assert sum(o["accepted"] for o in outputs) == len(fake.on_off_calls)
        errors: collections.Counter[str] = collections.Counter()
        for worker, (plan, output) in enumerate(zip(plans, outputs, strict=True)):
            assert output["tasks_left"] == 0 and all(output["progress"])
            last: dict[int, tuple[str, bool]] = {}
            for batch, rows in zip(plan, output["batches"], strict=True):
                assert [r[0] for r in rows] == [c for _, c, _ in batch]  # one each, in order
                for (_, creative, config), (_, ok, _, error, _) in zip(batch, rows, strict=True):
                    assert ok == (error is None)
                    errors[error or "ok"] += 1
                    last[creative] = (config, ok)
            for creative, (config, ok) in last.items():
                if own.get(creative) == worker and ok:
                    assert fake.moment_creative(creative).config == config, creative
        assert set(errors) <= {
            "ok",
            "KakaoServerError",
            "KakaoTransportError",
            "KakaoRateLimitError",
        }
        assert errors["ok"] > 0.95 * sum(errors.values()), errors
