"""Closing under races, as a service meets them. ``KakaoClient.aclose()`` from several
tasks at once and from inside a call's own task; ``kakao_async.fastapi.BulkJobs.aclose()`` when
its own cancellation lands in the loop iteration its job's cancellation completes, and with
several jobs (one failing, one already finished).

Over the shipped ``MockTransport`` or the fake server on loopback. No wall clock: "at once" is
counted in event-loop iterations, so nothing here waits for a timer."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from typing import Any

import pytest

import kakao_async as ka
from kakao_async import events
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import fake_client
from tests.test_cancellation import client_tasks, settle


async def _iterations(n: int = 30) -> None:
    """Let the loop run ``n`` times: enough for every step of a close that waits on no timer."""
    for _ in range(n):
        await asyncio.sleep(0)


def _hanging_client(**options: Any) -> ka.KakaoClient:
    async def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    return ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        transport=ka.MockTransport(handler),
        on_off_interval=0.03,
        **options,
    )


# --- KakaoClient.aclose() ------------------------------------------------------------------


async def test_three_acloses_each_return_only_once_every_call_has_ended() -> None:
    """README, Closing: "aclose() may be called from several tasks at once ...: each returns
    once every call has unwound, and those calls still end with KakaoClosedError". Each of
    three, started one after the other while the first is still waiting, returns only after
    every call has said ``CallEnded`` (an observer sees it before the call's task goes on)."""
    seen: list[events.Event] = []
    kakao = _hanging_client(observers=[seen.append])
    calls = [asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1)) for _ in range(3)]
    calls.append(asyncio.ensure_future(kakao.moment.creatives.set_config(1, "OFF")))
    job = kakao.moment.creatives.start_set_configs([(2, "OFF"), (3, "OFF")])
    await _iterations()
    ended_at_return: list[int] = []

    async def close() -> None:
        await kakao.aclose()
        ended_at_return.append(sum(isinstance(e, events.CallEnded) for e in seen))

    closers = [asyncio.ensure_future(close())]
    await asyncio.sleep(0)  # the first has cancelled the calls and waits for them
    closers += [asyncio.ensure_future(close()) for _ in range(2)]
    await asyncio.gather(*closers)
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    result = await job
    # 4 single calls and the job's two onOffs (one in flight, one waiting for its turn).
    started = sum(isinstance(e, events.CallStarted) for e in seen)
    assert ended_at_return == [started] * 3, (ended_at_return, started)
    assert [type(o) for o in outcomes] == [ka.KakaoClosedError] * 4, outcomes
    assert all(isinstance(r.error, ka.KakaoClosedError) for r in result)
    await settle()
    assert client_tasks() == set()


async def test_three_acloses_over_loopback_close_the_session_once() -> None:
    """The same over real HTTP: every stalled GET ends with ``KakaoClosedError`` and the
    aiohttp session is closed (three closes of one session, concurrently, say nothing)."""
    async with FakeKakaoServer() as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
        fake.stall_next(3, seconds=5)
        kakao = fake_client(fake)
        calls = [asyncio.ensure_future(kakao.moment.creatives.get(i)) for i in ids]
        await asyncio.sleep(0.1)  # all three reached the server (a lower bound only)
        transport = kakao.transport
        assert isinstance(transport, ka.AiohttpTransport)
        session = transport.session
        assert session is not None
        await asyncio.gather(kakao.aclose(), kakao.aclose(), kakao.aclose())
        outcomes = await asyncio.gather(*calls, return_exceptions=True)
        assert [type(o) for o in outcomes] == [ka.KakaoClosedError] * 3, outcomes
        assert session.closed and transport.session is None
        await settle()
        assert client_tasks() == set()


@pytest.mark.skipif(sys.version_info < (3, 11), reason="3.10 cannot tell two cancellations apart")
async def test_a_call_its_caller_cancels_while_two_acloses_end_it_raises_cancelled_error() -> None:
    """The caller's own cancellation is kept (its ``asyncio.timeout`` / ``TaskGroup`` rely on
    it), whichever ``aclose()`` is ending the call at the time."""
    kakao = _hanging_client()
    call = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1))
    await _iterations()
    first = asyncio.ensure_future(kakao.aclose())
    await asyncio.sleep(0)  # the first aclose has cancelled the call
    call.cancel()
    second = asyncio.ensure_future(kakao.aclose())
    outcomes = await asyncio.gather(call, first, second, return_exceptions=True)
    assert [type(o) for o in outcomes] == [asyncio.CancelledError, type(None), type(None)]


