"""The client's own aiohttp session, tied to the event loop that uses it.

An aiohttp session belongs to the loop it was opened on: its pooled connections are that loop's
sockets, and they cannot be closed once the loop is. A client may outlive its loop (built at
import time, then used by one ``asyncio.run()`` after another), so the session it owns is closed
when its loop shuts down, and the next loop opens a new one.

The hook is the loop's own: ``asyncio.run()`` (and ``asyncio.Runner``, pytest-asyncio,
uvicorn) closes every async generator still suspended on the loop (``shutdown_asyncgens``)
before closing it, after cancelling its tasks. A suspended generator that holds the session
closes it there. Collected while its loop runs (a client dropped without ``aclose()``), the
generator is closed by the loop as well, so a forgotten client leaves no socket behind. Unlike
a watcher task it is invisible to ``asyncio.all_tasks()``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable

import aiohttp

from .._loops import running_loop_for

__all__ = ["LoopSession"]


async def _keep(session: aiohttp.ClientSession) -> AsyncGenerator[None, None]:
    """Suspended for as long as ``session`` serves its loop; closes it when closed."""
    try:
        yield
    finally:
        await session.close()


class LoopSession:
    """One owned session per event loop, opened on first use in that loop."""

    __slots__ = ("_keeper", "_open", "loop", "session")

    def __init__(self, open_session: Callable[[], aiohttp.ClientSession]) -> None:
        self._open = open_session
        #: The session of :attr:`loop` (None until the first request, and after close).
        self.session: aiohttp.ClientSession | None = None
        #: The loop :attr:`session` belongs to (read on every request: a plain attribute).
        self.loop: asyncio.AbstractEventLoop | None = None
        self._keeper: AsyncGenerator[None, None] | None = None

    async def here(self) -> aiohttp.ClientSession:
        """The session of the running loop, opened now if this loop has none yet."""
        # Its sockets and waiters are one loop's: serving two would break either.
        loop = running_loop_for(
            self.loop,
            "this KakaoClient's HTTP connections belong to another event loop that is still "
            "open (another thread's?); give each loop its own client, or close that loop first",
        )
        if self.loop is loop and self.session is not None:
            return self.session
        await self.close()  # an ended loop's session: asyncio.run() has closed it already
        session = self._open()
        keeper = _keep(session)
        await keeper.asend(None)  # now suspended on this loop, which will close it
        self.session, self.loop, self._keeper = session, loop, keeper
        return session

    async def close(self) -> None:
        """Close the session (at once, not when its loop ends)."""
        keeper = self._keeper
        self.session = self._keeper = self.loop = None
        if keeper is not None:
            await keeper.aclose()
