"""The Redis client a :class:`~kakao_async.RedisRateLimiter` talks through: one it opens from a
URL, or the caller's."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .._validate import positive_int
from ..errors import KakaoInputError, KakaoInputTypeError
from ._redis_calls import where as url_where

if TYPE_CHECKING:
    from redis.asyncio import BlockingConnectionPool, Redis, RedisCluster

__all__ = ["RedisConnection", "connect"]


class RedisConnection:
    """The client, the pool the limiter owns (``None``: the caller's client, never closed here),
    and where it points, for messages (never a password)."""

    __slots__ = ("client", "pool", "where")

    def __init__(
        self, client: Redis | RedisCluster, pool: BlockingConnectionPool | None, where: str
    ) -> None:
        self.client = client
        self.pool = pool
        self.where = where

    async def close(self) -> None:
        """Close the connections of a pool the limiter owns; redis-py reopens one for a later
        command (a release after ``aclose()``), so this may run again after it."""
        if self.pool is not None:
            await self.client.aclose()
            await self.pool.disconnect()


#: The URL schemes redis-py opens.
_SCHEMES = frozenset({"redis", "rediss", "unix"})


def connect(
    redis: str | Redis | RedisCluster, *, max_connections: int | None, socket_timeout: float
) -> RedisConnection:
    """A client for ``redis`` (a URL or a client), after checking ``max_connections``."""
    try:
        import redis.asyncio as aioredis
        from redis.asyncio.retry import Retry
        from redis.backoff import NoBackoff
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "RedisRateLimiter needs redis-py: pip install 'kakao-async[redis]'"
        ) from exc
    if max_connections is not None:
        max_connections = positive_int("max_connections", max_connections)
    if not isinstance(redis, str):
        # Recognised by what the limiter uses, not by class: a compatible client of another
        # library (valkey-py's fork of redis-py) serves as well; anything else would fail later
        # with an AttributeError.
        if not callable(getattr(redis, "register_script", None)):
            raise KakaoInputTypeError(
                "redis must be a Redis URL or a redis.asyncio client (Redis, RedisCluster or a "
                f"compatible one), got {type(redis).__name__}"
            )
        if max_connections is not None:
            raise KakaoInputError(
                "max_connections sizes the pool of a URL; a given client has its own"
            )
        return RedisConnection(redis, None, "the given Redis client")
    try:
        scheme = urlsplit(redis).scheme.lower()
    except ValueError:  # e.g. an unclosed IPv6 bracket
        scheme = ""
    if scheme not in _SCHEMES:
        # Never echoes the URL: it may carry a password.
        raise KakaoInputError(
            "redis must be a Redis URL (redis://, rediss:// or unix://) or a redis.asyncio client"
        )
    try:
        # Blocking: with many keys asking at once, redis-py's default pool raises "Too many
        # connections" where waiting a moment for a free one is all that is needed.
        pool = aioredis.BlockingConnectionPool.from_url(
            redis,
            max_connections=max_connections or 50,
            timeout=socket_timeout,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            # No retries inside redis-py (its default makes up to 10, with backoff): the
            # limiter retries itself, within the caller's deadline.
            retry=Retry(NoBackoff(), 0),
        )
        where = url_where(redis)
    except ValueError as exc:  # a port that is no number, ...: redis-py's words, not the URL
        raise KakaoInputError(f"redis URL not understood: {exc}") from None
    return RedisConnection(aioredis.Redis(connection_pool=pool), pool, where)
