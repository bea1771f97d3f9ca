"""What an experienced asyncio user relies on in a long-lived service: ``asyncio.timeout()``,
``wait_for`` and ``TaskGroup`` around calls and jobs, a job cancelled mid-run, ``aclose()`` with
work in flight, a closed client used again, clients sharing one limiter, and a BaseException
through a job. Each through the public API only, over the shipped ``MockTransport`` (whose
handler records when each request started and ended) or the fake server on loopback.

Timing assertions are lower bounds only (the limiter's spacing): a loaded machine can only make
the gaps longer."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

import kakao_async as ka
from kakao_async import events
from kakao_async.testing import FakeKakaoServer, fake_server_process, on_off_gaps
from tests.conftest import FAST_RETRY, INTERVAL, SECRETS, fake_client
from tests.test_cancellation import client_tasks, settle
from tests.test_hygiene_loops import SLOW_CALLBACK

TOKEN = "lifecycle-token-0123456789"
SECRETS.add(TOKEN)

needs_311 = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="asyncio.timeout and TaskGroup are 3.11+"
)


class Server:
    """A ``MockTransport`` handler: answers every request (200, Kakao's empty list body), can
    hold onOff calls until released, and records when each request started and ended."""

    def __init__(self) -> None:
        self.open = asyncio.Event()
        self.open.set()
        #: (creative id or None, started, ended, how it ended: "answered" / "cancelled").
        self.calls: list[tuple[int | None, float, float, str]] = []
        #: Set once an onOff call has reached the handler.
        self.reached = asyncio.Event()

    def hold_on_offs(self) -> None:
        self.open.clear()

    def release(self) -> None:
        self.open.set()

    def on_offs(self) -> list[tuple[int | None, float, float, str]]:
        return [c for c in self.calls if c[0] is not None]

    async def __call__(self, request: ka.HttpRequest) -> ka.HttpResponse:
        started = time.monotonic()
        creative = json.loads(request.body)["id"] if request.body else None
        if creative is not None:
            self.reached.set()
        try:
            if creative is not None:
                await self.open.wait()
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            self.calls.append((creative, started, time.monotonic(), "cancelled"))
            raise
        self.calls.append((creative, started, time.monotonic(), "answered"))
        body = b"" if creative is not None else b'{"content": []}'
        return ka.HttpResponse(200, {}, body)


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
async def mocked(server: Server) -> AsyncIterator[ka.KakaoClient]:
    async with ka.KakaoClient(
        TOKEN, ad_account_id=1, transport=ka.MockTransport(server), on_off_interval=INTERVAL
    ) as client:
        yield client


def on_off_key(kakao: ka.KakaoClient) -> str:
    return kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)


async def ready_in(kakao: ka.KakaoClient) -> float:
    (state,) = await kakao.quota_snapshot([on_off_key(kakao)])
    return state.ready_in


# --- one call under asyncio.timeout / wait_for ---------------------------------------------


@needs_311
async def test_a_timeout_around_a_sent_call_counts_its_turn_from_where_it_was_cut(
    server: Server, mocked: ka.KakaoClient
) -> None:
    """The caller sees the builtin ``TimeoutError`` of its own ``asyncio.timeout()``; the call
    was sent, so its turn is spent (never handed to the next call at once), and counted from
    where it ended: the next call of the key starts one interval later, not later than that."""
    server.hold_on_offs()
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.05):
            await mocked.moment.creatives.set_config(1, "OFF")
    server.release()
    await settle()
    assert client_tasks() == set()
    ((_, _, cut, how),) = server.on_offs()
    assert how == "cancelled"  # the request itself was cancelled, not left running
    left = await ready_in(mocked)
    assert 0 < left <= INTERVAL + mocked.rate_limiter.margin  # not lost, not doubled
    assert await mocked.moment.creatives.set_config(2, "OFF") is True
    (_, started, _, _) = server.on_offs()[-1]
    assert started - cut >= INTERVAL


async def test_a_wait_for_around_a_call_still_waiting_for_its_turn_sends_nothing(
    server: Server, mocked: ka.KakaoClient
) -> None:
    """README: "cancelling a waiting call frees its place, a sent one counts"."""
    server.hold_on_offs()
    first = asyncio.ensure_future(mocked.moment.creatives.set_config(1, "OFF"))
    await server.reached.wait()  # 3.12's wait_for runs its call in this task, at once
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(mocked.moment.creatives.set_config(2, "OFF"), 0.05)
    (state,) = await mocked.quota_snapshot([on_off_key(mocked)])
    assert state.waiting == 0 and state.in_flight
    server.release()
    assert await first is True
    assert await mocked.moment.creatives.set_config(3, "OFF") is True
    assert [c[0] for c in server.on_offs()] == [1, 3]  # 2 never went out
    (_, _, first_end, _), (_, third_start, _, _) = server.on_offs()
    assert third_start - first_end >= INTERVAL
    await settle()
    assert client_tasks() == set()


# --- jobs under asyncio.timeout / wait_for ---------------------------------------------------


async def assert_cancelled_job_is_stable(job: ka.BulkJob[Any, Any]) -> None:
    """After a cancel: done and cancelled; ``await job``, ``job.result()`` and ``watch()``
    agree, each asked twice; the progress stops counting (ETA 0)."""
    assert job.done() and job.cancelled()
    frozen = job.progress
    assert frozen.eta == 0
    assert frozen.done == sum(r is not None for r in job.results)
    for _ in range(2):
        with pytest.raises(asyncio.CancelledError):
            await job
        with pytest.raises(asyncio.CancelledError):
            await job.result()
        seen = [p async for p in job.watch()]
        assert seen == [frozen]
    await asyncio.sleep(INTERVAL * 2)
    assert job.progress == frozen


@needs_311
async def test_a_timeout_around_await_job_cancels_the_job_and_keeps_what_finished(
    server: Server, mocked: ka.KakaoClient
) -> None:
    job = mocked.moment.creatives.start_set_configs([(i, "OFF") for i in range(1, 21)])
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(INTERVAL * 3.5):
            await job  # ties the job to this task: the timeout cancels it
    await settle()
    assert client_tasks() == set()
    # The key's turn is neither lost nor handed out twice by the cancel: a call of it follows
    # one interval after the last one sent ended.
    assert 0 < await ready_in(mocked) <= INTERVAL + mocked.rate_limiter.margin
    by_job = server.on_offs()
    assert await mocked.moment.creatives.set_config(100, "ON") is True
    (creative, started, _, _) = server.on_offs()[-1]
    assert creative == 100 and started - max(c[2] for c in by_job) >= INTERVAL
    await assert_cancelled_job_is_stable(job)
    finished = [r for r in job.results if r is not None]
    assert finished and all(r.ok and r.value == "OFF" for r in finished)
    # Every item the server answered has its result; nothing was sent after the cancel.
    answered = [c[0] for c in by_job if c[3] == "answered"]
    assert answered == [r.item.creative_id for r in finished]
    assert len(by_job) - len(answered) <= 1  # at most the one in flight, cut


async def test_wait_for_around_job_result_leaves_the_job_running(
    server: Server, mocked: ka.KakaoClient
) -> None:
    """README: "cancelling this wait leaves the job running"."""
    job = mocked.moment.creatives.start_set_configs([(i, "OFF") for i in range(1, 6)])
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(job.result(), INTERVAL / 2)
    assert not job.done()
    result = await job.result()
    assert result.ok and len(result) == 5 and not job.cancelled()
    assert [c[0] for c in server.on_offs()] == [1, 2, 3, 4, 5]


@needs_311
async def test_a_timeout_around_a_blocking_bulk_call_leaves_nothing_running(
    server: Server, mocked: ka.KakaoClient
) -> None:
    """``set_configs`` (not ``start_``) cut by the caller's timeout while an item is in flight:
    no lane, worker or request task stays behind, and the key's next call still waits one
    interval from where the cut call ended."""
    server.hold_on_offs()
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.1):
            await mocked.moment.creatives.set_configs([(i, "OFF") for i in range(1, 4)])
    server.release()
    await settle()
    assert client_tasks() == set()
    ((creative, _, cut, how),) = server.on_offs()
    assert (creative, how) == (1, "cancelled")
    assert await mocked.moment.creatives.set_config(1, "ON") is True
    assert server.on_offs()[-1][1] - cut >= INTERVAL
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.01):
            await mocked.moment.creatives.get_many(list(range(1, 200)), concurrency=3)
    await settle()
    assert client_tasks() == set()


@needs_311
async def test_a_task_group_sibling_failure_cancels_calls_and_jobs_cleanly(
    server: Server, mocked: ka.KakaoClient
) -> None:
    class Boom(Exception):
        pass

    async def fail_soon() -> None:
        await asyncio.sleep(0.05)
        raise Boom

    server.hold_on_offs()
    # ExceptionGroup by name: the module must still import on 3.10.
    with pytest.raises(Exception) as caught:  # noqa: PT011, PT012
        async with asyncio.TaskGroup() as group:
            group.create_task(mocked.moment.creatives.set_config(1, "OFF"))
            group.create_task(mocked.moment.creatives.set_configs([(2, "OFF"), (3, "OFF")]))
            group.create_task(fail_soon())
    assert type(caught.value).__name__ == "ExceptionGroup"
    # Only the sibling's error: the cancelled calls and job add no KakaoError of their own.
    assert [type(e) for e in getattr(caught.value, "exceptions", ())] == [Boom]
    server.release()
    await settle()
    assert client_tasks() == set()
    # The client is not hurt: the next call of the key goes out after one interval.
    assert await mocked.moment.creatives.set_config(4, "OFF") is True
    sent = server.on_offs()
    assert [c[0] for c in sent][-1] == 4
    assert sent[-1][1] - max(c[2] for c in sent[:-1]) >= INTERVAL


# --- a job cancelled mid-run --------------------------------------------------------------


async def test_a_job_cancelled_mid_run_over_loopback(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=6)
    async with fake_client(fake, on_off_interval=INTERVAL, retry=FAST_RETRY) as kakao:
        job = kakao.moment.creatives.start_set_configs(
            [ka.ConfigChange(i, "OFF", ad_account_id=a) for a in (1, 2) for i in ids[a]]
        )
        async for progress in job.watch():
            if progress.done >= 4:
                break
        assert job.cancel() is True
        assert not job.cancelled()  # until its task has seen it (README)
        async for _ in job.watch():
            pass
        await assert_cancelled_job_is_stable(job)
        assert job.cancel() is False  # a second cancel is a no-op
        # What finished is what the server applied; the rest was not applied after the cancel.
        applied = {c.creative_id for c in fake.on_off_calls}
        finished = {r.item.creative_id for r in job.results if r is not None}
        assert finished <= applied and len(applied - finished) <= 2  # one in flight per account
        await settle()
        assert client_tasks() == set()
        # The quota is intact: the next calls of both accounts meet no 429.
        again = await kakao.moment.creatives.set_configs(
            [ka.ConfigChange(i, "ON", ad_account_id=a) for a in (1, 2) for i in ids[a][:2]]
        )
    assert again.ok and fake.on_off_rejections == 0


# --- aclose() with work in flight, and a closed client ------------------------------------


class SlowToken:
    """A custom TokenProvider whose first token takes as long as the test says."""

    user_key = "lifecycle-user"

    def __init__(self) -> None:
        self.gate = asyncio.Event()

    async def token(self) -> ka.Secret:
        await self.gate.wait()
        return ka.Secret(TOKEN)

    async def refresh(self, failed: Any) -> ka.Secret | None:
        return None


async def test_aclose_ends_calls_and_jobs_waiting_for_a_token_and_sends_nothing_later(
    server: Server,
) -> None:
    tokens = SlowToken()
    mock = ka.MockTransport(server)
    kakao = ka.KakaoClient(tokens, ad_account_id=1, transport=mock, on_off_interval=INTERVAL)
    single = asyncio.ensure_future(kakao.moment.creatives.set_config(1, "OFF"))
    read = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1))
    job = kakao.moment.creatives.start_set_configs([(2, "OFF"), (3, "OFF")])
    reads = kakao.moment.creatives.start_get_many([4, 5])
    await asyncio.sleep(0.05)
    await kakao.aclose()
    for call in (single, read):
        with pytest.raises(ka.KakaoClosedError):
            await call
    for bulk in (await job, await reads):
        assert all(isinstance(r.error, ka.KakaoClosedError) for r in bulk)
    tokens.gate.set()  # the token arrives after the close: nothing may go out with it
    await asyncio.sleep(INTERVAL)
    assert mock.requests == []
    assert client_tasks() == set()


async def test_a_closed_client_refuses_everything_also_when_entered_again(
    mocked: ka.KakaoClient,
) -> None:
    await mocked.aclose()
    await mocked.aclose()  # twice is fine
    async with mocked:  # entering a closed client does not reopen it
        with pytest.raises(ka.KakaoClosedError):
            await mocked.moment.creatives.set_config(1, "OFF")
        with pytest.raises(ka.KakaoClosedError):
            mocked.moment.creatives.start_get_many([1])
        with pytest.raises(ka.KakaoClosedError):
            await mocked.moment.creatives.get_many([1])
    assert mocked.closed


# --- two clients sharing one limiter at the same time -------------------------------------


async def test_two_clients_of_one_user_sharing_a_limiter_space_one_key_once(
    fake: FakeKakaoServer,
) -> None:
    """README: "pass one to share it between clients". Two services of one user (one token)
    switching the same ad account at the same time are spaced as one: the fake, which keeps
    one window per (user, account), refuses nothing."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=8)[1]
    limiter = ka.MemoryRateLimiter(interval=INTERVAL)
    async with (
        fake_client(fake, rate_limiter=limiter, retry=FAST_RETRY) as a,
        fake_client(fake, rate_limiter=limiter, retry=FAST_RETRY) as b,
    ):
        assert a.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1) == on_off_key(b)
        job = a.moment.creatives.start_set_configs([(i, "OFF") for i in ids[:4]])
        singles = [b.moment.creatives.set_config(i, "OFF") for i in ids[4:]]
        outcomes = await asyncio.gather(job.result(), *singles)
    assert outcomes[0].ok and outcomes[1:] == [True] * 4
    assert fake.on_off_rejections == 0 and len(fake.on_off_calls) == 8
    assert all(gap >= INTERVAL for gap in on_off_gaps(fake.on_off_calls)[1])


