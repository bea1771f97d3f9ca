"""How much of a run the cyclic garbage collector took."""

from __future__ import annotations

import gc
import time
from types import TracebackType
from typing import Any


class GcClock:
    """``with GcClock() as clock: ...`` then ``clock.seconds`` spent in collections and
    ``clock.full`` full (generation 2) collections, measured with ``gc.callbacks``.

    Process CPU time, like the CPU time it is a share of: on a busy host a collection can be
    descheduled, and wall time would count that wait as the collector's work."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.full = 0
        self._began = 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._began = time.process_time()
            return
        self.seconds += time.process_time() - self._began
        self.full += info["generation"] == 2

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        gc.callbacks.remove(self._callback)
