"""In-process quota limiter: the default backend."""

from __future__ import annotations

import asyncio
import math
from types import TracebackType

from ._base import DEFAULT_MARGIN

__all__ = ["MemoryRateLimiter"]


class _KeyState:
    __slots__ = ("lock", "next_at", "users")

    def __init__(self) -> None:
        #: FIFO lock: one call in flight per key, waiters served in arrival order.
        self.lock = asyncio.Lock()
        #: loop.time() before which no call of this key may start.
        self.next_at = -math.inf
        #: Tasks waiting for or holding the lock; the key is evicted only at zero.
        self.users = 0


class _MemoryHold:
    __slots__ = ("_deferred", "_key", "_limiter", "_state")

    def __init__(self, limiter: MemoryRateLimiter, key: str) -> None:
        self._limiter = limiter
        self._key = key
        self._state: _KeyState | None = None
        self._deferred = 0.0

    def defer(self, seconds: float) -> None:
        self._deferred = max(self._deferred, seconds)

    async def __aenter__(self) -> _MemoryHold:
        limiter = self._limiter
        state = limiter._keys.get(self._key)
        if state is None:
            state = limiter._keys[self._key] = _KeyState()
        state.users += 1
        try:
            await state.lock.acquire()
        except BaseException:
            state.users -= 1
            limiter._idle(self._key, state)
            raise
        loop = asyncio.get_running_loop()
        try:
            # A loop, not one sleep: a shared limiter may push next_at back while we sleep.
            while (delay := state.next_at - loop.time()) > 0:  # noqa: ASYNC110
                await asyncio.sleep(delay)
        except BaseException:
            state.lock.release()
            state.users -= 1
            limiter._idle(self._key, state)
            raise
        self._state = state
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        state = self._state
        assert state is not None
        limiter = self._limiter
        now = asyncio.get_running_loop().time()
        # Counted from the moment the response (or failure, or cancellation) is known here:
        # the request may have reached Kakao, so it spent the quota.
        state.next_at = max(
            state.next_at, now + limiter.interval + limiter.margin, now + self._deferred
        )
        state.lock.release()
        state.users -= 1
        limiter._idle(self._key, state)


class MemoryRateLimiter:
    """Per-key quota scheduler for one process (one event loop).

    Keys progress independently; within a key, calls are serialised and spaced ``interval +
    margin`` after the previous response. State for a key lives only while somebody waits on it
    or its cooldown runs, so memory stays flat with any number of ad accounts. Several
    :class:`~kakao_async.KakaoClient`\\ s may share one instance.

    Why not aiolimiter's ``AsyncLimiter`` here: a leaky bucket spaces call *starts*; network
    jitter then lets two calls arrive at Kakao closer than the interval. aiolimiter is used for
    the client-wide request rate (``max_requests_per_second``) where start spacing is right.
    """

    __slots__ = ("_interval", "_keys", "_margin")

    def __init__(self, *, interval: float = 5.0, margin: float = DEFAULT_MARGIN) -> None:
        if not (isinstance(interval, (int, float)) and interval > 0 and math.isfinite(interval)):
            raise ValueError(f"interval must be a positive number of seconds, got {interval!r}")
        if not (isinstance(margin, (int, float)) and margin >= 0 and math.isfinite(margin)):
            raise ValueError(f"margin must be a non-negative number of seconds, got {margin!r}")
        self._interval = float(interval)
        self._margin = float(margin)
        self._keys: dict[str, _KeyState] = {}

    @property
    def interval(self) -> float:
        """Seconds the quota demands between two calls of one key."""
        return self._interval

    @property
    def margin(self) -> float:
        """Extra seconds added to every interval."""
        return self._margin

    def hold(self, key: str) -> _MemoryHold:
        """Wait for ``key``'s turn and hold it for one call (``async with``)."""
        return _MemoryHold(self, key)

    async def ready_in(self, key: str) -> float:
        """Seconds until ``key`` could start a call if nobody else were waiting."""
        state = self._keys.get(key)
        if state is None:
            return 0.0
        return max(0.0, state.next_at - asyncio.get_running_loop().time())

    def __len__(self) -> int:
        """Keys currently tracked (waiting, in flight, or cooling down)."""
        return len(self._keys)

    def __repr__(self) -> str:
        return (
            f"MemoryRateLimiter(interval={self._interval}, margin={self._margin}, keys={len(self)})"
        )

    async def aclose(self) -> None:
        """Nothing to release; present for the interface."""

    def _idle(self, key: str, state: _KeyState) -> None:
        if state.users or self._keys.get(key) is not state:
            return
        loop = asyncio.get_running_loop()
        if loop.time() >= state.next_at:
            del self._keys[key]
        else:
            # Evicting during the cooldown would forget it and let the next call in early.
            loop.call_at(state.next_at, self._idle, key, state)
