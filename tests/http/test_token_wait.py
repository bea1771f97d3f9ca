"""Waiting for the access token inside a call's deadline (README, Reliability: Timeouts, Tokens).

The wait for a token counts against the call's ``timeout``; the wait for the pacer and the quota
turn of a quota'd call does not, whatever kind of token provider the client has. A client closed
under a call waiting for its token ends it with KakaoClosedError.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.endpoints import Quota
from kakao_async.ratelimit import Hold, QuotaKeyState
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import INTERVAL

GUARD = 10.0  # only keeps a broken build from hanging the suite


class Custom:
    """A token provider of the user's own (not a StaticToken): it answers at once."""

    user_key = "custom-user"

    async def token(self) -> str:
        return DEFAULT_TOKEN

    async def refresh(self, failed: Any) -> str | None:
        return None


class Stalled:
    """A token provider whose token never comes."""

    user_key = "stalled-user"

    async def token(self) -> str:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def refresh(self, failed: Any) -> str | None:
        return None


class OwnTimeout:
    """A token provider that gives up by itself, with its own TimeoutError."""

    user_key = "own-timeout-user"

    async def token(self) -> str:
        await asyncio.sleep(0.01)
        raise TimeoutError("the vault did not answer")

    async def refresh(self, failed: Any) -> str | None:
        return None


def providers(fake: FakeKakaoServer) -> dict[str, str | ka.TokenProvider]:
    return {
        "static": DEFAULT_TOKEN,
        "refreshing": ka.RefreshingToken(
            client_id="app",
            refresh_token="unused-refresh",
            access_token=DEFAULT_TOKEN,
            auth_url=fake.base_url,
        ),
        "custom": Custom(),
    }


KINDS = ["static", "refreshing", "custom"]


class Recording:
    """A real limiter that remembers the ``deadline`` each hold was given."""

    def __init__(self) -> None:
        self.inner = ka.MemoryRateLimiter(interval=INTERVAL)
        self.deadlines: list[float | None] = []

    @property
    def interval(self) -> float:
        return self.inner.interval

    @property
    def margin(self) -> float:
        return self.inner.margin

    @asynccontextmanager
    async def hold(
        self, key: str, *, quota: Quota | None = None, deadline: float | None = None
    ) -> AsyncIterator[Hold]:
        self.deadlines.append(deadline)
        async with self.inner.hold(key, quota=quota, deadline=deadline) as hold:
            yield hold

    async def ready_in(self, key: str) -> float:
        return await self.inner.ready_in(key)

    async def snapshot(self, keys: Iterable[str] | None = None) -> tuple[QuotaKeyState, ...]:
        return await self.inner.snapshot(keys)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.parametrize("kind", KINDS)
async def test_a_quota_d_first_attempt_gets_no_deadline_for_its_limiter_whatever_the_token(
    fake: FakeKakaoServer, kind: str
) -> None:
    # The limiter may retry its backend (Redis) until the call's deadline "once the call has
    # started"; a first attempt starts at its turn, so its hold has none (the limiter's own outage
    # tolerance). A deadline set before the turn is never pushed back by the wait for it: a call
    # queued longer than its timeout would get no tolerance at all for a Redis blip.
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    limiter = Recording()
    async with ka.KakaoClient(
        providers(fake)[kind],
        ad_account_id=1,
        moment_base_url=fake.base_url,
        rate_limiter=limiter,
        on_off_interval=INTERVAL,
    ) as kakao:
        assert await kakao.moment.creatives.set_config(ids[0], "OFF") is True
    assert limiter.deadlines == [None]


@pytest.mark.parametrize("kind", KINDS)
async def test_the_pacer_wait_of_a_quota_d_call_counts_the_same_whatever_the_token(
    fake: FakeKakaoServer, kind: str
) -> None:
    # Four quota'd calls on four keys (no turn to wait for) behind a pacer of 2 per second: the
    # third and fourth wait ~0.5 s and ~1 s for it, longer than their 0.3 s timeout. Before its
    # quota turn a call's clock has not started (README: "counted from its quota turn"), so all
    # four go through, as they do with a plain string token.
    seeded = fake.seed(ad_accounts=[1, 2, 3, 4], creatives_per_account=1)
    async with ka.KakaoClient(
        providers(fake)[kind],
        ad_account_id=1,
        moment_base_url=fake.base_url,
        on_off_interval=INTERVAL,
        max_requests_per_second=2,
    ) as kakao:
        calls = [
            kakao.moment.creatives.set_config(ids[0], "OFF", ad_account_id=account, timeout=0.3)
            for account, ids in seeded.items()
        ]
        outcomes = await asyncio.wait_for(asyncio.gather(*calls, return_exceptions=True), GUARD)
    assert outcomes == [True] * 4


class Slow:
    """A token provider that takes 0.2 s to answer."""

    user_key = "slow-user"

    async def token(self) -> str:
        await asyncio.sleep(0.2)
        return DEFAULT_TOKEN

    async def refresh(self, failed: Any) -> str | None:
        return None


async def test_the_wait_for_the_token_still_counts_on_a_quota_d_call(
    fake: FakeKakaoServer,
) -> None:
    # 0.2 s for the token, 0.25 s for the answer: 0.45 s of the call's own work, past its 0.35 s,
    # though the token came before the quota turn started the clock.
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    fake.stall_next(1, seconds=0.25, path="/openapi/v4/creatives/onOff")
    async with ka.KakaoClient(
        Slow(), ad_account_id=1, moment_base_url=fake.base_url, on_off_interval=INTERVAL
    ) as kakao:
        with pytest.raises(ka.KakaoTimeoutError, match=r"within 0\.35s$"):
            await asyncio.wait_for(
                kakao.moment.creatives.set_config(ids[0], "OFF", timeout=0.35), GUARD
            )


async def test_a_client_closed_while_a_call_waits_for_its_token_ends_it_as_closed() -> None:
    kakao = ka.KakaoClient(Stalled(), ad_account_id=1, moment_base_url="https://127.0.0.1:9")
    call = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1, timeout=5))
    await asyncio.sleep(0.05)  # the call waits for its token
    await kakao.aclose()
    with pytest.raises(ka.KakaoClosedError):
        await asyncio.wait_for(call, GUARD)


async def test_a_provider_s_own_timeout_error_is_not_the_call_s_timeout() -> None:
    async with ka.KakaoClient(
        OwnTimeout(), ad_account_id=1, moment_base_url="https://127.0.0.1:9"
    ) as kakao:
        with pytest.raises(TimeoutError, match="vault") as caught:
            await kakao.moment.creatives.list(ad_group_id=1, timeout=5)
    assert not isinstance(caught.value, ka.KakaoError)
