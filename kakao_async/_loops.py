"""The one rule for state tied to an event loop (waiters, timers, sockets): it belongs to the
first running loop that uses it, until that loop is closed; then the next loop may take it over.
Another loop asking while the first is still open (another thread's) is refused."""

from __future__ import annotations

import asyncio

__all__ = ["running_loop_for"]


def running_loop_for(
    owner: asyncio.AbstractEventLoop | None, refusal: str
) -> asyncio.AbstractEventLoop:
    """The running loop, if state owned by ``owner`` (``None``: nobody yet) may serve it:
    ``owner`` itself, or any loop once ``owner`` is closed. Else ``RuntimeError(refusal)``."""
    loop = asyncio.get_running_loop()
    if loop is not owner and owner is not None and not owner.is_closed():
        raise RuntimeError(refusal)
    return loop
