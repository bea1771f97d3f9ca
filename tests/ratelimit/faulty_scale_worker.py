"""One worker process of the faulty, large shared-quota run (``python -m
tests.ratelimit.faulty_scale_worker PLAN_JSON``): a RedisRateLimiter and a client as README
"Several processes: Redis" shows, each batch of changes started as a background job while the
previous one runs, the fake Kakao server injecting faults and Redis restarted under it.

Prints one JSON line: every item's result, how its job's progress moved, and what the client's
observer saw (checked with the scenarios' ledger)."""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
from typing import Any

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN
from tests.scenarios.ledger import Ledger


def _row(result: ka.ItemResult[Any, Any]) -> list[Any]:
    error = result.error
    return [
        result.item.creative_id,
        result.ok,
        result.superseded,
        None if error is None else type(error).__name__,
        getattr(error, "code", None),
    ]


def _progress_ok(snapshots: list[ka.Progress], total: int) -> bool:
    """Never backwards or negative, and ending at the total."""
    steady = all(
        b.done >= a.done and b.failed >= a.failed and b.elapsed >= a.elapsed
        for a, b in itertools.pairwise(snapshots)
    )
    sane = all(p.eta is None or p.eta >= 0 for p in snapshots)
    return steady and sane and snapshots[-1].done == total and snapshots[-1].eta == 0


async def main(plan: dict[str, Any]) -> dict[str, Any]:
    ledger = Ledger()
    async with ka.RedisRateLimiter(
        plan["redis"], namespace=plan["namespace"], interval=plan["interval"], outage_timeout=8.0
    ) as shared:
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=plan["fake"],
            rate_limiter=shared,
            retry=ka.RetryPolicy(base=0.01, cap=0.05),
            timeout=20.0,
            observers=[ledger],
        ) as kakao:
            jobs = []
            for batch in plan["batches"]:
                changes = [ka.ConfigChange(c, cfg, ad_account_id=a) for a, c, cfg in batch]
                job = kakao.moment.creatives.start_set_configs(changes)
                jobs.append((job, []))
                job.add_progress_callback(jobs[-1][1].append)
                await asyncio.sleep(plan["gap"])
            results = [await job for job, _ in jobs]
            progress = [_progress_ok([*seen, job.progress], job.total) for job, seen in jobs]
    ledger.check()
    await asyncio.sleep(0)
    return {
        "batches": [[_row(r) for r in result] for result in results],
        "progress": progress,
        "sent": len(ledger.of(ka.events.RequestSent)),
        "accepted": sum(
            1
            for e in ledger.of(ka.events.ResponseReceived)
            if isinstance(e, ka.events.ResponseReceived) and e.status == 200
        ),
        "tasks_left": len(asyncio.all_tasks()) - 1,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.loads(sys.argv[1])))))
