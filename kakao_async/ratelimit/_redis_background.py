"""The Redis limiter's background work (releases and take-backs of holds) and its closing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Coroutine
from typing import Any, TypeVar

from ._redis_pool import RedisConnection

__all__ = ["Background"]

T = TypeVar("T")


class Background:
    """Tasks that record holds' ends in Redis, which closing waits for. ``closed`` is set
    when closing begins: the limiter then refuses new holds, but a call in flight still gets
    its release written (or its key would stay held for hold_timeout). redis-py reopens a
    connection for it, so the last such task closes the connections again."""

    __slots__ = ("closed", "connection", "tasks")

    def __init__(self, connection: RedisConnection) -> None:
        self.connection = connection
        self.tasks: set[asyncio.Task[None]] = set()
        self.closed = False

    def run(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run ``work`` as a task :meth:`close` waits for."""
        task = asyncio.ensure_future(self._then_reclose(work))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def _then_reclose(self, work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        finally:
            # This task is still in the set: at one, no other one needs the connection.
            if self.closed and len(self.tasks) <= 1:
                await self.connection.close()

    async def reclose(self) -> None:
        """Once closed, close again what a late script call reopened, unless a task is still
        running (the last one closes it then)."""
        if self.closed and not self.tasks:
            await self.connection.close()

    async def reclosing(self, asking: Awaitable[T]) -> T:
        """``await asking`` (script calls), then :meth:`reclose`: an aclose() meanwhile cuts
        a call under way, and its retry reconnects."""
        try:
            return await asking
        finally:
            await self.reclose()

    async def close(self, timeout: float) -> int:
        """Mark closed, give pending tasks ``timeout`` seconds, cancel the rest, close the
        connections; returns how many were cancelled."""
        self.closed = True
        late: set[asyncio.Task[None]] = set()
        if self.tasks:
            _, late = await asyncio.wait(set(self.tasks), timeout=timeout)
            for task in late:
                task.cancel()
            if late:  # cancelled, they end at once; none may outlive the Redis client
                await asyncio.wait(late)
        await self.connection.close()
        return len(late)
