"""An ASGI app under uvicorn on a free loopback port, for tests that call it over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import uvicorn

from tests.redis_server import free_port


@contextlib.asynccontextmanager
async def serve(app: Any, *, log_level: str = "warning") -> AsyncIterator[httpx.AsyncClient]:
    """``app`` served with its lifespan; yield an HTTP client bound to it, then shut it down."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level=log_level, lifespan="on")
    )
    task = asyncio.ensure_future(server.serve())
    while not server.started:
        assert not task.done(), "uvicorn did not start"
        await asyncio.sleep(0.01)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield client
    finally:
        server.should_exit = True
        await task
