"""A fake and a client with every Moment quota scaled down to ``INTERVAL``."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.endpoints import QUOTAS
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import INTERVAL


def scaled_client(
    fake: FakeKakaoServer, interval: float = INTERVAL, **kwargs: Any
) -> ka.KakaoClient:
    """A client for ad account 1 whose every quota is ``interval``.

    Today's limiter spaces every quota by ``on_off_interval``; a client that also takes
    per-quota intervals (``quotas=``) gets them all set too, so these tests mean the same
    either way.
    """
    if "quotas" in inspect.signature(ka.KakaoClient).parameters:
        kwargs.setdefault("quotas", {name: interval for name in QUOTAS})
    kwargs.setdefault("ad_account_id", 1)
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        on_off_interval=interval,
        retry=ka.RetryPolicy(base=0.01, cap=0.05),
        **kwargs,
    )


@pytest.fixture
async def scaled_fake() -> AsyncIterator[FakeKakaoServer]:
    """A fake Kakao server demanding ``INTERVAL`` between calls of every quota."""
    async with FakeKakaoServer(quotas={name: INTERVAL for name in QUOTAS}) as server:
        yield server


@pytest.fixture
async def scaled_kakao(scaled_fake: FakeKakaoServer) -> AsyncIterator[ka.KakaoClient]:
    """A client for ad account 1 with every quota at ``INTERVAL``."""
    async with scaled_client(scaled_fake) as client:
        yield client
