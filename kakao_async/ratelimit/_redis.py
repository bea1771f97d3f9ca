"""Redis-backed quota limiter: one onOff quota shared by every process and host."""

from __future__ import annotations

import asyncio
import logging
import math
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._validate import positive_number
from ..errors import KakaoLimiterError
from ._base import DEFAULT_MARGIN
from ._hold import KeyedHold, KeyState
from ._redis_scripts import ACQUIRE, READY_IN, RELEASE, redis_keys

if TYPE_CHECKING:
    from redis.asyncio import Redis, RedisCluster

__all__ = ["RedisRateLimiter"]

logger = logging.getLogger("kakao_async")


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname or '?'}:{parts.port or 6379}"  # never the password


class _RedisHold(KeyedHold[KeyState]):
    __slots__ = ("_limiter", "_token")

    def __init__(self, limiter: RedisRateLimiter, key: str) -> None:
        super().__init__(key)
        self._limiter = limiter
        self._token = uuid.uuid4().hex

    def _states(self) -> dict[str, KeyState]:
        return self._limiter._locals

    def _new_state(self) -> KeyState:
        return KeyState()

    def _idle(self, state: KeyState) -> None:
        # Only this process's queue lives here; the timing is in Redis, so drop it at once.
        if state.users == 0 and self._limiter._locals.get(self._key) is state:
            del self._limiter._locals[self._key]

    async def _wait(self, state: KeyState) -> None:
        # One task per key per process talks to Redis; the others queue on the local lock.
        await self._limiter._acquire(self._key, self._token)

    async def _done(self, state: KeyState) -> None:
        limiter = self._limiter
        cool = max(limiter.interval + limiter.margin, self._deferred)
        try:
            # Shielded: a cancelled call was still sent, so its cooldown must be written.
            await asyncio.shield(limiter._release(self._key, self._token, cool))
        except Exception as err:
            # The call itself is over; the hold's own TTL still keeps the key closed, so this
            # degrades to "slower", never to "unsafe".
            logger.warning("could not release onOff hold in Redis (%s); it will expire", err)


class RedisRateLimiter:
    """Quota limiter shared through Redis by any number of processes and hosts.

    Same rules as :class:`MemoryRateLimiter`: per key one call in flight, the next
    ``interval + margin`` after the previous completion, 429 feedback pushing the key back.
    All timing lives in Redis as key TTLs set by Lua scripts, so hosts' clocks never meet. A holder
    that crashes blocks its key for at most ``hold_timeout + interval + margin`` seconds, so
    ``hold_timeout`` should exceed the client's request timeout. If Redis cannot be reached, a
    quota'd call raises :class:`~kakao_async.KakaoLimiterError` and is not sent (fail closed).

    ``redis`` is a URL (``redis://host:6379/0``) or a ``redis.asyncio.Redis`` or ``RedisCluster``
    client (not closed by :meth:`aclose`). ``namespace`` prefixes every key, so several apps can
    share one Redis. From a URL, the limiter opens at most ``max_connections`` (default 50)
    connections; a script call that finds them all busy waits for one, since waiting keys never
    keep a connection while they sleep. A client you pass brings its own pool: prefer a
    ``redis.asyncio.BlockingConnectionPool`` there, as redis-py's default pool raises when full.

    Redis keys, per limiter key (``<key>`` with ``%``, ``{``, ``}`` percent-escaped):
    ``<namespace>:{<key>}:hold`` while a call is in flight, ``<namespace>:{<key>}:cool`` during
    the cooldown. The ``{...}`` hash tag puts one key's names in one Redis Cluster slot, which
    the Lua scripts need; different keys spread over the cluster. All of them expire by
    themselves.
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
    ) -> None:
        try:
            import redis.asyncio as aioredis
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
        ):
            positive_number(name, value)
        if not namespace or any(c in namespace for c in " \r\n{}"):
            # A brace would move the hash tag off the key (Redis Cluster would refuse the scripts).
            raise ValueError("namespace must be non-empty text without whitespace or braces")
        if max_connections is not None and (
            isinstance(max_connections, bool)
            or not isinstance(max_connections, int)
            or max_connections < 1
        ):
            raise ValueError(f"max_connections must be a positive integer, got {max_connections!r}")
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
            )
            self._client: Redis | RedisCluster = aioredis.Redis(connection_pool=self._pool)
            self._where = _where(redis)
        elif max_connections is not None:
            raise ValueError("max_connections sizes the pool of a URL; a given client has its own")
        else:
            self._client = redis
            self._where = "the given Redis client"
        self._namespace = namespace
        self._interval = float(interval)
        self._margin = float(margin)
        self._hold_ms = max(1, round((hold_timeout + interval + margin) * 1000))
        self._poll_ms = max(1, round(poll_interval * 1000))
        self._acquire_script = self._client.register_script(ACQUIRE)
        self._release_script = self._client.register_script(RELEASE)
        self._ready_script = self._client.register_script(READY_IN)
        self._locals: dict[str, KeyState] = {}
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        self._retryable: tuple[type[BaseException], ...] = (
            OSError,
            RedisConnectionError,
            RedisTimeoutError,
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

    def hold(self, key: str) -> _RedisHold:
        """Wait for ``key``'s turn across all processes and hold it for one call."""
        if not key:
            raise ValueError("a Redis limiter key must be non-empty")
        return _RedisHold(self, key)

    def _keys(self, key: str) -> list[str]:
        return list(redis_keys(self._namespace, key))

    async def _call(self, script: Any, key: str, *args: Any) -> int:
        try:
            try:
                result = await script(keys=self._keys(key), args=list(args))
            except self._retryable:
                # A pooled connection may have died with a Redis restart: one fresh try. The
                # scripts are safe to repeat (acquire recognises its own hold).
                result = await script(keys=self._keys(key), args=list(args))
        except Exception as exc:  # redis errors, OSError, timeouts: all mean "cannot tell"
            raise KakaoLimiterError(
                f"quota limiter unavailable (Redis at {self._where}: {type(exc).__name__}); "
                "the onOff call was not sent"
            ) from exc
        return int(result)

    async def _acquire(self, key: str, token: str) -> None:
        while True:
            answer = await self._call(
                self._acquire_script, key, token, self._hold_ms, self._poll_ms
            )
            if answer > 0:
                return
            await asyncio.sleep(-answer / 1000)

    async def _release(self, key: str, token: str, cool: float) -> None:
        await self._call(self._release_script, key, token, max(1, math.ceil(cool * 1000)))

    async def ready_in(self, key: str) -> float:
        """Seconds until ``key`` could start a call (in flight counts as its hold's TTL)."""
        return await self._call(self._ready_script, key) / 1000

    async def aclose(self) -> None:
        """Close the Redis connections if this limiter opened them."""
        if self._pool is not None:
            await self._client.aclose()
            await self._pool.disconnect()

    def __repr__(self) -> str:
        return (
            f"RedisRateLimiter({self._where}, namespace={self._namespace!r}, "
            f"interval={self._interval}, margin={self._margin})"
        )
