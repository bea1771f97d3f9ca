"""A report's rows as one sequence, and their flat table: records, CSV (stdlib) and pandas.

The flat table has one column per field: ``start``, ``end``, then every dimension, then every
metric, each in the order it first appears. A metric named like a dimension is written as
``metrics.<name>``. Values absent from a row are empty (CSV) or missing (pandas: NaN).
"""

from __future__ import annotations

import csv
import importlib
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, overload

from ._reports import ReportRow

__all__ = ["Report"]

#: What ``to_pandas`` says when pandas is missing.
PANDAS_MISSING = "Report.to_pandas() needs pandas: pip install 'kakao-async[pandas]'"


class Report(Sequence[ReportRow]):
    """Every row of a report, in date order (by ``start``, then ``end``); rows of one period
    keep the order of the calls (ids as asked for) and of Kakao's answers."""

    __slots__ = ("_rows",)

    def __init__(self, rows: Iterable[ReportRow] = ()) -> None:
        self._rows = tuple(rows)

    @overload
    def __getitem__(self, index: int) -> ReportRow: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ReportRow]: ...
    def __getitem__(self, index: int | slice) -> ReportRow | Sequence[ReportRow]:
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[ReportRow]:
        return iter(self._rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Report):
            return self._rows == other._rows
        if isinstance(other, (list, tuple)):
            return list(self._rows) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, so not hashable

    def __repr__(self) -> str:
        return f"<Report {len(self._rows)} rows>"

    @property
    def dimension_names(self) -> list[str]:
        """Every dimension key of any row, in order of first appearance."""
        return list(dict.fromkeys(k for row in self._rows for k in row.dimensions))

    @property
    def metric_names(self) -> list[str]:
        """Every metric of any row, in order of first appearance."""
        return list(dict.fromkeys(k for row in self._rows for k in row.metrics))

    def _columns(self) -> tuple[list[str], list[tuple[str, str]]]:
        """The dimension columns, and (column, metric) pairs for the metrics."""
        dimensions = self.dimension_names
        taken = {"start", "end", *dimensions}
        metrics = [(f"metrics.{m}" if m in taken else m, m) for m in self.metric_names]
        return dimensions, metrics

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per row (``start``/``end`` as :class:`datetime.date`); absent values
        are None."""
        dimensions, metrics = self._columns()
        return [
            {
                "start": row.start,
                "end": row.end,
                **{d: row.dimensions.get(d) for d in dimensions},
                **{column: row.metrics.get(m) for column, m in metrics},
            }
            for row in self._rows
        ]

    @overload
    def to_csv(self, file: None = None) -> str: ...
    @overload
    def to_csv(self, file: str | os.PathLike[str] | IO[str]) -> None: ...
    def to_csv(self, file: str | os.PathLike[str] | IO[str] | None = None) -> str | None:
        """The flat table as CSV (dates ``YYYY-MM-DD``, absent values empty): returned as text
        when ``file`` is None, else written to that path (UTF-8) or open text file."""
        if file is None:
            buffer = io.StringIO()
            self._write_csv(buffer)
            return buffer.getvalue()
        if isinstance(file, (str, os.PathLike)):
            with open(file, "w", encoding="utf-8", newline="") as handle:
                self._write_csv(handle)
            return None
        self._write_csv(file)
        return None

    def _write_csv(self, handle: IO[str]) -> None:
        dimensions, metrics = self._columns()
        writer = csv.writer(handle)
        writer.writerow(["start", "end", *dimensions, *(column for column, _ in metrics)])
        for row in self._rows:
            writer.writerow(
                [
                    row.start.isoformat(),
                    row.end.isoformat(),
                    *(_cell(row.dimensions.get(d)) for d in dimensions),
                    *(_cell(row.metrics.get(m)) for _, m in metrics),
                ]
            )

    def to_pandas(self) -> Any:
        """The flat table as a ``pandas.DataFrame``: ``start``/``end`` as datetimes, metrics
        numeric. Needs the ``[pandas]`` extra (typed ``Any``: pandas ships no type hints)."""
        try:
            pandas = importlib.import_module("pandas")
        except ImportError as exc:
            raise ImportError(PANDAS_MISSING) from exc
        dimensions, metrics = self._columns()
        columns = ["start", "end", *dimensions, *(column for column, _ in metrics)]
        frame = pandas.DataFrame.from_records(self.to_records(), columns=columns)
        for name in ("start", "end"):
            frame[name] = pandas.to_datetime(frame[name])
        for column, _ in metrics:
            frame[column] = pandas.to_numeric(frame[column])
        return frame


def _cell(value: object) -> object:
    return "" if value is None else value
