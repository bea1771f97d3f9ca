"""Many tasks on one client, as a busy service has them: concurrent single calls of one quota key
(arrival order, last value wins, no 429), the same mixed with a bulk job of the same keys, two
``aclose()`` at once, callbacks and observers that raise while a job runs, and, through all of
it, no secret in a log record at DEBUG or in the repr of any public object a user holds.

Over the fake server on loopback, or the shipped ``MockTransport``; timing assertions are lower
bounds only."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Iterator
from typing import Any

import pytest

import kakao_async as ka
from kakao_async import events
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, on_off_gaps
from tests.conftest import FAST_RETRY, SECRETS, fake_client
from tests.test_cancellation import client_tasks, settle

#: Shorter than the suite's INTERVAL: these tests queue a dozen calls on one key.
STEP = 0.03
REFRESH = "concurrency-refresh-0123456789"
CLIENT_SECRET = "concurrency-client-secret-0123456789"
SECRETS.update({REFRESH, CLIENT_SECRET})


@pytest.fixture
async def fake() -> Any:
    async with FakeKakaoServer(on_off_interval=STEP) as server:
        yield server


def sent_order(fake: FakeKakaoServer) -> list[tuple[int, str]]:
    return [(c.creative_id, c.config) for c in fake.on_off_calls]


async def test_single_calls_of_one_key_from_many_tasks_go_in_arrival_order(
    fake: FakeKakaoServer,
) -> None:
    """README: one call in flight per key, "handed over first come first served"; none meets
    a 429 at the server, and consecutive calls are an interval apart there."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=12)[1]
    async with fake_client(fake, on_off_interval=STEP, retry=FAST_RETRY) as kakao:
        tasks = [asyncio.ensure_future(kakao.moment.creatives.set_config(i, "OFF")) for i in ids]
        assert await asyncio.gather(*tasks) == [True] * len(ids)
    assert sent_order(fake) == [(i, "OFF") for i in ids]
    assert fake.on_off_rejections == 0
    assert all(gap >= STEP for gap in on_off_gaps(fake.on_off_calls)[1])