# --- a BaseException that is not an error -------------------------------------------------


class Shutdown(BaseException):
    """What a service raises to stop everything (a KeyboardInterrupt-like BaseException)."""


async def test_a_base_exception_through_a_job_ends_it_and_reaches_every_waiter() -> None:
    """Not a ``KakaoError``, so not an item's failure: it ends the job as it ends any asyncio
    task; ``await job`` and ``result()`` raise it, ``watch()`` ends, nothing stays running."""
    count = 0

    def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        nonlocal count
        count += 1
        if count == 2:
            raise Shutdown
        return ka.HttpResponse(200, {}, b"")

    seen: list[events.Event] = []
    async with ka.KakaoClient(
        TOKEN,
        ad_account_id=1,
        transport=ka.MockTransport(handler),
        on_off_interval=0.01,
        observers=[seen.append],
    ) as kakao:
        job = kakao.moment.creatives.start_set_configs([(i, "OFF") for i in range(1, 5)])
        for _ in range(2):
            with pytest.raises(Shutdown):
                await job
            with pytest.raises(Shutdown):
                await job.result()
        assert [p.done async for p in job.watch()] == [1]
        assert job.done() and not job.cancelled() and job.progress.eta == 0
        await settle()
        assert client_tasks() == set()
        # The key is not stuck: the next call goes out.
        assert await kakao.moment.creatives.set_config(9, "ON") is True
    ended = [e for e in seen if isinstance(e, events.CallEnded)]
    assert [e.outcome for e in ended][:2] == ["ok", "error"]


