"""One agency worker process, one Kakao user (run as ``python -m tests.scenarios.agency_worker
PLAN_JSON``): a client on a RedisRateLimiter shared with the other workers, as README "Several
processes: Redis" shows. From ``start_at`` (wall clock, so the workers start together) it switches
its user's creatives, sets campaign budgets and pulls account reports, all at once, with the
library's DEBUG log on stderr; then prints one JSON line: every item's result."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from typing import Any

import kakao_async as ka


async def main(plan: dict[str, Any]) -> dict[str, Any]:
    async with ka.RedisRateLimiter(
        plan["redis"], namespace=plan["namespace"], poll_interval=0.01
    ) as shared:
        async with ka.KakaoClient(
            plan["token"],
            moment_base_url=plan["fake"],
            rate_limiter=shared,
            quotas=plan["quotas"],
            retry=ka.RetryPolicy(rate_limit_attempts=1, base=0.01, cap=0.05),
        ) as kakao:
            changes = [ka.ConfigChange(c, cfg, ad_account_id=a) for a, c, cfg in plan["creatives"]]
            budgets = [
                kakao.moment.campaigns.set_daily_budget(c, amount, ad_account_id=a)
                for a, c, amount in plan["budgets"]
            ]
            reports = [
                kakao.moment.reports.ad_account(date_preset="YESTERDAY", ad_account_id=a)
                for a in plan["reports"]
            ]
            await asyncio.sleep(max(0.0, plan["start_at"] - time.time()))
            switched, budgets_set, pulled = await asyncio.gather(
                kakao.moment.creatives.set_configs(changes),
                asyncio.gather(*budgets),
                asyncio.gather(*reports),
            )
    return {
        "creatives": [[r.item.creative_id, r.ok, str(r.value)] for r in switched],
        "budgets": budgets_set,
        "report_rows": [len(report) for report in pulled],
    }


if __name__ == "__main__":
    logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    print(json.dumps(asyncio.run(main(json.loads(sys.argv[1])))))
