"""In-process quota limiter: the default backend."""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Awaitable, Iterable
from types import TracebackType

from .._loops import running_loop_for
from .._validate import positive_number, text
from ..endpoints import Quota
from ._base import DEFAULT_MARGIN, QuotaKeyState, snapshot_keys
from ._hold import KeyedHold, KeyState, LaneHold

__all__ = ["MemoryRateLimiter"]

#: Least time between two sweeps for keys spaced ``span`` apart, as a share of it: a quarter,
#: so a sweep costs O(1) per call of such a key. (A factor, not a function: every call's end
#: reads it.)
_SLACK = 0.25


class _KeyState(KeyState):
    __slots__ = ("interval", "next_at", "quota", "rejections", "span")

    def __init__(self) -> None:
        # The base named, not super(): a key's state is made per key, ~900 instructions fewer.
        KeyState.__init__(self)
        #: time.monotonic() before which no call of this key may start. Not loop.time(): the
        #: cooldowns outlive a loop when the limiter moves on to the next one.
        self.next_at = -math.inf
        #: Interval + margin of the key's last call: how often the sweep needs to look at it.
        self.span = math.inf
        #: For snapshots: the last call's quota name and interval, and the 429s fed back.
        self.quota: str | None = None
        self.interval: float | None = None
        self.rejections = 0


class _MemoryHold(KeyedHold[_KeyState, "MemoryRateLimiter"]):
    __slots__ = ()

    def _key_state(self) -> _KeyState:
        limiter = self._limiter
        # _bind()'s loop check, inline: it passes on every call but a loop's first.
        states = limiter._keys if asyncio.get_running_loop() is limiter._loop else limiter._bind()
        state = states.get(self._key)
        if state is None:
            state = states[self._key] = _KeyState()
        # This call's, for snapshots (as the Redis backend's): a hold naming no quota reads so.
        state.quota = None if self._quota is None else self._quota.name
        state.interval = self._interval
        return state

    def _idle(self, state: _KeyState) -> None:
        if state.users:
            return  # its last user decides about it
        limiter = self._limiter
        key = self._key
        if limiter._keys.get(key) is not state:
            return
        if state.next_at <= time.monotonic():
            del limiter._keys[key]
        elif limiter._sweep is None or state.next_at < limiter._sweep_at - state.span * _SLACK:
            # Evicting during the cooldown would forget it and let the next call in early. One
            # timer sweeps all such keys in a batch, not one timer per call; it is moved earlier
            # only for a key due well before it: by a quarter of the key's own spacing, so a key
            # outlives its cooldown by at most that, whatever the other keys' quotas.
            limiter._schedule_sweep(asyncio.get_running_loop(), state.next_at - time.monotonic())

    def _wait(self, state: _KeyState) -> Awaitable[None] | None:
        return None if state.next_at <= time.monotonic() else _cooled(state)

    def _not_sent(self, state: _KeyState) -> None:
        """The key's cooldown stays what the previous call left."""

    def _done(self, state: _KeyState) -> None:
        now = time.monotonic()
        span = self._interval + self._limiter._margin
        # Counted from the moment the response (or failure, or cancellation) is known here:
        # the request may have reached Kakao, so it spent the quota.
        state.next_at = max(state.next_at, now + span, now + self._deferred)
        state.span = span
        state.interval = self._interval
        state.rejections += self._rejected


class _MemoryLaneHold(LaneHold[_KeyState, "MemoryRateLimiter"], _MemoryHold):
    """A lane's hold with the in-memory backend's steps."""

    __slots__ = ()


async def _cooled(state: _KeyState) -> None:
    # A loop, not one sleep: a shared limiter may push next_at back while we sleep.
    while (delay := state.next_at - time.monotonic()) > 0:  # noqa: ASYNC110
        await asyncio.sleep(delay)


