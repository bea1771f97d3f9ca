"""A custom limiter's hold: ``finish_by`` is optional, and given the call's own deadline."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

import kakao_async as ka
from kakao_async.endpoints import Quota
from kakao_async.ratelimit import QuotaKeyState
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer


class PlainHold:
    """A hold with both methods the protocol declares (0.2.0 declared ``defer`` alone)."""

    def defer(self, seconds: float) -> None:
        """Not needed here: the fake is never asked twice within its interval."""

    def unused(self) -> None:
        """Nothing to give back."""


class TimedHold(PlainHold):
    def __init__(self) -> None:
        self.turn = time.monotonic()
        self.deadline: float | None = None

    def finish_by(self, deadline: float) -> None:
        self.deadline = deadline


class OneAtATime:
    """A custom limiter (no spacing: each test makes one call) that keeps the holds it gave."""

    interval = 5.0
    margin = 0.0

    def __init__(self, hold_type: type[PlainHold]) -> None:
        self.hold_type = hold_type
        self.holds: list[PlainHold] = []

    @asynccontextmanager
    async def hold(
        self, key: str, *, quota: Quota | None = None, deadline: float | None = None
    ) -> AsyncIterator[PlainHold]:
        self.holds.append(self.hold_type())
        yield self.holds[-1]

    async def ready_in(self, key: str) -> float:
        return 0.0

    async def snapshot(self, keys: Iterable[str] | None = None) -> tuple[QuotaKeyState, ...]:
        return ()

    async def aclose(self) -> None:
        """Nothing to release."""


async def switch(fake: FakeKakaoServer, limiter: OneAtATime, timeout: float) -> bool:
    c = fake.add_moment_creative(ad_account_id=1)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        rate_limiter=limiter,
        timeout=timeout,
    ) as kakao:
        return await kakao.moment.creatives.set_config(c.id, "OFF")


async def test_a_hold_without_finish_by_still_serves_calls(fake: FakeKakaoServer) -> None:
    limiter = OneAtATime(PlainHold)
    assert await switch(fake, limiter, timeout=7.0) is True
    assert len(limiter.holds) == 1


async def test_finish_by_gets_the_calls_deadline_counted_from_its_turn(
    fake: FakeKakaoServer,
) -> None:
    limiter = OneAtATime(TimedHold)
    assert await switch(fake, limiter, timeout=7.0) is True
    (hold,) = limiter.holds
    assert isinstance(hold, TimedHold) and hold.deadline is not None
    assert 6.9 < hold.deadline - hold.turn <= 7.0
