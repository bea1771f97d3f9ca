"""A connection pool's places: an exchange takes one (within its deadline) before aiohttp takes
a connection, so a call beyond the pool's size that gets none in time is known to be unsent
(``KakaoConnectError``), not a timeout in aiohttp's queue that may have reached Kakao."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

import kakao_async as ka
from kakao_async._http._pool import PoolPlaces
from kakao_async.events import CallEvent, RequestSent, ResponseReceived
from kakao_async.testing import FakeKakaoServer
from tests.conftest import fake_client


async def _turns(n: int = 5) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


async def test_places_go_to_waiters_first_come_first_served() -> None:
    places = PoolPlaces(1)
    places.free -= 1  # taken
    order: list[int] = []

    async def waiter(number: int) -> None:
        await places.wait()
        order.append(number)

    waiters = [asyncio.ensure_future(waiter(n)) for n in range(3)]
    await _turns()
    for _ in range(3):
        places.leave()
        await _turns()
    await asyncio.gather(*waiters)
    assert order == [0, 1, 2] and places.free == 0
    places.leave()
    assert places.free == 1


async def test_a_cancelled_waiter_loses_its_turn_and_no_place() -> None:
    places = PoolPlaces(1)
    places.free -= 1
    first = asyncio.ensure_future(places.wait())
    second = asyncio.ensure_future(places.wait())
    await _turns()
    first.cancel()
    await _turns()
    places.leave()  # to the second: the first no longer waits
    await asyncio.wait_for(second, 1)
    assert places.free == 0


async def test_a_place_handed_over_as_its_waiter_is_cancelled_is_passed_on() -> None:
    places = PoolPlaces(1)
    places.free -= 1
    first = asyncio.ensure_future(places.wait())
    second = asyncio.ensure_future(places.wait())
    await _turns()
    places.leave()  # the first's future resolves ...
    first.cancel()  # ... and its task is cancelled before it runs again
    await _turns()
    assert first.cancelled()
    await asyncio.wait_for(second, 1)  # the place went on to the second
    places.leave()
    assert places.free == 1


async def test_a_call_finding_no_place_in_time_fails_unsent_and_typed() -> None:
    """A caller's session of 2 connections: 10 GETs at once, each answered
    in 0.2 s, each with 0.5 s. Those still waiting for a place when their deadline passes were
    never sent (``KakaoConnectError``), not timed out in aiohttp's queue as ``KakaoTimeoutError``
    (which says the request may have reached Kakao)."""
    async with FakeKakaoServer(latency=(0.1, 0.1)) as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=10)[1]
        connector = aiohttp.TCPConnector(limit=2)
        async with aiohttp.ClientSession(connector=connector) as session:
            transport = ka.AiohttpTransport(session=session)
            async with fake_client(fake, transport=transport, timeout=0.5) as kakao:
                got = await asyncio.gather(
                    *(kakao.moment.creatives.get(i) for i in ids), return_exceptions=True
                )
    read = [g for g in got if isinstance(g, ka.MomentCreative)]
    failed = [g for g in got if not isinstance(g, ka.MomentCreative)]
    # Unsent, or sent with too little of its 0.5 s left for the answer.
    assert all(isinstance(e, (ka.KakaoConnectError, ka.KakaoTimeoutError)) for e in failed)
    unsent = [e for e in failed if isinstance(e, ka.KakaoConnectError)]
    assert read and unsent, got
    assert len(fake.requests) <= len(got) - len(unsent)  # none of the unsent reached the server


async def test_a_pool_without_any_cap_sends_every_call() -> None:
    async with FakeKakaoServer() as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            transport = ka.AiohttpTransport(session=session)
            async with fake_client(fake, transport=transport) as kakao:
                await asyncio.gather(*(kakao.moment.creatives.get(i) for i in ids))
    assert len(fake.requests) == 3


async def test_clients_sharing_a_callers_session_share_its_places() -> None:
    """aiohttp's advice is one session per application: two clients (one per advertiser's
    token) share it, its pool capped at 1 connection. While one client's GET holds that
    connection, the other's GET finds no place within its 0.3 s: it was never sent
    (``KakaoConnectError``), not timed out in aiohttp's queue as ``KakaoTimeoutError``."""
    async with FakeKakaoServer() as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        fake.stall_next(1, seconds=60)
        connector = aiohttp.TCPConnector(limit=1)
        async with aiohttp.ClientSession(connector=connector) as session:

            def client(**options: object) -> ka.KakaoClient:
                return fake_client(fake, transport=ka.AiohttpTransport(session=session), **options)

            async with (
                client() as one,
                client(timeout=0.3, retry=ka.RetryPolicy(attempts=1)) as other,
            ):
                busy = asyncio.ensure_future(one.moment.creatives.get(ids[0]))
                while not fake.in_flight:  # noqa: ASYNC110 - the fake has no event for an arrival
                    await asyncio.sleep(0.01)
                try:
                    with pytest.raises(ka.KakaoConnectError):
                        await other.moment.creatives.get(ids[1])
                finally:
                    busy.cancel()
                    await asyncio.gather(busy, return_exceptions=True)
    assert fake.requests.received == 1  # only the stalled GET reached the fake


