"""kakao_async.otel with the OpenTelemetry SDK's in-memory span exporter and metric reader."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from typing import Any

import attrs
import pytest
from opentelemetry import trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import kakao_async as ka
from kakao_async.otel import OpenTelemetryObserver, instrument
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault
from tests.conftest import INTERVAL

ON_OFF = "/openapi/v4/creatives/onOff"


@attrs.define
class Telemetry:
    tracer_provider: TracerProvider
    spans: InMemorySpanExporter
    meter_provider: MeterProvider
    reader: InMemoryMetricReader

    def finished(self) -> list[ReadableSpan]:
        return list(self.spans.get_finished_spans())

    def points(self, name: str) -> list[Any]:
        """The data points of metric ``name`` (empty if it never recorded)."""
        data = self.reader.get_metrics_data()
        found: list[Any] = []
        for resource in data.resource_metrics if data is not None else ():
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    if metric.name == name:
                        found.extend(metric.data.data_points)
        return found


@pytest.fixture
def telemetry() -> Iterator[Telemetry]:
    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    yield Telemetry(tracer_provider, spans, meter_provider, reader)
    meter_provider.shutdown()
    tracer_provider.shutdown()


def client(fake: FakeKakaoServer) -> ka.KakaoClient:
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        on_off_interval=INTERVAL,
        retry=ka.RetryPolicy(base=0.01, cap=0.05),
    )


@pytest.fixture
async def traced(fake: FakeKakaoServer, telemetry: Telemetry) -> AsyncIterator[ka.KakaoClient]:
    async with client(fake) as kakao:
        instrument(
            kakao,
            tracer_provider=telemetry.tracer_provider,
            meter_provider=telemetry.meter_provider,
        )
        yield kakao


async def test_a_span_per_call_with_template_account_status_and_retries(
    fake: FakeKakaoServer, traced: ka.KakaoClient, telemetry: Telemetry
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.fail_next(1, status=503)
    await traced.moment.creatives.get(creative)
    with pytest.raises(ka.KakaoNotFoundError):
        await traced.moment.creatives.get(999)
    ok, failed = telemetry.finished()
    assert ok.name == "GET /openapi/v4/creatives/{id}"
    assert ok.kind == trace.SpanKind.CLIENT
    assert dict(ok.attributes or {}) == {
        "http.request.method": "GET",
        "url.template": "/openapi/v4/creatives/{id}",
        "kakao.endpoint": "moment.creatives.get",
        "kakao.ad_account_id": 1,
        "kakao.outcome": "ok",
        "http.response.status_code": 200,
        "kakao.attempts": 2,
        "kakao.retries": 1,
        "kakao.quota_wait": 0.0,
    }
    assert [e.name for e in ok.events] == ["retry"]
    assert dict(ok.events[0].attributes or {})["error.type"] == "KakaoServerError"
    assert ok.status.status_code == trace.StatusCode.UNSET
    assert failed.status.status_code == trace.StatusCode.ERROR
    assert (failed.attributes or {})["error.type"] == "KakaoNotFoundError"
    assert str(creative) not in ok.name + repr(dict(ok.attributes or {}))


async def test_quota_wait_and_refusals_reach_spans_and_metrics(
    fake: FakeKakaoServer, traced: ka.KakaoClient, telemetry: Telemetry
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    async with client(fake) as other:  # another process spends the quota first
        await other.moment.creatives.set_config(ids[0], "OFF")
    result = await traced.moment.creatives.set_configs([(i, "OFF") for i in ids])
    assert result.ok and fake.on_off_rejections == 1
    refused, second = telemetry.finished()
    assert refused.name == second.name == f"PUT {ON_OFF}"
    attributes = dict(refused.attributes or {})
    assert (attributes["kakao.retries"], attributes["kakao.attempts"]) == (1, 2)
    assert attributes["kakao.quota_wait"] >= INTERVAL * 0.9  # the refusal closed the key
    assert [e.name for e in refused.events] == ["rate_limited", "retry"]
    assert dict(refused.events[0].attributes or {})["kakao.quota.deferred"] >= INTERVAL
    assert dict(second.attributes or {})["kakao.quota_wait"] >= INTERVAL * 0.9

    [rate_limited] = telemetry.points("kakao_async.rate_limited")
    assert rate_limited.value == 1
    assert dict(rate_limited.attributes) == {
        "kakao.endpoint": "moment.creatives.set_config",
        "http.response.status_code": 429,
    }
    [retries] = telemetry.points("kakao_async.retries")
    assert retries.value == 1 and retries.attributes["kakao.retry.action"] == "requeue"
    [waits] = telemetry.points("kakao_async.quota.wait")
    assert waits.count == 3 and waits.sum >= 2 * INTERVAL * 0.9
    assert dict(waits.attributes) == {
        "kakao.quota.name": "creatives.onOff",
        "kakao.endpoint": "moment.creatives.set_config",
    }
    [calls] = telemetry.points("kakao_async.calls")
    assert calls.value == 2 and calls.attributes["kakao.outcome"] == "ok"
    [duration] = telemetry.points("kakao_async.call.duration")
    assert duration.count == 2 and duration.sum >= waits.sum


async def test_a_call_without_an_ad_account_has_no_account_attribute(
    fake: FakeKakaoServer, traced: ka.KakaoClient, telemetry: Telemetry
) -> None:
    fake.seed(ad_accounts=[1], creatives_per_account=1)
    assert [a.id async for a in traced.moment.ad_accounts.list()]
    [span] = telemetry.finished()
    assert span.name == "GET /openapi/v4/adAccounts/pages"
    assert "kakao.ad_account_id" not in (span.attributes or {})


async def test_calls_are_counted_by_outcome(
    fake: FakeKakaoServer, traced: ka.KakaoClient, telemetry: Telemetry
) -> None:
    fake.seed(ad_accounts=[1], creatives_per_account=1)
    await traced.moment.creatives.list(ad_group_id=1)
    await traced.moment.creatives.list(ad_group_id=1)
    with pytest.raises(ka.KakaoNotFoundError):
        await traced.moment.creatives.get(999)
    counted = {
        (p.attributes["kakao.endpoint"], p.attributes["kakao.outcome"]): p.value
        for p in telemetry.points("kakao_async.calls")
    }
    assert counted == {("moment.creatives.list", "ok"): 2, ("moment.creatives.get", "error"): 1}
    assert not telemetry.points("kakao_async.rate_limited")


async def test_the_call_span_is_current_while_the_call_runs(telemetry: Telemetry) -> None:
    inside: list[trace.SpanContext] = []

    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        inside.append(trace.get_current_span().get_span_context())
        return ka.HttpResponse(200, {}, b'{"content": []}')

    tracer = telemetry.tracer_provider.get_tracer("app")
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, transport=ka.MockTransport(answer)
    ) as kakao:
        instrument(kakao, tracer_provider=telemetry.tracer_provider)
        with tracer.start_as_current_span("request handler") as handler:
            await kakao.moment.creatives.list(ad_group_id=1)
            # The call's span is no longer current once the call is over.
            assert trace.get_current_span() is handler
    call, parent = telemetry.finished()
    assert call.parent is not None and call.parent.span_id == parent.context.span_id
    assert [c.span_id for c in inside] == [call.context.span_id]


async def test_an_observer_serves_two_clients_and_can_be_removed(
    fake: FakeKakaoServer, telemetry: Telemetry
) -> None:
    observer = OpenTelemetryObserver(tracer_provider=telemetry.tracer_provider)
    async with client(fake) as one, client(fake) as two:
        one.add_observer(observer)
        two.add_observer(observer)
        await one.moment.creatives.list(ad_group_id=1)
        await two.moment.creatives.list(ad_group_id=1)
        two.remove_observer(observer)
        await two.moment.creatives.list(ad_group_id=1)
    assert len(telemetry.finished()) == 2


def test_importing_the_module_without_opentelemetry_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['opentelemetry'] = None\n"
        "try:\n    import kakao_async.otel\nexcept ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "pip install 'kakao-async[otel]'" in out


async def test_a_refusal_that_exhausts_the_quota_is_counted_as_rate_limited_too(
    fake: FakeKakaoServer, traced: ka.KakaoClient, telemetry: Telemetry
) -> None:
    # A 429 asking to wait past RetryPolicy.exhausted_after is a KakaoQuotaExhaustedError: still
    # a 429 answer, which README's kakao_async.rate_limited counts.
    creative = fake.add_moment_creative(ad_account_id=1)
    fake.inject(Fault(kind="status", status=429, code=-10, retry_after=120, method="PUT"))
    with pytest.raises(ka.KakaoQuotaExhaustedError):
        await traced.moment.creatives.set_config(creative.id, "OFF")
    [refused] = telemetry.points("kakao_async.rate_limited")
    assert refused.value == 1
    assert dict(refused.attributes) == {
        "kakao.endpoint": "moment.creatives.set_config",
        "http.response.status_code": 429,
    }


@pytest.mark.parametrize("client", [None, "kakao", OpenTelemetryObserver])
def test_instrument_takes_a_client(client: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="KakaoClient"):
        instrument(client)
