"""One worker process of the multi-process test: toggles its share of creatives through Redis.

    python -m tests.ratelimit.worker REDIS_URL FAKE_URL NAMESPACE INTERVAL MARGIN \
        ACCOUNT:ID[,ID...] ...
Prints one JSON line: per item, ok or the error's class name.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN


async def main(argv: list[str]) -> None:
    redis_url, fake_url, namespace, interval, margin, *groups = argv
    changes = [
        ka.ConfigChange(int(cid), "OFF", ad_account_id=int(account))
        for group in groups
        for account, ids in [group.split(":")]
        for cid in ids.split(",")
    ]
    limiter = ka.RedisRateLimiter(
        redis_url, namespace=namespace, interval=float(interval), margin=float(margin)
    )
    try:
        async with ka.KakaoClient(
            DEFAULT_TOKEN, moment_base_url=fake_url, rate_limiter=limiter
        ) as kakao:
            result = await kakao.moment.creatives.set_configs(changes)
    finally:
        await limiter.aclose()
    print(json.dumps([r.ok or type(r.error).__name__ for r in result]), flush=True)


def run_workers(
    redis_url: str,
    fake_url: str,
    *,
    namespace: str,
    interval: float,
    margin: float,
    seeded: dict[str, list[int]],
    workers: int,
) -> list[list[bool | str]]:
    """Split each account's creatives round-robin over ``workers`` processes, run them all at
    once, and return each worker's per-item outcomes."""
    shares: list[list[str]] = [[] for _ in range(workers)]
    for account, ids in seeded.items():
        for w in range(workers):
            if ids[w::workers]:
                shares[w].append(f"{account}:{','.join(str(i) for i in ids[w::workers])}")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.ratelimit.worker",
                redis_url,
                fake_url,
                namespace,
                str(interval),
                str(margin),
                *share,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for share in shares
        if share
    ]
    outputs = [p.communicate(timeout=600)[0] for p in procs]
    if any(p.returncode for p in procs):
        raise RuntimeError(f"a worker failed: {[p.returncode for p in procs]}")
    return [json.loads(out) for out in outputs]


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