# --- whose timeout was it -----------------------------------------------------------------


@needs_311
async def test_the_call_s_timeout_and_the_caller_s_timeout_are_told_apart(
    server: Server, mocked: ka.KakaoClient
) -> None:
    """The call's own ``timeout=`` ends it with ``KakaoTimeoutError`` (a ``KakaoError``, not the
    builtin ``TimeoutError``); the caller's ``asyncio.timeout()`` with the builtin
    ``TimeoutError`` (not a ``KakaoError``), so ``except TimeoutError`` around a call catches
    only the caller's own deadline. The events say which: ``error`` or ``cancelled``."""
    seen: list[events.Event] = []
    mocked.add_observer(seen.append)
    server.hold_on_offs()
    with pytest.raises(ka.KakaoTimeoutError) as own:
        await mocked.moment.creatives.set_config(1, "OFF", timeout=0.05)
    assert not isinstance(own.value, TimeoutError)
    with pytest.raises(TimeoutError) as callers:
        async with asyncio.timeout(0.05):
            await mocked.moment.creatives.set_config(2, "OFF")
    assert not isinstance(callers.value, ka.KakaoError)
    server.release()
    ended = [(e.outcome, e.error) for e in seen if isinstance(e, events.CallEnded)]
    assert ended == [("error", "KakaoTimeoutError"), ("cancelled", None)]
    await settle()
    assert client_tasks() == set()