@pytest.mark.skipif(sys.version_info >= (3, 11), reason="3.11+ counts cancellations: above")
async def test_on_310_a_call_its_caller_cancels_while_aclose_ends_it_says_closed() -> None:
    """Python 3.10 cannot tell the caller's cancellation from ``aclose()``'s (``_tasks``): the
    call ends with ``KakaoClosedError``, and the caller's cancellation is lost. What README
    says for 3.10 (Reliability, Closing with work in flight); pinned so it stays true."""
    kakao = _hanging_client()
    call = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1))
    await _iterations()
    closing = asyncio.ensure_future(kakao.aclose())
    await asyncio.sleep(0)  # aclose has cancelled the call
    call.cancel()
    outcomes = await asyncio.gather(call, closing, return_exceptions=True)
    assert [type(o) for o in outcomes] == [ka.KakaoClosedError, type(None)]


class _ClosingProvider:
    """A token source whose fetch, cut short, runs cleanup that closes the client (a provider
    that shuts its service down when the vault is unreachable, say). Its ``token()`` runs in
    the task of the call that asked (README: "A custom TokenProvider's token() / refresh() is
    cancelled when the call's deadline ...")."""

    def __init__(self) -> None:
        self.client: ka.KakaoClient | None = None
        self.closed_inside = False

    @property
    def user_key(self) -> str:
        return "closing-provider-user"

    async def token(self) -> str:
        try:
            await asyncio.Event().wait()  # the vault never answers
        except asyncio.CancelledError:
            assert self.client is not None
            await self.client.aclose()
            self.closed_inside = True
            raise
        raise AssertionError("unreachable")

    async def refresh(self, failed: Any) -> None:
        return None


async def test_aclose_from_inside_a_call_another_aclose_is_ending_does_not_stall() -> None:
    """README, Closing: aclose() "may be called from several tasks at once"; one of them may be
    the very call being ended (cleanup in its token provider). Nothing here waits on a timer,
    so both closes must be over within a few loop iterations, not after the 5 s cap."""
    provider = _ClosingProvider()
    kakao = ka.KakaoClient(
        provider,
        ad_account_id=1,
        transport=ka.MockTransport(lambda r: ka.HttpResponse(200, {}, b"")),
    )
    provider.client = kakao
    await _closed_while_it_closes_itself(kakao, lambda: provider.closed_inside)


async def _closed_while_it_closes_itself(kakao: ka.KakaoClient, closed_inside: Any) -> None:
    """A call of ``kakao`` that, ended by ``aclose()``, closes the client itself from inside:
    both closes are over within a few loop iterations (``closed_inside()`` says the inner one
    returned), and the call ends with ``KakaoClosedError``."""
    call = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1))
    await _iterations()
    closer = asyncio.ensure_future(kakao.aclose())
    try:
        await _iterations()
        assert closed_inside(), "the aclose() inside the call is still waiting"
        assert closer.done() and call.done()
    finally:
        closer.cancel()
        call.cancel()
        await asyncio.gather(closer, call, return_exceptions=True)
    assert isinstance(call.exception(), ka.KakaoClosedError)


async def test_aclose_from_a_mock_transport_handler_being_closed_does_not_stall() -> None:
    """The same from a ``MockTransport`` handler's cleanup: the handler runs in the call's own
    task (as an exchange over aiohttp does), not in a task of its own that the call waits for,
    so its ``aclose()`` is the call's and does not wait for itself (5 s on 3.10 / 3.11, where
    ``asyncio.wait_for`` ran the handler in a child task)."""
    closed_inside = False
    kakao: ka.KakaoClient | None = None

    async def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        nonlocal closed_inside
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            assert kakao is not None
            await kakao.aclose()
            closed_inside = True
            raise
        raise AssertionError("unreachable")

    kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, transport=ka.MockTransport(handler))
    await _closed_while_it_closes_itself(kakao, lambda: closed_inside)