async def test_a_call_waiting_for_a_place_keeps_its_redis_hold(redis_url: str) -> None:
    """Two workers share Redis, each with ``hold_timeout`` (1 s) above its ``timeout`` (0.5 s),
    as the README asks. Worker A's only connection is taken by 20 stalled GETs in turn (each
    timing out after 0.5 s) when its onOff gets its key's turn in Redis and waits behind them
    for a place. Its wait ends with its timeout, well before ``hold_timeout``: worker B's onOff
    of the same creative is not let in while A's may still go out (58de5f3 waited outside the
    timeout, past ``hold_timeout``: the hold expired, B was let in, and once A's connection
    was free the two arrived within the quota's interval and one was refused, 429)."""
    interval = 2.0  # A sends a few ms after B: far inside it
    async with FakeKakaoServer(on_off_interval=interval) as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        sent = asyncio.Event()

        def observe(event: CallEvent) -> None:
            if isinstance(event, RequestSent) and event.method == "PUT":
                sent.set()  # A has its key's turn (held in Redis) and waits for a place

        def worker(limiter: ka.RedisRateLimiter, **options: object) -> ka.KakaoClient:
            return fake_client(
                fake, rate_limiter=limiter, on_off_interval=interval, timeout=0.5, **options
            )

        async with (
            ka.RedisRateLimiter(redis_url, interval=interval, hold_timeout=1.0) as one,
            ka.RedisRateLimiter(redis_url, interval=interval, hold_timeout=1.0) as other,
            worker(one, max_connections=1, observers=[observe]) as a,
            worker(other) as b,
        ):
            fake.stall_next(20, seconds=60, method="GET")
            busy = [asyncio.ensure_future(a.moment.creatives.get(creative.id)) for _ in range(20)]
            while not fake.in_flight:  # noqa: ASYNC110 - the fake has no event for an arrival
                await asyncio.sleep(0.01)
            first = asyncio.ensure_future(a.moment.creatives.set_config(creative.id, "OFF"))
            await sent.wait()
            # B's turn comes once A's onOff has given up (unsent) or gone out.
            assert await b.moment.creatives.set_config(creative.id, "ON") is True
            for call in busy:
                call.cancel()  # A's connection is free: its onOff goes out now
            await asyncio.gather(*busy, first, return_exceptions=True)
        assert fake.requests.statuses().get(429, 0) == 0, fake.requests.statuses()


async def test_a_call_cancelled_while_waiting_for_a_place_started_an_attempt_with_no_answer() -> (
    None
):
    """README's events table: ``RequestSent`` is an attempt handed to the transport, which may
    still wait for a pooled connection; one cancelled in that wait never reached the server,
    and its ``ResponseReceived`` says so (no status, ``CancelledError``): count requests that
    reached Kakao by the answers with a status."""
    events: list[CallEvent] = []
    async with FakeKakaoServer() as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        fake.stall_next(1, seconds=60)
        async with fake_client(fake, max_connections=1, observers=[events.append]) as kakao:
            busy = asyncio.ensure_future(kakao.moment.creatives.get(ids[0]))
            while not fake.in_flight:  # noqa: ASYNC110 - the fake has no event for an arrival
                await asyncio.sleep(0.01)
            waiting = asyncio.ensure_future(kakao.moment.creatives.get(ids[1]))
            await _turns(20)
            waiting.cancel()
            busy.cancel()
            await asyncio.gather(busy, waiting, return_exceptions=True)
        assert fake.requests.received == 1  # only the stalled one arrived
    sent = [e for e in events if isinstance(e, RequestSent)]
    answers = [e for e in events if isinstance(e, ResponseReceived)]
    assert len(sent) == len(answers) == 2, events
    assert [(a.status, a.error) for a in answers] == [(None, "CancelledError")] * 2


async def test_a_per_host_cap_leaves_another_hosts_call_its_own_place() -> None:
    """Two hosts (two fakes), one caller's session capping each host at 1 connection: while
    one client's GET holds its host's connection, the other client's GET to the other host is
    sent (aiohttp would give it a connection at once)."""
    async with FakeKakaoServer() as busy_fake, FakeKakaoServer() as free_fake:
        (busy_id,) = busy_fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        (free_id,) = free_fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        busy_fake.stall_next(1, seconds=60)
        connector = aiohttp.TCPConnector(limit=0, limit_per_host=1)
        async with aiohttp.ClientSession(connector=connector) as session:
            async with (
                fake_client(busy_fake, transport=ka.AiohttpTransport(session=session)) as one,
                fake_client(
                    free_fake,
                    transport=ka.AiohttpTransport(session=session),
                    timeout=0.5,
                    retry=ka.RetryPolicy(attempts=1),
                ) as other,
            ):
                busy = asyncio.ensure_future(one.moment.creatives.get(busy_id))
                while not busy_fake.in_flight:  # noqa: ASYNC110 - no event for an arrival
                    await asyncio.sleep(0.01)
                try:
                    creative = await other.moment.creatives.get(free_id)
                finally:
                    busy.cancel()
                    await asyncio.gather(busy, return_exceptions=True)
    assert creative.id == free_id
