"""``kakao-async demo``: the fake server, a real bulk set_configs through the library, a summary."""

from __future__ import annotations

import asyncio
from collections import Counter

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .._changes import ConfigChange
from .._client import KakaoClient
from ..testing import DEFAULT_TOKEN, FakeKakaoServer, on_off_gaps
from ._output import stdout


def _min_gap(server: FakeKakaoServer) -> float | None:
    gaps = [g for gs in on_off_gaps(server.on_off_calls).values() for g in gs]
    return min(gaps) if gaps else None


async def _demo(*, accounts: int, creatives: int, interval: float, jitter: float) -> int:
    out = stdout
    async with FakeKakaoServer(on_off_interval=interval, latency=(0.0, jitter)) as fake:
        ids = fake.seed(ad_accounts=range(1001, 1001 + accounts), creatives_per_account=creatives)
        changes = [
            ConfigChange(cid, "OFF", ad_account_id=acc) for acc, cids in ids.items() for cid in cids
        ]
        bound = (creatives - 1) * interval
        out.print(
            f"Fake Kakao server at {fake.base_url}: "
            f"{accounts} ad accounts x {creatives} creatives.\n"
            f"onOff quota scaled down to 1 call / {interval:g} s per (user, ad account) "
            f"(Kakao's is 1 / 5 s); network jitter up to {jitter * 1000:.0f} ms each way.\n"
            f"Switching {len(changes)} creatives OFF. Physical bound: ({creatives} - 1) x "
            f"{interval:g} s = {bound:.2f} s.",
            highlight=False,
        )
        async with KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=fake.base_url,
            keyword_base_url=fake.base_url,
            on_off_interval=interval,
        ) as kakao:
            job = kakao.moment.creatives.start_set_configs(changes)
            columns = (
                TextColumn("{task.description:>14}"),
                BarColumn(bar_width=30),
                MofNCompleteColumn(),
                TextColumn("{task.fields[note]}"),
            )
            with Progress(*columns, TimeElapsedColumn(), console=out) as bars:
                overall = bars.add_task("all accounts", total=len(changes), note="ETA ?")
                lanes = {
                    acc: bars.add_task(f"account {acc}", total=creatives, note="")
                    for acc in list(ids)[:8]  # a lane per account while they fit on a screen
                }
                async for progress in job.watch():
                    eta = "?" if progress.eta is None else f"{progress.eta:.1f}s"
                    bars.update(overall, completed=progress.done, note=f"ETA {eta}")
                    done = Counter(r.item.ad_account_id for r in job.results if r is not None)
                    for acc, task in lanes.items():
                        bars.update(task, completed=done[acc])
            result = await job
            wall = job.progress.elapsed
        applied = sum(1 for c in changes if fake.moment_creative(c.creative_id).config == "OFF")
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
        out.print("\n".join(lines), highlight=False)
        return 0 if result.ok and fake.on_off_rejections == 0 else 1


def run_demo(*, accounts: int, creatives: int, interval: float, jitter: float) -> int:
    return asyncio.run(
        _demo(accounts=accounts, creatives=creatives, interval=interval, jitter=jitter)
    )
