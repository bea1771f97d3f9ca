"""OpenTelemetry for kakao_async (``pip install 'kakao-async[otel]'``): a span per API call and
metrics for calls, retries, quota refusals and quota waits, built from
:mod:`kakao_async.events`::

    from kakao_async.otel import instrument

    async with KakaoClient(token, ad_account_id=1234) as kakao:
        instrument(kakao)  # the global providers, or tracer_provider=/meter_provider=

Spans: one per call, kind CLIENT, named ``"<METHOD> <path template>"`` (e.g. ``"PUT
/openapi/v4/creatives/onOff"``), current while the call runs, so spans of an HTTP
instrumentation nest under it. Attributes: ``http.request.method``, ``url.template``,
``http.response.status_code`` (the last answer's), ``error.type``, ``kakao.endpoint``,
``kakao.ad_account_id``, ``kakao.outcome``, ``kakao.attempts``, ``kakao.retries``,
``kakao.quota_wait`` (seconds). Span events: ``retry`` (``kakao.retry.action``, ``error.type``,
``kakao.retry.delay``) and ``rate_limited`` (``kakao.quota.deferred``, ``kakao.retry_after``).

Metrics (attributes in brackets; the ad account is left out to keep cardinality bounded):

================================  =========  ==================================================
``kakao_async.calls``             counter    calls [``kakao.endpoint``, ``http.request.method``,
                                             ``url.template``, ``kakao.outcome``,
                                             ``http.response.status_code``, ``error.type``]
``kakao_async.call.duration``     histogram  seconds per call, quota waits included
                                             [``kakao.endpoint``, ``kakao.outcome``]
``kakao_async.retries``           counter    retries [``kakao.endpoint``,
                                             ``kakao.retry.action``, ``error.type``]
``kakao_async.rate_limited``      counter    answers that were quota refusals, HTTP 429 or code
                                             -10 [``kakao.endpoint``,
                                             ``http.response.status_code``]
``kakao_async.quota.wait``        histogram  seconds each quota'd call waited for its turn
                                             [``kakao.quota.name``, ``kakao.endpoint``]
================================  =========  ==================================================
"""

from __future__ import annotations

from contextvars import Token
from typing import Any

try:
    from opentelemetry import context, metrics, trace
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "kakao_async.otel needs OpenTelemetry: pip install 'kakao-async[otel]'"
    ) from exc

from . import __version__
from ._client import KakaoClient
from .errors import KakaoInputTypeError
from .events import (
    CallEnded,
    CallStarted,
    Event,
    RateLimited,
    ResponseReceived,
    RetryScheduled,
    ThrottledWait,
)

__all__ = ["OpenTelemetryObserver", "instrument"]

_SCOPE = "kakao_async"
#: Seconds: from a fast read to an onOff call that waited behind many others of its account.
_DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
#: ResponseReceived.error of a quota refusal: a KakaoRateLimitError, or its subclass for a limit
#: that will not clear soon (a long Retry-After, code -11): still a 429 / -10 answer.
_REFUSALS = frozenset({"KakaoRateLimitError", "KakaoQuotaExhaustedError"})
_WAIT_BUCKETS = (0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)


