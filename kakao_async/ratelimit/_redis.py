"""Redis-backed quota limiter: one quota per key shared by every process and host."""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time
import uuid
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._validate import positive_number
from ..errors import KakaoInputError, KakaoLimiterError
from ._base import DEFAULT_MARGIN
from ._hold import KeyedHold, KeyState
from ._redis_scripts import ABANDON, ACQUIRE, READY_IN, RELEASE, redis_keys

if TYPE_CHECKING:
    from redis.asyncio import Redis, RedisCluster

__all__ = ["RedisRateLimiter"]

logger = logging.getLogger("kakao_async.ratelimit")

#: Backoff between retries of a failed script call: full jitter, doubling from the base up to the
#: cap. The cap is low because an outage ends at an unknown moment and the quota waits on us.
_BACKOFF_BASE = 0.05
_BACKOFF_CAP = 1.0


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or '?'}:{parts.port or 6379}"  # never the password


class _RedisHold(KeyedHold[KeyState]):
    __slots__ = ("_deadline", "_limiter", "_token")

    def __init__(self, limiter: RedisRateLimiter, key: str, deadline: float | None) -> None:
        super().__init__(key)
        self._limiter = limiter
        self._token = uuid.uuid4().hex
        self._deadline = deadline

    def _states(self) -> dict[str, KeyState]:
        return self._limiter._locals

    def _new_state(self) -> KeyState:
        return KeyState()

    def _idle(self, state: KeyState) -> None:
        # Only this process's queue lives here; the timing is in Redis, so drop it at once.
        if state.users == 0 and self._limiter._locals.get(self._key) is state:
            del self._limiter._locals[self._key]

    async def _wait(self, state: KeyState) -> None:
        limiter = self._limiter
        try:
            # One task per key per process talks to Redis; the others queue on the local lock.
            await limiter._acquire(self._key, self._token, self._deadline)
        except BaseException:
            # Given up (cancelled, or Redis unreachable past the deadline) without a go. One of
            # our acquires may have taken the hold unseen, or may still take it, queued behind
            # a stall: take it back now rather than block the key for hold_timeout.
            limiter._abandon(self._key, self._token)
            raise

    async def _done(self, state: KeyState) -> None:
        limiter = self._limiter
        await self._release(max(limiter.interval + limiter.margin, self._deferred))

    async def _not_sent(self, state: KeyState) -> None:
        # A cooldown of one millisecond: the release script keeps any longer one in place.
        await self._release(0.001)

    async def _release(self, cool: float) -> None:
        limiter = self._limiter
        try:
            # Shielded: a cancelled call was still sent, so its cooldown must be written.
            # Its own outage tolerance, not the call's deadline: a call that used up its deadline
            # must still free its key, or the key stays shut for hold_timeout.
            await asyncio.shield(limiter._release(self._key, self._token, cool, None))
        except Exception as err:
            # The call itself is over; the hold's own TTL still keeps the key closed, so this
            # degrades to "slower", never to "unsafe".
            logger.warning("could not release a quota hold in Redis (%s); it will expire", err)


