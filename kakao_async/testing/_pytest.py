"""pytest plugin (registered automatically when kakao_async is installed): ``kakao_fake``.

The fixture runs a :class:`FakeKakaoServer` on its own thread and event loop, so it works with
any async test runner (pytest-asyncio, anyio) and with plain synchronous tests alike.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from ..endpoints import QUOTAS
from ._server import FakeKakaoServer

__all__ = ["kakao_fake", "running_fake_server"]

#: The interval of every quota the ``kakao_fake`` fixture enforces (Kakao's: 1 s or 5 s).
FIXTURE_INTERVAL = 0.05


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
    """A fake Kakao server on a free loopback port; every quota's interval scaled to 0.05 s
    (onOff, budgets, bids, ad group writes, reports; each keeps its scope).

    Accepts ``kakao_async.testing.DEFAULT_TOKEN``; pass ``fake.base_url`` as both base URLs.
    """
    # Every quota, not only onOff: a test of campaigns or reports scaled like the README's
    # example would otherwise meet Kakao's 1 s and 5 s windows and count 429s it did not cause.
    quotas = dict.fromkeys(QUOTAS, FIXTURE_INTERVAL)
    with running_fake_server(on_off_interval=FIXTURE_INTERVAL, quotas=quotas) as server:
        yield server
