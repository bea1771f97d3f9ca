"""Rendering results as tables (for people) or JSON (for scripts).

Every ``--json`` answer is one object, whatever the command and whether or not something
failed::

    {"results": [...], "errors": [{"id": 1002 | null, "error": {"kind", "message", "status",
                                                              "code", "detailCode", "detailMsg"}}]}

``results`` holds what worked, in input order: creatives (camelCase, as Kakao sends them),
history records, or ``{"id", "config", "outcome"}`` for ``on``/``off`` (outcome ``switched``,
``skipped``: already in that state, or ``superseded``) and ``{"id", "outcome": "deleted"}``
for deletes. ``errors`` holds what failed; ``id`` is null when the whole command failed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from rich.console import Console
from rich.table import Table

from .._bulk import BulkResult, ItemResult
from .._changes import ConfigChange
from ..models import unstructure
from ._errors import describe, error_fields

__all__ = [
    "item_error",
    "outcome",
    "print_envelope",
    "print_record",
    "print_rows",
    "stderr",
    "stdout",
]

stdout = Console(soft_wrap=True)
stderr = Console(stderr=True, soft_wrap=True, highlight=False)


def jsonable(value: Any) -> Any:
    """Models and lists of them as plain JSON values (camelCase, like Kakao)."""
    if attrs.has(type(value)):
        return unstructure(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def item_error(item_id: int | None, error: BaseException) -> dict[str, Any]:
    """One entry of ``errors``."""
    return {"id": item_id, "error": error_fields(error)}


def print_envelope(results: Iterable[Any], errors: Iterable[dict[str, Any]] = ()) -> None:
    """The one ``--json`` shape: ``{"results": [...], "errors": [...]}``."""
    body = {"results": [jsonable(r) for r in results], "errors": list(errors)}
    sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2, default=str) + "\n")


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


def outcome(result: ItemResult[Any, Any], done: str) -> str:
    """What happened to an item that did not fail: ``done``, ``skipped`` or ``superseded``."""
    if result.skipped:
        return "skipped"
    if result.superseded:
        return "superseded"
    return done


def _item_id(item: Any) -> int:
    return item.creative_id if isinstance(item, ConfigChange) else int(item)


def report_bulk(result: BulkResult[Any, Any], *, done: str, as_json: bool) -> int:
    """``on``/``off``/``delete``: a row per item (or the JSON shape), a summary line on stderr.
    Returns the exit code: 1 when an item failed."""
    if as_json:
        print_envelope(
            [_json_item(r, done) for r in result if r.error is None],
            [item_error(_item_id(r.item), r.error) for r in result if r.error is not None],
        )
    else:
        table = Table()
        for name in ("id", "result", "detail"):
            table.add_column(name)
        for r in result:
            table.add_row(str(_item_id(r.item)), *_row(r, done))
        stdout.print(table)
    stderr.print(_summary(result, done))
    return 1 if result.failed else 0


def _json_item(result: ItemResult[Any, Any], done: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": _item_id(result.item)}
    if isinstance(result.item, ConfigChange):
        item["config"] = result.item.config.value
    item["outcome"] = outcome(result, done)
    return item


def _row(result: ItemResult[Any, Any], done: str) -> tuple[str, str]:
    config = result.item.config.value if isinstance(result.item, ConfigChange) else ""
    if result.error is not None:
        return "failed", describe(result.error)
    if result.skipped:
        return "skipped", f"already {config}"
    if result.superseded:
        return "superseded", "a newer change to this creative replaced it"
    return f"{done} {config}".strip(), ""


def _summary(result: BulkResult[Any, Any], done: str) -> str:
    configs = {r.item.config.value for r in result if isinstance(r.item, ConfigChange)}
    config = next(iter(configs)) if len(configs) == 1 else ""
    skipped = sum(1 for r in result if r.error is None and r.skipped)
    superseded = sum(1 for r in result if r.error is None and r.superseded)
    parts = [f"{len(result) - skipped - superseded - len(result.failed)} {done} {config}".strip()]
    if skipped:
        parts.append(f"{skipped} skipped (already {config})" if config else f"{skipped} skipped")
    if superseded:
        parts.append(f"{superseded} superseded")
    parts.append(f"{len(result.failed)} failed")
    return ", ".join(parts)
