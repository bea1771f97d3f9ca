"""Plain-text tables for benchmark output."""

from __future__ import annotations


def table(rows: list[list[str]]) -> str:
    """Rows of cells as an aligned plain-text table (first row is the header)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
