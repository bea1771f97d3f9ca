"""Benchmark: one bulk of campaign, ad group and creative changes, each level at its own quota.

M ad accounts, each with C campaigns x G ad groups x K creatives per ad group, all switched OFF
by one ``kakao.moment.set_configs`` against the fake server (its own process). Kakao's quotas
are scaled by ``--scale`` (creatives.onOff 5 s, campaigns.onOff and adGroups.onOff 1 s). Every
(quota, account) pair is a lane; the bound is the slowest lane's (n - 1) x its interval. Prints
the median over ``--runs`` runs of wall / bound, and the server's 429s (must be 0).

A client that takes per-quota intervals (``KakaoClient(quotas=...)``) gets each quota's own;
one that does not spaces every quota by ``on_off_interval`` (the slowest interval): the default
sizes keep the creative lanes the slowest either way.

    .venv/bin/python -m benchmarks.bench_hierarchy [--accounts 20] [--runs 5] [--scale 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import itertools
import statistics
import time
from typing import Any

import kakao_async as ka
from benchmarks._table import table
from kakao_async.endpoints import QUOTAS
from kakao_async.testing import DEFAULT_TOKEN, control, fake_server_process

LEVELS = ("campaigns.onOff", "adGroups.onOff", "creatives.onOff")


def client(url: str, intervals: dict[str, float]) -> tuple[ka.KakaoClient, str]:
    kwargs: dict[str, Any] = {}
    if "quotas" in inspect.signature(ka.KakaoClient).parameters:
        kwargs["quotas"] = intervals
        mode = "per-quota intervals"
    else:
        mode = "one interval for every quota (the slowest)"
    kakao = ka.KakaoClient(
        DEFAULT_TOKEN, moment_base_url=url, on_off_interval=max(intervals.values()), **kwargs
    )
    return kakao, mode


def changes_for(seeded: dict[str, Any]) -> list[ka.AnyConfigChange]:
    changes: list[ka.AnyConfigChange] = []
    for account, ids in seeded.items():
        a = int(account)
        changes += [ka.CampaignConfigChange(i, "OFF", ad_account_id=a) for i in ids["campaigns"]]
        changes += [ka.AdGroupConfigChange(i, "OFF", ad_account_id=a) for i in ids["adGroups"]]
        changes += [ka.ConfigChange(i, "OFF", ad_account_id=a) for i in ids["creatives"]]
    return changes


async def one_run(
    url: str, args: argparse.Namespace, intervals: dict[str, float]
) -> dict[str, Any]:
    await control(url, "POST", "/_fake/reset")
    seeded = await control(
        url,
        "POST",
        "/_fake/seed-hierarchy",
        {
            "adAccounts": list(range(1, args.accounts + 1)),
            "campaignsPerAccount": args.campaigns,
            "adGroupsPerCampaign": args.ad_groups,
            "creativesPerAdGroup": args.creatives,
        },
    )
    changes = changes_for(seeded)
    kakao, mode = client(url, intervals)
    async with kakao:
        started = time.monotonic()
        result = await kakao.moment.set_configs(changes)
        wall = time.monotonic() - started
    assert result.ok, result.failed[:3]
    stats = await control(url, "GET", "/_fake/stats")
    lanes: dict[tuple[str, int], list[float]] = {}
    for c in await control(url, "GET", "/_fake/quota-calls"):
        lanes.setdefault((c["quota"], c["ad_account_id"]), []).append(c["arrived_at"])
    for c in await control(url, "GET", "/_fake/on-off-calls"):
        lanes.setdefault(("creatives.onOff", c["ad_account_id"]), []).append(c["arrived_at"])
    per_quota = {q: 0 for q in LEVELS}
    for (quota, _), times in lanes.items():
        per_quota[quota] = max(per_quota[quota], len(times))
    bound = max((n - 1) * intervals[q] for q, n in per_quota.items())
    slack = min(
        b - a - intervals[q]
        for (q, _), times in lanes.items()
        for a, b in itertools.pairwise(sorted(times))
    )
    return {
        "mode": mode,
        "items": len(changes),
        "wall": wall,
        "bound": bound,
        "ratio": wall / bound,
        "rejected": stats["onOffRejected"] + sum(stats["quotaRejected"].values()),
        "slack": slack,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--campaigns", type=int, default=2, help="per account")
    parser.add_argument("--ad-groups", type=int, default=2, help="per campaign")
    parser.add_argument("--creatives", type=int, default=2, help="per ad group")
    parser.add_argument("--scale", type=float, default=0.2, help="x Kakao's intervals")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    intervals = {q: QUOTAS[q].interval * args.scale for q in LEVELS}
    fake_quotas = [f"{q}={s:g}" for q, s in intervals.items() if q != "creatives.onOff"]
    runs = []
    with fake_server_process(
        on_off_interval=intervals["creatives.onOff"],
        args=list(itertools.chain.from_iterable(("--quota", q) for q in fake_quotas)),
    ) as url:
        for _ in range(args.runs):
            runs.append(await one_run(url, args, intervals))
    per_account = args.campaigns * (1 + args.ad_groups * (1 + args.creatives))
    print(
        f"{args.accounts} accounts x ({args.campaigns} campaigns, "
        f"{args.campaigns * args.ad_groups} ad groups, "
        f"{args.campaigns * args.ad_groups * args.creatives} creatives) = "
        f"{args.accounts * per_account} changes in one set_configs; client: {runs[0]['mode']}"
    )
    print("intervals: " + ", ".join(f"{q} {s:g} s" for q, s in intervals.items()))
    rows = [["run", "wall s", "bound s", "wall/bound", "server 429s", "min gap - interval s"]]
    for n, r in enumerate(runs, 1):
        rows.append(
            [
                str(n),
                f"{r['wall']:.3f}",
                f"{r['bound']:.3f}",
                f"{r['ratio']:.3f}",
                str(r["rejected"]),
                f"{r['slack']:.4f}",
            ]
        )
    print(table(rows))
    print(
        f"median wall/bound {statistics.median(r['ratio'] for r in runs):.3f} over "
        f"{len(runs)} runs; server 429s in all runs: {sum(r['rejected'] for r in runs)}"
    )


if __name__ == "__main__":
    asyncio.run(main())
