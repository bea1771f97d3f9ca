"""One worker process of ``bench_soak``: two overlapping bulk jobs through a shared Redis limiter.

    python -m benchmarks.soak_worker REDIS_URL FAKE_URL NAMESPACE INTERVAL SHARE_FILE

``SHARE_FILE`` holds ``{"first": [[account, creative, config], ...], "second": [...]}``; the
second job starts right after the first, so it supersedes part of it (last write wins). Prints
one JSON line: per-item outcomes, the value this process submitted last per creative, and its
peak RSS.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
from pathlib import Path
from typing import Any

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN


def outcome(result: ka.ItemResult[ka.ConfigChange, ka.Config]) -> str:
    if result.error is not None:
        return type(result.error).__name__
    return "superseded" if result.superseded else "applied"


async def main(argv: list[str]) -> None:
    redis_url, fake_url, namespace, interval, share_file = argv
    share: dict[str, list[list[Any]]] = json.loads(Path(share_file).read_text("utf-8"))  # noqa: ASYNC240
    jobs = {
        name: [ka.ConfigChange(c, config, ad_account_id=a) for a, c, config in rows]
        for name, rows in share.items()
    }
    limiter = ka.RedisRateLimiter(redis_url, namespace=namespace, interval=float(interval))
    try:
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=fake_url,
            rate_limiter=limiter,
            retry=ka.RetryPolicy(attempts=6, base=0.05, cap=0.5, rate_limit_attempts=8),
            timeout=30,
        ) as kakao:
            first = kakao.moment.creatives.start_set_configs(jobs["first"])
            second = kakao.moment.creatives.start_set_configs(jobs["second"])
            results = [*(await first), *(await second)]
    finally:
        await limiter.aclose()
    last: dict[int, str] = {}
    for change in [*jobs["first"], *jobs["second"]]:
        last[change.creative_id] = change.config.value
    outcomes: dict[str, int] = {}
    for result in results:
        outcomes[outcome(result)] = outcomes.get(outcome(result), 0) + 1
    report = {
        "items": len(jobs["first"]) + len(jobs["second"]),
        "results": len(results),
        "outcomes": outcomes,
        "last": last,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
