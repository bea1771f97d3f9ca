"""``kakao-async demo``: the fake server, a real bulk toggle through the library, a summary."""

from __future__ import annotations

import asyncio
import itertools
import sys
import time
from collections import defaultdict

from .._bulk import ConfigChange
from .._client import KakaoClient
from ..testing import DEFAULT_TOKEN, FakeKakaoServer


def _min_gap(server: FakeKakaoServer) -> float | None:
    arrivals: dict[int, list[float]] = defaultdict(list)
    for call in server.on_off_calls:
        arrivals[call.ad_account_id].append(call.arrived_at)
    gaps = [b - a for times in arrivals.values() for a, b in itertools.pairwise(times)]
    return min(gaps) if gaps else None


async def _demo(*, accounts: int, creatives: int, interval: float, jitter: float) -> int:
    out = sys.stdout
    async with FakeKakaoServer(on_off_interval=interval, latency=(0.0, jitter)) as fake:
        ids = fake.seed(ad_accounts=range(1001, 1001 + accounts), creatives_per_account=creatives)
        changes = [
            ConfigChange(cid, "OFF", ad_account_id=acc) for acc, cids in ids.items() for cid in cids
        ]
        bound = (creatives - 1) * interval
        print(
            f"Fake Kakao server at {fake.base_url}: "
            f"{accounts} ad accounts x {creatives} creatives.\n"
            f"onOff quota scaled down to 1 call / {interval:g} s per (user, ad account) "
            f"(Kakao's is 1 / 5 s); network jitter up to {jitter * 1000:.0f} ms each way.\n"
            f"Switching {len(changes)} creatives OFF. Physical bound: ({creatives} - 1) x "
            f"{interval:g} s = {bound:.2f} s.",
            file=out,
        )
        async with KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=fake.base_url,
            keyword_base_url=fake.base_url,
            on_off_interval=interval,
        ) as kakao:
            started = time.monotonic()
            job = asyncio.ensure_future(kakao.moment.creatives.set_configs(changes))
            while not job.done():
                done = len(fake.on_off_calls)
                bar = "#" * (30 * done // len(changes))
                print(
                    f"\r  [{bar:<30}] {done}/{len(changes)}  {time.monotonic() - started:5.1f}s",
                    end="",
                    file=out,
                    flush=True,
                )
                await asyncio.wait({job}, timeout=0.2)
            result = job.result()
            wall = time.monotonic() - started
        print(f"\r  [{'#' * 30}] {len(changes)}/{len(changes)}  {wall:5.1f}s", file=out)
        applied = sum(
            1
            for cid in (c.creative_id for c in changes)
            if fake.moment_creative(cid).config == "OFF"
        )
        gap = _min_gap(fake)
        ratio = wall / bound if bound else 0.0
        lines = [
            f"Done: {len(result.succeeded)} ok, {len(result.failed)} failed; "
            f"{applied}/{len(changes)} OFF at the server.",
            f"onOff calls sent: {len(fake.on_off_calls) + fake.on_off_rejections}, "
            f"rejected with 429: {fake.on_off_rejections}.",
            f"Wall time {wall:.2f} s vs bound {bound:.2f} s: ratio {ratio:.3f}.",
        ]
        if gap is not None:
            lines.append(
                f"Closest two calls of one account at the server: {gap:.3f} s "
                f"(quota {interval:g} s)."
            )
        print("\n".join(lines), file=out)
        return 0 if result.ok and fake.on_off_rejections == 0 else 1


def run_demo(*, accounts: int, creatives: int, interval: float, jitter: float) -> int:
    if accounts < 1 or creatives < 1 or interval <= 0 or jitter < 0:
        print(
            "demo: --accounts and --creatives must be >= 1, --interval > 0, --jitter >= 0",
            file=sys.stderr,
        )
        return 2
    return asyncio.run(
        _demo(accounts=accounts, creatives=creatives, interval=interval, jitter=jitter)
    )