class _SlowToUnwind:
    """A transport (README, Testing: any object with ``send`` and ``aclose``) whose exchange,
    once cancelled, takes until ``release`` to unwind (a connection pool's own cleanup)."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.closed = False

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        try:
            await asyncio.Event().wait()
        finally:
            await self.release.wait()
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        self.closed = True


async def test_an_aclose_cut_short_by_a_shutdown_deadline_still_closes_the_transport() -> None:
    """A lifespan's shutdown deadline may cancel ``aclose()`` while it waits for calls to
    unwind: the transport (its connections) is closed all the same, and the cancellation is
    the caller's."""
    transport = _SlowToUnwind()
    kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, transport=transport)
    call = asyncio.ensure_future(kakao.moment.creatives.get(1))
    await _iterations()
    closer = asyncio.ensure_future(kakao.aclose())
    await _iterations()
    assert not closer.done()  # waiting for the call to unwind
    closer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await closer
    assert transport.closed and kakao.closed
    transport.release.set()
    with pytest.raises(ka.KakaoClosedError):
        await call


# --- kakao_async.fastapi.BulkJobs.aclose() ------------------------------------------------


def _stubborn_job(on_cancel: Any) -> ka.BulkJob[int, int]:
    """A job whose work, when cancelled, runs ``on_cancel()`` and then ends cancelled."""
    job: ka.BulkJob[int, int] = ka.BulkJob([1])

    async def work() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            on_cancel()
            raise

    return job.start(work())


async def test_the_registry_s_own_cancellation_is_kept_when_a_job_ends_at_that_moment() -> None:
    """CHANGELOG: a deadline around ``BulkJobs.aclose()`` "fires now". A shutdown deadline's
    timer may fire in the very loop iteration the first job finishes cancelling; it must still
    cut the close short, not let it wait for the next job (here one that never ends)."""
    pytest.importorskip("fastapi")
    from kakao_async.fastapi import BulkJobs

    closer: asyncio.Future[None] | None = None

    def deadline_now() -> None:
        assert closer is not None
        asyncio.get_running_loop().call_soon(closer.cancel)  # runs before closer wakes

    jobs = BulkJobs()
    first = _stubborn_job(deadline_now)
    never = asyncio.Event()

    async def stuck(item: int) -> int:  # a job that winds down forever once cancelled
        try:
            await never.wait()
        except asyncio.CancelledError:
            await never.wait()
        return item

    second = ka.BulkJob.map([1], stuck)
    jobs.add(first)
    jobs.add(second)
    await asyncio.sleep(0)
    closer = asyncio.ensure_future(jobs.aclose())
    try:
        await _iterations()
        assert closer.done(), "BulkJobs.aclose() swallowed its own cancellation"
        assert closer.cancelled()
    finally:
        never.set()
        closer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await closer
        await asyncio.gather(first, second, return_exceptions=True)


async def test_the_registry_closes_several_jobs_however_they_end() -> None:
    """A job already finished, one that fails while being cancelled, one cancelled normally:
    ``aclose()`` returns (raising nothing of theirs) once every running one has ended."""
    pytest.importorskip("fastapi")
    from kakao_async.fastapi import BulkJobs

    jobs = BulkJobs()
    finished = ka.BulkJob.map([1, 2], lambda i: asyncio.sleep(0, i))
    await finished

    failing: ka.BulkJob[int, int] = ka.BulkJob([1])

    async def fails_when_cancelled() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            raise RuntimeError("cleanup failed") from None

    failing.start(fails_when_cancelled())
    plain = ka.BulkJob.map([1, 2, 3], lambda i: asyncio.sleep(60, i))
    for job in (finished, failing, plain):
        jobs.add(job)
    await asyncio.sleep(0)
    await jobs.aclose()
    assert finished.done() and not finished.cancelled()
    assert failing.done() and not failing.cancelled()
    assert plain.cancelled()
    with pytest.raises(RuntimeError, match="cleanup failed"):
        await failing.result()
    await settle()
    assert client_tasks() == set()
