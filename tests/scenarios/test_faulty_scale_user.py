"""Scenario: an ad-tech operator switches thousands of creatives across hundreds of ad accounts
while Kakao misbehaves: several overlapping jobs with duplicates and conflicting values, 5xx,
429s from "another client", resets, refusals, truncated and HTML bodies, slow answers and
timeouts, a token that expires mid-run, the client closed mid-run, job after job.

Each test checks, per item and in aggregate, what README "Bulk operations and background jobs",
"Guarantees", "Reliability" and "Metrics, tracing and logs" promise: one result per item (none
lost, none twice), the last value submitted wins at the fake, no 429 of the library's own making
(every onOff request of an account at least one interval after the previous one, at the fake),
retries only where README allows them, typed errors with Kakao's code/detailCode/detailMsg,
progress that never goes backwards and ends at the total, every call seen once by the events,
nothing left running after ``aclose()``, memory flat across jobs, and no secret anywhere.

Intervals are scaled down to 0.03 s on both sides; sizes (300-1,200 accounts x 1-5 creatives)
are the ones the rest of the suite does not use."""

from __future__ import annotations

import asyncio
import collections
import gc
import itertools
import json
import logging
import os
import random
import sys
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import kakao_async as ka
from kakao_async import events
from kakao_async.testing import (
    DEFAULT_TOKEN,
    FakeKakaoServer,
    Fault,
    control,
    fake_server_process,
    on_off_gaps,
    quota_gaps,
)
from tests.scenarios.ledger import Ledger, until_done

INTERVAL = 0.03
FAST_RETRY = ka.RetryPolicy(base=0.01, cap=0.05)
ON_OFF = "/openapi/v4/creatives/onOff"
#: Every chaos kind the fake offers, 429 from "another client" included; stalls are slow answers
#: (well inside the call's timeout), timeouts are injected on their own.
MIXED = ("status", "reset", "stall", "body", "truncate", "429")

Results = ka.BulkResult[ka.ConfigChange, ka.Config]


def scale_client(url: str, *, token: Any = DEFAULT_TOKEN, **options: Any) -> ka.KakaoClient:
    """The client these scenarios run: the fake's scaled onOff interval, fast retries and 15 s
    per call (only a scenario's own stalls may time out); ``options`` add to or replace them."""
    settings: dict[str, Any] = {"on_off_interval": INTERVAL, "retry": FAST_RETRY, "timeout": 15.0}
    return ka.KakaoClient(token, moment_base_url=url, **(settings | options))


def seed_uneven(fake: FakeKakaoServer, accounts: int, rng: random.Random) -> dict[int, int]:
    """Ad accounts 1..accounts with 1 to 5 creatives each; {creative: its account}."""
    owner: dict[int, int] = {}
    for account in range(1, accounts + 1):
        for _ in range(rng.randint(1, 5)):
            owner[fake.add_moment_creative(ad_account_id=account).id] = account
    return owner


def on_off_arrivals(fake: FakeKakaoServer) -> dict[str | None, list[float]]:
    """Every onOff request the fake logged, accepted or faulted, by ad account."""
    arrivals: dict[str | None, list[float]] = collections.defaultdict(list)
    for request in fake.requests:
        if request.method == "PUT" and request.path == ON_OFF:
            arrivals[request.ad_account_id].append(request.arrived_at)
    return arrivals


def assert_paced(fake: FakeKakaoServer) -> None:
    """No 429 of the library's own making: the fake refused nothing for its quota, and every
    onOff request of an account (faulted ones too: each was a quota turn) came at least one
    interval after the previous one."""
    assert fake.on_off_rejections == 0
    gaps = [g for ts in on_off_arrivals(fake).values() for g in itertools.pairwise(ts)]
    assert gaps, "no account had two onOff requests"
    closest = min(b - a for a, b in gaps)
    assert closest >= INTERVAL, closest
    accepted = [g for gs in on_off_gaps(fake.on_off_calls).values() for g in gs]
    assert min(accepted) >= INTERVAL


def assert_one_result_each(plans: Sequence[Sequence[ka.ConfigChange]], results: list[Any]) -> None:
    """Every item exactly one result, in input order, each naming its own input."""
    for plan, result in zip(plans, results, strict=True):
        assert len(result) == len(plan)
        assert [r.item for r in result] == list(plan)
        for r in result:
            assert r.ok != (r.error is not None)
            if r.ok:
                assert isinstance(r.value, ka.Config)
            else:
                assert isinstance(r.error, ka.KakaoError), repr(r.error)