# --- watchers of a cancelled job ----------------------------------------------------------


async def test_watchers_following_a_job_see_its_end_when_it_is_cancelled(
    mocked: ka.KakaoClient,
) -> None:
    """Every ``watch()`` in progress ends with the job's last progress when it is cancelled;
    a watcher whose own task is cancelled stops without disturbing the others."""
    job = mocked.moment.creatives.start_set_configs([(i, "OFF") for i in range(1, 30)])

    async def follow() -> list[ka.Progress]:
        return [p async for p in job.watch()]

    watchers = [asyncio.ensure_future(follow()) for _ in range(3)]
    async for progress in job.watch():
        if progress.done >= 2:
            break
    watchers[1].cancel()
    job.cancel()
    first, third = await watchers[0], await watchers[2]
    with pytest.raises(asyncio.CancelledError):
        await watchers[1]
    assert job.cancelled()
    assert first[-1] == third[-1] == job.progress and job.progress.done >= 2
    await settle()
    assert client_tasks() == set()


# --- a job left running when asyncio.run() ends -------------------------------------------


def test_a_job_left_running_by_one_asyncio_run_does_not_cost_the_next_one_a_429(
    kakao_fake: FakeKakaoServer,
) -> None:
    """A script (or a test) that leaves a job running when its ``asyncio.run()`` ends: the run
    cancels the job as it cancels every task left; the same client, and a second client on the
    same limiter, then switch the same ad account in the next ``asyncio.run()`` at the quota,
    with no 429 from the server and nothing left running."""
    ids = kakao_fake.seed(ad_accounts=[1], creatives_per_account=8)[1]
    limiter = ka.MemoryRateLimiter(interval=0.05)
    first, second = (
        fake_client(kakao_fake, rate_limiter=limiter, retry=FAST_RETRY) for _ in range(2)
    )

    async def leave_running() -> ka.BulkJob[Any, Any]:
        job = first.moment.creatives.start_set_configs([(i, "OFF") for i in ids])
        async for progress in job.watch():
            if progress.done >= 2:
                break
        return job

    job = asyncio.run(leave_running())
    assert job.cancelled() and 2 <= job.progress.done < len(ids)

    async def carry_on() -> tuple[ka.BulkResult[Any, Any], bool, set[asyncio.Task[Any]]]:
        result = await second.moment.creatives.set_configs([(i, "ON") for i in ids])
        applied = await first.moment.creatives.set_config(ids[0], "OFF")
        await first.aclose()
        await second.aclose()
        return result, applied, asyncio.all_tasks() - {asyncio.current_task()}

    result, applied, left = asyncio.run(carry_on())
    assert result.ok and applied is True and left == set()
    assert kakao_fake.on_off_rejections == 0
    assert all(gap >= 0.05 for gap in on_off_gaps(kakao_fake.on_off_calls)[1])


