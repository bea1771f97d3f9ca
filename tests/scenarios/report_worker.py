"""One process of the nightly report pull (run as ``python -m tests.scenarios.report_worker
PLAN_JSON``): opens a RedisRateLimiter and a client as README "Several processes: Redis" shows,
with every report quota scaled to the plan's interval, fetches its reports all at once, and
prints one JSON line: per report, the ids its rows name, and how many calls were rate limited."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN
from tests.scenarios.ledger import Ledger

#: The ids argument and the row dimension naming each object, per report method.
KINDS = {
    "campaigns": ("campaign_ids", "campaign_id"),
    "ad_groups": ("ad_group_ids", "ad_group_id"),
    "creatives": ("creative_ids", "creative_id"),
    "ad_accounts": ("ad_account_ids", "ad_account_id"),
}


async def fetch(kakao: ka.KakaoClient, job: dict[str, Any]) -> list[int]:
    """One report of the plan; the ids its rows name, in row order."""
    argument, dimension = KINDS[job["kind"]]
    method = getattr(kakao.moment.reports, job["kind"])
    extra = {} if job["kind"] == "ad_accounts" else {"ad_account_id": job["account"]}
    report = await method(**{argument: job["ids"]}, date_preset="YESTERDAY", **extra)
    return [int(row.dimensions[dimension] or 0) for row in report]


async def main(plan: dict[str, Any]) -> dict[str, Any]:
    ledger = Ledger()
    quotas = dict.fromkeys(plan["quotas"], plan["interval"])
    async with ka.RedisRateLimiter(plan["redis"], namespace=plan["namespace"]) as shared:
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=plan["fake"],
            rate_limiter=shared,
            quotas=quotas,
            retry=ka.RetryPolicy(base=0.01, cap=0.05),
            observers=[ledger],
        ) as kakao:
            reports = await asyncio.gather(*(fetch(kakao, job) for job in plan["jobs"]))
    ledger.check()
    return {
        "reports": reports,
        "sent": sum(e.attempts for e in ledger.ended()),
        "rate_limited": len(ledger.of(ka.events.RateLimited)),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.loads(sys.argv[1])))))