class OpenTelemetryObserver:
    """An observer (see :mod:`kakao_async.events`) that records spans and metrics. One may serve
    several clients. ``tracer_provider``/``meter_provider`` default to the global ones."""

    def __init__(
        self,
        *,
        tracer_provider: trace.TracerProvider | None = None,
        meter_provider: metrics.MeterProvider | None = None,
    ) -> None:
        self._tracer = trace.get_tracer(_SCOPE, __version__, tracer_provider)
        meter = metrics.get_meter(_SCOPE, __version__, meter_provider)
        self._calls = meter.create_counter(
            "kakao_async.calls", unit="{call}", description="Kakao API calls, by outcome"
        )
        self._duration = meter.create_histogram(
            "kakao_async.call.duration",
            unit="s",
            description="Seconds per Kakao API call, retries and quota waits included",
            explicit_bucket_boundaries_advisory=_DURATION_BUCKETS,
        )
        self._retries = meter.create_counter(
            "kakao_async.retries", unit="{retry}", description="Attempts tried again"
        )
        self._rate_limited = meter.create_counter(
            "kakao_async.rate_limited",
            unit="{response}",
            description="Answers that refused a call for a quota (HTTP 429 or code -10)",
        )
        self._quota_wait = meter.create_histogram(
            "kakao_async.quota.wait",
            unit="s",
            description="Seconds a quota'd call waited for its turn",
            explicit_bucket_boundaries_advisory=_WAIT_BUCKETS,
        )
        #: call_id -> the call's span and the context token that made it current.
        self._open: dict[int, tuple[trace.Span, Token[context.Context]]] = {}

    def __repr__(self) -> str:
        return f"<OpenTelemetryObserver {_SCOPE}, {len(self._open)} calls open>"

    def __call__(self, event: Event) -> None:
        if isinstance(event, CallStarted):
            self._start(event)
        elif isinstance(event, CallEnded):
            self._end(event)
        elif isinstance(event, ResponseReceived):
            if event.error in _REFUSALS:
                self._rate_limited.add(
                    1, {"kakao.endpoint": event.endpoint, "http.response.status_code": event.status}
                )
        elif isinstance(event, ThrottledWait):
            attributes = {"kakao.quota.name": event.quota, "kakao.endpoint": event.endpoint}
            self._quota_wait.record(event.waited, attributes)
        elif isinstance(event, RetryScheduled):
            reason = {"kakao.retry.action": event.action, "error.type": event.reason}
            self._retries.add(1, {"kakao.endpoint": event.endpoint, **reason})
            self._span_event(event.call_id, "retry", {**reason, "kakao.retry.delay": event.delay})
        elif isinstance(event, RateLimited):
            refusal: dict[str, Any] = {"kakao.quota.deferred": event.deferred}
            if event.retry_after is not None:
                refusal["kakao.retry_after"] = event.retry_after
            self._span_event(event.call_id, "rate_limited", refusal)

    def _start(self, event: CallStarted) -> None:
        attributes: dict[str, Any] = {
            "http.request.method": event.method,
            "url.template": event.path,
            "kakao.endpoint": event.endpoint,
        }
        if event.ad_account_id is not None:  # the user's ad account list names none
            attributes["kakao.ad_account_id"] = event.ad_account_id
        span = self._tracer.start_span(
            f"{event.method} {event.path}", kind=trace.SpanKind.CLIENT, attributes=attributes
        )
        # Current for the rest of the call: the events of one call come from its own task.
        token = context.attach(trace.set_span_in_context(span))
        self._open[event.call_id] = (span, token)

    def _end(self, event: CallEnded) -> None:
        attributes: dict[str, Any] = {
            "kakao.endpoint": event.endpoint,
            "http.request.method": event.method,
            "url.template": event.path,
            "kakao.outcome": event.outcome,
        }
        if event.status is not None:
            attributes["http.response.status_code"] = event.status
        if event.error is not None:
            attributes["error.type"] = event.error
        self._calls.add(1, attributes)
        self._duration.record(
            event.duration, {"kakao.endpoint": event.endpoint, "kakao.outcome": event.outcome}
        )
        opened = self._open.pop(event.call_id, None)
        if opened is None:
            return
        span, token = opened
        span.set_attributes(attributes)
        span.set_attributes(
            {
                "kakao.attempts": event.attempts,
                "kakao.retries": event.retries,
                "kakao.quota_wait": event.quota_wait,
            }
        )
        if event.outcome == "error":
            span.set_status(trace.StatusCode.ERROR, event.error)
        span.end()
        context.detach(token)

    def _span_event(self, call_id: int, name: str, attributes: dict[str, Any]) -> None:
        opened = self._open.get(call_id)
        if opened is not None:
            opened[0].add_event(name, attributes)


def instrument(
    client: KakaoClient,
    *,
    tracer_provider: trace.TracerProvider | None = None,
    meter_provider: metrics.MeterProvider | None = None,
) -> OpenTelemetryObserver:
    """Record ``client``'s calls as spans and metrics; returns the observer (pass it to
    ``client.remove_observer`` to stop)."""
    if not isinstance(client, KakaoClient):
        raise KakaoInputTypeError(f"instrument() takes a KakaoClient, got {type(client).__name__}")
    observer = OpenTelemetryObserver(tracer_provider=tracer_provider, meter_provider=meter_provider)
    client.add_observer(observer)
    return observer