@pytest.mark.parametrize("how", ["aclose", "cancel"])
async def test_a_client_closed_or_its_job_cancelled_frees_a_shared_key_for_the_other(
    how: str,
) -> None:
    """Two clients of one user share a limiter; the first runs a job on the account (its lane
    keeps the key from call to call) while the second has calls queued on the same key. When
    the first client closes, or its job is cancelled, the second's calls go out next, an
    interval apart from the last call sent, and nothing of the first goes out any more."""
    sent: list[tuple[int, float]] = []

    async def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        sent.append((json.loads(request.body)["id"], time.monotonic()))
        await asyncio.sleep(0)
        return ka.HttpResponse(200, {}, b"")

    limiter = ka.MemoryRateLimiter(interval=INTERVAL / 2)
    first, second = (
        ka.KakaoClient(
            TOKEN, ad_account_id=1, transport=ka.MockTransport(handler), rate_limiter=limiter
        )
        for _ in range(2)
    )
    job = first.moment.creatives.start_set_configs([(i, "OFF") for i in range(1, 20)])
    async for progress in job.watch():
        if progress.done >= 2:
            break
    queued = [
        asyncio.ensure_future(second.moment.creatives.set_config(i, "ON")) for i in (100, 101)
    ]
    await asyncio.sleep(0)
    if how == "aclose":
        await first.aclose()
    else:
        job.cancel()
    assert await asyncio.gather(*queued) == [True, True]
    ids = [i for i, _ in sent]
    assert ids[-2:] == [100, 101] and all(i < 20 for i in ids[:-2])
    times = [t for _, t in sent]
    assert all(b - a >= INTERVAL / 2 for a, b in itertools.pairwise(times))
    await asyncio.gather(job.result(), return_exceptions=True)
    await first.aclose()
    await second.aclose()
    await settle()
    assert client_tasks() == set()


# --- Ctrl-C in a worker -------------------------------------------------------------------

