"""Rendering results as tables (for people) or JSON (for scripts).

Every ``--json`` answer is one object, whatever the command and whether or not something
failed::

    {"results": [...], "errors": [{"id": 1002 | null, "error": {"kind", "message", "status",
                                                              "code", "detailCode", "detailMsg"}}]}

``results`` holds what worked, in input order: creatives, campaigns, ad groups and history
records as :func:`~kakao_async.models.unstructure` writes them (Kakao's camelCase names), report
rows (``{"start", "end", "dimensions", "metrics"}``), ``{"id", "config", "outcome"}`` for
``on``/``off`` (outcome ``switched``, ``skipped``: already in that state, or ``superseded``),
``{"id", "outcome": "deleted"}`` for deletes and ``{"id", "dailyBudgetAmount" or "bidAmount",
"outcome": "set"}`` for budgets and bids. ``errors`` holds
what failed; ``id`` is null when the whole command failed.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import sys
from collections.abc import Coroutine, Iterable, Sequence
from typing import Any

import attrs
from rich.cells import cell_len
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .._bulk import BulkJob, BulkResult, ItemFailed, ItemResult
from .._changes import AdGroupConfigChange, CampaignConfigChange, ConfigChange
from .._progress import Progress as JobProgress
from .._tasks import undo_cancel
from ..models import unstructure
from ._errors import EXIT_FAILED, EXIT_INTERRUPTED, Interrupted, describe, error_fields
from ._tables import StdoutConsole, add_column, discard_stdout, print_table

__all__ = [
    "item_error",
    "outcome",
    "print_envelope",
    "print_listed",
    "print_record",
    "print_rows",
    "report_bulk",
    "report_fetched",
    "stderr",
    "stdout",
    "with_bar",
]

#: The config changes a bulk on/off reports on, and the id each one names.
_Change = ConfigChange | CampaignConfigChange | AdGroupConfigChange

# No markup, no emoji codes: a name or Kakao's reason may hold "[mo]", "[/]" or ":fire:", and
# is printed as sent (rich would drop, replace or fail on it).
stdout = StdoutConsole(soft_wrap=True, markup=False, emoji=False)
stderr = Console(stderr=True, soft_wrap=True, highlight=False, markup=False, emoji=False)


def jsonable(value: Any) -> Any:
    """Models and lists of them as plain JSON values (camelCase, like Kakao)."""
    if attrs.has(type(value)):
        return unstructure(value)
    if isinstance(value, datetime.date):
        # As the models write it (str() of a datetime puts a space before the time).
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def item_error(item_id: int | None, error: BaseException) -> dict[str, Any]:
    """One entry of ``errors``."""
    return {"id": item_id, "error": error_fields(error)}


def print_envelope(results: Iterable[Any], errors: Iterable[dict[str, Any]] = ()) -> None:
    """The one ``--json`` shape: ``{"results": [...], "errors": [...]}``."""
    body = {"results": [jsonable(r) for r in results], "errors": list(errors)}
    text = json.dumps(body, ensure_ascii=False, indent=2, default=str)
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        # A stdout that cannot write some name (an ASCII pipe, a cp949 console and an emoji):
        # JSON's own escapes, which every reader decodes to the same text.
        text = json.dumps(body, ensure_ascii=True, indent=2, default=str)
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader quit early (| head): the work is done all the same
        discard_stdout()


def print_data(text: str) -> None:
    """``text`` as UTF-8 whatever stdout's encoding (``--csv``): data for a loader, never the
    ``\\uXXXX`` escapes that keep a table readable on an ASCII or Latin-1 console."""
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:  # a text-only stream (a caller's StringIO): it takes any text
        sys.stdout.write(text)
        return
    try:
        sys.stdout.flush()
        binary.write(text.encode("utf-8"))
        binary.flush()
    except BrokenPipeError:
        discard_stdout()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def print_rows(rows: Sequence[Any], columns: Iterable[str], *, title: str | None = None) -> None:
    """One row per model, the named snake_case attributes as columns."""
    names = list(columns)
    cells = [[_cell(jsonable(getattr(row, name, None))) for name in names] for row in rows]
    table = Table(title=title)
    for index, name in enumerate(names):
        add_column(table, name, [row[index] for row in cells])
    for row in cells:
        table.add_row(*row)
    print_table(table, stdout)


def print_listed(rows: Sequence[Any], columns: Iterable[str], *, as_json: bool) -> None:
    """What a ``list`` command prints: the ``--json`` envelope, or a table of ``columns``."""
    if as_json:
        print_envelope(rows)
    else:
        print_rows(rows, columns)


def print_record(record: Any, *, title: str | None = None) -> None:
    """One model as a two-column field/value table."""
    items = [(key, value, _cell(value)) for key, value in jsonable(record).items()]
    table = Table(title=title, show_header=False)
    add_column(table, "field", [key for key, _, _ in items], whole=True)
    table.columns[0].style = "bold"
    add_column(table, "value", [cell for _, _, cell in items])
    # An id or an amount in the value column is never split across lines either.
    numbers = [cell_len(cell) for _, value, cell in items if type(value) is int]
    table.columns[1].min_width = max([table.columns[1].min_width or 1, *numbers])
    for key, _, cell in items:
        table.add_row(key, cell)
    print_table(table, stdout)


def report_fetched(result: BulkResult[int, Any], *, noun: str, as_json: bool) -> int:
    """``get IDS``: a record per object fetched (or the JSON shape); the ids that failed on
    stderr. Returns the exit code: 1 when an id failed."""
    if as_json:
        print_envelope(
            [r.value for r in result if r.error is None],
            [item_error(r.item, r.error) for r in result if r.error is not None],
        )
    else:
        for r in result.succeeded:
            print_record(r.value, title=f"{noun} {r.item}")
        for failed in result.failed:
            stderr.print(f"error: {noun} {failed.item}: {describe(failed.error)}")
    return 1 if result.failed else 0


def outcome(result: ItemResult[Any, Any], done: str) -> str:
    """What happened to an item that did not fail: ``done``, ``skipped`` or ``superseded``."""
    if result.skipped:
        return "skipped"
    if result.superseded:
        return "superseded"
    return done


def _eta(p: JobProgress) -> str:
    return "?" if p.eta is None else f"{p.eta:.1f}s"


def with_bar(job: BulkJob[Any, Any], label: str) -> Coroutine[Any, Any, BulkResult[Any, Any]]:
    """Await ``job`` with a progress bar (done/total, failed, elapsed, ETA) on stderr."""

    async def follow() -> BulkResult[Any, Any]:
        columns = (
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA {task.fields[eta]}"),
        )
        with Progress(*columns, console=stderr, transient=False) as bar:
            task = bar.add_task(label, total=job.total, failed=0, eta="?")
            try:
                async for p in job.watch():
                    bar.update(task, completed=p.done, failed=p.failed, eta=_eta(p))
            except asyncio.CancelledError:
                # Ctrl-C (asyncio.run cancels its task): stop the job, then tell what finished,
                # since those changes are live at Kakao. A second Ctrl-C aborts at once.
                job.cancel()
                me = asyncio.current_task()
                if me is not None:  # handled here: the client closes as after any other end
                    undo_cancel(me, pending=0)
                try:
                    return await job  # it had just finished
                except asyncio.CancelledError:
                    return _interrupted(job)
        return await job

    return follow()


def _interrupted(job: BulkJob[Any, Any]) -> BulkResult[Any, Any]:
    """The finished results of a stopped job; every other item failed as :class:`Interrupted`."""
    error = Interrupted(
        "stopped by Ctrl-C or SIGTERM; if it was in flight, it may have reached Kakao"
    )
    return BulkResult(
        [
            ItemFailed(item=item, error=error) if result is None else result
            for item, result in zip(job.items, job.results, strict=True)
        ]
    )


def _item_id(item: Any) -> int:
    if isinstance(item, ConfigChange):
        return item.creative_id
    if isinstance(item, CampaignConfigChange):
        return item.campaign_id
    if isinstance(item, AdGroupConfigChange):
        return item.ad_group_id
    return int(item)


def report_bulk(
    result: BulkResult[Any, Any], *, done: str, as_json: bool, noun: str = "creative"
) -> int:
    """``on``/``off``/``delete``: a row per item (or the JSON shape), a summary line on stderr.
    ``noun`` names what the items are. Returns the exit code: 1 when an item failed."""
    if as_json:
        print_envelope(
            [_json_item(r, done) for r in result if r.error is None],
            [item_error(_item_id(r.item), r.error) for r in result if r.error is not None],
        )
    else:
        rows = [(str(_item_id(r.item)), *_row(r, done, noun)) for r in result]
        table = Table()
        for index, name in enumerate(("id", "result", "detail")):
            add_column(table, name, [row[index] for row in rows])
        for row in rows:
            table.add_row(*row)
        print_table(table, stdout)
    stderr.print(_summary(result, done))
    if any(isinstance(r.error, Interrupted) for r in result):
        return EXIT_INTERRUPTED
    return EXIT_FAILED if result.failed else 0


def _json_item(result: ItemResult[Any, Any], done: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": _item_id(result.item)}
    if isinstance(result.item, _Change):
        item["config"] = result.item.config.value
    item["outcome"] = outcome(result, done)
    return item


def _row(result: ItemResult[Any, Any], done: str, noun: str) -> tuple[str, str]:
    config = result.item.config.value if isinstance(result.item, _Change) else ""
    if isinstance(result.error, Interrupted):
        return "interrupted", str(result.error)
    if result.error is not None:
        return "failed", describe(result.error)
    if result.skipped:
        return "skipped", f"already {config}"
    if result.superseded:
        return "superseded", f"a newer change to this {noun} replaced it"
    return f"{done} {config}".strip(), ""


def _summary(result: BulkResult[Any, Any], done: str) -> str:
    configs = {r.item.config.value for r in result if isinstance(r.item, _Change)}
    config = next(iter(configs)) if len(configs) == 1 else ""
    skipped = sum(1 for r in result if r.error is None and r.skipped)
    superseded = sum(1 for r in result if r.error is None and r.superseded)
    parts = [f"{len(result) - skipped - superseded - len(result.failed)} {done} {config}".strip()]
    if skipped:
        parts.append(f"{skipped} skipped (already {config})" if config else f"{skipped} skipped")
    if superseded:
        parts.append(f"{superseded} superseded")
    interrupted = sum(1 for r in result if isinstance(r.error, Interrupted))
    parts.append(f"{len(result.failed) - interrupted} failed")
    if interrupted:
        parts.append(f"{interrupted} interrupted (one in flight per ad account may have landed)")
    return ", ".join(parts)
