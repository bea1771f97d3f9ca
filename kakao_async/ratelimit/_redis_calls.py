"""Running the limiter's Lua scripts through a Redis that may be briefly unreachable.

Redis errors that say "cannot tell now" (refused or reset connections, timeouts, a full pool, a
loading or read-only server, a failover) are retried with capped, fully jittered exponential
backoff, for ``outage_timeout`` seconds from the first error and never past the caller's
deadline; anything else, or an outage that lasts longer, is :class:`KakaoLimiterError` (fail
closed: nothing goes out without Redis' consent).
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time
from collections.abc import Mapping
from typing import Any

from ..errors import KakaoLimiterError

__all__ = ["ScriptCaller", "where"]

logger = logging.getLogger("kakao_async.ratelimit")

#: Backoff between retries of a failed script call: full jitter, doubling from the base up to the
#: cap. The cap is low because an outage ends at an unknown moment and the quota waits on us.
_BACKOFF_BASE = 0.05
_BACKOFF_CAP = 1.0


def where(connection: Mapping[str, Any], *, unix: bool) -> str:
    """Where a pool's connections go, for messages (never the password): a ``unix://`` URL's
    socket path, else ``host:port``. Read from the pool's ``connection_kwargs``, what redis-py
    made of the URL, not from the URL: redis-py takes a host, port or path from the query when
    the URL has none, unquotes them, and defaults the host to localhost."""
    if unix:
        return str(connection.get("path") or "?")
    host = str(connection.get("host") or "localhost")
    port = connection.get("port") or 6379
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class ScriptCaller:
    """Calls registered scripts with the limiter's outage tolerance."""

    __slots__ = ("outage_timeout", "retryable", "where")

    def __init__(self, *, where: str, outage_timeout: float) -> None:
        from redis import exceptions as rx

        self.where = where
        self.outage_timeout = outage_timeout
        # Errors that say "cannot tell now", not "never": connection trouble (which includes a
        # full pool and a server still loading), timeouts, and a failover in progress.
        self.retryable: tuple[type[BaseException], ...] = (
            OSError,
            asyncio.TimeoutError,
            rx.ConnectionError,
            rx.TimeoutError,
            rx.ReadOnlyError,
            rx.TryAgainError,
            rx.ClusterDownError,
        )

    async def __call__(
        self, script: Any, keys: list[str], args: list[Any], deadline: float | None
    ) -> Any:
        """Run ``script`` on ``keys``, retrying Redis errors for ``outage_timeout`` from the
        first one, and never past ``deadline``. The scripts are safe to repeat: acquire
        recognises its own hold, release and the others are idempotent."""
        failures = 0
        give_up = math.inf
        while True:
            try:
                return await script(keys=keys, args=args)
            except self.retryable as exc:
                failures += 1
                if failures == 1:
                    # Counted from the first failure, not from when the wait began: queueing
                    # for a busy key must not use up the tolerance of an outage.
                    give_up = time.monotonic() + self.outage_timeout
                    if deadline is not None:
                        give_up = min(give_up, deadline)
                left = give_up - time.monotonic()
                # Always one fresh try: a pooled connection may have died with a Redis restart.
                if failures > 1 and left <= 0:
                    raise self.unavailable(exc) from exc
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
                raise self.unavailable(exc) from exc

    def unavailable(self, exc: BaseException) -> KakaoLimiterError:
        # Says nothing about the call: an acquire that fails means it was not sent (the
        # limiter says so), a release that fails comes after the call went out.
        return KakaoLimiterError(
            f"quota limiter unavailable (Redis at {self.where}: {type(exc).__name__})"
        )
