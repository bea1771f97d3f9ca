"""Last write wins per object: which submitted change to an object is the newest."""

from __future__ import annotations

import itertools
from collections.abc import Hashable

__all__ = ["LatestChanges", "Ticket"]


class Ticket:
    """One submitted change to one object. It goes stale when a newer change to the same object
    is submitted; a stale change must not be sent, or a retry could overtake the newer one."""

    __slots__ = ("_book", "_key", "_number", "replaced_pending")

    def __init__(
        self, book: LatestChanges, key: Hashable, number: int, *, replaced_pending: bool
    ) -> None:
        self._book = book
        self._key = key
        self._number = number
        #: An older change to the same object was still pending when this one was submitted.
        self.replaced_pending = replaced_pending

    @property
    def current(self) -> bool:
        """Whether this is still the newest change submitted for its object."""
        return self._book.newest.get(self._key) == self._number

    def close(self) -> None:
        """The change is over (sent, failed or superseded): forget it if it is the newest."""
        if self.current:
            del self._book.newest[self._key]


class LatestChanges:
    """Per object key, the number of the newest submitted change. An entry lives only while
    its newest change is pending, so memory follows the work in progress, not history."""

    __slots__ = ("_numbers", "newest")

    def __init__(self) -> None:
        self.newest: dict[Hashable, int] = {}
        self._numbers = itertools.count(1)

    def submit(self, key: Hashable) -> Ticket:
        """Record a new change to ``key``; every earlier pending change to it goes stale."""
        number = next(self._numbers)
        pending = key in self.newest
        self.newest[key] = number
        return Ticket(self, key, number, replaced_pending=pending)

    def __len__(self) -> int:
        return len(self.newest)
