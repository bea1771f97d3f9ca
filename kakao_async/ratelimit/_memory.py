"""In-process quota limiter: the default backend."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from types import TracebackType

from .._validate import positive_number
from ._base import DEFAULT_MARGIN
from ._hold import KeyedHold, KeyState

__all__ = ["MemoryRateLimiter"]


class _KeyState(KeyState):
    __slots__ = ("next_at",)

    def __init__(self) -> None:
        super().__init__()
        #: time.monotonic() before which no call of this key may start. Not loop.time(): the
        #: cooldowns outlive a loop when the limiter moves on to the next one.
        self.next_at = -math.inf


class _MemoryHold(KeyedHold[_KeyState]):
    __slots__ = ("_limiter",)

    def __init__(self, limiter: MemoryRateLimiter, key: str) -> None:
        super().__init__(key)
        self._limiter = limiter

    def _states(self) -> dict[str, _KeyState]:
        return self._limiter._bind()

    def _new_state(self) -> _KeyState:
        return _KeyState()

    def _idle(self, state: _KeyState) -> None:
        self._limiter._idle(self._key, state)

    async def _wait(self, state: _KeyState) -> None:
        # A loop, not one sleep: a shared limiter may push next_at back while we sleep.
        while (delay := state.next_at - time.monotonic()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(delay)

    async def _not_sent(self, state: _KeyState) -> None:
        """The key's cooldown stays what the previous call left."""

    async def _done(self, state: _KeyState) -> None:
        limiter = self._limiter
        now = time.monotonic()
        # Counted from the moment the response (or failure, or cancellation) is known here:
        # the request may have reached Kakao, so it spent the quota.
        state.next_at = max(
            state.next_at, now + limiter.interval + limiter.margin, now + self._deferred
        )


class MemoryRateLimiter:
    """Per-key quota scheduler for one process (one event loop).

    Keys progress independently; within a key, calls are serialised and spaced ``interval +
    margin`` after the previous response. State for a key lives only while somebody waits on it
    or its cooldown runs, so memory stays flat with any number of ad accounts. Several
    :class:`~kakao_async.KakaoClient`\\ s may share one instance.

    The limiter belongs to the event loop that first uses it (its locks and timers are that
    loop's): using it from another running loop, e.g. another thread's, raises ``RuntimeError``.
    Once that loop is closed, the next loop takes it over with the cooldowns still running. To
    share a quota between threads or processes, use :class:`RedisRateLimiter`.

    Why not aiolimiter's ``AsyncLimiter`` here: a leaky bucket spaces call *starts*; network
    jitter then lets two calls arrive at Kakao closer than the interval. aiolimiter is used for
    the client-wide request rate (``max_requests_per_second``) where start spacing is right.
    """

    __slots__ = ("_binding", "_interval", "_keys", "_loop", "_margin", "_sweep", "_sweep_at")

    def __init__(self, *, interval: float = 5.0, margin: float = DEFAULT_MARGIN) -> None:
        self._interval = positive_number("interval", interval)
        self._margin = positive_number("margin", margin, allow_zero=True)
        self._keys: dict[str, _KeyState] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        #: Two threads may meet an unbound limiter at the same moment.
        self._binding = threading.Lock()
        #: The one timer that evicts idle keys whose cooldown has passed (None: none due).
        self._sweep: asyncio.TimerHandle | None = None
        self._sweep_at = math.inf

    @property
    def interval(self) -> float:
        """Seconds the quota demands between two calls of one key."""
        return self._interval

    @property
    def margin(self) -> float:
        """Extra seconds added to every interval."""
        return self._margin

    def hold(self, key: str, *, deadline: float | None = None) -> _MemoryHold:
        """Wait for ``key``'s turn and hold it for one call (``async with``). ``deadline`` is
        accepted for the interface and ignored: this limiter has no backend that can fail."""
        return _MemoryHold(self, key)

    async def ready_in(self, key: str) -> float:
        """Seconds until ``key`` could start a call if nobody else were waiting."""
        state = self._bind().get(key)
        if state is None:
            return 0.0
        return max(0.0, state.next_at - time.monotonic())

    def __len__(self) -> int:
        """Keys currently tracked (waiting, in flight, or cooling down)."""
        return len(self._keys)

    def __repr__(self) -> str:
        return (
            f"MemoryRateLimiter(interval={self._interval}, margin={self._margin}, keys={len(self)})"
        )

    async def aclose(self) -> None:
        """Nothing to release; present for the interface."""

    async def __aenter__(self) -> MemoryRateLimiter:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Like :class:`RedisRateLimiter`'s, for code that works with either."""
        await self.aclose()

    def _bind(self) -> dict[str, _KeyState]:
        """The key states, after checking that the running loop is the one they belong to."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            with self._binding:
                if self._loop is not None and not self._loop.is_closed() and self._loop is not loop:
                    raise RuntimeError(
                        "this MemoryRateLimiter belongs to the event loop that first used it and "
                        "cannot serve another running loop (another thread's?); give that loop "
                        "its own client, or share the quota through RedisRateLimiter"
                    )
                if self._loop is not loop:
                    self._adopt(loop)
        return self._keys

    def _adopt(self, loop: asyncio.AbstractEventLoop) -> None:
        # The old loop is closed: its locks and eviction timers are dead, the cooldowns are not.
        self._loop = loop
        now = time.monotonic()
        carried = {k: s.next_at for k, s in self._keys.items() if s.next_at > now}
        self._keys.clear()
        self._sweep = None
        for key, next_at in carried.items():
            state = self._keys[key] = _KeyState()
            state.next_at = next_at
        if carried:
            self._schedule_sweep(loop, min(carried.values()) - now)

    def _idle(self, key: str, state: _KeyState) -> None:
        if state.users or self._keys.get(key) is not state:
            return
        if state.next_at <= time.monotonic():
            del self._keys[key]
        elif self._sweep is None or state.next_at < self._sweep_at - self._sweep_floor():
            # Evicting during the cooldown would forget it and let the next call in early. One
            # timer sweeps all such keys in a batch, not one timer per call; it is moved earlier
            # only for a key due well before it.
            self._schedule_sweep(asyncio.get_running_loop(), state.next_at - time.monotonic())

    def _sweep_floor(self) -> float:
        # At most a few sweeps per interval: each walks every key.
        return (self._interval + self._margin) / 4

    def _schedule_sweep(self, loop: asyncio.AbstractEventLoop, delay: float) -> None:
        if self._sweep is not None:
            self._sweep.cancel()
        delay = max(delay, 0.0)
        self._sweep_at = time.monotonic() + delay  # not the loop's clock: uvloop's may differ
        self._sweep = loop.call_later(delay, self._sweep_idle)

    def _sweep_idle(self) -> None:
        self._sweep = None
        now = time.monotonic()
        waiting = [s.next_at for s in self._keys.values() if not s.users and s.next_at > now]
        expired = [k for k, s in self._keys.items() if not s.users and s.next_at <= now]
        for key in expired:
            del self._keys[key]
        if waiting:
            # When the next of them has cooled (not the last: one key held back by a long
            # Retry-After would keep every other expired key alive that long).
            assert self._loop is not None
            self._schedule_sweep(self._loop, max(min(waiting) - now, self._sweep_floor()))
