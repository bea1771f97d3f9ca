"""GcClock: the collector's share of a run's CPU is CPU time too, not wall time (a process
descheduled during a collection must not count the wait as collector work)."""

from __future__ import annotations

import gc
import time
from typing import Any

from benchmarks._gc import GcClock


def test_time_off_the_cpu_during_a_collection_is_not_counted() -> None:
    def descheduled(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            time.sleep(0.5)  # stands in for the process waiting for a core mid-collection

    # The collection's own CPU depends on the heap (the whole suite's, in a full run) and on
    # the host's load: compare with the same collection without the wait, not with a constant.
    with GcClock() as alone:
        gc.collect()
    with GcClock() as clock:
        gc.callbacks.append(descheduled)
        try:
            gc.collect()
        finally:
            gc.callbacks.remove(descheduled)
    assert clock.full == 1
    assert clock.seconds < alone.seconds + 0.25, (clock.seconds, alone.seconds)


def test_collections_are_counted_and_the_callback_removed() -> None:
    before = list(gc.callbacks)
    with GcClock() as clock:
        gc.collect()
        gc.collect(0)
    assert (clock.full, gc.callbacks) == (1, before)
    assert clock.seconds > 0
