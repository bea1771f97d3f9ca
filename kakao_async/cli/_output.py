"""Rendering results as tables (for people) or JSON (for scripts)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from rich.console import Console
from rich.table import Table

from .._bulk import BulkResult
from ..models import unstructure

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True)


def jsonable(value: Any) -> Any:
    """Models, bulk results and lists of them as plain JSON values (camelCase, like Kakao)."""
    if isinstance(value, BulkResult):
        return [
            {
                "item": jsonable(r.item),
                "ok": r.ok,
                "value": jsonable(r.value),
                "error": None if r.error is None else f"{type(r.error).__name__}: {r.error}",
            }
            for r in value
        ]
    if attrs.has(type(value)):
        return unstructure(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(jsonable(value), ensure_ascii=False, indent=2, default=str) + "\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def print_rows(rows: Sequence[Any], columns: Iterable[str], *, title: str | None = None) -> None:
    """One row per model, the named snake_case attributes as columns."""
    names = list(columns)
    table = Table(title=title)
    for name in names:
        table.add_column(name)
    for row in rows:
        table.add_row(*(_cell(jsonable(getattr(row, name, None))) for name in names))
    stdout.print(table)


def print_record(record: Any, *, title: str | None = None) -> None:
    """One model as a two-column field/value table."""
    table = Table(title=title, show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for key, value in jsonable(record).items():
        table.add_row(key, _cell(value))
    stdout.print(table)