async def test_many_tasks_switching_the_same_creatives_end_in_the_last_value(
    fake: FakeKakaoServer,
) -> None:
    """README: "the last value submitted for a creative is its final state"; a change that a
    newer one replaced before it could be sent returns False and is not sent."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    plan = [(ids[n % 3], "OFF" if n % 2 else "ON") for n in range(15)]
    async with fake_client(fake, on_off_interval=STEP, retry=FAST_RETRY) as kakao:
        tasks = [asyncio.ensure_future(kakao.moment.creatives.set_config(i, c)) for i, c in plan]
        applied = await asyncio.gather(*tasks)
    last = {i: c for i, c in plan}
    assert all(fake.moment_creative(i).config == c for i, c in last.items())
    sent = sent_order(fake)
    assert sorted(sent) == sorted(p for p, a in zip(plan, applied, strict=True) if a)
    assert [applied[n] for n in range(12, 15)] == [True] * 3  # every last change was sent
    assert fake.on_off_rejections == 0


async def test_single_calls_mixed_with_a_bulk_job_of_the_same_keys(
    fake: FakeKakaoServer,
) -> None:
    """A bulk job over two accounts, and while it runs, single calls from many tasks reversing
    some of its changes: every creative ends in the value submitted last, the job's replaced
    items say ``superseded``, no 429, no two calls of one account closer than the interval."""
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=5)
    changes = [ka.ConfigChange(i, "OFF", ad_account_id=a) for a in (1, 2) for i in ids[a]]
    reversed_ = [(a, i) for a in (1, 2) for i in ids[a][2:]]
    async with fake_client(fake, on_off_interval=STEP, retry=FAST_RETRY) as kakao:
        job = kakao.moment.creatives.start_set_configs(changes)
        async for progress in job.watch():
            if progress.done >= 2:
                break
        singles = [
            asyncio.ensure_future(kakao.moment.creatives.set_config(i, "ON", ad_account_id=a))
            for a, i in reversed_
        ]
        result = await job
        assert await asyncio.gather(*singles) == [True] * len(reversed_)
    assert len(result) == len(changes) and all(r.ok for r in result)
    for change, item in zip(changes, result, strict=True):
        expected = "ON" if (change.ad_account_id, change.creative_id) in reversed_ else "OFF"
        assert fake.moment_creative(change.creative_id).config == expected
        if expected == "ON":
            # Replaced before it was sent, or sent and then switched back by the single call.
            assert item.superseded or (change.creative_id, "OFF") in sent_order(fake)
    assert fake.on_off_rejections == 0
    assert all(gap >= STEP for gaps in on_off_gaps(fake.on_off_calls).values() for gap in gaps)


async def test_a_storm_of_timeouts_on_one_key_neither_loses_nor_doubles_a_turn(
    fake: FakeKakaoServer,
) -> None:
    """Twenty callers of one key each under its own ``wait_for`` (seeded random timeouts, so
    some are cut while waiting, some while sent), beside a job on the same key whose
    ``result()`` wait also times out: the server refuses nothing (no turn handed out twice),
    and afterwards the key is free (nobody waiting, nothing in flight, at most one interval to
    wait: no turn lost), its next call goes out, and the limiter forgets it."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=30)[1]
    fake.latency = (0.0, 0.01)
    pick = random.Random(18)
    async with fake_client(fake, on_off_interval=STEP, retry=FAST_RETRY) as kakao:

        async def one(creative_id: int) -> bool | str:
            try:
                return await asyncio.wait_for(
                    kakao.moment.creatives.set_config(creative_id, "OFF"), pick.uniform(0, 0.5)
                )
            except asyncio.TimeoutError:
                return "timeout"

        job = kakao.moment.creatives.start_set_configs([(i, "ON") for i in ids[20:]])
        outcomes = await asyncio.gather(*(one(i) for i in ids[:20]))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(job.result(), 0.05)
        assert (await job).ok
        assert "timeout" in outcomes and True in outcomes  # both kinds happened
        key = kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
        ((state,),) = [await kakao.quota_snapshot([key])]
        assert state.waiting == 0 and not state.in_flight
        assert state.ready_in <= STEP + kakao.rate_limiter.margin
        assert await kakao.moment.creatives.set_config(ids[0], "ON") is True
        limiter = kakao.rate_limiter
        assert isinstance(limiter, ka.MemoryRateLimiter)
        for _ in range(100):
            if len(limiter) == 0:
                break
            await asyncio.sleep(STEP)
        assert len(limiter) == 0
    assert fake.on_off_rejections == 0
    assert all(gap >= STEP for gap in on_off_gaps(fake.on_off_calls)[1])
    await settle()
    assert client_tasks() == set()


# --- two aclose() at once -----------------------------------------------------------------


async def test_two_acloses_at_once_still_end_every_call_with_kakao_closed_error() -> None:
    """README, Closing with work in flight: ``aclose()`` (or leaving ``async with``) "ends every
    call still in flight with ``KakaoClosedError``", and a running job reports every unfinished
    item that way. A service may close from two places at once (its lifespan's shutdown and a
    signal handler; ``async with`` exiting while another task closes)."""
    never = asyncio.Event()

    async def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        await never.wait()
        raise AssertionError("unreachable")

    kakao = ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, transport=ka.MockTransport(handler), on_off_interval=STEP
    )
    call = asyncio.ensure_future(kakao.moment.creatives.set_config(1, "OFF"))
    read = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1))
    job = kakao.moment.creatives.start_set_configs([(2, "OFF"), (3, "OFF")])
    await asyncio.sleep(0.05)
    await asyncio.gather(kakao.aclose(), kakao.aclose())
    outcomes = await asyncio.gather(call, read, job.result(), return_exceptions=True)
    await settle()
    assert client_tasks() == set()
    assert [type(o) for o in outcomes[:2]] == [ka.KakaoClosedError] * 2, outcomes
    assert isinstance(outcomes[2], ka.BulkResult), outcomes[2]
    assert all(isinstance(r.error, ka.KakaoClosedError) for r in outcomes[2])


# --- callbacks and observers that raise while a job runs ---------------------------------


