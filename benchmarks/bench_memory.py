"""Benchmark 4: memory while paging through 200,000 keyword creatives.

The fake server runs in its own process. The client iterates ``keyword.creatives.iter`` and
samples its own resident set size after every page: streaming must keep it flat. For contrast,
the same walk again while keeping every item in a list.

    .venv/bin/python -m benchmarks.bench_memory [--count 200000] [--page-size 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
from pathlib import Path

import kakao_async as ka
from benchmarks._table import table
from kakao_async.testing import DEFAULT_TOKEN, control, fake_server_process


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


async def walk(url: str, page_size: int, *, keep: bool) -> tuple[int, float, float, float]:
    gc.collect()
    start = rss_mib()
    peak = start
    kept: list[ka.KeywordCreativeSummary] = []
    count = 0
    began = time.perf_counter()
    async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, keyword_base_url=url) as kakao:
        async for item in kakao.keyword.creatives.iter(biz_channel_id=1, page_size=page_size):
            count += 1
            if keep:
                kept.append(item)
            if count % page_size == 0:
                peak = max(peak, rss_mib())
    elapsed = time.perf_counter() - began
    peak = max(peak, rss_mib())
    del kept
    return count, start, peak, elapsed


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--page-size", type=int, default=1000)
    args = parser.parse_args()
    with fake_server_process() as url:
        await control(
            url,
            "POST",
            "/_fake/seed-keyword",
            {"adAccount": 1, "bizChannelId": 1, "count": args.count},
        )
        await walk(url, args.page_size, keep=False)  # warm-up: imports, first allocations
        rows = [["walk", "items", "RSS before MiB", "peak MiB", "growth MiB", "items/s"]]
        for name, keep in (("streaming (iter)", False), ("accumulating in a list", True)):
            count, start, peak, elapsed = await walk(url, args.page_size, keep=keep)
            assert count == args.count, count
            rows.append(
                [
                    name,
                    f"{count:,}",
                    f"{start:.1f}",
                    f"{peak:.1f}",
                    f"{peak - start:.1f}",
                    f"{count / elapsed:,.0f}",
                ]
            )
    print(table(rows))


if __name__ == "__main__":
    asyncio.run(main())
