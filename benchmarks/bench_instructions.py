"""Benchmark: client instructions per call, counted by valgrind, for changes too small to time.

Wall and CPU time on a shared machine swing by 10-20 % between identical runs, so a change worth
1-3 us per request cannot be ranked by timing it. The number of CPU instructions the client
process executes can: it repeats to within about 1 %, whatever else the machine is doing.

Each client runs in its own process under ``valgrind --tool=callgrind`` (the lean server, its
own process, is not counted), twice after the same warm-up: with the smaller and with the larger
count of ``--requests`` (or ``--accounts``); the difference divided by the extra calls is the
cost of one call, start-up and warm-up cancelled out. Collector (gc) work is included: objects
a client keeps alive are part of what it costs. Counts are not time (a cache miss costs more
than an add), so this ranks changes; ``bench_lean`` and ``bench_bulk_scale`` remain the
measure of speed.

Clients: the GET path of ``bench_lean`` (raw aiohttp, + attrs by hand, + ``raw`` kept,
the transport and decoder alone, ``get_many``) and the bulk onOff of ``bench_bulk_scale`` (the
hand-rolled loop, ``set_config`` per account, ``set_configs``; ``--accounts`` ad accounts of 3
creatives each, per account). Every bulk client first builds the job list it is given: the
first bulk row counts that alone, and the other rows leave it out. Runs ``--jobs`` processes at
once: counts do not depend on load.

Bulk counts include whatever waiting a run does: under valgrind a client is ~50x slower while the
server is not, so a cheaper client more often finds its key still cooling and sleeps. With
``--interval 0.001`` calls hardly wait, and the counts are the work of the calls alone.

    apt-get install valgrind
    .venv/bin/python -m benchmarks.bench_instructions [--requests 500 1500] [--accounts 300 900]
        [--interval 0.2] [--rounds 1] [--uvloop] [--only get|bulk]

``--uvloop`` runs every client (and its warm-up) on uvloop: the same ratios with the event
loop's own work in C.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson

from benchmarks import bench_bulk_scale, bench_lean
from benchmarks._table import table
from benchmarks.lean_server import lean_server, run
from kakao_async import ConfigChange

GETS: dict[str, bench_lean.Client] = {
    "raw aiohttp (orjson, dicts)": bench_lean.raw,
    "raw aiohttp + attrs by hand": bench_lean.raw_typed,
    "raw aiohttp + attrs by hand + raw": bench_lean.raw_typed_kept,
    "kakao_async transport + decoder only": bench_lean.transport_decoded,
    "kakao_async get_many": bench_lean.kakao,
}


async def _job_only(url: str, job: Sequence[ConfigChange], interval: float) -> int:
    """Nothing but the job list every bulk row builds first (subtract it to leave it out)."""
    return len(job)


#: Every bulk client first builds the job list it is given; that count is left out of the others.
JOB_LIST = "building the job list (left out below)"
BULKS: dict[str, Callable[[str, Sequence[ConfigChange], float], Awaitable[int]]] = {
    JOB_LIST: _job_only,
    "hand-rolled onOff loop": bench_bulk_scale.hand_rolled,
    # The same loop without aiohttp's timer per request (its default ClientTimeout): that
    # timer's share of the baseline, which differs between the default loop and uvloop.
    "hand-rolled onOff loop, no aiohttp timer": functools.partial(
        bench_bulk_scale.hand_rolled, timed=False
    ),
    "kakao_async set_config per account": bench_bulk_scale.single_calls,
    "kakao_async set_configs": bench_bulk_scale.library,
}


async def _child(name: str, count: int, interval: float) -> None:
    if name in GETS:
        client = GETS[name]
        with lean_server(orjson.dumps(orjson.loads(bench_lean.SAMPLE.read_bytes()))) as url:
            await client(url, 200, 20)  # warm-up: connections, imports, caches
            if count:
                await client(url, count, 20)
        return
    bulk = BULKS[name]
    with lean_server(b"", interval) as url:
        await bulk(url, bench_bulk_scale.changes(50), interval)
        await asyncio.sleep(interval * 2)
        if count:
            await bulk(url, bench_bulk_scale.changes(count), interval)


def _count(name: str, count: int, interval: float, use_uvloop: bool) -> int:
    """Instructions the client process executed for ``name`` with ``count`` calls."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            "-m",
            "benchmarks.bench_instructions",
            "--child",
            name,
            str(count),
            "--interval",
            repr(interval),
            *(["--uvloop"] if use_uvloop else []),
        ]
        # One hash seed for every run: set and dict layouts, hence the work, repeat exactly.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        if done.returncode:
            # valgrind's own lines first, then the client's traceback: the end says why.
            raise RuntimeError(f"{name!r} ({count}) failed:\n{done.stderr[-3000:]}")
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError(f"no instruction total in callgrind's output for {name!r}")


