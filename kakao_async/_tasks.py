"""A task's cancellation requests, counted the same way on every supported Python.

Code that cancels a task itself and turns that into its own error (a timeout, a closed client)
must tell its cancellation from a caller's. Python 3.11+ counts the requests
(``Task.cancelling`` / ``Task.uncancel``); 3.10 cannot tell them apart.
"""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["being_cancelled", "cancel_requests", "undo_cancel"]


def being_cancelled() -> bool:
    """Whether the running task itself is being cancelled, rather than meeting a
    ``CancelledError`` from something it awaited (a task someone else cancelled). On Python
    3.10, which cannot tell, always ``True``: a cancellation is never swallowed there."""
    task = asyncio.current_task()
    if task is None or not hasattr(task, "cancelling"):
        return True
    return cancel_requests(task) > 0


def cancel_requests(task: asyncio.Task[Any]) -> int:
    """The cancellation requests pending on ``task`` now (always 0 on Python 3.10)."""
    # Every call asks this once: the method called at once, not looked up by name first.
    try:
        count: int = task.cancelling()  # type: ignore[attr-defined]  # mypy checks for 3.10
    except AttributeError:  # Python 3.10's tasks (and any without counting)
        return 0
    return count


def undo_cancel(task: asyncio.Task[Any], *, pending: int) -> bool:
    """Take back one cancellation request of ``task``; whether it was the only one beyond the
    ``pending`` ones counted before (on Python 3.10, which cannot count: ``True``)."""
    uncancel = getattr(task, "uncancel", None)
    return uncancel is None or uncancel() <= pending
