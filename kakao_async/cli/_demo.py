"""``kakao-async demo``: the fake server, a real bulk set_configs through the library, a summary.

Beside the creatives, a few campaigns and ad groups per account are switched OFF in a second
bulk at the same time: each level has its own onOff quota, scaled down like the creatives' one
(Kakao: 1 s for them against 5 s for creatives), and the fake enforces each on its own.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .._bulk import BulkJob, BulkResult
from .._changes import (
    AdGroupConfigChange,
    AnyConfigChange,
    CampaignConfigChange,
    ConfigChange,
)
from .._client import KakaoClient
from ..endpoints import AD_GROUP_ON_OFF_QUOTA, CAMPAIGN_ON_OFF_QUOTA, CREATIVE_ON_OFF_QUOTA
from ..models import Config
from ..testing import DEFAULT_TOKEN, FakeKakaoServer, on_off_gaps
from ._output import stdout

#: The hierarchy's onOff quotas, as a share of the creatives' one (Kakao: 1 s / 5 s).
_LEVEL_QUOTAS = (CAMPAIGN_ON_OFF_QUOTA, AD_GROUP_ON_OFF_QUOTA)


def _min_gap(server: FakeKakaoServer) -> float | None:
    gaps = [g for gs in on_off_gaps(server.on_off_calls).values() for g in gs]
    return min(gaps) if gaps else None


_Level = CampaignConfigChange | AdGroupConfigChange


def _creative_changes(fake: FakeKakaoServer, accounts: range, creatives: int) -> list[ConfigChange]:
    """``creatives`` display creatives per account, all to be switched OFF."""
    ids = fake.seed(ad_accounts=accounts, creatives_per_account=creatives)
    return [ConfigChange(c, "OFF", ad_account_id=acc) for acc, cids in ids.items() for c in cids]


def _level_changes(fake: FakeKakaoServer, accounts: range, campaigns: int) -> list[_Level]:
    """``campaigns`` campaigns per account, an ad group each, all to be switched OFF."""
    if not campaigns:
        return []
    seeded = fake.seed_hierarchy(ad_accounts=accounts, campaigns_per_account=campaigns)
    changes: list[_Level] = []
    for account, ids in seeded.items():
        changes += [CampaignConfigChange(c, "OFF", ad_account_id=account) for c in ids.campaigns]
        changes += [AdGroupConfigChange(g, "OFF", ad_account_id=account) for g in ids.ad_groups]
    return changes


def _state_at(fake: FakeKakaoServer, change: _Level) -> str:
    if isinstance(change, CampaignConfigChange):
        return fake.campaign(change.campaign_id).config
    return fake.ad_group(change.ad_group_id).config


def _level_line(
    fake: FakeKakaoServer, changes: list[_Level], result: BulkResult[Any, Any], scaled: float
) -> str:
    """One line on the campaigns and ad groups: done, applied at the server, 429s."""
    applied = sum(1 for c in changes if _state_at(fake, c) == "OFF")
    rejected = sum(fake.quota_rejections[q.name] for q in _LEVEL_QUOTAS)
    campaigns = sum(1 for c in changes if isinstance(c, CampaignConfigChange))
    return (
        f"{campaigns} campaigns and their {len(changes) - campaigns} ad groups, each level at "
        f"its own onOff quota (1 call / {scaled:g} s per account at the server): "
        f"{len(result.succeeded)} ok, {applied}/{len(changes)} OFF at the server, "
        f"rejected with 429: {rejected}."
    )


async def _demo(
    *, accounts: int, creatives: int, campaigns: int, interval: float, jitter: float
) -> int:
    # Kakao's ratio between the hierarchy's onOff quotas and the creatives' one, kept.
    scaled = interval * CAMPAIGN_ON_OFF_QUOTA.interval / CREATIVE_ON_OFF_QUOTA.interval
    quotas = {q.name: scaled for q in _LEVEL_QUOTAS}
    async with FakeKakaoServer(
        on_off_interval=interval, latency=(0.0, jitter), quotas=quotas
    ) as fake:
        account_ids = range(1001, 1001 + accounts)
        changes = _creative_changes(fake, account_ids, creatives)
        levels = _level_changes(fake, account_ids, campaigns)
        bound = (creatives - 1) * interval
        stdout.print(
            _plan(
                fake,
                accounts=accounts,
                creatives=creatives,
                campaigns=campaigns if levels else 0,
                interval=interval,
                jitter=jitter,
                bound=bound,
            ),
            highlight=False,
        )
        async with KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=fake.base_url,
            keyword_base_url=fake.base_url,
            on_off_interval=interval,
        ) as kakao:
            job = kakao.moment.creatives.start_set_configs(changes)
            # The hierarchy-wide bulk: campaigns and ad groups, each under its own quota.
            side = kakao.moment.start_set_configs(levels) if levels else None
            side_result = await _show_progress(job, side, account_ids, creatives=creatives)
            result = await job
            wall = job.progress.elapsed
        lines = _summary(fake, changes, result, wall=wall, bound=bound, interval=interval)
        levels_ok = side_result is None or side_result.ok
        if side_result is not None:
            lines.append(_level_line(fake, levels, side_result, scaled))
        stdout.print("\n".join(lines), highlight=False)
        rejected = sum(fake.quota_rejections.values())
        return 0 if result.ok and levels_ok and rejected == 0 else 1


def _plan(
    fake: FakeKakaoServer,
    *,
    accounts: int,
    creatives: int,
    campaigns: int,
    interval: float,
    jitter: float,
    bound: float,
) -> str:
    """The lines before the run: what the fake holds, the quota, the bound to compare with."""
    hierarchy = f" + {campaigns} campaigns per account, an ad group each" if campaigns else ""
    return (
        f"Fake Kakao server at {fake.base_url}: "
        f"{accounts} ad accounts x {creatives} creatives{hierarchy}.\n"
        f"onOff quota scaled down to 1 call / {interval:g} s per (user, ad account) "
        f"(Kakao's is 1 / 5 s); network jitter up to {jitter * 1000:.0f} ms each way.\n"
        f"Switching {accounts * creatives} creatives OFF. Physical bound: ({creatives} - 1) x "
        f"{interval:g} s = {bound:.2f} s."
    )


async def _show_progress(
    job: BulkJob[ConfigChange, Config],
    side: BulkJob[AnyConfigChange, Config] | None,
    accounts: Sequence[int],
    *,
    creatives: int,
) -> BulkResult[AnyConfigChange, Config] | None:
    """Live bars until both bulks end: overall with its ETA, one per account while they fit on a
    screen, one for the campaigns and ad groups; returns the latter's result."""
    columns = (
        TextColumn("{task.description:>14}"),
        BarColumn(bar_width=30),
        MofNCompleteColumn(),
        TextColumn("{task.fields[note]}"),
    )
    with Progress(*columns, TimeElapsedColumn(), console=stdout) as bars:
        overall = bars.add_task("all accounts", total=job.total, note="ETA ?")
        lanes = {
            acc: bars.add_task(f"account {acc}", total=creatives, note="") for acc in accounts[:8]
        }
        if side is not None:
            others = bars.add_task("camp.+ad grp", total=side.total, note="")
        async for progress in job.watch():
            eta = "?" if progress.eta is None else f"{progress.eta:.1f}s"
            bars.update(overall, completed=progress.done, note=f"ETA {eta}")
            done = Counter(r.item.ad_account_id for r in job.results if r is not None)
            for acc, task in lanes.items():
                bars.update(task, completed=done[acc])
            if side is not None:
                bars.update(others, completed=side.progress.done)
        if side is None:
            return None
        side_result = await side
        bars.update(others, completed=side.progress.done)
        return side_result