async def test_raising_callbacks_and_observers_cost_a_log_record_not_the_job(
    fake: FakeKakaoServer, caplog: pytest.LogCaptureFixture
) -> None:
    """README: an observer that raises "is logged on ``kakao_async.events`` and the call goes
    on"; an ``on_progress`` or done callback that raises is logged on ``kakao_async.bulk``."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=4)[1]

    def broken(_: object) -> None:
        raise RuntimeError("the dashboard is down")

    caplog.set_level(logging.ERROR, logger="kakao_async")
    async with fake_client(fake, on_off_interval=STEP, observers=[broken]) as kakao:
        job = kakao.moment.creatives.start_set_configs(
            [(i, "OFF") for i in ids], on_progress=broken
        )
        job.add_progress_callback(broken)
        job.add_done_callback(broken)
        reads = kakao.moment.creatives.start_get_many(ids, on_progress=broken)
        reads.add_done_callback(broken)
        result, got = await job, await reads
    assert result.ok and got.ok and len(result) == len(got) == 4
    assert not job.cancelled() and job.progress.done == 4
    loggers = {r.name for r in caplog.records}
    assert loggers == {"kakao_async.bulk", "kakao_async.events"}
    assert all(r.levelno == logging.ERROR for r in caplog.records)
    assert fake.on_off_rejections == 0


# --- no secret anywhere a user looks ----------------------------------------------------


@pytest.fixture
def debug_records() -> Iterator[list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.DEBUG)
    root = logging.getLogger("kakao_async")
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield records
    root.removeHandler(handler)
    root.setLevel(level)


def no_secret(text: str) -> bool:
    return not any(s in text for s in SECRETS)


async def test_no_secret_in_debug_logs_or_reprs_through_a_busy_lifecycle(
    fake: FakeKakaoServer, debug_records: list[logging.LogRecord]
) -> None:
    """Refreshing tokens (a rotating refresh token, a client secret), a job, concurrent calls,
    a cancelled call, a 401 and its refresh, a retried 503, ``aclose()`` with work in flight:
    every DEBUG record and the repr and str of every public object the user can hold name no
    token, refresh token or client secret."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=6)[1]
    fake.add_oauth_client(
        client_id="app", refresh_token=REFRESH, client_secret=CLIENT_SECRET, rotate=True
    )
    kept: list[str] = []
    tokens = ka.RefreshingToken(
        client_id="app",
        refresh_token=REFRESH,
        client_secret=CLIENT_SECRET,
        auth_url=fake.base_url,
        on_refresh=lambda access, refresh: kept.append(refresh),
    )
    seen: list[events.Event] = []
    kakao = fake_client(
        fake, tokens, on_off_interval=STEP, retry=FAST_RETRY, observers=[seen.append]
    )
    objects: list[object] = [kakao, tokens, kakao.rate_limiter, kakao.transport]
    async with kakao:
        job = kakao.moment.creatives.start_set_configs([(i, "OFF") for i in ids[:3]])
        reads = await asyncio.gather(*(kakao.moment.creatives.get(i) for i in ids))
        fake.expire_access_tokens()
        fake.fail_next(1, status=503)
        objects += [await job, job, job.progress, *job.results, *reads]
        objects += [await kakao.moment.creatives.get_many(ids[:2])]
        objects += list(await kakao.quota_snapshot())
        fake.stall_next(1, seconds=5)
        cut = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1))
        await asyncio.sleep(0.05)
        cut.cancel()
        late = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[4], "OFF"))
        job2 = kakao.moment.creatives.start_set_configs([(ids[5], "OFF")])
        await asyncio.sleep(0)
    objects += await asyncio.gather(cut, late, return_exceptions=True)
    objects += [await job2, job2, tokens.token_now(), *seen]
    assert tokens.refresh_count >= 2 and kept  # the refresh really happened, and rotated
    texts = [repr(o) for o in objects] + [str(o) for o in objects]
    assert all(no_secret(t) for t in texts), [t for t in texts if not no_secret(t)][:1]
    assert debug_records  # DEBUG was on
    messages = [r.getMessage() for r in debug_records]
    assert all(no_secret(m) for m in messages)
    assert all(no_secret(repr(r.args)) for r in debug_records)
