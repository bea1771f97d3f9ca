"""Shared fixtures: a running fake Kakao server and a client pointed at it."""

from __future__ import annotations

import gc
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.redis_server import RedisServer

DATA = Path(__file__).parent / "data"

#: Scaled-down onOff quota used by timing-sensitive tests (Kakao's is 5 s).
INTERVAL = 0.1


#: The suite's clients retry as the default policy does, with the backoff scaled down.
FAST_RETRY = ka.RetryPolicy(base=0.01, cap=0.05)


def fake_client(
    fake: FakeKakaoServer, token: str = DEFAULT_TOKEN, **options: Any
) -> ka.KakaoClient:
    """A client of ``token`` for ad account 1 talking to ``fake`` (both APIs); ``options`` as
    :class:`~kakao_async.KakaoClient` takes them."""
    return ka.KakaoClient(
        token,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        **options,
    )


@pytest.fixture
def no_collector() -> Iterator[None]:
    """Only reference counting frees objects while the test runs."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def sample(name: str) -> Any:
    """A response sample, exactly as Kakao's documents show it."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def sample_bytes(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture(params=["json", "orjson"])
def json_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once with each JSON parser the client can use (orjson: the [speed] extra)."""
    import kakao_async._http._interpret as interpret_module

    module = pytest.importorskip(request.param)
    # The library's own stdlib reading (NaN and Infinity refused, as orjson does), not json's.
    parse = module.loads if request.param == "orjson" else interpret_module.stdlib_loads
    monkeypatch.setattr(interpret_module, "loads", parse)
    return str(request.param)


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    """A fake Kakao server on a free loopback port, quota interval ``INTERVAL``."""
    async with FakeKakaoServer(on_off_interval=INTERVAL) as server:
        yield server


@pytest.fixture
async def kakao(fake: FakeKakaoServer) -> AsyncIterator[ka.KakaoClient]:
    """A client for ad account 1 talking to ``fake``, with the same scaled interval."""
    async with fake_client(fake, on_off_interval=INTERVAL, retry=FAST_RETRY) as client:
        yield client


class _Everything(logging.Handler):
    """Keeps the text of every record, with tracebacks, for the end-of-suite secrets check."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.texts.append(text)


#: Every token or secret any test hands to a client, a provider or the fake server.
SECRETS: set[str] = {DEFAULT_TOKEN}
#: Tokens the fake's OAuth endpoint mints look like this.
MINTED = re.compile(r"fake-(access|refresh)-\d+-[0-9a-f]{12}")

_capture = _Everything()


@pytest.fixture(scope="session", autouse=True)
def secret_log_capture() -> Iterator[list[str]]:
    """Log everything kakao_async and aiohttp say at DEBUG during the whole suite; at the end,
    no token may appear in any of it."""
    loggers = [logging.getLogger(name) for name in ("kakao_async", "aiohttp")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
        lg.addHandler(_capture)
    yield _capture.texts
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(_capture)
        lg.setLevel(level)
    leaks = [t for t in _capture.texts if any(s in t for s in SECRETS) or MINTED.search(t)]
    assert not leaks, f"token text found in {len(leaks)} log records, e.g. {leaks[0][:200]!r}"


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real redis-server on a free loopback port for the whole session."""
    server = RedisServer()
    server.start()
    yield server
    server.cleanup()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> Iterator[str]:
    """The session's Redis, running (restarted if a test stopped it), flushed after the test."""
    if redis_server.proc is None:
        redis_server.start()
    yield redis_server.url
    if redis_server.proc is None:
        redis_server.start()
    import redis as sync_redis

    client = sync_redis.Redis.from_url(redis_server.url)
    client.flushall()
    client.close()