class RedisRateLimiter:
    """Quota limiter shared through Redis by any number of processes and hosts.

    Same rules as :class:`MemoryRateLimiter`: per key one call in flight, the next
    ``interval + margin`` after the previous completion, 429 feedback pushing the key back.
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
    the cooldown, and ``<namespace>:{<key>}:gone`` (the tokens of waiters that gave up) for
    ``hold_timeout + interval + margin`` after one did. The ``{...}`` hash tag puts one key's
    names in one Redis Cluster slot, which the Lua scripts need; different keys spread over the
    cluster. All of them expire by themselves.
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
        try:
            import redis.asyncio as aioredis
            from redis.asyncio.retry import Retry
            from redis.backoff import NoBackoff
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "RedisRateLimiter needs redis-py: pip install 'kakao-async[redis]'"
            ) from exc
        interval = positive_number("interval", interval)
        margin = positive_number("margin", margin, allow_zero=True)
        for name, value in (
            ("hold_timeout", hold_timeout),
            ("poll_interval", poll_interval),
            ("socket_timeout", socket_timeout),
            ("outage_timeout", outage_timeout),
        ):
            positive_number(name, value)
        if not namespace or any(c in namespace for c in " \r\n{}"):
            # A brace would move the hash tag off the key (Redis Cluster would refuse the scripts).
            raise KakaoInputError("namespace must be non-empty text without whitespace or braces")
        if max_connections is not None and (
            isinstance(max_connections, bool)
            or not isinstance(max_connections, int)
            or max_connections < 1
        ):
            raise KakaoInputError(
                f"max_connections must be a positive integer, got {max_connections!r}"
            )
        self._pool: aioredis.BlockingConnectionPool | None = None
        if isinstance(redis, str):
            # Blocking: with many keys asking at once, redis-py's default pool raises "Too many
            # connections" where waiting a moment for a free one is all that is needed.
            self._pool = aioredis.BlockingConnectionPool.from_url(
                redis,
                max_connections=max_connections or 50,
                timeout=socket_timeout,
                socket_timeout=socket_timeout,
                socket_connect_timeout=socket_timeout,
                # No retries inside redis-py (its default makes up to 10, with backoff): the
                # limiter retries itself, within the caller's deadline.
                retry=Retry(NoBackoff(), 0),
            )
            self._client: Redis | RedisCluster = aioredis.Redis(connection_pool=self._pool)
            self._where = _where(redis)
        elif max_connections is not None:
            raise KakaoInputError(
                "max_connections sizes the pool of a URL; a given client has its own"
            )
        else:
            self._client = redis
            self._where = "the given Redis client"
        self._namespace = namespace
        self._interval = float(interval)
        self._margin = float(margin)
        self._hold_ms = max(1, round((hold_timeout + interval + margin) * 1000))
        self._poll_ms = max(1, round(poll_interval * 1000))
        self._restart_ms = max(1, math.ceil((interval + margin) * 1000))
        self._outage_timeout = float(outage_timeout)
        self._socket_timeout = float(socket_timeout)
        self._acquire_script = self._client.register_script(ACQUIRE)
        self._release_script = self._client.register_script(RELEASE)
        self._ready_script = self._client.register_script(READY_IN)
        self._abandon_script = self._client.register_script(ABANDON)
        #: Background take-backs of abandoned holds; kept so they are not garbage-collected.
        self._cleanups: set[asyncio.Task[None]] = set()
        self._locals: dict[str, KeyState] = {}
        from redis import exceptions as rx

        # Errors that say "cannot tell now", not "never": connection trouble (which includes a
        # full pool and a server still loading), timeouts, and a failover in progress.
        self._retryable: tuple[type[BaseException], ...] = (
            OSError,
            asyncio.TimeoutError,
            rx.ConnectionError,
            rx.TimeoutError,
            rx.ReadOnlyError,
            rx.TryAgainError,
            rx.ClusterDownError,
        )

    @property
    def interval(self) -> float:
        return self._interval

    @property
    def margin(self) -> float:
        return self._margin

    @property
    def namespace(self) -> str:
        return self._namespace

    @property
    def outage_timeout(self) -> float:
        """Seconds a hold keeps retrying an unreachable Redis when given no deadline."""
        return self._outage_timeout

    def hold(self, key: str, *, deadline: float | None = None) -> _RedisHold:
        """Wait for ``key``'s turn across all processes and hold it for one call.

        Redis errors are retried for ``outage_timeout`` seconds from the first one (queueing
        for a busy key does not use it up), and never past ``deadline`` (a
        :func:`time.monotonic` value), if given. Recording the call's end gets its own
        ``outage_timeout``. A script call under way when the deadline passes may still take up
        to ``socket_timeout`` to fail.
        """
        if not key:
            raise KakaoInputError("a Redis limiter key must be non-empty")
        return _RedisHold(self, key, deadline)

    async def _call(
        self, script: Any, keys: list[str], args: list[Any], deadline: float | None
    ) -> int:
        """Run ``script`` on ``keys``, retrying Redis errors for ``outage_timeout`` from the
        first one, and never past ``deadline``. The scripts are safe to repeat: acquire
        recognises its own hold, release and the others are idempotent."""
        failures = 0
        give_up = math.inf
        while True:
            try:
                return int(await script(keys=keys, args=args))
            except self._retryable as exc:
                failures += 1
                if failures == 1:
                    # Counted from the first failure, not from when the wait began: queueing
                    # for a busy key must not use up the tolerance of an outage.
                    give_up = time.monotonic() + self._outage_timeout
                    if deadline is not None:
                        give_up = min(give_up, deadline)
                left = give_up - time.monotonic()
                # Always one fresh try: a pooled connection may have died with a Redis restart.
                if failures > 1 and left <= 0:
                    raise self._unavailable(exc) from exc
                cap = min(_BACKOFF_CAP, _BACKOFF_BASE * 2 ** min(failures - 1, 16))
                delay = 0.0 if failures == 1 else min(random.uniform(0, cap), max(0.0, left))
                logger.debug(
                    "Redis limiter: %s (try %d); retrying in %.2fs",
                    type(exc).__name__,
                    failures,
                    delay,
                )
                await asyncio.sleep(delay)
            except Exception as exc:  # any other Redis error: cannot tell, so nothing goes out
                raise self._unavailable(exc) from exc

    def _unavailable(self, exc: BaseException) -> KakaoLimiterError:
        return KakaoLimiterError(
            f"quota limiter unavailable (Redis at {self._where}: {type(exc).__name__}); "
            "the quota'd call was not sent"
        )

    async def _acquire(self, key: str, token: str, deadline: float | None) -> None:
        keys = list(redis_keys(self._namespace, key))
        args = [token, self._hold_ms, self._poll_ms, self._restart_ms]
        while True:
            answer = await self._call(self._acquire_script, keys, args, deadline)
            if answer > 0:
                return
            if answer == 0:  # our own take-back ran first: cannot happen while we still wait
                raise KakaoLimiterError("the quota hold was abandoned; the call was not sent")
            await asyncio.sleep(-answer / 1000)

    async def _release(self, key: str, token: str, cool: float, deadline: float | None) -> None:
        hold, cool_key, _ = redis_keys(self._namespace, key)
        args = [token, max(1, math.ceil(cool * 1000))]
        await self._call(self._release_script, [hold, cool_key], args, deadline)

    def _abandon(self, key: str, token: str) -> None:
        task = asyncio.ensure_future(self._take_back(key, token))
        self._cleanups.add(task)
        task.add_done_callback(self._cleanups.discard)

    async def _take_back(self, key: str, token: str) -> None:
        hold, _, gone = redis_keys(self._namespace, key)
        try:
            await self._call(self._abandon_script, [hold, gone], [token, self._hold_ms], None)
        except KakaoLimiterError as err:
            logger.warning("could not take back an abandoned quota hold (%s); it will expire", err)

    async def ready_in(self, key: str) -> float:
        """Seconds until ``key`` could start a call (in flight counts as its hold's TTL). Only
        one fresh retry: it feeds estimates, and callers treat its errors as "unknown"."""
        hold, cool, _ = redis_keys(self._namespace, key)
        return await self._call(self._ready_script, [hold, cool], [], time.monotonic()) / 1000

    async def aclose(self) -> None:
        """Close the Redis connections if this limiter opened them, after giving pending
        take-backs of abandoned holds a moment (the rest expire with their TTL)."""
        if self._cleanups:
            pending = set(self._cleanups)
            _, late = await asyncio.wait(pending, timeout=self._socket_timeout)
            for task in late:
                task.cancel()
        if self._pool is not None:
            await self._client.aclose()
            await self._pool.disconnect()

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
            f"RedisRateLimiter({self._where}, namespace={self._namespace!r}, "
            f"interval={self._interval}, margin={self._margin})"
        )
