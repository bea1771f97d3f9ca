"""The fake's request log: the newest ``max_log`` requests, and counters over every one."""

from __future__ import annotations

import collections
import json
import sys
import weakref
from collections.abc import Iterable
from typing import SupportsIndex, overload

import attrs

from .._validate import positive_int
from ..errors import KakaoInputError
from ._http import RecordedRequest

__all__ = ["RequestLog", "dump_requests"]


class RequestLog(collections.deque[RecordedRequest]):
    """``fake.requests``: a deque of the newest ``maxlen`` requests (``None``: all of them); a
    slice of it is a list (``fake.requests[-2:]``).

    ``received`` and ``statuses()`` count every request since the last ``clear()``, also those
    the deque has let go of, so ``GET /_fake/stats`` gives a long run's real totals whatever
    ``max_log`` keeps. A request still being handled, or dropped without an answer (a reset,
    a stall whose client left), counts under status 0.
    """

    def __init__(self, iterable: Iterable[RecordedRequest] = (), maxlen: int | None = None):
        # Named as the fake's option: a negative size is deque's bare ValueError otherwise.
        if maxlen is not None:
            maxlen = positive_int("max_log", maxlen, allow_zero=True)
            if maxlen > sys.maxsize:
                raise KakaoInputError(
                    f"max_log must be at most {sys.maxsize} (None keeps every request)"
                )
        super().__init__(iterable, maxlen)
        self._statuses: collections.Counter[int] = collections.Counter()
        #: The records counted under status 0 since the last ``clear()``, by identity: only
        #: their answer moves a count. One appended before a ``reset()`` and answered after it
        #: was forgotten with the reset (its answer would leave status 0 at -1). Weak: a record
        #: never answered (a reset connection) goes when the log lets go of it.
        self._unanswered: weakref.WeakValueDictionary[int, RecordedRequest] = (
            weakref.WeakValueDictionary()
        )
        for record in self:
            self._count(record)

    @overload
    def __getitem__(self, index: SupportsIndex) -> RecordedRequest: ...
    @overload
    def __getitem__(self, index: slice) -> list[RecordedRequest]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> RecordedRequest | list[RecordedRequest]:
        # A deque takes no slice; the log is read as a sequence (``fake.requests[-2:]``).
        if isinstance(index, slice):
            return list(self)[index]
        return super().__getitem__(index)

    def _count(self, record: RecordedRequest) -> None:
        self._statuses[record.status] += 1
        if record.status == 0:
            self._unanswered[id(record)] = record

    def append(self, record: RecordedRequest) -> None:
        super().append(record)
        self._count(record)

    def extend(self, records: Iterable[RecordedRequest]) -> None:
        # deque's own extend would bypass append, and so the counters.
        for record in records:
            self.append(record)

    def answered(self, record: RecordedRequest, status: int) -> None:
        """``record`` was answered ``status`` (it was appended while still unanswered)."""
        if self._unanswered.pop(id(record), None) is record:
            self._statuses[0] -= 1
            self._statuses[status] += 1
        record.status = status

    def clear(self) -> None:
        super().clear()
        self._statuses.clear()
        self._unanswered.clear()

    @property
    def received(self) -> int:
        """Every request appended since the last ``clear()``."""
        return sum(self._statuses.values())

    def statuses(self) -> dict[int, int]:
        """How many requests got each status (0: not answered, yet or ever), since the last
        ``clear()``."""
        return {status: n for status, n in self._statuses.items() if n}


def dump_requests(requests: Iterable[RecordedRequest]) -> str:
    """A request log (``fake.requests``) as JSON lines; tokens never appear."""
    return "\n".join(json.dumps(attrs.asdict(r), ensure_ascii=False, default=str) for r in requests)
