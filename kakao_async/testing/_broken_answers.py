"""Answers that break HTTP on purpose, for the fault kinds that do: a connection reset, a body
cut short, a body trickled out a byte at a time. Each takes only the request (and a delay), so
:mod:`._faults` decides which one applies."""

from __future__ import annotations

import asyncio
from typing import NoReturn

from aiohttp import web

__all__ = ["reset", "trickled", "truncated"]


def reset(request: web.Request) -> NoReturn:
    """Drop the connection without an answer."""
    if request.transport is not None:
        request.transport.abort()
    raise asyncio.CancelledError  # nothing more to say on a dropped connection


async def truncated(request: web.Request) -> web.StreamResponse:
    """Promise a body, deliver part of it, hang up."""
    response = await _promised(request)
    await response.write(b'{"id": 1, "na')
    if request.transport is not None:
        request.transport.close()
    return response


async def trickled(request: web.Request, seconds: float) -> web.StreamResponse:
    """Slow loris: a byte every ``seconds``, never finishing within a sane timeout."""
    response = await _promised(request)
    try:
        for _ in range(1000):
            await response.write(b" ")
            await asyncio.sleep(seconds)
    except ConnectionResetError:
        # The client gave up (as a timeout should make it): the normal end of this fault,
        # not a server error worth a traceback.
        pass
    return response


async def _promised(request: web.Request) -> web.StreamResponse:
    # Headers sent, a 1000-byte JSON body promised: what follows is less, or slower.
    response = web.StreamResponse(status=200)
    response.content_type = "application/json"
    response.content_length = 1000
    await response.prepare(request)
    return response
