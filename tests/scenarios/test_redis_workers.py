"""Scenario: two worker processes (think two uvicorn workers, or a web app beside a cron job)
share one RedisRateLimiter on a real redis-server and switch overlapping sets of creatives in
several ad accounts, while the fake Kakao server enforces the onOff quota on arrival.

README "Several processes: Redis" and "Guarantees": zero 429s, every item exactly one result,
the last value submitted within a client wins."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from kakao_async.testing import FakeKakaoServer, on_off_gaps
from tests import worker_process
from tests.redis_server import RedisServer

INTERVAL = 0.05


async def run_worker(plan: dict[str, Any]) -> dict[str, Any]:
    return await worker_process.run_worker("tests.scenarios.redis_worker", plan)


async def test_two_workers_share_the_quota_and_the_last_value_wins(redis: RedisServer) -> None:
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[31, 32, 33], creatives_per_account=4)
        a_only = [(31, c) for c in ids[31]] + [(33, c) for c in ids[33][:2]]
        b_only = [(33, c) for c in ids[33][2:]]
        shared = [(32, c) for c in ids[32]]  # both workers switch account 32's creatives
        # Worker A: everything OFF, then (while that runs) every other creative back ON.
        # Worker B: its own creatives ON then OFF; the shared ones straight to ON.
        a_first = [(a, c, "OFF") for a, c in a_only + shared]
        a_later = [(a, c, "ON") for a, c in (a_only + shared)[::2]] + [
            (a, c, "ON") for a, c in shared
        ]
        b_first = [(a, c, "ON") for a, c in b_only] + [(a, c, "ON") for a, c in shared]
        b_later = [(a, c, "OFF") for a, c in b_only]
        common = {"redis": redis.url, "namespace": uuid.uuid4().hex, "fake": fake.base_url}
        common |= {"interval": INTERVAL, "gap": 2 * INTERVAL}
        a, b = await asyncio.gather(
            run_worker({**common, "batches": [a_first, a_later]}),
            run_worker({**common, "batches": [b_first, b_later]}),
        )

        assert fake.on_off_rejections == 0
        gaps = on_off_gaps(fake.on_off_calls)
        assert min(min(g) for g in gaps.values() if g) >= INTERVAL
        for worker, plan in ((a, [a_first, a_later]), (b, [b_first, b_later])):
            rows = worker["batches"]
            # one result per item, in input order, none failed
            assert [[r["creative"] for r in batch] for batch in rows] == [
                [c for _, c, _ in batch] for batch in plan
            ]
            assert all(r["ok"] and r["error"] is None for batch in rows for r in batch)
            assert worker["rate_limited"] == 0
            assert set(worker["outcomes"]) <= {"ok", "superseded"}
        # the last value each worker submitted is the final state of a creative only it touched
        last_a = {c: cfg for _, c, cfg in a_first + a_later}
        last_b = {c: cfg for _, c, cfg in b_first + b_later}
        for _, c in a_only:
            assert fake.moment_creative(c).config == last_a[c], c
        for _, c in b_only:
            assert fake.moment_creative(c).config == last_b[c], c
        for _, c in shared:  # both ended on ON; no promise on order between processes
            assert fake.moment_creative(c).config == "ON"
        # what both observers saw sent is exactly what reached the fake
        assert a["sent"] + b["sent"] == len(fake.on_off_calls)