def assert_last_value_wins(
    fake: FakeKakaoServer, plans: Sequence[Sequence[ka.ConfigChange]], results: list[Any]
) -> int:
    """README "Guarantees": within one client the last value submitted for a creative is its
    final state, whatever failed in between; checked where that last item did not fail (a
    failed last item promises nothing). Returns how many creatives were checked."""
    last: dict[int, tuple[ka.Config, ka.ItemResult[Any, Any]]] = {}
    for plan, result in zip(plans, results, strict=True):
        for change, r in zip(plan, result, strict=True):
            last[change.creative_id] = (change.config, r)
    checked = 0
    for creative_id, (config, r) in last.items():
        if r.ok:
            assert not r.superseded, r  # nothing newer could replace the last one
            assert fake.moment_creative(creative_id).config == config, creative_id
            checked += 1
    return checked


def assert_typed_failures(results: list[Any], *allowed: type[BaseException]) -> None:
    """Failed items carry typed errors; an answer in Kakao's envelope keeps its code and
    detailMsg (the fake's injected 5xx says ``injected fault``, its 429 has detailCode 30003)."""
    for result in results:
        for r in result:
            if r.ok:
                continue
            assert isinstance(r.error, allowed), repr(r.error)
            if isinstance(r.error, ka.KakaoRateLimitError):
                assert (r.error.code, r.error.detail_code) == (-813, 30003), repr(r.error)
                assert r.error.detail_msg, repr(r.error)
            elif isinstance(r.error, ka.KakaoAPIError) and r.error.code is not None:
                assert r.error.detail_msg == "injected fault", repr(r.error)
            elif isinstance(r.error, ka.KakaoAPIError):  # an HTML 5xx: no envelope to read
                assert r.error.status in {500, 502, 503}, repr(r.error)


def assert_progress(snapshots: list[ka.Progress], result: Any) -> None:
    """Progress never goes backwards or negative and ends at the total, its failures counted."""
    assert snapshots
    for before, after in itertools.pairwise(snapshots):
        assert after.done >= before.done and after.failed >= before.failed
        assert after.elapsed >= before.elapsed
    for p in snapshots:
        assert 0 <= p.failed <= p.done <= p.total == len(result)
        assert p.eta is None or p.eta >= 0
    end = snapshots[-1]
    assert end.done == end.total and end.eta == 0
    assert end.failed == sum(not r.ok for r in result)


def assert_events_match_the_fake(ledger: Ledger, fake: FakeKakaoServer) -> None:
    """Every onOff call seen once by the events (ledger.check), and exactly the attempts the
    fake logged: no attempt unreported, none reported twice."""
    ledger.check()
    sent = ledger.of(events.RequestSent)
    on_off = [e for e in sent if e.endpoint == "moment.creatives.set_config"]
    assert len(on_off) == sum(len(ts) for ts in on_off_arrivals(fake).values())
    answered_ok = [
        e
        for e in ledger.of(events.ResponseReceived)
        if isinstance(e, events.ResponseReceived) and e.status == 200
    ]
    assert len(answered_ok) == len(fake.on_off_calls)


def assert_retries_as_documented(ledger: Ledger) -> None:
    """README "Reliability": an idempotent onOff is retried on 5xx, dropped connections and
    429s (through the limiter); never after a timeout, a decode error or another 4xx."""
    for seq in ledger.calls().values():
        answers = [e for e in seq if isinstance(e, events.ResponseReceived)]
        for answer in answers[:-1]:  # every answer followed by another attempt
            assert answer.error in {
                "KakaoServerError",
                "KakaoTransportError",
                "KakaoRateLimitError",
                "KakaoConnectError",
            }, [(type(e).__name__, getattr(e, "error", None)) for e in seq]
        for retry in (e for e in seq if isinstance(e, events.RetryScheduled)):
            expected = "requeue" if retry.reason == "KakaoRateLimitError" else "retry"
            assert retry.action in {expected, "requeue"}, retry


def established(port: int) -> int:
    """TCP connections of this machine to or from ``port`` still established (Linux)."""
    count = 0
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            ports = {int(fields[1].rsplit(":", 1)[1], 16), int(fields[2].rsplit(":", 1)[1], 16)}
            count += fields[3] == "01" and port in ports
    return count


