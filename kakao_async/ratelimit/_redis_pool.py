"""The Redis client a :class:`~kakao_async.RedisRateLimiter` talks through: one it opens from a
URL, or the caller's."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast
from urllib.parse import SplitResult, unquote, urlsplit

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


#: redis-py's message for a query option it cannot read: it names the option, not its value.
_OPTION_ERROR = re.compile(r"Invalid value for '\w+' in connection URL\.")

#: The URL schemes redis-py opens.
_SCHEMES = frozenset({"redis", "rediss", "unix"})


def connect(
    redis: str | Redis | RedisCluster, *, max_connections: int | None, socket_timeout: float
) -> RedisConnection:
    """A client for ``redis`` (a URL or a client), after checking ``max_connections``."""
    _require_redis_py()
    if max_connections is not None:
        max_connections = positive_int("max_connections", max_connections)
    if not isinstance(redis, str):
        return _given(redis, max_connections)
    scheme = _checked_url(redis)
    return _owned(
        redis, scheme=scheme, max_connections=max_connections, socket_timeout=socket_timeout
    )


def _require_redis_py() -> None:
    # First, so a missing redis-py is said before any argument check; _owned imports what it
    # uses from the modules loaded here.
    try:
        import redis.asyncio
        import redis.asyncio.retry
        import redis.backoff  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "RedisRateLimiter needs redis-py: pip install 'kakao-async[redis]'"
        ) from exc


def _given(redis: object, max_connections: int | None) -> RedisConnection:
    """The caller's client, used as is (and never closed here)."""
    # Recognised by what the limiter uses, not by class: a compatible client of another
    # library (valkey-py's fork of redis-py) serves as well; anything else would fail later
    # with an AttributeError.
    if not callable(getattr(redis, "register_script", None)):
        raise KakaoInputTypeError(
            "redis must be a Redis URL or a redis.asyncio client (Redis, RedisCluster or a "
            f"compatible one), got {type(redis).__name__}"
        )
    if max_connections is not None:
        raise KakaoInputError("max_connections sizes the pool of a URL; a given client has its own")
    return RedisConnection(cast("Redis | RedisCluster", redis), None, "the given Redis client")


def _checked_url(url: str) -> str:
    """The URL's scheme, once the URL is one redis-py opens as it was meant: a scheme it knows,
    a port that reads as a number, no user part cut short, a database number as its path."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
    except ValueError:  # e.g. an unclosed IPv6 bracket
        scheme = ""
    if scheme not in _SCHEMES:
        # Never echoes the URL: it may carry a password.
        raise KakaoInputError(
            "redis must be a Redis URL (redis://, rediss:// or unix://) or a redis.asyncio client"
        )
    try:
        _ = parts.port  # urllib checks the port only when it is read
    except ValueError:
        # urllib's words quote what it took for the port: with an unescaped "/", "?" or "#" in
        # the password, that is the password's start.
        raise _not_understood(
            "its port is not a number from 0 to 65535, or a password in it has an unescaped "
            "'/', '?' or '#' (percent-encode it)"
        ) from None
    if scheme == "unix":
        return scheme  # its path is the socket's; a database is ?db=
    if "@" not in parts.netloc and _after_host(parts):
        # An unescaped "/", "?" or "#" in a password (or user name) ends the host part early:
        # a password starting with digits passes for the port, the rest for the path, query
        # or fragment, and redis-py would connect to localhost without it.
        raise _not_understood(
            "a user name or password in it has an unescaped '/', '?' or '#' (percent-encode it)"
        )
    # Percent-decoded, as redis-py reads it ("/%31" is database 1).
    if not _DATABASE.fullmatch(unquote(parts.path)):
        # redis-py reads a path that is not a number as no database at all (db 0), where
        # ``?db=x`` is refused: a typo would put the quota keys in another database, unseen.
        raise _not_understood("its path must be a database number (redis://host:6379/0)")
    return scheme


def _not_understood(why: str) -> KakaoInputError:
    return KakaoInputError(f"redis URL not understood: {why}; the URL is not shown")


def _after_host(parts: SplitResult) -> bool:
    # The "@" ending a user part: in the path or fragment, or in the query before any "="
    # (an option's value, "client_name=me@host", may hold one).
    return "@" in parts.path or "@" in parts.fragment or "@" in parts.query.partition("=")[0]


#: A redis:// URL's path: none, or the database's number.
_DATABASE = re.compile(r"/?([0-9]+/?)?", re.ASCII)


def _owned(
    url: str, *, scheme: str, max_connections: int | None, socket_timeout: float
) -> RedisConnection:
    """A client over a pool of the limiter's own for ``url``: blocking, no retries inside
    redis-py."""
    from redis.asyncio import BlockingConnectionPool, Redis
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    try:
        # Blocking: with many keys asking at once, redis-py's default pool raises "Too many
        # connections" where waiting a moment for a free one is all that is needed.
        pool = BlockingConnectionPool.from_url(
            url,
            max_connections=max_connections or 50,
            timeout=socket_timeout,
            socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout,
            # No retries inside redis-py (its default makes up to 10, with backoff): the
            # limiter retries itself, within the caller's deadline.
            retry=Retry(NoBackoff(), 0),
        )
    except ValueError as exc:
        # redis-py's words name a query option ("Invalid value for 'db' in connection URL.");
        # any other text might quote the URL, and the URL may carry a password.
        said = str(exc)
        why = said if _OPTION_ERROR.fullmatch(said) else "see redis-py's URL format"
        raise KakaoInputError(f"redis URL not understood: {why} (the URL is not shown)") from None
    where = url_where(pool.connection_kwargs, unix=scheme == "unix")
    return RedisConnection(Redis(connection_pool=pool), pool, where)
