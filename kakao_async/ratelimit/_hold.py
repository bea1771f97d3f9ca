"""The part of a hold both backends share: a per-key FIFO lock in this process."""

from __future__ import annotations

import abc
import asyncio
from collections.abc import Awaitable
from types import TracebackType
from typing import Generic, TypeVar

from ..endpoints import Quota

__all__ = ["KeyState", "KeyedHold"]


class KeyState:
    """Per-key state in this process: the lock serialising the key's calls and its users."""

    __slots__ = ("in_flight", "lock", "users")

    def __init__(self) -> None:
        #: FIFO: waiters are served in arrival order; one holder per key in this process.
        self.lock = asyncio.Lock()
        #: Tasks waiting for or holding the lock; the state may be dropped only at zero.
        self.users = 0
        #: A holder got the go and has not ended its call yet (for snapshots).
        self.in_flight = False


S = TypeVar("S", bound=KeyState)


class KeyedHold(abc.ABC, Generic[S]):
    """``async with``: take the key's local lock, wait for the backend's go, hold for one call,
    then record the completion and let the next waiter in. A task cancelled while waiting
    leaves no trace; one cancelled after entering still counts as a call."""

    __slots__ = ("_deferred", "_interval", "_key", "_quota", "_rejected", "_sent", "_state")

    def __init__(self, key: str, quota: Quota | None, default_interval: float) -> None:
        self._key = key
        self._quota = quota
        #: This call's spacing: its quota's interval, else the limiter's.
        self._interval = default_interval if quota is None else quota.interval
        self._deferred = 0.0
        self._rejected = False
        self._sent = True
        self._state: S | None = None

    def defer(self, seconds: float) -> None:
        """Keep the key closed for at least ``seconds`` after this hold ends (429 feedback)."""
        self._deferred = max(self._deferred, seconds)
        self._rejected = True

    def unused(self) -> None:
        """Nothing was sent under this hold: ending it starts no cooldown."""
        self._sent = False

    @abc.abstractmethod
    def _states(self) -> dict[str, S]: ...

    @abc.abstractmethod
    def _new_state(self) -> S: ...

    @abc.abstractmethod
    def _idle(self, state: S) -> None:
        """Called whenever a user leaves; drop the state if nobody needs it any more."""

    def _join(self, state: S) -> None:
        """Called when this hold starts using ``state`` (before it waits for the lock)."""

    # The three steps below return what is left to await, or None when the step is already
    # done: the in-memory backend mostly is, and a coroutine per step would cost every call.

    @abc.abstractmethod
    def _wait(self, state: S) -> Awaitable[None] | None:
        """With the local lock held: wait until the backend allows the call."""

    @abc.abstractmethod
    def _done(self, state: S) -> Awaitable[None] | None:
        """With the local lock still held: record that the call ended (now)."""

    @abc.abstractmethod
    def _not_sent(self, state: S) -> Awaitable[None] | None:
        """With the local lock still held: give the turn back without a cooldown."""

    async def __aenter__(self) -> KeyedHold[S]:
        states = self._states()
        state = states.get(self._key)
        if state is None:
            state = states[self._key] = self._new_state()
        state.users += 1
        self._join(state)
        try:
            await state.lock.acquire()
            try:
                waiting = self._wait(state)
                if waiting is not None:
                    await waiting
            except BaseException:
                state.lock.release()
                raise
        except BaseException:
            state.users -= 1
            self._idle(state)
            raise
        self._state = state
        state.in_flight = True
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        state = self._state
        assert state is not None
        try:
            ending = self._done(state) if self._sent else self._not_sent(state)
            if ending is not None:
                await ending
        finally:
            state.in_flight = False
            state.lock.release()
            state.users -= 1
            self._idle(state)
