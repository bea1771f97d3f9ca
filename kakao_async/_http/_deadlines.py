"""Timeouts of HTTP exchanges with one timer for all of them.

A timer per exchange (aiohttp's ``ClientTimeout``, ``asyncio.timeout``) is Python-level
``TimerHandle`` work on asyncio's default loop: ~9 µs per request measured against a lean server,
as much as kakao_async's whole request path (``benchmarks/bench_lean.py``). Here an exchange in
flight costs a set entry; the one timer is armed for the earliest deadline in
flight and, when it fires, cancels every exchange past its deadline and re-arms for the next.
"""

from __future__ import annotations

import asyncio
import math
from types import TracebackType

from .._tasks import cancel_requests, undo_cancel

__all__ = ["Deadlines", "Scope"]


class Scope:
    """One exchange under a deadline; leaving it after the deadline passed raises
    ``TimeoutError`` instead of the ``CancelledError`` that ended the exchange."""

    __slots__ = ("cancelling", "deadline", "expired", "owner", "task")

    def __init__(self, owner: Deadlines, task: asyncio.Task[object], deadline: float) -> None:
        self.owner = owner
        self.task = task
        self.deadline = deadline
        self.expired = False
        # Cancellations already pending on entry are not ours: compare with them, as
        # asyncio.timeout does, not with 0.
        self.cancelling = cancel_requests(task)

    def __enter__(self) -> Scope:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # The owner's set read now, not kept: a new loop gives the owner a new one. (A method of
        # the owner would cost every exchange a call.)
        self.owner._open.discard(self)
        if not self.expired:
            return
        # Our cancel is undone whatever ended the exchange (as asyncio.timeout does on 3.12+),
        # so the task's count stays balanced; it is a timeout unless someone else cancelled the
        # task too (3.10 cannot tell, and calls it a timeout).
        ours_only = undo_cancel(self.task, pending=self.cancelling)
        # The TimeoutError below keeps this frame, and so this scope, in its traceback: the scope
        # must let go of the task, which keeps that error once the call ends with it (a cycle
        # only the collector would free). A closed scope is never read again.
        del self.task
        if exc_type is asyncio.CancelledError and ours_only:
            raise TimeoutError from exc


class Deadlines:
    """The open :class:`Scope`\\ s of one transport and the one timer that ends late ones."""

    __slots__ = ("_due", "_loop", "_open", "_timer")

    def __init__(self) -> None:
        self._open: set[Scope] = set()
        self._timer: asyncio.TimerHandle | None = None
        #: When the timer fires (inf: not armed).
        self._due = math.inf
        self._loop: asyncio.AbstractEventLoop | None = None

    def scope(self, seconds: float) -> Scope:
        """A scope for the current task that ends it ``seconds`` from now."""
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("an HTTP exchange must run in an asyncio task")
        loop = task.get_loop()
        if loop is not self._loop:  # first use, or a client reused on a new loop
            self._cancel_timer()
            # Scopes of another (closed) loop can never end: cancelling their tasks would raise.
            self._open = {s for s in self._open if s.task.get_loop() is loop}
            self._loop = loop
        deadline = loop.time() + seconds
        scope = Scope(self, task, deadline)
        self._open.add(scope)
        if deadline < self._due:
            self._arm(deadline)
        return scope

    def close(self) -> None:
        """Stop the timer (the transport is closing), unless exchanges are still in flight: a
        caller-supplied session is not closed, and they keep their deadlines (the timer does
        not re-arm once none is left)."""
        if not self._open:
            self._cancel_timer()

    def _arm(self, when: float) -> None:
        assert self._loop is not None
        self._cancel_timer()
        self._due = when
        self._timer = self._loop.call_at(when, self._fire)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = None
        self._due = math.inf

    def _fire(self) -> None:
        assert self._loop is not None
        self._timer = None
        self._due = math.inf
        now = self._loop.time()
        following = math.inf
        late = []
        for scope in self._open:
            if scope.deadline <= now:
                late.append(scope)
            elif scope.deadline < following:
                following = scope.deadline
        if following < math.inf:
            self._arm(following)  # first: nothing below may leave the others untimed
        for scope in late:
            self._open.discard(scope)
            scope.expired = True
            scope.task.cancel()
