"""An OAuth token endpoint on loopback that answers with an error of the test's making (to
check what of it reaches the caller): ``answer(form) -> (json body, status)``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

Answer = Callable[[Mapping[str, str]], tuple[dict[str, Any], int]]


@asynccontextmanager
async def echoing_oauth(answer: Answer) -> AsyncIterator[str]:
    """Serve ``POST /oauth/token`` with ``answer``; yields the base URL (``auth_url=``)."""

    async def token(request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        body, status = answer(form)
        return web.json_response(body, status=status)

    app = web.Application()
    app.router.add_post("/oauth/token", token)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()