async def test_1200_accounts_three_overlapping_jobs_under_mixed_faults() -> None:
    rng = random.Random(22)
    ledger = Ledger()
    async with FakeKakaoServer(on_off_interval=INTERVAL, seed=22) as fake:
        owner = seed_uneven(fake, 1_200, rng)
        creatives = list(owner)
        fake.latency = (0.0, 0.002)
        fake.chaos(0.2, kinds=list(MIXED), stall_seconds=0.05)

        def change(creative_id: int, config: str) -> ka.ConfigChange:
            return ka.ConfigChange(creative_id, config, ad_account_id=owner[creative_id])

        # Job A: everything OFF, a seventh listed again as ON (the later listing wins) and a
        # few listed three times. Job B (started while A runs): a third, random values, some
        # twice with opposite values. Job C: a quarter, random values.
        first = [change(c, "OFF") for c in creatives]
        first += [change(c, "ON") for c in creatives[::7]]
        first += [change(c, v) for c in creatives[::50] for v in ("ON", "OFF")]
        rng.shuffle(first)
        second = [change(c, rng.choice(["ON", "OFF"])) for c in rng.sample(creatives, 1_200)]
        second += [change(c.creative_id, "ON" if c.config == "OFF" else "OFF") for c in second[:40]]
        third = [change(c, rng.choice(["ON", "OFF"])) for c in rng.sample(creatives, 900)]
        plans = [first, second, third]
        seen: list[list[ka.Progress]] = [[], [], []]
        async with scale_client(fake.base_url, observers=[ledger]) as kakao:
            jobs = []
            for plan, snapshots in zip(plans, seen, strict=True):
                jobs.append(kakao.moment.creatives.start_set_configs(plan))
                jobs[-1].add_progress_callback(snapshots.append)
                await until_done(jobs[-1], 1)
            results = [await asyncio.wait_for(job.result(), 60) for job in jobs]
            for job, snapshots in zip(jobs, seen, strict=True):
                snapshots.append(job.progress)
        fake.chaos(0)
        await asyncio.sleep(0)
        assert asyncio.all_tasks() == {asyncio.current_task()}
        assert established(fake.port) == 0 and fake.in_flight == 0

        assert sum(fake.chaos_injected.values()) > 500, fake.chaos_injected
        assert set(fake.chaos_injected) == set(MIXED)
        assert_one_result_each(plans, results)
        assert assert_last_value_wins(fake, plans, results) > 0.95 * len(owner)
        assert_typed_failures(
            results, ka.KakaoServerError, ka.KakaoTransportError, ka.KakaoRateLimitError
        )
        for snapshots, result in zip(seen, results, strict=True):
            assert_progress(snapshots, result)
        assert_paced(fake)
        assert_events_match_the_fake(ledger, fake)
        assert_retries_as_documented(ledger)
        # Each creative's duplicates within a job cost one call, not one each.
        calls = collections.Counter(c.creative_id for c in fake.on_off_calls)
        assert max(calls.values()) <= 3  # at most one accepted call per job


async def test_timeouts_at_scale_are_not_retried_and_not_applied() -> None:
    ledger = Ledger()
    async with FakeKakaoServer(on_off_interval=INTERVAL, seed=23) as fake:
        ids = fake.seed(ad_accounts=list(range(1, 301)), creatives_per_account=2)
        changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
        fake.chaos(0.1, kinds=["status", "reset", "stall"], stall_seconds=0.05)
        fake.stall_next(25, seconds=1.5, method="PUT")  # past the calls' 0.6 s deadline
        async with scale_client(fake.base_url, timeout=0.6, observers=[ledger]) as kakao:
            result = await asyncio.wait_for(kakao.moment.creatives.set_configs(changes), 30)
        fake.chaos(0)
        assert_one_result_each([changes], [result])
        timed_out = [r for r in result if isinstance(r.error, ka.KakaoTimeoutError)]
        assert len(timed_out) >= 20  # the stalled ones (a chaos fault may take a stall's place)
        applied = collections.Counter(c.creative_id for c in fake.on_off_calls)
        for r in result:  # a stall whose client gave up is dropped by the fake, not applied
            if isinstance(r.error, ka.KakaoTimeoutError):
                # Under load a call the fake applied in time can still miss the client's 0.6 s
                # deadline (its answer not read in time): applied at most once, never twice.
                assert applied[r.item.creative_id] <= 1, r
            else:
                assert applied[r.item.creative_id] == (1 if r.ok else 0), r
        assert sum(applied[r.item.creative_id] == 0 for r in timed_out) >= 20  # stalls dropped
        ledger.check()
        for seq in ledger.calls().values():
            answers = [e for e in seq if isinstance(e, events.ResponseReceived)]
            if any(a.error == "KakaoTimeoutError" for a in answers):
                assert answers[-1].error == "KakaoTimeoutError"  # the last attempt, not retried
                assert sum(a.error == "KakaoTimeoutError" for a in answers) == 1
        assert_paced(fake)