INTERRUPTED_WORKER = """
import asyncio, sys
import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN

url = sys.argv[1]

async def main():
    async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=url,
                              on_off_interval=0.05) as kakao:
        ids = [c.id for c in await kakao.moment.creatives.list(ad_group_id=1)]
        job = kakao.moment.creatives.start_set_configs([(i, "OFF") for i in ids])
        reads = kakao.moment.creatives.start_get_many(ids * 20, concurrency=3)
        single = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[0], "ON"))
        print("started", flush=True)
        try:
            await job
        finally:
            print(job.cancelled(), flush=True)

try:
    asyncio.run(main())
except KeyboardInterrupt:
    print("interrupted")
"""


@pytest.mark.skipif(sys.version_info < (3, 11), reason="3.10's asyncio.run has no SIGINT handler")
def test_ctrl_c_in_a_worker_awaiting_a_job_cancels_it_and_exits_quietly() -> None:
    """SIGINT while ``asyncio.run()`` awaits a job, with a second job and a single call in
    flight: the job is cancelled, leaving ``async with`` closes the client, the run ends in
    ``KeyboardInterrupt``, and under ``-X dev -W error`` with asyncio's debug mode nothing else
    is said: no task destroyed pending, no unclosed session, no unretrieved error."""
    # 100 creatives at 0.05 s: the job cannot end within 4.9 s, so the signal finds it running.
    args = ["--seed-accounts", "1", "--seed-creatives", "100"]
    with fake_server_process(on_off_interval=0.05, args=args) as url:
        worker = subprocess.Popen(
            [sys.executable, "-X", "dev", "-W", "error", "-c", INTERRUPTED_WORKER, url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONASYNCIODEBUG": "1"},
        )
        assert worker.stdout is not None
        assert worker.stdout.readline() == "started\n"
        time.sleep(0.2)
        worker.send_signal(signal.SIGINT)
        out, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, err
    assert out == "True\ninterrupted\n"
    assert SLOW_CALLBACK.sub("", err) == ""


# --- the FastAPI job registry under a shutdown deadline -----------------------------------


def _slow_to_stop() -> tuple[ka.BulkJob[int, int], asyncio.Event, asyncio.Event]:
    """A one-item job whose work, once cancelled, takes a second to wind down; with the events
    set once its work runs and once it is winding down."""
    started, winding_down = asyncio.Event(), asyncio.Event()

    async def work(item: int) -> int:
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            winding_down.set()
            await asyncio.sleep(1)  # e.g. releasing what it holds, over the network
            raise
        return item

    return ka.BulkJob.map([1], work), started, winding_down


async def test_a_deadline_around_closing_the_job_registry_is_kept() -> None:
    """A service bounds its shutdown: ``asyncio.wait_for(jobs.aclose(), ...)`` (or
    ``asyncio.timeout()``) must end with a timeout when a job takes longer to wind down, not
    wait for it: swallowing the waiting task's own ``CancelledError`` breaks every asyncio
    deadline and TaskGroup around it."""
    pytest.importorskip("fastapi")
    from kakao_async.fastapi import BulkJobs

    jobs = BulkJobs()
    job, started, winding_down = _slow_to_stop()
    jobs.add(job)
    # Running, not only scheduled: on 3.12 wait_for runs aclose() in this task, one loop
    # iteration sooner, and a job cancelled before its worker ran never winds down at all.
    await started.wait()
    try:
        await asyncio.wait_for(jobs.aclose(), 0.05)
        timed_out = False
    except asyncio.TimeoutError:
        timed_out = True
    assert winding_down.is_set()
    with contextlib.suppress(asyncio.CancelledError):
        await job
    assert timed_out, "jobs.aclose() outlived its deadline: its cancellation was swallowed"


async def test_a_lifespan_cut_short_while_closing_jobs_still_closes_the_client() -> None:
    """The same deadline around a ``kakao_lifespan`` shutdown: cutting short the wait for the
    jobs must not leave the client (and its connections) open."""
    pytest.importorskip("fastapi")
    from fastapi import FastAPI

    from kakao_async.fastapi import kakao_lifespan

    app = FastAPI()
    lifespan = kakao_lifespan(lambda: ka.KakaoClient("t" * 20))(app)
    await lifespan.__aenter__()
    client: ka.KakaoClient = app.state.kakao
    job, started, _ = _slow_to_stop()
    app.state.kakao_jobs.add(job)
    await started.wait()  # running, not only scheduled (see the test above)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(lifespan.__aexit__(None, None, None), 0.05)
    assert client.closed
    with contextlib.suppress(asyncio.CancelledError):
        await job
