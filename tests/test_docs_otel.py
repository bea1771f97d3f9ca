"""README, "Metrics, tracing and logs", the OpenTelemetry part, read as a user: the span of a
call (name, kind, attributes, span events, status) and the five metrics with the attributes
the README lists, through the SDK's in-memory exporter and reader, against the fake."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import kakao_async as ka
from kakao_async.otel import OpenTelemetryObserver, instrument
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import INTERVAL

ON_OFF = "/openapi/v4/creatives/onOff"
SPAN_ATTRIBUTES = {
    "http.request.method",
    "url.template",
    "http.response.status_code",
    "error.type",
    "kakao.endpoint",
    "kakao.ad_account_id",
    "kakao.attempts",
    "kakao.retries",
    "kakao.quota_wait",
}


class Otel:
    def __init__(self) -> None:
        self.spans = InMemorySpanExporter()
        self.tracer_provider = TracerProvider()
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.spans))
        self.reader = InMemoryMetricReader()
        self.meter_provider = MeterProvider(metric_readers=[self.reader])

    def metrics(self) -> dict[str, list[Any]]:
        """Data points by metric name."""
        found: dict[str, list[Any]] = {}
        data = self.reader.get_metrics_data()
        for resource in data.resource_metrics if data is not None else ():
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    found.setdefault(metric.name, []).extend(metric.data.data_points)
        return found


@pytest.fixture
def otel() -> Iterator[Otel]:
    otel = Otel()
    yield otel
    otel.meter_provider.shutdown()
    otel.tracer_provider.shutdown()


async def run_calls(fake: FakeKakaoServer, otel: Otel) -> tuple[list[int], OpenTelemetryObserver]:
    """A retried read, a failed read, two onOff calls (the second waits for its turn, and is
    refused once for its quota), all under one instrumented client."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        on_off_interval=INTERVAL,
        retry=ka.RetryPolicy(base=0.01, cap=0.02),
    ) as traced:
        observer = instrument(
            traced, tracer_provider=otel.tracer_provider, meter_provider=otel.meter_provider
        )
        fake.fail_next(1, status=503)
        await traced.moment.creatives.get(ids[0])
        with pytest.raises(ka.KakaoNotFoundError):
            await traced.moment.creatives.get(424242)
        await traced.moment.creatives.set_config(ids[0], "OFF")
        fake.fail_next(1, status=429, code=-813, path=ON_OFF)
        await traced.moment.creatives.set_config(ids[1], "OFF")
    return ids, observer


async def test_one_client_span_per_call_named_after_method_and_template(
    fake: FakeKakaoServer, otel: Otel
) -> None:
    await run_calls(fake, otel)
    spans = otel.spans.get_finished_spans()
    assert [s.name for s in spans] == [
        "GET /openapi/v4/creatives/{id}",
        "GET /openapi/v4/creatives/{id}",
        f"PUT {ON_OFF}",
        f"PUT {ON_OFF}",
    ]
    assert {s.kind for s in spans} == {trace.SpanKind.CLIENT}
    retried, failed, _, refused = spans
    assert set(dict(retried.attributes or {})) <= SPAN_ATTRIBUTES | {"kakao.outcome"}
    assert dict(retried.attributes or {}) | {"kakao.quota_wait": 0} == {
        "http.request.method": "GET",
        "url.template": "/openapi/v4/creatives/{id}",
        "http.response.status_code": 200,
        "kakao.endpoint": "moment.creatives.get",
        "kakao.ad_account_id": 1,
        "kakao.attempts": 2,
        "kakao.retries": 1,
        "kakao.quota_wait": 0,
        "kakao.outcome": "ok",
    }
    assert [e.name for e in retried.events] == ["retry"]
    assert retried.status.status_code is trace.StatusCode.UNSET
    assert failed.status.status_code is trace.StatusCode.ERROR
    assert (failed.attributes or {})["error.type"] == "KakaoNotFoundError"
    assert (failed.attributes or {})["http.response.status_code"] == 400
    assert [e.name for e in refused.events] == ["rate_limited", "retry"]
    assert (refused.attributes or {})["kakao.quota_wait"] > 0


async def test_the_five_metrics_with_the_attributes_the_readme_lists(
    fake: FakeKakaoServer, otel: Otel
) -> None:
    await run_calls(fake, otel)
    metrics = otel.metrics()
    assert set(metrics) == {
        "kakao_async.calls",
        "kakao_async.call.duration",
        "kakao_async.retries",
        "kakao_async.rate_limited",
        "kakao_async.quota.wait",
    }
    calls = {tuple(sorted(p.attributes)): p for p in metrics["kakao_async.calls"]}
    assert sum(p.value for p in metrics["kakao_async.calls"]) == 4
    assert (
        "error.type",
        "http.request.method",
        "http.response.status_code",
        "kakao.endpoint",
        "kakao.outcome",
        "url.template",
    ) in calls
    retries = metrics["kakao_async.retries"]
    assert {(p.attributes["kakao.retry.action"], p.attributes["error.type"]) for p in retries} == {
        ("retry", "KakaoServerError"),
        ("requeue", "KakaoRateLimitError"),
    }
    (refusal,) = metrics["kakao_async.rate_limited"]
    assert dict(refusal.attributes) == {
        "kakao.endpoint": "moment.creatives.set_config",
        "http.response.status_code": 429,
    }
    assert refusal.value == 1
    waits = metrics["kakao_async.quota.wait"]
    assert {tuple(sorted(p.attributes.items())) for p in waits} == {
        (("kakao.endpoint", "moment.creatives.set_config"), ("kakao.quota.name", "creatives.onOff"))
    }
    assert sum(p.count for p in metrics["kakao_async.call.duration"]) == 4
    # The ad account stays out of metric attributes (bounded cardinality); spans carry it.
    for points in metrics.values():
        for point in points:
            assert not any("account" in name for name in point.attributes)


async def test_no_span_or_metric_carries_the_token_or_a_filled_path(
    fake: FakeKakaoServer, otel: Otel
) -> None:
    ids, _ = await run_calls(fake, otel)
    text = repr(
        [
            (s.name, s.attributes, [e.attributes for e in s.events])
            for s in otel.spans.get_finished_spans()
        ]
    )
    text += repr({n: [p.attributes for p in ps] for n, ps in otel.metrics().items()})
    assert DEFAULT_TOKEN not in text
    assert not any(f"/{i}" in text for i in ids)
