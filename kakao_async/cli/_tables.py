"""Tables that lose no text: on a narrow terminal, or piped where rich assumes 80 columns.

An id is what a user copies into the next command, so an id column keeps its whole width; any
other cell too long for its column folds onto more lines instead of ending in "…". Piped or
redirected, a table is as wide as its widest row (a cron log, ``grep``, ``| cat``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

__all__ = ["add_column", "print_table"]


def add_column(
    table: Table,
    name: str,
    cells: Sequence[str],
    *,
    justify: Literal["left", "right"] = "left",
) -> None:
    """Add column ``name`` (its ``cells`` are the values it will hold, for the id width)."""
    if name == "id" or name.endswith("_id"):
        width = max([len(name), *map(len, cells)])
        table.add_column(name, justify=justify, no_wrap=True, min_width=width)
    else:
        table.add_column(name, justify=justify, overflow="fold")


def print_table(table: Table, console: Console) -> None:
    """Print ``table`` on ``console``; when that is no terminal, as wide as its widest row."""
    if not console.is_terminal:
        unbounded = console.options.update_width(1_000_000)
        width = Measurement.get(console, unbounded, table).maximum
        if width > console.width:
            console = Console(file=console.file, soft_wrap=True, width=width)
    console.print(table)
