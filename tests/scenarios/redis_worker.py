"""One worker process of the shared-quota scenario (run as ``python -m tests.scenarios.redis_worker
PLAN_JSON``): opens a RedisRateLimiter and a client as README "Several processes: Redis" shows,
starts each batch of changes as a background job (a later batch while the earlier one still runs),
and prints one JSON line: every item's result, and what its observer saw."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN
from tests.scenarios.ledger import Ledger


def _row(result: ka.ItemResult[Any, Any]) -> dict[str, Any]:
    return {
        "creative": result.item.creative_id,
        "ok": result.ok,
        "value": None if result.value is None else str(result.value),
        "superseded": result.superseded,
        "error": None if result.error is None else type(result.error).__name__,
    }


async def main(plan: dict[str, Any]) -> dict[str, Any]:
    ledger = Ledger()
    async with ka.RedisRateLimiter(
        plan["redis"], namespace=plan["namespace"], interval=plan["interval"]
    ) as shared:
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=plan["fake"],
            rate_limiter=shared,
            retry=ka.RetryPolicy(base=0.01, cap=0.05),
            observers=[ledger],
        ) as kakao:
            jobs = []
            for batch in plan["batches"]:
                changes = [ka.ConfigChange(c, cfg, ad_account_id=a) for a, c, cfg in batch]
                jobs.append(kakao.moment.creatives.start_set_configs(changes))
                await asyncio.sleep(plan["gap"])
            results = [await job for job in jobs]
    calls = ledger.check()
    return {
        "batches": [[_row(r) for r in result] for result in results],
        "calls": len(calls),
        "outcomes": [e.outcome for e in ledger.ended()],
        "sent": sum(e.attempts for e in ledger.ended()),
        "rate_limited": len(ledger.of(ka.events.RateLimited)),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.loads(sys.argv[1])))))
