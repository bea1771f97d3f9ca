"""The places of one connection pool, taken by each exchange (within its deadline) before aiohttp
takes a connection: a call that gets none in time is known never to have been sent."""

from __future__ import annotations

import asyncio
import collections
import weakref

__all__ = ["PoolPlaces", "places_of"]


class PoolPlaces:
    """Free places of one connection pool (its size: aiohttp's connector ``limit``), used on
    its session's event loop. An exchange takes one while ``free`` is above 0 (no await: the
    common case costs an exchange a subtraction), else waits its turn; each gives it back."""

    __slots__ = ("_waiting", "free")

    def __init__(self, size: int) -> None:
        self.free = size
        self._waiting: collections.deque[asyncio.Future[None]] = collections.deque()

    async def wait(self) -> None:
        """Wait until a place is handed over, first come first served (only when none is
        free)."""
        place = asyncio.get_running_loop().create_future()
        self._waiting.append(place)
        try:
            await place
        except asyncio.CancelledError:
            if place.done() and not place.cancelled():
                self.leave()  # handed over just as this waiter was cancelled: pass it on
            raise

    def leave(self) -> None:
        """Give a place back: to the longest waiter still waiting, else to the free ones."""
        waiting = self._waiting
        while waiting:
            place = waiting.popleft()
            if not place.done():
                place.set_result(None)
                return
        self.free += 1


def places_of(connector: object | None, size: int) -> PoolPlaces:
    """The places of ``connector``'s pool (``size`` of them), shared by every transport that
    uses it: clients sharing a caller's session (aiohttp's advice is one per application)
    would otherwise each take up to ``size`` places, and a call beyond the pool's size would
    again wait in aiohttp's queue, and time out there as if it may have been sent."""
    if connector is None:  # a closed session: the exchange fails at once, typed
        return PoolPlaces(size)
    try:
        places = _BY_CONNECTOR.get(connector)
        if places is None:
            places = _BY_CONNECTOR[connector] = PoolPlaces(size)
    except TypeError:  # a connector of its own without weak references: not shared
        places = PoolPlaces(size)
    return places


#: The places of each pool in use, by its connector (gone with it).
_BY_CONNECTOR: weakref.WeakKeyDictionary[object, PoolPlaces] = weakref.WeakKeyDictionary()