def _summary(
    fake: FakeKakaoServer,
    changes: list[ConfigChange],
    result: BulkResult[ConfigChange, Config],
    *,
    wall: float,
    bound: float,
    interval: float,
) -> list[str]:
    """The creatives' outcome: done, applied at the server, 429s, wall time against the bound
    and the closest two calls of one account the server saw."""
    applied = sum(1 for c in changes if fake.moment_creative(c.creative_id).config == "OFF")
    gap = _min_gap(fake)
    timing = (
        f"Wall time {wall:.2f} s vs bound {bound:.2f} s: ratio {wall / bound:.3f}."
        if bound
        else f"Wall time {wall:.2f} s; bound 0 s: one creative per account, nothing to wait for."
    )
    lines = [
        f"Done: {len(result.succeeded)} ok, {len(result.failed)} failed; "
        f"{applied}/{len(changes)} OFF at the server.",
        f"onOff calls sent: {len(fake.on_off_calls) + fake.on_off_rejections}, "
        f"rejected with 429: {fake.on_off_rejections}.",
        timing,
    ]
    if gap is not None:
        lines.append(
            f"Closest two calls of one account at the server: {gap:.3f} s (quota {interval:g} s)."
        )
    return lines


def run_demo(
    *, accounts: int, creatives: int, campaigns: int, interval: float, jitter: float
) -> int:
    return asyncio.run(
        _demo(
            accounts=accounts,
            creatives=creatives,
            campaigns=campaigns,
            interval=interval,
            jitter=jitter,
        )
    )
