"""``max_requests_per_second``: a leaky bucket for request starts, one per event loop.

aiolimiter's ``AsyncLimiter`` belongs to the loop that first waits on it (its waiters are that
loop's futures) and warns when another loop uses it. A client may serve one ``asyncio.run()``
after another, so each loop gets its own bucket: the old loop, and whoever waited there, are
gone. A loop still open elsewhere (another thread's) is refused, as the quota limiter does.
"""

from __future__ import annotations

import asyncio

from aiolimiter import AsyncLimiter

from .._loops import running_loop_for

__all__ = ["Pacer"]


class Pacer:
    """Up to ``rate`` request starts at once, then ``rate`` per second."""

    __slots__ = ("_bucket", "_loop", "_rate")

    def __init__(self, rate: float) -> None:
        self._rate = rate
        self._bucket = _bucket(rate)
        self._loop: asyncio.AbstractEventLoop | None = None

    async def acquire(self) -> None:
        """Wait until one more request may start."""
        if asyncio.get_running_loop() is not self._loop:
            loop = running_loop_for(
                self._loop,
                "this KakaoClient's max_requests_per_second belongs to another event loop "
                "that is still open (another thread's?); give each loop its own client",
            )
            if self._loop is not None:
                self._bucket = _bucket(self._rate)
            self._loop = loop
        await self._bucket.acquire()


def _bucket(rate: float) -> AsyncLimiter:
    """A leaky bucket for ``rate`` requests per second.

    AsyncLimiter(rate, 1.0) holds ``rate`` units, and a request takes one: below 1/s it could
    never acquire. Below 1/s the bucket holds one request per ``1 / rate`` seconds instead.
    """
    if rate < 1:
        return AsyncLimiter(1, 1 / rate)
    return AsyncLimiter(rate, 1.0)