def row_cells(name: str, cost: dict[str, float], base: str) -> list[str]:
    """One table row: ``name``'s instructions per call and its ratio to ``base``, both without
    the job list for a bulk client."""
    if name == JOB_LIST:
        return [name, f"{cost[name]:,.0f}", "-"]
    own = {n: c - cost[JOB_LIST] if n in BULKS else c for n, c in cost.items()}
    return [name, f"{own[name]:,.0f}", f"{own[name] / own[base]:.3f}"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, nargs=2, default=[500, 1500])
    parser.add_argument("--accounts", type=int, nargs=2, default=[300, 900])
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--uvloop", action="store_true", help="run every client on uvloop")
    parser.add_argument(
        "--only",
        choices=("get", "bulk"),
        help="count only the GET clients or only the bulk ones (each with its baseline)",
    )
    parser.add_argument("--child", nargs=2, metavar=("CLIENT", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run(_child(args.child[0], int(args.child[1]), args.interval), use_uvloop=args.uvloop)
        return
    for option, (small, large) in (("--requests", args.requests), ("--accounts", args.accounts)):
        # The cost per call is the difference between the two sizes over the extra calls.
        if small == large or min(small, large) < 0:
            parser.error(f"{option}: two different counts, neither negative")
    if not args.interval > 0:
        parser.error("--interval: a number of seconds above 0")
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    sizes: dict[str, list[int]] = {}
    if args.only != "bulk":
        sizes |= {name: args.requests for name in GETS}
    if args.only != "get":
        sizes |= {name: args.accounts for name in BULKS}
    runs = [(name, n) for name, pair in sizes.items() for n in pair * args.rounds]
    with ThreadPoolExecutor(args.jobs) as pool:
        counts = list(
            pool.map(lambda one: _count(one[0], one[1], args.interval, args.uvloop), runs)
        )
    totals: dict[tuple[str, int], list[int]] = {}
    for one, total in zip(runs, counts, strict=True):
        totals.setdefault(one, []).append(total)
    cost = {
        name: (statistics.median(totals[name, large]) - statistics.median(totals[name, small]))
        / (large - small)
        for name, (small, large) in sizes.items()
    }
    for group, unit, base in (
        (GETS, "request", "raw aiohttp + attrs by hand"),
        (BULKS, "account (3 onOff calls)", "hand-rolled onOff loop"),
    ):
        if base not in cost:
            continue
        rows = [["client", f"instructions per {unit}", f"vs {base}"]]
        rows += [row_cells(n, cost, base) for n in group]
        print(table(rows))
        print()
    loop = "uvloop" if args.uvloop else "asyncio's default loop"
    print(
        f"{' and '.join(map(str, args.requests))} requests, "
        f"{' and '.join(map(str, args.accounts))} accounts (onOff interval {args.interval:g} s), "
        f"median of {args.rounds} round(s); {loop}"
    )


if __name__ == "__main__":
    main()