async def test_kakao_refusing_connections_mid_run_fails_items_unsent_and_typed() -> None:
    """The fake stops listening for 0.3 s: calls meet refused connections (nothing sent, each
    retried at once without a quota interval), those past their attempts fail with
    ``KakaoConnectError`` and were never applied; the rest go on when it is back."""
    ledger = Ledger()
    fake = FakeKakaoServer(on_off_interval=INTERVAL, seed=24)
    await fake.start()
    try:
        ids = fake.seed(ad_accounts=list(range(1, 401)), creatives_per_account=3)
        changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
        async with scale_client(fake.base_url, observers=[ledger]) as kakao:
            job = kakao.moment.creatives.start_set_configs(changes)
            await until_done(job, 400)
            await fake.stop()
            await asyncio.sleep(0.3)
            await fake.start()
            result = await asyncio.wait_for(job.result(), 30)
        assert_one_result_each([changes], [result])
        failed = [r for r in result if not r.ok]
        # The outage was met: items failed, or were retried through it (only the calls that
        # had a pooled connection try one while the fake is down; the rest wait their place).
        retried = [
            e
            for e in ledger.of(events.RetryScheduled)
            if e.reason in ("KakaoConnectError", "KakaoTransportError")
        ]
        assert failed or retried
        assert all(isinstance(r.error, ka.KakaoTransportError) for r in failed)
        applied = collections.Counter(c.creative_id for c in fake.on_off_calls)
        for r in result:
            if isinstance(r.error, ka.KakaoConnectError):  # nothing sent: nothing applied
                assert applied[r.item.creative_id] == 0, r
            elif r.ok:
                assert applied[r.item.creative_id] == 1, r
        ledger.check()
        assert fake.on_off_rejections == 0
    finally:
        await fake.stop()


async def test_token_expiry_mid_run_at_scale_one_shared_refresh_no_secret_anywhere(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="kakao_async")
    saved: list[str] = []
    ledger = Ledger("refresh-scale-1", "app-secret-scale")
    async with FakeKakaoServer(on_off_interval=INTERVAL, tokens=[], seed=25) as fake:
        fake.add_oauth_client(
            client_id="scale-app",
            refresh_token="refresh-scale-1",
            client_secret="app-secret-scale",
            rotate=True,
        )
        ids = fake.seed(ad_accounts=list(range(1, 801)), creatives_per_account=2)
        fake.chaos(0.1, kinds=["status", "reset", "429", "body"])
        tokens = ka.RefreshingToken(
            client_id="scale-app",
            refresh_token="refresh-scale-1",
            client_secret="app-secret-scale",
            auth_url=fake.base_url,
            on_refresh=lambda access, refresh: saved.append(refresh),
        )
        async with scale_client(fake.base_url, token=tokens, observers=[ledger]) as kakao:
            changes = [
                ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs
            ]
            job = kakao.moment.creatives.start_set_configs(changes)
            await until_done(job, 600)
            fake.expire_access_tokens()  # hundreds of lanes meet 401 at once
            result = await asyncio.wait_for(job.result(), 30)
            access = tokens.token_now()
        fake.chaos(0)
        assert fake.token_refreshes == 2  # first use, then one refresh shared by every lane
        assert not [r for r in result if isinstance(r.error, ka.KakaoAuthError)]
        assert_one_result_each([changes], [result])
        assert_typed_failures(
            [result], ka.KakaoServerError, ka.KakaoTransportError, ka.KakaoRateLimitError
        )
        assert fake.on_off_rejections == 0
    assert access is not None
    secrets = {access.reveal(), *saved, "refresh-scale-1", "app-secret-scale"}
    ledger.secrets.update(secrets)
    ledger.check()
    texts = [r.getMessage() for r in caplog.records] + [
        f"{r!r} {r.error!r} {r.error}" for r in result
    ]
    assert not [t for t in texts if any(s in t for s in secrets)]


