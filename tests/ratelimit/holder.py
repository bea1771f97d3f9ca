"""Takes a Redis hold for a key and then hangs, to be killed: a crashed holder.

python -m tests.ratelimit.holder REDIS_URL NAMESPACE KEY HOLD_TIMEOUT
"""

from __future__ import annotations

import asyncio
import sys

import kakao_async as ka


async def main(redis_url: str, namespace: str, key: str, hold_timeout: str) -> None:
    limiter = ka.RedisRateLimiter(
        redis_url, namespace=namespace, interval=0.1, hold_timeout=float(hold_timeout)
    )
    async with limiter.hold(key):
        print("holding", flush=True)
        await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:]))
