"""Shared fixtures: a running fake Kakao server and a client pointed at it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

DATA = Path(__file__).parent / "data"

#: Scaled-down onOff quota used by timing-sensitive tests (Kakao's is 5 s).
INTERVAL = 0.1


def sample(name: str) -> Any:
    """A response sample, exactly as Kakao's documents show it."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def sample_bytes(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    """A fake Kakao server on a free loopback port, quota interval ``INTERVAL``."""
    async with FakeKakaoServer(on_off_interval=INTERVAL) as server:
        yield server


@pytest.fixture
async def kakao(fake: FakeKakaoServer) -> AsyncIterator[ka.KakaoClient]:
    """A client for ad account 1 talking to ``fake``, with the same scaled interval."""
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        on_off_interval=INTERVAL,
        retry=ka.RetryPolicy(base=0.01, cap=0.05),
    ) as client:
        yield client
