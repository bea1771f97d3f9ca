"""What the scenarios share: a redis-server of a test's own, which it may stop and restart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.redis_server import RedisServer


@pytest.fixture
def redis() -> Iterator[RedisServer]:
    """A redis-server for this test alone (the session's is shared); its directory goes too."""
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        server.cleanup()
