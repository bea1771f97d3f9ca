"""The part of a hold both backends share: a per-key FIFO turn in this process."""

from __future__ import annotations

import abc
import asyncio
import collections
from collections.abc import Awaitable
from types import TracebackType
from typing import Generic, TypeVar

from ..endpoints import Quota

__all__ = ["KeyState", "KeyedHold", "LaneHold"]


class KeyState:
    """Per-key state in this process: whose turn it is, who waits for it, and its users."""

    __slots__ = ("held", "in_flight", "queue", "users")

    def __init__(self) -> None:
        #: One task has the key's turn in this process (waiting for the backend's go, or in its
        #: call). A key's calls nearly always come one at a time (a bulk lane's), so the turn is
        #: a flag, not an asyncio.Lock per key: a queue exists only once someone has to wait.
        self.held = False
        #: Tasks waiting for the turn, oldest first: each is handed it in arrival order.
        self.queue: collections.deque[asyncio.Future[None]] | None = None
        #: Tasks waiting for or holding the turn; the state may be dropped only at zero.
        self.users = 0
        #: A holder got the go and has not ended its call yet (for snapshots).
        self.in_flight = False


async def _handed_over(state: KeyState) -> None:
    """Wait until the key's turn is handed to this task (FIFO: after every earlier waiter)."""
    if state.queue is None:
        state.queue = collections.deque()
    turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    state.queue.append(turn)
    try:
        await turn
    except asyncio.CancelledError:
        if turn.done() and not turn.cancelled():
            _hand_over(state)  # cancelled just as the turn came: it goes to the next waiter
        raise


def _hand_over(state: KeyState) -> None:
    """The holder is done: the turn goes straight to the oldest waiter still waiting (no
    newcomer can take it in between), or the key is free."""
    queue = state.queue
    while queue:
        turn = queue.popleft()
        if not turn.done():  # a cancelled waiter's turn is done: skipped
            turn.set_result(None)
            return
    state.held = False


S = TypeVar("S", bound=KeyState)
L = TypeVar("L")


class KeyedHold(abc.ABC, Generic[S, L]):
    """``async with``: take the key's turn in this process, wait for the backend's go, hold for
    one call, then record the completion and hand the turn to the next waiter. A task cancelled
    while waiting leaves no trace; one cancelled after entering still counts as a call.

    ``limiter`` is the backend (``L``) the steps below consult. One ``__init__`` for the
    in-memory backend's holds (one is built per quota'd call; a second frame through super()
    costs each call ~1,000 instructions); the Redis hold adds its fields in its own."""

    __slots__ = (
        "_deferred",
        "_interval",
        "_key",
        "_limiter",
        "_quota",
        "_rejected",
        "_sent",
        "_state",
        "refusals",
    )

    def __init__(self, limiter: L, key: str, quota: Quota | None, default_interval: float) -> None:
        self._limiter = limiter
        self._key = key
        self._quota = quota
        #: This call's spacing: its quota's interval, else the limiter's.
        self._interval = default_interval if quota is None else quota.interval
        self._deferred = 0.0
        self._rejected = False
        self._sent = True
        self._state: S | None = None
        #: 429s fed back through :meth:`defer` over this hold's life (a lane hold's: its lane's).
        self.refusals = 0

    def defer(self, seconds: float) -> None:
        """Keep the key closed for at least ``seconds`` after this hold ends (429 feedback)."""
        self._deferred = max(self._deferred, seconds)
        self._rejected = True
        self.refusals += 1

    def unused(self) -> None:
        """Nothing was sent under this hold: ending it starts no cooldown."""
        self._sent = False

    @abc.abstractmethod
    def _key_state(self) -> S:
        """The key's state in this process (made if it has none), which this hold starts using
        (before it waits for the turn)."""

    @abc.abstractmethod
    def _idle(self, state: S) -> None:
        """Called whenever a user leaves; drop the state if nobody needs it any more."""

    # The three steps below return what is left to await, or None when the step is already
    # done: the in-memory backend mostly is, and a coroutine per step would cost every call.

    @abc.abstractmethod
    def _wait(self, state: S) -> Awaitable[None] | None:
        """With the key's turn: wait until the backend allows the call."""

    @abc.abstractmethod
    def _done(self, state: S) -> Awaitable[None] | None:
        """With the turn still held: record that the call ended (now)."""

    @abc.abstractmethod
    def _not_sent(self, state: S) -> Awaitable[None] | None:
        """With the turn still held: give the backend's go back without a cooldown."""

    async def __aenter__(self) -> KeyedHold[S, L]:
        state = self._key_state()
        state.users += 1
        try:
            await self._take_turn(state)
        except BaseException:
            state.users -= 1
            self._idle(state)
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        state = self._leaving()
        try:
            await self._end_turn(state)
        finally:
            state.users -= 1
            self._idle(state)

    async def _take_turn(self, state: S) -> None:
        """Take the key's turn in this process (after every earlier waiter), then the backend's
        go; the turn goes on to the next waiter if that wait fails."""
        if state.held:
            await _handed_over(state)
        else:
            state.held = True
        try:
            waiting = self._wait(state)
            if waiting is not None:
                await waiting
        except BaseException:
            _hand_over(state)
            raise
        self._state = state
        state.in_flight = True

    def _leaving(self) -> S:
        """The state of the call this hold is in, which it now leaves."""
        state = self._state
        if state is None:
            # Leaving twice would hand the key's turn to a second waiter while the first holds it.
            raise RuntimeError("this hold was already released (or never entered)")
        self._state = None
        return state

    async def _end_turn(self, state: S) -> None:
        """Record the call's end (or its unused go), then hand the turn to the next waiter, or
        free the key."""
        try:
            ending = self._done(state) if self._sent else self._not_sent(state)
            if ending is not None:
                await ending
        finally:
            state.in_flight = False
            if state.queue:
                _hand_over(state)
            else:
                state.held = False  # nobody waits (a lane's key nearly always): no call for it


class LaneHold(KeyedHold[S, L]):
    """One task's consecutive calls of one key (a bulk lane's): ``async with`` it for each call,
    as with a new hold, then :meth:`close` it after the last. The key's state stays pinned in
    between (counted as a user, so no sweep drops it), so a call skips what a new hold pays for
    (building it, looking the key up, the eviction check when it ends). Other tasks' calls of the
    key still get the turn in arrival order: a call finding the turn taken queues behind them.
    Each call takes and ends the turn as a new hold does (:meth:`KeyedHold._take_turn`,
    :meth:`KeyedHold._end_turn`)."""

    __slots__ = ("_pinned",)

    def __init__(self, limiter: L, key: str, quota: Quota | None, default_interval: float) -> None:
        # The base named, not super(): one per lane of a bulk (an ad account's), ~900 fewer.
        KeyedHold.__init__(self, limiter, key, quota, default_interval)
        state = self._key_state()
        state.users += 1
        self._pinned: S | None = state

    async def __aenter__(self) -> LaneHold[S, L]:
        state = self._pinned
        if state is None or self._state is not None:
            raise RuntimeError("this lane's hold is closed (or already entered)")
        # What defer() and unused() said about the lane's previous call is not this call's.
        self._deferred = 0.0
        self._rejected = False
        self._sent = True
        await self._take_turn(state)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._end_turn(self._leaving())

    def close(self) -> None:
        """The lane has no more calls: the key's state may go once its cooldown has run."""
        state = self._pinned
        if state is None:
            return
        self._pinned = None
        state.users -= 1
        self._idle(state)
