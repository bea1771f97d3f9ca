"""Redis-backed quota limiter: one quota per key shared by every process and host."""

from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid
from collections.abc import Iterable
from types import TracebackType
from typing import TYPE_CHECKING

from .._validate import positive_number, text
from ..endpoints import Quota
from ..errors import KakaoInputError, KakaoInputTypeError, KakaoLimiterError
from ._base import DEFAULT_MARGIN, QuotaKeyState, snapshot_keys
from ._hold import KeyedHold, KeyState
from ._recent import RecentKeys
from ._redis_background import Background
from ._redis_calls import ScriptCaller
from ._redis_loop import LoopGuard
from ._redis_pool import connect
from ._redis_scripts import ABANDON, ACQUIRE, READY_IN, RELEASE, STATE, redis_keys

if TYPE_CHECKING:
    from redis.asyncio import Redis, RedisCluster

__all__ = ["RedisRateLimiter"]

logger = logging.getLogger("kakao_async.ratelimit")


class _LocalState(KeyState):
    __slots__ = ("interval", "quota")

    def __init__(self) -> None:
        super().__init__()
        #: The waiting or holding calls' quota name and interval, for snapshots.
        self.quota: str | None = None
        self.interval: float | None = None


class _RedisHold(KeyedHold[_LocalState, "RedisRateLimiter"]):
    __slots__ = ("_deadline", "_finish_by", "_token")

    def __init__(
        self, limiter: RedisRateLimiter, key: str, quota: Quota | None, deadline: float | None
    ) -> None:
        super().__init__(limiter, key, quota, limiter.interval)
        self._token = uuid.uuid4().hex
        self._deadline = deadline
        #: When ending the hold stops waiting for Redis (None: once the release is written).
        self._finish_by: float | None = None

    def finish_by(self, deadline: float) -> None:
        """Ending this hold waits for Redis until ``deadline`` (:func:`time.monotonic`) at
        most; the release then goes on in the background."""
        self._finish_by = deadline

    def _key_state(self) -> _LocalState:
        states = self._limiter._locals
        state = states.get(self._key)
        if state is None:
            state = states[self._key] = _LocalState()
        state.quota = None if self._quota is None else self._quota.name
        state.interval = self._interval
        return state

    def _idle(self, state: _LocalState) -> None:
        # Only this process's queue lives here; the timing is in Redis, so drop it at once.
        if state.users == 0 and self._limiter._locals.get(self._key) is state:
            del self._limiter._locals[self._key]

    async def _wait(self, state: _LocalState) -> None:
        limiter = self._limiter
        limiter._check_open()  # before any script: nothing to take back
        try:
            # One task per key per process talks to Redis; the others queue for the local turn.
            await limiter._acquire(self._key, self._token, self._deadline, self._interval)
        except BaseException as exc:
            # Given up (cancelled, closed, Redis unreachable past the deadline) without a go.
            # An acquire may have taken the hold unseen, or may still, queued behind a stall
            # (or cut by aclose()): take it back now, not block the key for hold_timeout; after
            # aclose() that work also closes the connection it reopened. An outage the call
            # reports (KakaoLimiterError) is not warned of again if the take-back meets it.
            outage = isinstance(exc, KakaoLimiterError)
            limiter._abandon(self._key, self._token, self._interval, reported=outage)
            raise

    async def _done(self, state: _LocalState) -> None:
        cool = max(self._interval + self._limiter.margin, self._deferred)
        self._limiter._recent.note(
            self._key,
            until=time.monotonic() + cool,
            quota=None if self._quota is None else self._quota.name,
            interval=self._interval,
        )
        await self._release(cool, rejected=self._rejected)

    async def _not_sent(self, state: _LocalState) -> None:
        # A cooldown of one millisecond: the release script keeps any longer one in place.
        await self._release(0.001, rejected=False)

    async def _release(self, cool: float, *, rejected: bool) -> None:
        limiter = self._limiter
        # A tracked task that aclose() waits for, not part of the caller: the call was sent, so
        # its cooldown must be written even if the caller is cancelled again meanwhile
        # (job.cancel(), then client.aclose()), or the key stays held for hold_timeout. It has
        # its own outage tolerance; the caller waits for it only until the call's deadline.
        work = limiter._cleanups.run(
            limiter._release_or_warn(self._key, self._token, cool, rejected, self._interval)
        )
        wait = None if self._finish_by is None else max(0.0, self._finish_by - time.monotonic())
        # asyncio.wait neither cancels the work when the caller is cancelled or the wait times
        # out, nor hands the caller aclose()'s cancellation of it.
        await asyncio.wait((work,), timeout=wait)
        if work.done() and not work.cancelled():
            work.result()  # a bug in the release is the caller's to see