class MemoryRateLimiter:
    """Per-key quota scheduler for one process (one event loop).

    Keys progress independently; within a key, calls are serialised and each is spaced
    ``interval + margin`` after the previous response, ``interval`` being its hold's quota's
    (the limiter's own ``interval`` for a hold that names none), so keys of a 1 s quota and of
    a 5 s quota share one limiter. State for a key lives only while somebody waits on it or its
    cooldown runs, so memory stays flat with any number of ad accounts. Several
    :class:`~kakao_async.KakaoClient`\\ s may share one instance.

    The limiter belongs to the event loop that first uses it (its waiters and timers are that
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
        """The interval of a hold that names no quota; a client given this limiter also takes
        its ``creatives.onOff`` interval from it unless it sets that quota itself."""
        return self._interval

    @property
    def margin(self) -> float:
        """Extra seconds added to every interval."""
        return self._margin

    def hold(
        self, key: str, *, quota: Quota | None = None, deadline: float | None = None
    ) -> _MemoryHold:
        """Wait for ``key``'s turn and hold it for one call (``async with``), spaced by
        ``quota.interval`` (or the limiter's ``interval``). ``deadline`` is accepted for the
        interface and ignored: this limiter has no backend that can fail."""
        # A plain non-empty str (the client's keys) needs no call to text() to be accepted.
        checked = key if type(key) is str and key else text("key", key)
        return _MemoryHold(self, checked, quota, self._interval)

    def lane(self, key: str, *, quota: Quota | None = None) -> _MemoryLaneHold:
        """A hold for one task's consecutive calls of ``key`` (a bulk lane's): ``async with`` it
        for each call, as with :meth:`hold`, and ``close()`` it after the last. Spacing and
        arrival order are those of :meth:`hold`; each call skips building a hold and looking
        the key up. Call it from the event loop that will use it."""
        checked = key if type(key) is str and key else text("key", key)
        return _MemoryLaneHold(self, checked, quota, self._interval)

    async def ready_in(self, key: str) -> float:
        """Seconds until ``key`` could start a call if nobody else were waiting; while a call
        of the key is in flight, at least its interval (the soonest, were it to end now)."""
        state = self._bind().get(text("key", key))
        return 0.0 if state is None else _ready_in(state, time.monotonic(), self._margin)

    async def snapshot(self, keys: Iterable[str] | None = None) -> tuple[QuotaKeyState, ...]:
        """Every tracked key (waiting, in flight or cooling down), or just ``keys`` (an untracked
        one reads as free), sorted by key. ``rejections`` count since the key was last idle."""
        asked = snapshot_keys(keys)
        states = self._bind()
        now = time.monotonic()
        wanted = sorted(states) if asked is None else asked
        return tuple(_record(k, states.get(k), now, self._margin) for k in wanted)

    def __len__(self) -> int:
        """Keys currently tracked (waiting, in flight, cooling down, or cooled down less than
        a quarter of their interval ago: idle keys are dropped by a sweep)."""
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
        if asyncio.get_running_loop() is not self._loop:
            with self._binding:
                loop = running_loop_for(
                    self._loop,
                    "this MemoryRateLimiter belongs to the event loop that first used it and "
                    "cannot serve another running loop (another thread's?); give that loop "
                    "its own client, or share the quota through RedisRateLimiter",
                )
                if self._loop is not loop:
                    self._adopt(loop)
        return self._keys

    def _adopt(self, loop: asyncio.AbstractEventLoop) -> None:
        # The old loop is closed: its waiters and eviction timers are dead, the cooldowns are not.
        self._loop = loop
        now = time.monotonic()
        carried = {k: s for k, s in self._keys.items() if s.next_at > now}
        self._keys.clear()
        self._sweep = None
        for key, old in carried.items():
            state = self._keys[key] = _KeyState()
            state.next_at, state.span = old.next_at, old.span
            state.quota, state.interval, state.rejections = old.quota, old.interval, old.rejections
        if carried:
            self._schedule_sweep(loop, min(s.next_at for s in carried.values()) - now)

    def _schedule_sweep(self, loop: asyncio.AbstractEventLoop, delay: float) -> None:
        if self._sweep is not None:
            self._sweep.cancel()
        delay = max(delay, 0.0)
        self._sweep_at = time.monotonic() + delay  # not the loop's clock: uvloop's may differ
        self._sweep = loop.call_later(delay, self._sweep_idle)

    def _sweep_idle(self) -> None:
        self._sweep = None
        now = time.monotonic()
        due = math.inf
        shortest = math.inf
        expired = []
        for key, state in self._keys.items():
            if state.users:
                continue  # its holder's exit decides about it
            if state.next_at <= now:
                expired.append(key)
            else:
                due = min(due, state.next_at)
                shortest = min(shortest, state.span)
        for key in expired:
            del self._keys[key]
        if due < math.inf:
            # When the next of them has cooled (not the last: one key held back by a long
            # Retry-After would keep every other expired key alive that long), but at most a
            # few sweeps per shortest spacing among them: each sweep walks every key.
            assert self._loop is not None
            self._schedule_sweep(self._loop, max(due - now, shortest * _SLACK))


def _ready_in(state: _KeyState, now: float, margin: float) -> float:
    """The cooldown left; while a call is in flight, at least a whole interval: the soonest
    the next call could start, were the call to end now (0 would read as "free")."""
    left = state.next_at - now
    if state.in_flight and state.interval is not None:
        left = max(left, state.interval + margin)
    return max(0.0, left)


def _record(key: str, state: _KeyState | None, now: float, margin: float) -> QuotaKeyState:
    if state is None:
        return QuotaKeyState(
            key=key,
            quota=None,
            interval=None,
            ready_in=0.0,
            waiting=0,
            in_flight=False,
            rejections=0,
        )
    return QuotaKeyState(
        key=key,
        quota=state.quota,
        interval=state.interval,
        ready_in=_ready_in(state, now, margin),
        waiting=state.users - state.in_flight,
        in_flight=state.in_flight,
        rejections=state.rejections,
    )
