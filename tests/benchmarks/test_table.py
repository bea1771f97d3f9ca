"""The benchmarks' ratio cell: the median of the rounds' own ratios, then their range."""

from __future__ import annotations

from benchmarks._table import spread


def test_spread_is_the_median_and_the_range_of_the_rounds() -> None:
    assert spread([1.2, 0.9, 1.05]) == "1.050 (0.900-1.200)"
    assert spread([1.0, 1.1]) == "1.050 (1.000-1.100)"
    assert spread([1.0]) == "1.000 (1.000-1.000)"
