"""Scenario: a team's dashboards during a rough night. One client carries the team's own event
hook (a ledger), and OpenTelemetry through ``kakao_async.otel.instrument``; the fake injects
503s, 429s the client's schedule did not cause, a 404; a bulk job is cancelled mid-way and the
client is closed with another job still running. README "Metrics, tracing and logs": every call
is seen exactly once, with the documented fields, by the hook, the spans and the metrics."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from typing import Any

import pytest

import kakao_async as ka
from kakao_async import events
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault
from tests.scenarios.ledger import Ledger, until_done

otel_sdk = pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.metrics import MeterProvider  # noqa: E402
from opentelemetry.sdk.metrics.export import InMemoryMetricReader  # noqa: E402
from opentelemetry.sdk.trace import TracerProvider  # noqa: E402
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (  # noqa: E402
    InMemorySpanExporter,
)
from opentelemetry.trace import StatusCode  # noqa: E402

from kakao_async.otel import instrument  # noqa: E402

INTERVAL = 0.05


def metric_sum(reader: InMemoryMetricReader, name: str) -> int:
    data = reader.get_metrics_data()
    total = 0
    for resource in data.resource_metrics if data is not None else ():
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                if metric.name == name:
                    total += sum(int(p.value) for p in metric.data.data_points)
    return total


async def test_hook_spans_and_metrics_see_every_call_once_through_faults_and_shutdown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="kakao_async")
    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    ledger = Ledger()
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[51, 52], creatives_per_account=6)
        kakao = ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=51,
            moment_base_url=fake.base_url,
            on_off_interval=INTERVAL,
            retry=ka.RetryPolicy(base=0.01, cap=0.05),
            observers=[ledger],
        )
        instrument(kakao, tracer_provider=tracer_provider, meter_provider=meter_provider)
        async with kakao:
            fake.fail_next(2, status=503, code=-9798, method="GET")
            await kakao.moment.creatives.get(ids[51][0])  # two retries
            for _ in range(2):  # a 429 someone else caused: pushed back and requeued
                fake.inject(Fault(kind="status", status=429, code=-813, method="PUT"))
            assert await kakao.moment.creatives.set_config(ids[51][0], "OFF")
            with pytest.raises(ka.KakaoNotFoundError):
                await kakao.moment.creatives.get(999_999)
            # a job cancelled mid-way: its waiting call ends "cancelled"
            job = kakao.moment.creatives.start_set_configs([(i, "OFF") for i in ids[51][1:]])
            await until_done(job, 2)
            job.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await job.result()
            # a job still running when the client closes: its items end KakaoClosedError
            closing = kakao.moment.creatives.start_set_configs(
                [ka.ConfigChange(i, "OFF", ad_account_id=52) for i in ids[52]]
            )
            await until_done(closing, 1)
        closed = await closing.result()
        assert len(closed) == len(ids[52])
        assert any(isinstance(r.error, ka.KakaoClosedError) for r in closed)
        assert all(r.ok or isinstance(r.error, ka.KakaoClosedError) for r in closed)
        rejected = fake.on_off_rejections

    calls = ledger.check()
    ended = ledger.ended()
    outcomes = collections.Counter(e.outcome for e in ended)
    assert outcomes["cancelled"] >= 1 and outcomes["error"] >= 2 and outcomes["ok"] >= 4
    # the hook: retries and refusals as documented
    retries = ledger.of(events.RetryScheduled)
    assert sum(isinstance(e, events.RetryScheduled) and e.action == "requeue" for e in retries) == 2
    assert sum(isinstance(e, events.RetryScheduled) and e.status == 503 for e in retries) == 2
    refusals = ledger.of(events.RateLimited)
    assert len(refusals) == 2 and rejected == 0  # the injected ones; the client caused none
    for r in refusals:
        assert isinstance(r, events.RateLimited)
        assert r.quota == "creatives.onOff" and r.deferred >= INTERVAL
        assert r.quota_key.endswith(":51") and DEFAULT_TOKEN not in r.quota_key
    progress = [e for e in ledger.events if isinstance(e, events.JobProgress)]
    assert {p.operation for p in progress} == {"moment.creatives.set_configs"}
    assert sum(p.ended for p in progress) == 2  # once when each job ends, cancelled or closed

    # spans: one per call, named "<METHOD> <template>", with the call's own numbers
    finished = spans.get_finished_spans()
    assert len(finished) == len(calls) == len(ended)
    by_shape: collections.Counter[tuple[Any, ...]] = collections.Counter(
        (
            s.name,
            s.attributes["kakao.endpoint"],
            s.attributes["kakao.attempts"],
            s.attributes["kakao.retries"],
            s.attributes.get("kakao.ad_account_id"),
            s.status.status_code == StatusCode.ERROR,
        )
        for s in finished
    )
    assert by_shape == collections.Counter(
        (
            f"{e.method} {e.path}",
            e.endpoint,
            e.attempts,
            e.retries,
            e.ad_account_id,
            e.outcome == "error",
        )
        for e in ended
    )
    span_events = collections.Counter(ev.name for s in finished for ev in s.events)
    assert span_events["retry"] == len(retries) and span_events["rate_limited"] == 2
    # metrics
    assert metric_sum(reader, "kakao_async.calls") == len(ended)
    assert metric_sum(reader, "kakao_async.retries") == len(retries)
    assert metric_sum(reader, "kakao_async.rate_limited") == 2
    # the logs README's table documents, one line per retry and per quota refusal
    http_info = [r.getMessage() for r in caplog.records if r.name == "kakao_async.http"]
    assert sum("KakaoServerError (HTTP 503); retry 1 of 2 in" in m for m in http_info) == 1
    assert sum("KakaoServerError (HTTP 503); retry 2 of 2 in" in m for m in http_info) == 1
    refusal_lines = [
        r.getMessage()
        for r in caplog.records
        if r.name == "kakao_async.ratelimit" and r.levelno == logging.INFO
    ]
    assert len(refusal_lines) == 2
    assert all(
        "Kakao refused the call for its quota (HTTP 429); key closed for" in m
        for m in refusal_lines
    )
    assert not [r for r in caplog.records if DEFAULT_TOKEN in r.getMessage()]
    # nothing went wrong inside the observers (they log on kakao_async.events)
    assert not [r for r in caplog.records if r.name == "kakao_async.events"]
    # OpenTelemetry itself complained about nothing (e.g. a context detached in another task)
    assert not [r for r in caplog.records if r.name.startswith("opentelemetry")]
    meter_provider.shutdown()
    tracer_provider.shutdown()