async def test_closing_the_client_mid_run_at_scale_leaves_nothing_running() -> None:
    async with FakeKakaoServer(on_off_interval=INTERVAL, seed=26) as fake:
        ids = fake.seed(ad_accounts=list(range(1, 1_001)), creatives_per_account=4)
        fake.chaos(0.15, kinds=["status", "reset", "stall", "429"], stall_seconds=0.05)
        kakao = scale_client(fake.base_url)
        halves = [
            [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs[:2]],
            [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs[2:]],
        ]
        jobs = [kakao.moment.creatives.start_set_configs(half) for half in halves]
        await until_done(jobs[0], 500)
        await asyncio.wait_for(kakao.aclose(), 10)
        results = [await asyncio.wait_for(job, 10) for job in jobs]
        await asyncio.sleep(0.05)  # the fake's side of the closed connections
        assert asyncio.all_tasks() == {asyncio.current_task()}
        assert established(fake.port) == 0 and fake.in_flight == 0
        assert_one_result_each(halves, results)
        applied = collections.Counter(c.creative_id for c in fake.on_off_calls)
        closed = [r for result in results for r in result if not r.ok]
        assert len(closed) > 1_000
        assert all(isinstance(r.error, (ka.KakaoClosedError, ka.KakaoError)) for r in closed)
        for result in results:
            for r in result:
                if r.ok:
                    assert applied[r.item.creative_id] == 1
        # of the closed ones at most the call in flight per ad account may have reached Kakao
        reached = collections.Counter(
            r.item.ad_account_id for r in closed if applied[r.item.creative_id]
        )
        assert max(reached.values(), default=0) <= 1
        assert fake.on_off_rejections == 0


