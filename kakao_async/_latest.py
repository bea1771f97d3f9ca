"""Last write wins per object: which submitted change to an object is the newest."""

from __future__ import annotations

from collections.abc import Hashable

__all__ = ["LatestChanges", "Ticket"]


class Ticket:
    """One submitted change to one object. It goes stale when a newer change to the same object
    is submitted; a stale change must not be sent, or a retry could overtake the newer one.

    Building one submits it (every earlier pending change to ``key`` in ``book`` goes stale). A
    subclass may carry the change itself (a bulk's entry does: one object per change, not two)."""

    __slots__ = ("_key", "_newest", "replaced_pending")

    def __init__(self, book: LatestChanges, key: Hashable) -> None:
        #: The book's table: the ticket of each object's newest change.
        newest = self._newest = book.newest
        self._key = key
        #: An older change to the same object was still pending when this one was submitted.
        self.replaced_pending = key in newest
        newest[key] = self

    @property
    def current(self) -> bool:
        """Whether this is still the newest change submitted for its object."""
        return self._newest.get(self._key) is self

    def close(self) -> None:
        """The change is over (sent, failed or superseded): forget it if it is the newest."""
        # The check of `current` written out: every change of a bulk closes its ticket, and a
        # property call per item costs more than the line.
        newest = self._newest
        if newest.get(self._key) is self:
            del newest[self._key]


class LatestChanges:
    """Per object key, the ticket of the newest submitted change. An entry lives only while
    its newest change is pending, so memory follows the work in progress, not history.

    The ticket itself is the entry (not a number drawn per change): a ticket is current while
    the table holds it, with no counter to advance and compare."""

    __slots__ = ("newest",)

    def __init__(self) -> None:
        self.newest: dict[Hashable, Ticket] = {}

    def submit(self, key: Hashable) -> Ticket:
        """Record a new change to ``key``; every earlier pending change to it goes stale."""
        return Ticket(self, key)

    def __len__(self) -> int:
        return len(self.newest)
