"""A tiny aiohttp.web server on loopback, for hostile behaviour the fake server cannot produce."""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable

import attrs
from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@attrs.define
class Seen:
    """What a loopback server received: one ``(method, path, body)`` per request."""

    requests: list[tuple[str, str, bytes]] = attrs.field(factory=list)
    #: Each request's path and query as sent (percent-encoding and all).
    raw_paths: list[str] = attrs.field(factory=list)


@contextlib.asynccontextmanager
async def serve(handler: Handler) -> AsyncIterator[tuple[str, Seen]]:
    """Run ``handler`` for every method and path on a free loopback port; yield its base URL
    and the record of what arrived."""
    seen = Seen()

    async def record(request: web.Request) -> web.StreamResponse:
        seen.requests.append((request.method, request.path, await request.read()))
        seen.raw_paths.append(request.raw_path)
        return await handler(request)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", record)
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}", seen
    finally:
        await runner.cleanup()


def bomb(size: int, *, gzip: bool) -> bytes:
    """``[`` + ``size`` spaces + ``]``, compressed (about 1000:1), built without ever holding
    the inflated text."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31 if gzip else 15)
    block = b" " * (1 << 20)
    parts = [comp.compress(b"[")]
    parts += [comp.compress(block) for _ in range(size >> 20)]
    parts += [comp.compress(b"]"), comp.flush()]
    return b"".join(parts)
