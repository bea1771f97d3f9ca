"""Plain-text tables for benchmark output."""

from __future__ import annotations

import statistics


def table(rows: list[list[str]]) -> str:
    """Rows of cells as an aligned plain-text table (first row is the header)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def spread(ratios: list[float]) -> str:
    """Per-round ratios as their median and range: ``1.085 (1.020-1.210)``. A round measures
    the clients back to back, so a slow spell of a shared machine mostly hits all of them; the
    range shows how much it did anyway."""
    return f"{statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f})"
