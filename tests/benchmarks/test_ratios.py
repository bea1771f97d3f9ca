"""The benchmarks' ratio columns, from made-up rounds: each ratio in the right direction
(throughput: the baseline's time over the client's; CPU and bulk wall: the client's over the
baseline's) and taken within one round, never across rounds."""

from __future__ import annotations

from benchmarks import bench_bulk_scale, bench_lean


def test_get_ratios_compare_each_client_with_the_baselines_of_its_own_round() -> None:
    names = list(bench_lean.CLIENTS)
    # Round 2 is twice as slow for everyone: per-round ratios do not see it.
    rounds = [
        {name: (1.0 * (k + 1), 1.0 * (k + 1)) for k, name in enumerate(names)},
        {name: (2.0 * (k + 1), 2.0 * (k + 1)) for k, name in enumerate(names)},
    ]
    rows = {row[0]: row for row in bench_lean.rows(rounds, 100)}
    slowest = names[-1]  # (k + 1) = 5 times the raw baseline, 2.5 times the typed one
    assert rows[slowest][2] == "0.200 (0.200-0.200)"  # throughput vs raw
    assert rows[slowest][3] == "0.400 (0.400-0.400)"  # throughput vs raw + attrs
    assert rows[slowest][5] == "5.000 (5.000-5.000)"  # CPU vs raw
    assert rows[bench_lean.RAW][2] == "1.000 (1.000-1.000)"


def test_bulk_ratios_compare_each_client_with_the_loop_of_its_own_round() -> None:
    names = list(bench_bulk_scale.CLIENTS)
    walls = {name: [1.0 * (k + 1), 2.0 * (k + 1)] for k, name in enumerate(names)}
    cpus = {name: [3.0 * (k + 1), 1.5 * (k + 1)] for k, name in enumerate(names)}
    out = {
        "walls": walls,
        "cpus": cpus,
        "gcs": {name: (0.1, 1) for name in names},
        "applied": {name: 6 for name in names},
    }
    rows = {row[0]: row for row in bench_bulk_scale.rows(out, 6)}
    slowest = names[-1]  # 3 times the loop, in both rounds
    assert rows[slowest][2] == "3.000 (3.000-3.000)"  # wall vs loop
    assert rows[slowest][4] == "3.000 (3.000-3.000)"  # CPU vs loop
    assert rows[bench_bulk_scale.LOOP][2] == "1.000 (1.000-1.000)"
