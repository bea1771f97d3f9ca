"""Cancellation requests counted the same way wherever the library turns its own into an error."""

from __future__ import annotations

import asyncio
import contextlib
import sys

import pytest

from kakao_async._tasks import cancel_requests, undo_cancel

counts = pytest.mark.skipif(sys.version_info < (3, 11), reason="3.10 does not count them")


@counts
async def test_only_our_own_request_beyond_those_pending_is_ours() -> None:
    task = asyncio.ensure_future(asyncio.sleep(10))
    await asyncio.sleep(0)
    assert cancel_requests(task) == 0
    task.cancel()  # someone else's, pending before we start
    pending = cancel_requests(task)
    assert pending == 1
    task.cancel()  # ours
    assert undo_cancel(task, pending=pending)  # ours was the only new one
    task.cancel()  # ours
    task.cancel()  # and a caller's
    assert not undo_cancel(task, pending=pending)
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def test_a_task_without_counting_reports_everything_as_ours() -> None:
    class Uncounted:  # what a 3.10 task offers: no cancelling/uncancel
        pass

    assert cancel_requests(Uncounted()) == 0  # type: ignore[arg-type]
    assert undo_cancel(Uncounted(), pending=0)  # type: ignore[arg-type]
