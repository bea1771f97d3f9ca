"""Tables that lose no text: on a narrow terminal, piped, or read by a pager that quits early.

An id is what a user copies into the next command and a figure cut short is wrong, so such a
column keeps its whole width; any other cell too long for its column folds onto more lines
instead of ending in "…". A table that cannot fit a terminal even so is printed as wide as its
whole columns need (the terminal wraps its lines). Piped or redirected, a table is as wide as
its widest row (a cron log, ``grep``, ``| cat``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Literal

from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table

__all__ = ["StdoutConsole", "add_column", "discard_stdout", "print_table"]


def discard_stdout() -> None:
    """Send the rest of stdout nowhere: its reader is gone (``| head``, ``| grep -q``), and the
    command still ends as its work did (its summary on stderr, its exit code from its results)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


class StdoutConsole(Console):
    """The console of results: a reader that quits early is no failure of the command."""

    def on_broken_pipe(self) -> None:  # rich's own raises SystemExit(1)
        self.quiet = True
        discard_stdout()


def add_column(
    table: Table,
    name: str,
    cells: Iterable[str],
    *,
    justify: Literal["left", "right"] = "left",
    whole: bool = False,
) -> None:
    """Add column ``name`` (``cells``: the values it will hold). An id column, or one marked
    ``whole``, is never cut nor wrapped; any other folds a long cell onto more lines."""
    cells = list(cells)
    if whole or name == "id" or name.endswith("_id"):
        width = max([cell_len(name), *map(cell_len, cells)])
        table.add_column(name, justify=justify, no_wrap=True, min_width=width)
    else:
        # Never narrower than its widest character (2 cells for Hangul): rich drops a
        # character its column cannot hold rather than folding it.
        widest = max((cell_len(c) for text in (name, *cells) for c in text), default=1)
        table.add_column(name, justify=justify, overflow="fold", min_width=widest)


def print_table(table: Table, console: Console) -> None:
    """Print ``table`` on ``console`` with every cell whole (see the module's docstring)."""
    if console.is_terminal:
        width = _narrowest(table)
    else:
        unbounded = console.options.update_width(1_000_000)
        width = Measurement.get(console, unbounded, table).maximum
    if width > console.width:
        console = StdoutConsole(
            file=console.file,
            soft_wrap=True,
            markup=False,
            emoji=False,
            width=width,
            force_terminal=console.is_terminal or None,
        )
    console.print(table)


def _narrowest(table: Table) -> int:
    """How narrow ``table`` may be with its whole columns whole (rich shrinks the others down
    to their widest character): the columns' least widths, padding and borders."""
    _, right, _, left = Padding.unpack(table.padding)
    cells = sum(c.min_width or 1 for c in table.columns)
    return cells + (left + right + 1) * len(table.columns) + 1
