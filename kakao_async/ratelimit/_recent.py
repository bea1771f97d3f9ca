"""Which keys a Redis-backed limiter in this process used lately, for snapshots.

The timing lives in Redis, so once a call has ended this process keeps nothing about its key. A
snapshot should still list the keys that are cooling down after this process's calls: they are
noted here at release, with the moment their cooldown ends as seen from here, and dropped in
batches once it has passed.
"""

from __future__ import annotations

import time

__all__ = ["RecentKeys"]

#: Below this many entries nothing is pruned.
_MIN_PRUNE = 64


class RecentKeys:
    """Key -> (cooldown end by :func:`time.monotonic`, quota name, interval).

    Pruned when the table has doubled since the last prune: O(1) per noted call on average, and
    never more than twice the keys cooling at once (or ``_MIN_PRUNE``).
    """

    __slots__ = ("_entries", "_prune_at")

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, str | None, float]] = {}
        self._prune_at = _MIN_PRUNE

    def note(self, key: str, *, until: float, quota: str | None, interval: float) -> None:
        """``key``'s call ended; it cools until ``until``."""
        self._entries[key] = (until, quota, interval)
        if len(self._entries) >= self._prune_at:
            self._prune()

    def live(self) -> dict[str, tuple[str | None, float]]:
        """The keys still cooling: key -> (quota name, interval)."""
        self._prune()
        return {k: (quota, interval) for k, (_, quota, interval) in self._entries.items()}

    def _prune(self) -> None:
        now = time.monotonic()
        self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
        self._prune_at = max(_MIN_PRUNE, 2 * len(self._entries))

    def __len__(self) -> int:
        return len(self._entries)
