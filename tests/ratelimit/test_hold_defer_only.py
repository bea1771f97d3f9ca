"""A custom limiter written for 0.2.0, whose holds have ``defer`` only (the whole ``Hold``
protocol of that release): ``unused`` is optional, like ``finish_by``. Without it, a turn that
sent nothing still counts as a call, which is the safe side; the call must not fail with an
AttributeError (a refused connection, a change superseded while it waited for its turn)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager

import kakao_async as ka
from kakao_async.endpoints import Quota
from kakao_async.ratelimit import QuotaKeyState

Handler = Callable[[ka.HttpRequest], "ka.HttpResponse | Awaitable[ka.HttpResponse]"]


class DeferOnlyHold:
    """A hold as 0.2.0 defined the protocol."""

    def defer(self, seconds: float) -> None:
        """Not needed here: no call is refused for its quota."""


class OneAtATime:
    """A 0.2-style custom limiter: one call per key at a time, no spacing."""

    interval = 5.0
    margin = 0.0

    def __init__(self) -> None:
        self.locks: dict[str, asyncio.Lock] = {}
        self.turns = 0
        #: Set when the n-th hold is asked for (n = ``asked_for``'s key).
        self.asked_for = {n: asyncio.Event() for n in (1, 2, 3)}
        self.asked = 0

    @asynccontextmanager
    async def hold(
        self, key: str, *, quota: Quota | None = None, deadline: float | None = None
    ) -> AsyncIterator[DeferOnlyHold]:
        self.asked += 1
        if self.asked in self.asked_for:
            self.asked_for[self.asked].set()
        async with self.locks.setdefault(key, asyncio.Lock()):
            self.turns += 1
            yield DeferOnlyHold()

    async def ready_in(self, key: str) -> float:
        return 0.0

    async def snapshot(self, keys: Iterable[str] | None = None) -> tuple[QuotaKeyState, ...]:
        return ()

    async def aclose(self) -> None:
        """Nothing to release."""


def client(handler: Handler, limiter: OneAtATime) -> ka.KakaoClient:
    return ka.KakaoClient(
        "defer-only-hold-token",
        ad_account_id=1,
        transport=ka.MockTransport(handler),
        rate_limiter=limiter,
        retry=ka.RetryPolicy(attempts=2, base=0.01, cap=0.02),
    )


async def test_a_refused_connection_is_retried_through_it() -> None:
    tries: list[ka.HttpRequest] = []

    def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        tries.append(request)
        if len(tries) == 1:
            raise ka.KakaoConnectError("PUT /openapi/v4/creatives/onOff: refused")
        return ka.HttpResponse(200, {}, b"")

    limiter = OneAtATime()
    async with client(handler, limiter) as kakao:
        assert await kakao.moment.creatives.set_config(5, "OFF") is True
    assert len(tries) == 2
    assert limiter.turns == 2


async def test_a_change_superseded_while_it_waited_for_its_turn_reports_so() -> None:
    release = asyncio.Event()
    sent: list[bytes | None] = []

    async def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        sent.append(request.body)
        if len(sent) == 1:
            await release.wait()  # holds the account's turn while the next changes queue
        return ka.HttpResponse(200, {}, b"")

    limiter = OneAtATime()
    async with client(handler, limiter) as kakao:
        first = asyncio.create_task(kakao.moment.creatives.set_config(5, "OFF"))
        await limiter.asked_for[1].wait()
        older = asyncio.create_task(kakao.moment.creatives.set_config(6, "OFF"))
        await limiter.asked_for[2].wait()  # waiting for the turn
        newer = asyncio.create_task(kakao.moment.creatives.set_config(6, "ON"))
        await limiter.asked_for[3].wait()
        release.set()
        results = await asyncio.gather(first, older, newer)
    # The older change to creative 6 was superseded before it was sent: not sent, reported so.
    assert results == [True, False, True]
    assert len(sent) == 2
