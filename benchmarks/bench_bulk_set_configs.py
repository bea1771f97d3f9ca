"""Benchmark 1: bulk ``set_configs`` at the quota bound.

M accounts x K creatives against the fake server (its own process) with a scaled interval and
injected network jitter. Reports wall time / the bound (K-1) x interval and server-side 429s for
kakao_async, a naive global-limiter client, a per-key start-to-start limiter, and an unlimited
client; then how exact the ETA of a single-account job is.

    .venv/bin/python -m benchmarks.bench_bulk_set_configs \
        [--accounts 8] [--creatives 5] [--interval 1]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable

import aiohttp
from aiolimiter import AsyncLimiter

import kakao_async as ka
from benchmarks._table import table
from kakao_async.testing import DEFAULT_TOKEN, control, fake_server_process, on_off_gaps

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "Content-Type": "application/json"}
Runner = Callable[[str, dict[int, list[int]], float], Awaitable[None]]


async def run_kakao_async(url: str, ids: dict[int, list[int]], interval: float) -> None:
    async with ka.KakaoClient(
        DEFAULT_TOKEN, moment_base_url=url, keyword_base_url=url, on_off_interval=interval
    ) as kakao:
        changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
        result = await kakao.moment.creatives.set_configs(changes)
        assert result.ok, result.failed[:3]


async def _put(session: aiohttp.ClientSession, url: str, account: int, cid: int) -> int:
    async with session.put(
        url + "/openapi/v4/creatives/onOff",
        json={"id": cid, "config": "OFF"},
        headers={**HEADERS, "adAccountId": str(account)},
    ) as resp:
        await resp.read()
        return resp.status


async def run_naive_global(url: str, ids: dict[int, list[int]], interval: float) -> None:
    """What people write first: one process-wide limiter of 1 call per interval."""
    limiter = AsyncLimiter(1, interval)
    async with aiohttp.ClientSession() as session:

        async def one(account: int, cid: int) -> None:
            async with limiter:
                await _put(session, url, account, cid)

        await asyncio.gather(*(one(a, c) for a, cs in ids.items() for c in cs))


async def run_per_key_start_spacing(url: str, ids: dict[int, list[int]], interval: float) -> None:
    """Per-account aiolimiter: right rate, but spaces *starts*, so jitter bunches arrivals."""
    limiters = {a: AsyncLimiter(1, interval) for a in ids}
    async with aiohttp.ClientSession() as session:

        async def one(account: int, cid: int) -> None:
            async with limiters[account]:
                await _put(session, url, account, cid)

        await asyncio.gather(*(one(a, c) for a, cs in ids.items() for c in cs))


async def run_unlimited(url: str, ids: dict[int, list[int]], interval: float) -> None:
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(_put(session, url, a, c) for a, cs in ids.items() for c in cs))


async def scenario(
    url: str,
    runner: Runner,
    *,
    accounts: int,
    creatives: int,
    interval: float,
    jitter: tuple[float, float],
    deadline: float | None = None,
) -> dict[str, float]:
    """One run; a run cut off at ``deadline`` reports its wall time projected from its pace."""
    await control(url, "POST", "/_fake/reset")
    await control(
        url, "POST", "/_fake/config", {"onOffInterval": interval, "latency": list(jitter)}
    )
    seeded = await control(
        url,
        "POST",
        "/_fake/seed",
        {"adAccounts": list(range(1, accounts + 1)), "creativesPerAccount": creatives},
    )
    ids = {int(a): cs for a, cs in seeded.items()}
    started = time.monotonic()
    projected = False
    try:
        await asyncio.wait_for(runner(url, ids, interval), deadline)
    except asyncio.TimeoutError:
        projected = True
    wall = time.monotonic() - started
    stats = await control(url, "GET", "/_fake/stats")
    if projected:
        wall *= accounts * creatives / max(1, stats["onOffAccepted"] + stats["onOffRejected"])
    calls = await control(url, "GET", "/_fake/on-off-calls")
    gaps = [g for gs in on_off_gaps(calls).values() for g in gs]
    bound = (creatives - 1) * interval
    return {
        "wall": wall,
        "ratio": wall / bound,
        "accepted": stats["onOffAccepted"],
        "rejected": stats["onOffRejected"],
        "total": accounts * creatives,
        "min_gap": min(gaps) if gaps else float("nan"),
        "projected": projected,
    }


async def eta_accuracy(
    url: str, *, creatives: int, interval: float, jitter: tuple[float, float]
) -> dict[str, float]:
    """Single account, ``creatives`` items: compare every ETA with the time actually left."""
    await control(url, "POST", "/_fake/reset")
    await control(
        url, "POST", "/_fake/config", {"onOffInterval": interval, "latency": list(jitter)}
    )
    seeded = await control(
        url, "POST", "/_fake/seed", {"adAccounts": [1], "creativesPerAccount": creatives}
    )
    reports: list[tuple[float, float]] = []
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=url, on_off_interval=interval
    ) as kakao:

        def record(p: ka.Progress) -> None:
            if p.eta is not None and p.done < p.total:
                reports.append((time.monotonic(), p.eta))

        await kakao.moment.creatives.set_configs(
            [(c, "OFF") for c in seeded["1"]], on_progress=record
        )
        end = time.monotonic()
    errors = [abs((end - at) - eta) for at, eta in reports]
    first_at, first_eta = reports[0]
    return {
        "first_eta": first_eta,
        "first_actual": end - first_at,
        "job": end - first_at,
        "max_error": max(errors),
        "max_error_after_first": max(errors[5:], default=0.0),
        "worst_at": errors.index(max(errors)) + 1,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--creatives", type=int, default=10)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument(
        "--jitter", type=float, default=0.05, help="max added delay per round trip, s"
    )
    parser.add_argument("--eta-creatives", type=int, default=100)
    parser.add_argument("--eta-interval", type=float, default=0.2)
    parser.add_argument(
        "--skip-naive", action="store_true", help="skip the slow global-limiter run"
    )
    args = parser.parse_args()
    m, k, interval, j = args.accounts, args.creatives, args.interval, args.jitter
    print(
        f"{m} accounts x {k} creatives, interval {interval:g} s, "
        f"bound (K-1) x interval = {(k - 1) * interval:g} s"
    )
    rows = [["client", "jitter", "wall s", "wall/bound", "429s", "applied", "min gap s"]]
    runs: list[tuple[str, Runner, tuple[float, float]]] = [
        ("kakao_async", run_kakao_async, (0.0, j / 2)),
        ("kakao_async", run_kakao_async, (0.0, j)),
        ("per-key aiolimiter (start spacing)", run_per_key_start_spacing, (0.0, j / 2)),
        ("unlimited", run_unlimited, (0.0, j / 2)),
    ]
    if not args.skip_naive:
        runs.append(("naive global aiolimiter", run_naive_global, (0.0, j / 2)))
    with fake_server_process(on_off_interval=interval) as url:
        for name, runner, jitter in runs:
            r = await scenario(
                url, runner, accounts=m, creatives=k, interval=interval, jitter=jitter
            )
            label = f"0-{jitter[1] * 1000:.0f} ms each way"
            rows.append(
                [
                    name,
                    label,
                    f"{r['wall']:.2f}" + (" (projected)" if r["projected"] else ""),
                    f"{r['ratio']:.3f}",
                    f"{r['rejected']:.0f} ({r['rejected'] / r['total']:.0%})",
                    f"{r['accepted']:.0f}/{r['total']:.0f}",
                    f"{r['min_gap']:.3f}",
                ]
            )
        print(table(rows))
        e = await eta_accuracy(
            url, creatives=args.eta_creatives, interval=args.eta_interval, jitter=(0.0, j / 2)
        )
    print(
        f"\nETA, 1 account x {args.eta_creatives} creatives at interval {args.eta_interval:g} s "
        f"({e['job']:.1f} s job): first estimate {e['first_eta']:.2f} s vs "
        f"{e['first_actual']:.2f} s actual; worst error {e['max_error']:.3f} s (report "
        f"#{e['worst_at']:.0f}); worst from report #6 on {e['max_error_after_first']:.3f} s"
    )


if __name__ == "__main__":
    asyncio.run(main())
