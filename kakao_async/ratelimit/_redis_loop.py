"""The event loop a :class:`RedisRateLimiter` serves.

redis-py's asyncio connections are the loop's that opened them: from another loop they fail
with ``RuntimeError`` ("Event loop is closed", "attached to a different loop") from inside
redis-py, which the limiter would report as Redis being unreachable. A limiter therefore
belongs to the loop that first uses it, and says so, with its fail-closed error (nothing is
sent), when another one asks.
"""

from __future__ import annotations

import asyncio

from ..errors import KakaoLimiterError

__all__ = ["LoopGuard"]


class LoopGuard:
    """Remembers the first running loop and refuses every other."""

    __slots__ = ("_loop",)

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None

    def check(self, *, after: str = "the quota'd call was not sent") -> None:
        """Refuse a loop other than the first, the message ending with what became of the call."""
        loop = asyncio.get_running_loop()
        if loop is self._loop:
            return
        if self._loop is not None:
            raise KakaoLimiterError(
                "this RedisRateLimiter belongs to the event loop that first used it (its Redis "
                "connections are that loop's); make one per event loop, e.g. inside each "
                f"asyncio.run(); {after}"
            )
        self._loop = loop