class RedisRateLimiter:
    """Quota limiter shared through Redis by any number of processes and hosts.

    Same rules as :class:`MemoryRateLimiter`: per key one call in flight, the next
    ``interval + margin`` after the previous completion (``interval`` being the hold's quota's,
    else the limiter's), 429 feedback pushing the key back. Every call brings its interval to
    the scripts, so processes sharing a namespace should run with the same quota settings.
    All timing lives in Redis as key TTLs set by Lua scripts, so hosts' clocks never meet. A holder
    that crashes blocks its key for at most ``hold_timeout + interval + margin`` seconds, so
    ``hold_timeout`` should exceed the client's request timeout.

    Redis errors (refused or reset connections, timeouts, a full pool, a loading or read-only
    server) are retried with capped, fully jittered exponential backoff, so a short outage only
    delays calls. A hold retries for ``outage_timeout`` seconds (10) from the first error, and
    never past its ``deadline`` (see :meth:`hold`); then the quota'd
    call raises :class:`~kakao_async.KakaoLimiterError` and is not sent (fail closed): nothing
    goes out without Redis' consent. Recording a call's end is retried the same way; if that
    fails, the hold's TTL keeps the key closed, which is slower but safe. A waiter that gives up
    (cancelled, or past its deadline) takes back, in the background, any hold its acquire may
    have taken unseen, and no cooldown is written since nothing was sent: the key is free again
    as soon as Redis answers, not after ``hold_timeout``.

    A Redis restart without persistence forgets every cooldown. So a free key's first call waits
    until the Redis server has been up for ``interval + margin`` (its ``uptime_in_seconds``, read
    inside the acquire script: per node, hence right on a cluster too). A fresh deployment on an
    established Redis pays nothing; one that starts together with its Redis waits at most one
    interval once. Not detected: a ``FLUSHALL``, evicted keys (run Redis with
    ``maxmemory-policy noeviction``), a failover to a replica that missed the last writes, and a
    call sent before the restart that reaches Kakao more than an interval later. With Redis
    ACLs, the limiter's user needs the scripting commands and ``INFO`` (the scripts call it).

    ``redis`` is a URL (``redis://host:6379/0``) or a ``redis.asyncio.Redis`` or ``RedisCluster``
    client (not closed by :meth:`aclose`). ``async with RedisRateLimiter(...) as limiter:``
    calls :meth:`aclose` at the end. ``namespace`` prefixes every key, so several apps can
    share one Redis. From a URL, the limiter opens at most ``max_connections`` (default 50)
    connections; a script call that finds them all busy waits for one, since waiting keys never
    keep a connection while they sleep. A client you pass brings its own pool: prefer a
    ``redis.asyncio.BlockingConnectionPool`` there, as redis-py's default pool raises when full.

    Redis keys, per limiter key (``<key>`` with ``%``, ``{``, ``}`` percent-escaped):
    ``<namespace>:{<key>}:hold`` while a call is in flight, ``<namespace>:{<key>}:cool`` during
    the cooldown, ``<namespace>:{<key>}:gone`` (the tokens of waiters that gave up) for
    ``hold_timeout + interval + margin`` after one did, and ``<namespace>:{<key>}:rej`` (the
    key's 429 count, for :meth:`snapshot`) until the key has been idle for ``socket_timeout``
    (no call in flight or cooling down). The ``{...}`` hash
    tag puts one key's names in one Redis Cluster slot, which the Lua scripts need; different
    keys spread over the cluster. All of them expire by themselves.

    Its connections belong to the event loop that first uses it: a hold or snapshot from
    another loop raises :class:`~kakao_async.KakaoLimiterError` at once (nothing is sent).
    """

    def __init__(
        self,
        redis: str | Redis | RedisCluster,
        *,
        namespace: str = "kakao_async",
        interval: float = 5.0,
        margin: float = DEFAULT_MARGIN,
        hold_timeout: float = 60.0,
        poll_interval: float = 0.05,
        socket_timeout: float = 2.0,
        max_connections: int | None = None,
        outage_timeout: float = 10.0,
    ) -> None:
        interval = positive_number("interval", interval)
        margin = positive_number("margin", margin, allow_zero=True)
        for name, value in (
            ("hold_timeout", hold_timeout),
            ("poll_interval", poll_interval),
            ("socket_timeout", socket_timeout),
            ("outage_timeout", outage_timeout),
        ):
            positive_number(name, value)
        if not isinstance(namespace, str):
            raise KakaoInputTypeError(f"namespace must be text, got {type(namespace).__name__}")
        if not namespace or any(c in "{}" or not c.isprintable() or c.isspace() for c in namespace):
            # A brace would move the hash tag off the key (Redis Cluster would refuse the scripts).
            raise KakaoInputError("namespace must be printable text without whitespace or braces")
        connection = connect(redis, max_connections=max_connections, socket_timeout=socket_timeout)
        self._client = connection.client
        self._namespace = namespace
        self._interval = float(interval)
        self._margin = float(margin)
        self._hold_timeout = float(hold_timeout)
        self._poll_ms = max(1, round(poll_interval * 1000))
        self._outage_timeout = float(outage_timeout)
        self._socket_timeout = float(socket_timeout)
        self._acquire_script = self._client.register_script(ACQUIRE)
        self._release_script = self._client.register_script(RELEASE)
        self._ready_script = self._client.register_script(READY_IN)
        self._state_script = self._client.register_script(STATE)
        self._abandon_script = self._client.register_script(ABANDON)
        #: Background releases and take-backs of holds, for aclose() to wait for; its
        #: ``closed`` (aclose() began) refuses new holds and snapshots (releases still run).
        self._cleanups = Background(connection)
        self._locals: dict[str, _LocalState] = {}
        #: Keys this process's calls left cooling, so a snapshot can list them.
        self._recent = RecentKeys()
        self._call = ScriptCaller(where=connection.where, outage_timeout=self._outage_timeout)
        self._loop = LoopGuard()  # its connections serve the loop that first uses them

    @property
    def interval(self) -> float:
        """The interval of a hold that names no quota; a client given this limiter also takes
        its ``creatives.onOff`` interval from it unless it sets that quota itself."""
        return self._interval

    @property
    def margin(self) -> float:
        """Seconds added to every quota interval (the ``margin`` given)."""
        return self._margin

    @property
    def namespace(self) -> str:
        """The prefix of this limiter's Redis keys; limiters share keys only within one."""
        return self._namespace

    @property
    def outage_timeout(self) -> float:
        """Seconds a hold keeps retrying an unreachable Redis when given no deadline."""
        return self._outage_timeout

    def hold(
        self, key: str, *, quota: Quota | None = None, deadline: float | None = None
    ) -> _RedisHold:
        """Wait for ``key``'s turn across all processes and hold it for one call, spaced by
        ``quota.interval`` (or the limiter's ``interval``).

        Redis errors are retried for ``outage_timeout`` seconds from the first one (queueing
        for a busy key does not use it up), and never past ``deadline`` (a
        :func:`time.monotonic` value), if given. Recording the call's end gets its own
        ``outage_timeout``. A script call under way when the deadline passes may still take up
        to ``socket_timeout`` to fail.
        """
        return _RedisHold(self, text("key", key), quota, deadline)

    def _hold_ms(self, interval: float) -> int:
        """How long a crashed holder can block a key of this interval."""
        return max(1, round((self._hold_timeout + interval + self._margin) * 1000))

    async def _acquire(self, key: str, token: str, deadline: float | None, interval: float) -> None:
        # A Redis younger than this call's interval may have forgotten the key's cooldown.
        restart_ms = max(1, math.ceil((interval + self._margin) * 1000))
        args = [token, self._hold_ms(interval), self._poll_ms, restart_ms]
        keys = list(redis_keys(self._namespace, key))  # hold, cool, gone, rej
        self._loop.check()
        while True:
            try:
                answer = int(await self._call(self._acquire_script, keys, args, deadline))
            except KakaoLimiterError as err:
                raise KakaoLimiterError(f"{err}; the quota'd call was not sent") from err.__cause__
            if answer > 0:
                self._check_open()  # aclose() ran while we asked: the go is given back
                return
            if answer == 0:  # our own take-back ran first: cannot happen while we still wait
                raise KakaoLimiterError("the quota hold was abandoned; the call was not sent")
            await asyncio.sleep(-answer / 1000)
            self._check_open()  # no more asking once aclose() ran

    async def _release(
        self, key: str, token: str, cool: float, rejected: bool, interval: float
    ) -> None:
        hold, cool_key, _, rej = redis_keys(self._namespace, key)
        cool_ms = max(1, math.ceil(cool * 1000))
        # The 429 count outlives the cooldown by the time a waiter woken at its end takes to
        # ask again (one command, socket_timeout at most); its next acquire keeps it alive.
        grace_ms = max(self._poll_ms, math.ceil(self._socket_timeout * 1000))
        args = [token, cool_ms, int(rejected), grace_ms]
        await self._call(self._release_script, [hold, cool_key, rej], args, None)

    async def _release_or_warn(
        self, key: str, token: str, cool: float, rejected: bool, interval: float
    ) -> None:
        try:
            await self._release(key, token, cool, rejected, interval)
        except KakaoLimiterError as err:
            # The call is over; the hold's own TTL keeps the key closed: slower, never unsafe.
            msg = "could not release a quota hold in Redis after the call (%s); it will expire"
            logger.warning(msg, err)

    def _abandon(self, key: str, token: str, interval: float, *, reported: bool) -> None:
        self._cleanups.run(self._take_back(key, token, self._hold_ms(interval), reported))

    async def _take_back(self, key: str, token: str, tombstone_ms: int, reported: bool) -> None:
        hold, _, gone, _ = redis_keys(self._namespace, key)
        try:
            await self._call(self._abandon_script, [hold, gone], [token, tombstone_ms], None)
        except KakaoLimiterError as err:
            msg = "could not take back an abandoned quota hold (%s); it will expire"
            logger.log(logging.DEBUG if reported else logging.WARNING, msg, err)

    async def ready_in(self, key: str) -> float:
        """Seconds until ``key`` could start a call (in flight counts as its hold's TTL). Only
        one fresh retry: it feeds estimates, and callers treat its errors as "unknown"."""
        self._check_open("nothing was asked")
        hold, cool, _, _ = redis_keys(self._namespace, text("key", key))
        asking = self._call(self._ready_script, [hold, cool], [], time.monotonic())
        return int(await self._cleanups.reclosing(asking)) / 1000

    async def snapshot(self, keys: Iterable[str] | None = None) -> tuple[QuotaKeyState, ...]:
        """``keys``, or by default the keys this process is waiting on, holding or left cooling,
        sorted by key. ``ready_in``, ``in_flight`` and ``rejections`` come from Redis (every
        process's calls), one script call per key; ``waiting`` counts this process's waiters
        only, and ``quota``/``interval`` are known only for keys this process used."""
        asked = snapshot_keys(keys)
        self._check_open("nothing was asked")
        recent = self._recent.live()
        wanted = sorted(set(self._locals) | set(recent)) if asked is None else asked
        asking = asyncio.gather(*(self._state_of(k, recent) for k in wanted))
        return tuple(await self._cleanups.reclosing(asking))

    async def _state_of(
        self, key: str, recent: dict[str, tuple[str | None, float]]
    ) -> QuotaKeyState:
        hold, cool, _, rej = redis_keys(self._namespace, key)
        # Like ready_in: one fresh retry, then KakaoLimiterError.
        answer = await self._call(self._state_script, [hold, cool, rej], [], time.monotonic())
        ready_ms, held, rejections = (int(v) for v in answer)
        local = self._locals.get(key)
        if local is not None:
            quota, interval = local.quota, local.interval
        else:
            quota, interval = recent.get(key, (None, None))
        return QuotaKeyState(
            key=key,
            quota=quota,
            interval=interval,
            ready_in=ready_ms / 1000,
            waiting=0 if local is None else local.users - local.in_flight,
            in_flight=bool(held),
            rejections=rejections,
        )

    def _check_open(self, after: str = "the quota'd call was not sent") -> None:
        self._loop.check(after=after)
        if self._cleanups.closed:
            # Fail closed: redis-py would quietly open new connections that nobody closes.
            raise KakaoLimiterError(f"this RedisRateLimiter is closed (aclose()); {after}")

    async def aclose(self) -> None:
        """Close the Redis connections if this limiter opened them, after giving pending
        releases and take-backs ``socket_timeout`` (the rest expire with their TTL). New holds
        and snapshots are refused from now on with :class:`~kakao_async.KakaoLimiterError`.
        From another event loop than the one that first used it, it is closed all the same, but
        its connections (that loop's) cannot be, and that is a ``KakaoLimiterError``."""
        try:
            self._loop.check(after="its connections were not closed (call aclose() in that loop)")
        except KakaoLimiterError:
            self._cleanups.closed = True  # refuse new holds all the same
            raise
        late = await self._cleanups.close(self._socket_timeout)
        if late:
            logger.warning(
                "aclose() gave up on %d quota release(s) or take-back(s) that could not "
                "reach Redis within socket_timeout; their keys stay closed for up to "
                "hold_timeout (%gs)",
                late,
                self._hold_timeout,
            )

    async def __aenter__(self) -> RedisRateLimiter:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """``async with RedisRateLimiter(url) as limiter:`` closes its pool at the end."""
        await self.aclose()

    def __repr__(self) -> str:
        return (
            f"RedisRateLimiter({self._call.where}, namespace={self._namespace!r}, "
            f"interval={self._interval}, margin={self._margin})"
        )
