"""pytest plugin (registered automatically when kakao_async is installed): ``kakao_fake``.

The fixture runs a :class:`FakeKakaoServer` on its own thread and event loop, so it works with
any async test runner (pytest-asyncio, anyio) and with plain synchronous tests alike.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from ._server import FakeKakaoServer

__all__ = ["kakao_fake", "running_fake_server"]


class _Runner:
    def __init__(self, server: FakeKakaoServer) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="kakao-fake", daemon=True)

    def __enter__(self) -> FakeKakaoServer:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(timeout=10)
        return self.server

    def __exit__(self, *exc: object) -> None:
        try:
            asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(timeout=10)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)
            self.loop.close()


def running_fake_server(**kwargs: object) -> _Runner:
    """``with running_fake_server(on_off_interval=0.1) as fake:``: a fake on its own thread."""
    return _Runner(FakeKakaoServer(**kwargs))  # type: ignore[arg-type]


@pytest.fixture
def kakao_fake() -> Iterator[FakeKakaoServer]:
    """A fake Kakao server on a free loopback port; onOff quota interval scaled to 0.05 s.

    Accepts ``kakao_async.testing.DEFAULT_TOKEN``; pass ``fake.base_url`` as both base URLs.
    """
    with running_fake_server(on_off_interval=0.05) as server:
        yield server