async def test_memory_stays_flat_across_repeated_faulty_jobs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Six jobs of 400 accounts x 2 creatives, one after the other on one client, under faults:
    the client's allocations do not grow from job to job (the fake runs in its own process, so
    what it keeps of every call is not counted)."""
    # The suite keeps the text of every DEBUG record for its end-of-run secrets check: that
    # would grow with every job. This test is about the client's own memory.
    caplog.set_level(logging.WARNING, logger="kakao_async")
    args = ["--seed-accounts", "400", "--seed-creatives", "2"]
    with fake_server_process(on_off_interval=INTERVAL, args=args) as url:
        chaos = {"rate": 0.1, "kinds": ["status", "reset", "429", "truncate"]}
        await control(url, "POST", "/_fake/config", {"chaos": chaos})
        async with scale_client(url) as kakao:
            sizes = []
            tracemalloc.start()
            try:
                for run in range(6):
                    config = "ON" if run % 2 else "OFF"
                    changes = [
                        ka.ConfigChange(1001 + 2 * (a - 1) + k, config, ad_account_id=a)
                        for a in range(1, 401)
                        for k in (0, 1)
                    ]
                    result = await asyncio.wait_for(kakao.moment.creatives.set_configs(changes), 30)
                    assert len(result) == len(changes)
                    kinds = collections.Counter(type(r.error).__name__ for r in result if not r.ok)
                    assert sum(r.ok for r in result) > 0.95 * len(changes), kinds
                    del result, changes
                    await asyncio.sleep(3 * INTERVAL)  # every key's cooldown over
                    gc.collect()
                    sizes.append(tracemalloc.get_traced_memory()[0])
            finally:
                tracemalloc.stop()
        stats = await control(url, "GET", "/_fake/stats")
    # About 10 % of some 5,300 requests get a fault; the count is random (+-22, one sigma), so
    # the check is that faults were there, not a count a run misses by chance (491 > 500 did).
    assert sum(stats["chaosInjected"].values()) > 0.06 * stats["requests"], stats
    assert stats["onOffRejected"] == 0, stats
    settled = sizes[2:]
    assert max(settled) - min(settled) < 500_000, [s // 1024 for s in sizes]


async def test_a_429_from_another_client_pushes_its_key_back_and_an_exhausted_key_stops() -> None:
    """README "Quotas": a 429 that someone else caused pushes that key back by its
    ``Retry-After`` and is retried; one asking for at least ``exhausted_after`` (60 s) fails that
    key's remaining items at once, unsent, with ``KakaoQuotaExhaustedError``; every other ad
    account goes on."""
    async with FakeKakaoServer(on_off_interval=INTERVAL, seed=28) as fake:
        ids = fake.seed(ad_accounts=list(range(1, 401)), creatives_per_account=4)
        for retry_after, count in ((0.3, 30), (120, 3)):  # "another client" spent the quota
            fake.inject(
                Fault(
                    kind="status",
                    status=429,
                    code=-813,
                    detail_code=30003,
                    retry_after=retry_after,
                    remaining=count,
                    method="PUT",
                )
            )
        changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
        snapshots: list[ka.Progress] = []
        async with scale_client(fake.base_url) as kakao:
            job = kakao.moment.creatives.start_set_configs(changes, on_progress=snapshots.append)
            result = await asyncio.wait_for(job.result(), 30)
            closed = {s.key: s.ready_in for s in await kakao.quota_snapshot() if s.ready_in > 60}
        assert_one_result_each([changes], [result])
        assert_progress(snapshots, result)
        exhausted = [r for r in result if not r.ok]
        assert all(isinstance(r.error, ka.KakaoQuotaExhaustedError) for r in exhausted)
        stopped = collections.Counter(r.item.ad_account_id for r in exhausted)
        assert sorted(stopped.values()) == [4, 4, 4]  # every item of 3 accounts, and no other
        assert len(closed) == 3  # each of those keys stays closed for what Kakao asked
        for r in exhausted:
            assert (r.error.code, r.error.detail_code, r.error.retry_after) == (-813, 30003, 120)
        sent = collections.Counter(
            int(q.ad_account_id or 0) for q in fake.requests if q.path == ON_OFF
        )
        assert all(sent[a] == 1 for a in stopped)  # the rest of the key's items: unsent
        # after each short 429, that account's next request waited out its Retry-After
        by_account: dict[str | None, list[tuple[float, int | None]]] = collections.defaultdict(list)
        for q in fake.requests:
            by_account[q.ad_account_id].append((q.arrived_at, q.status))
        after = [
            b[0] - a[0]
            for seq in by_account.values()
            for a, b in itertools.pairwise(seq)
            if a[1] == 429
        ]
        assert len(after) == 30 and min(after) >= 0.3
        assert fake.on_off_rejections == 0
        for account, creatives in ids.items():
            if account not in stopped:
                assert all(fake.moment_creative(c).config == "OFF" for c in creatives)


async def test_more_ad_accounts_than_pooled_connections_never_time_out_unsent() -> None:
    """An operator with 100 ad accounts and ``max_connections=4`` (or 10,000 accounts and the
    default 100): every lane takes its quota turn at once, then waits for a pooled connection
    within its deadline. Kakao answers in 0.1 s; each call may take 1 s, so ~60 calls get no
    connection in time. Those were never sent: ``KakaoConnectError`` (README: safe to run
    again), not ``KakaoTimeoutError`` ("may or may not have reached Kakao", which only a call
    that had a connection with too little time left may end in), and nothing of theirs reached
    the fake; run again with time enough, each is applied once."""
    ledger = Ledger()
    async with FakeKakaoServer(on_off_interval=INTERVAL, latency=(0.05, 0.05)) as fake:
        ids = fake.seed(ad_accounts=list(range(1, 101)), creatives_per_account=1)
        changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=fake.base_url,
            on_off_interval=INTERVAL,
            max_connections=4,
            timeout=1.0,
            observers=[ledger],
        ) as kakao:
            result = await asyncio.wait_for(kakao.moment.creatives.set_configs(changes), 30)
            failed = [r for r in result if not r.ok]
            # Unsent (no connection in time), or sent with too little time left for the answer.
            assert all(
                isinstance(r.error, (ka.KakaoConnectError, ka.KakaoTimeoutError)) for r in failed
            )
            unsent = [r for r in failed if isinstance(r.error, ka.KakaoConnectError)]
            assert unsent, "every call found a connection in time: the test proves nothing"
            assert all("no free pooled connection" in str(r.error) for r in unsent)
            reached = collections.Counter(c.creative_id for c in fake.on_off_calls)
            assert all(reached[r.item.creative_id] == 0 for r in unsent)
            assert all(reached[r.item.creative_id] == 1 for r in result if r.ok)
            again = await asyncio.wait_for(
                kakao.moment.creatives.set_configs([r.item for r in failed], timeout=10.0), 30
            )
        assert again.ok and fake.on_off_rejections == 0
        reached = collections.Counter(c.creative_id for c in fake.on_off_calls)
        assert all(reached[r.item.creative_id] == 1 for r in unsent)  # run again: applied once
        assert all(fake.moment_creative(c.creative_id).config == "OFF" for c in changes)


async def test_a_hierarchy_wide_run_of_300_accounts_under_faults_keeps_every_quota() -> None:
    """README "ad accounts, campaigns, ad groups": one ``kakao.moment.set_configs`` over 300
    accounts x (2 campaigns, 4 ad groups, 4 creatives), campaigns and ad groups listed twice
    with opposite values, under mixed faults: one lane per (quota, account), each at its own
    interval at the fake, last write wins per object, one result per item."""
    quotas = {name: INTERVAL for name in ka.endpoints.QUOTAS}
    async with FakeKakaoServer(on_off_interval=INTERVAL, quotas=quotas, seed=29) as fake:
        seeded = fake.seed_hierarchy(
            ad_accounts=range(1, 301),
            campaigns_per_account=2,
            ad_groups_per_campaign=2,
            creatives_per_ad_group=1,
        )
        fake.chaos(0.15, kinds=["status", "reset", "429", "body", "truncate"])
        changes: list[Any] = []
        for account, ids in seeded.items():
            for c in ids.campaigns:
                changes += [
                    ka.CampaignConfigChange(c, "ON", ad_account_id=account),
                    ka.CampaignConfigChange(c, "OFF", ad_account_id=account),
                ]
            for g in ids.ad_groups:
                changes += [
                    ka.AdGroupConfigChange(g, "OFF", ad_account_id=account),
                    ka.AdGroupConfigChange(g, "ON", ad_account_id=account),
                ]
            changes += [ka.ConfigChange(c, "OFF", ad_account_id=account) for c in ids.creatives]
        random.Random(29).shuffle(changes)
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=fake.base_url,
            quotas=quotas,
            retry=FAST_RETRY,
            timeout=15.0,
        ) as kakao:
            result = await asyncio.wait_for(kakao.moment.set_configs(changes), 30)
        fake.chaos(0)
        assert len(result) == len(changes) and [r.item for r in result] == changes
        failed = [r for r in result if not r.ok]
        assert len(failed) < 0.05 * len(changes)
        assert all(
            isinstance(
                r.error, (ka.KakaoServerError, ka.KakaoTransportError, ka.KakaoRateLimitError)
            )
            for r in failed
        )
        assert sum(fake.quota_rejections.values()) == 0 and fake.on_off_rejections == 0
        gaps = quota_gaps(fake.quota_calls)
        assert {q for q, _ in gaps} == {"campaigns.onOff", "adGroups.onOff"}
        assert min(g for gs in gaps.values() for g in gs) >= INTERVAL
        # the last listing of each object wins, where its result did not fail
        last: dict[tuple[type, int], tuple[str, bool]] = {}
        for change, r in zip(changes, result, strict=True):
            if isinstance(change, ka.CampaignConfigChange):
                last[type(change), change.campaign_id] = (change.config, r.ok)
            elif isinstance(change, ka.AdGroupConfigChange):
                last[type(change), change.ad_group_id] = (change.config, r.ok)
            else:
                last[type(change), change.creative_id] = (change.config, r.ok)
        for (kind, object_id), (config, ok) in last.items():
            if not ok:
                continue
            if kind is ka.CampaignConfigChange:
                assert fake.campaign(object_id).config == config
            elif kind is ka.AdGroupConfigChange:
                assert fake.ad_group(object_id).config == config
            else:
                assert fake.moment_creative(object_id).config == config
        # each object listed twice cost one accepted call, not two
        per_object = collections.Counter((c.quota, c.object_id) for c in fake.quota_calls)
        assert max(per_object.values()) == 1


async def test_get_many_of_3000_creatives_across_1000_accounts_under_faults() -> None:
    """README "Bulk operations": ``get_many`` of ``(ad_account_id, creative_id)`` pairs, each
    item one result naming its own pair, successes holding that very creative, failures typed."""
    async with FakeKakaoServer(on_off_interval=INTERVAL, seed=30) as fake:
        ids = fake.seed(ad_accounts=list(range(1, 1_001)), creatives_per_account=3)
        fake.latency = (0.0, 0.002)
        fake.chaos(0.2, kinds=list(MIXED), stall_seconds=0.05)
        refs = [ka.CreativeRef(a, c) for a, cs in ids.items() for c in cs]
        snapshots: list[ka.Progress] = []
        async with ka.KakaoClient(
            DEFAULT_TOKEN, moment_base_url=fake.base_url, retry=FAST_RETRY, timeout=15.0
        ) as kakao:
            job = kakao.moment.creatives.start_get_many(
                refs, concurrency=64, on_progress=snapshots.append
            )
            result = await asyncio.wait_for(job.result(), 30)
        fake.chaos(0)
        assert [r.item for r in result] == refs
        assert_progress(snapshots, result)
        for r in result:
            if r.ok:
                assert r.value.id == r.item.creative_id
        failed = [r for r in result if not r.ok]
        assert len(failed) < 0.05 * len(refs)
        assert_typed_failures(
            [result], ka.KakaoServerError, ka.KakaoTransportError, ka.KakaoRateLimitError
        )
        gets = [q for q in fake.requests if q.method == "GET"]
        assert len(gets) >= len(refs)


async def test_the_cli_switches_a_long_id_file_under_faults_one_row_per_id(
    tmp_path: Path,
) -> None:
    """README "Command line": ``kakao-async --json moment off --from-file FILE`` over 80 ids
    (10 of them repeated) while the fake faults a tenth of the requests: one row per distinct
    id, failures with Kakao's code/detailCode/detailMsg keys, exit 1 only if an id failed, no
    429 of its own making, and no token in anything it prints."""
    args = ["--seed-accounts", "1", "--seed-creatives", "80"]
    with fake_server_process(on_off_interval=0.02, args=args) as url:
        chaos = {"rate": 0.1, "kinds": ["status", "reset", "429", "body", "truncate"]}
        await control(url, "POST", "/_fake/config", {"chaos": chaos})
        ids = list(range(1001, 1081))
        (tmp_path / "ids.txt").write_text("\n".join(map(str, ids + ids[:10])) + "\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith("KAKAO_")}
        env |= {
            "KAKAO_BASE_URL": url,
            "KAKAO_ACCESS_TOKEN": DEFAULT_TOKEN,
            "KAKAO_AD_ACCOUNT_ID": "1",
            "KAKAO_ON_OFF_INTERVAL": "0.02",
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "kakao_async",
            "--json",
            "moment",
            "off",
            "--from-file",
            str(tmp_path / "ids.txt"),
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(proc.communicate(), 60)
        stats = await control(url, "GET", "/_fake/stats")
        accepted = await control(url, "GET", "/_fake/on-off-calls")
    printed = json.loads(out)
    rows = {r["id"]: r for r in printed["results"]}
    errors = {e["id"]: e["error"] for e in printed["errors"]}
    assert sorted([*rows, *errors]) == ids  # one row per distinct id, none twice
    assert {r["outcome"] for r in rows.values()} <= {"switched"}
    assert proc.returncode == (1 if errors else 0), err.decode()[-500:]
    for error in errors.values():
        assert {"kind", "message", "status", "code", "detailCode", "detailMsg"} <= set(error)
        assert error["kind"] in {"server", "transport", "rate_limit"}, error
    assert sum(stats["chaosInjected"].values()) > 0 and stats["onOffRejected"] == 0
    assert sorted(c["creative_id"] for c in accepted) == sorted(rows)  # each switched once
    assert DEFAULT_TOKEN not in out.decode() + err.decode()


def client_tasks() -> set[asyncio.Task[Any]]:
    """The running tasks but the test's own and the in-process fake's request handlers."""
    return {
        t
        for t in asyncio.all_tasks()
        if t is not asyncio.current_task()
        and "web_protocol" not in getattr(t.get_coro(), "cr_code", t.get_coro).co_filename
    }


async def test_a_job_cancelled_mid_run_at_scale_then_rerun_is_paced_and_wins() -> None:
    """README "Reliability": cancelling a bulk job frees its tasks and limiter places and keeps
    its finished results; a call already sent still counts as its key's quota turn, so the job
    an operator starts next over the same 500 accounts meets no 429 of its own making."""
    async with FakeKakaoServer(on_off_interval=INTERVAL, seed=32) as fake:
        ids = fake.seed(ad_accounts=list(range(1, 501)), creatives_per_account=3)
        fake.latency = (0.005, 0.03)  # so that calls are in flight when the job is cancelled
        fake.chaos(0.1, kinds=["status", "reset", "429"])
        async with scale_client(fake.base_url) as kakao:
            off = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
            job = kakao.moment.creatives.start_set_configs(off)
            await until_done(job, 600)
            job.cancel()
            async for _ in job.watch():
                pass
            assert job.cancelled()
            finished = [r for r in job.results if r is not None]
            assert 600 <= len(finished) < len(off)
            await asyncio.sleep(0)
            assert client_tasks() == set()
            on = [ka.ConfigChange(c, "ON", ad_account_id=a) for a, cs in ids.items() for c in cs]
            result = await asyncio.wait_for(kakao.moment.creatives.set_configs(on), 30)
        fake.chaos(0)
        assert_one_result_each([on], [result])
        assert_last_value_wins(fake, [on], [result])
        assert_paced(fake)
