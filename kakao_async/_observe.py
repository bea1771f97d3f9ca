"""Where events are built and log lines of retries and quota turns are written.

The request path has a few emission points (call start and end, each attempt, each quota turn,
each retry); each one calls one function or :class:`CallTrace` method here, so the logic of
observability lives in this module. A client without observers has no :class:`Emitter`: the
request path then only tests ``trace is not None`` and builds nothing.

Loggers (all under ``kakao_async``): ``kakao_async.http`` (every exchange at DEBUG, every retry
at INFO), ``kakao_async.ratelimit`` (every quota turn at DEBUG, every quota refusal at INFO),
``kakao_async.events`` (an observer that raised).
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import logging
import time
from typing import Any, Literal

from ._bulk import BulkJob
from ._progress import Progress
from .endpoints import Endpoint, Quota
from .errors import KakaoInputError, KakaoInputTypeError
from .events import (
    CallEnded,
    CallStarted,
    Event,
    JobProgress,
    Observer,
    RateLimited,
    RequestSent,
    ResponseReceived,
    RetryScheduled,
    ThrottledWait,
)

__all__ = ["CallTrace", "Emitter", "check_observer", "quota_refused", "quota_turn", "retrying"]

http_logger = logging.getLogger("kakao_async.http")
quota_logger = logging.getLogger("kakao_async.ratelimit")
events_logger = logging.getLogger("kakao_async.events")

# Process-wide, so one observer shared by several clients never sees two calls with one id.
_call_ids = itertools.count(1)
_job_ids = itertools.count(1)

Action = Literal["retry", "requeue", "refresh"]


def check_observer(observer: object) -> Observer:
    """``observer``, if it is a plain callable; else a :class:`KakaoInputTypeError` (a
    ``TypeError`` too) now, not a silent no-op later: like every refused argument."""
    # An instance with an async __call__ counts as async too.
    call = observer if inspect.isroutine(observer) else type(observer).__call__
    if not callable(observer) or any(map(inspect.iscoroutinefunction, (observer, call))):
        raise KakaoInputTypeError(
            "an observer must be a plain (not async) callable taking one event; "
            "hand events to a queue if you need to await something"
        )
    return observer


def observer_name(observer: object) -> str:
    """How messages name an observer: its qualified name, else its type's. Never its repr,
    which may hold anything: a ``functools.partial``'s shows the arguments bound into it (a
    token, say), and a log line or an error's text must not carry a token."""
    name = getattr(observer, "__qualname__", None)
    if isinstance(name, str):
        return name
    return f"a {type(observer).__qualname__}"


class Emitter:
    """A client's observers; present only while the client has at least one."""

    __slots__ = ("observers",)

    def __init__(self, observers: tuple[Observer, ...]) -> None:
        self.observers = observers

    def emit(self, event: Event) -> None:
        for observer in self.observers:
            try:
                observer(event)
            except Exception:  # an observer's bug must never fail the call it watches
                events_logger.exception(
                    "observer %s failed on %s", observer_name(observer), type(event).__name__
                )

    def call(self, endpoint: Endpoint, ad_account_id: int | None) -> CallTrace:
        """Start tracing one call (emits :class:`CallStarted`)."""
        return CallTrace(self, endpoint, ad_account_id)

    def watch(self, job: BulkJob[Any, Any], operation: str) -> None:
        """Emit a :class:`JobProgress` after each item of ``job`` and once when it ends."""
        job_id = next(_job_ids)

        def item_done(progress: Progress) -> None:
            self.emit(
                JobProgress(job_id=job_id, operation=operation, progress=progress, ended=False)
            )

        def ended(job: BulkJob[Any, Any]) -> None:
            self.emit(
                JobProgress(job_id=job_id, operation=operation, progress=job.progress, ended=True)
            )

        job.add_progress_callback(item_done)
        job.add_done_callback(ended)


def with_observer(emitter: Emitter | None, observer: object) -> Emitter:
    """``emitter`` plus ``observer`` (a new emitter: calls in flight keep the set they began
    with)."""
    present = () if emitter is None else emitter.observers
    return Emitter((*present, check_observer(observer)))


def without_observer(emitter: Emitter | None, observer: object) -> Emitter | None:
    """``emitter`` less ``observer`` (:class:`KakaoInputError`, a ValueError, if it is not
    there); ``None`` once empty."""
    present = () if emitter is None else emitter.observers
    if observer not in present:
        # Refused like any argument (a ValueError, as before).
        raise KakaoInputError(f"{observer_name(observer)} is not an observer of this client")
    rest = list(present)
    rest.remove(observer)
    return Emitter(tuple(rest)) if rest else None


class CallTrace:
    """One call's events and counters."""

    __slots__ = (
        "_common",
        "_emitter",
        "_open",
        "_sent_at",
        "_started",
        "attempts",
        "quota_wait",
        "retries",
        "status",
    )

    def __init__(self, emitter: Emitter, endpoint: Endpoint, ad_account_id: int | None) -> None:
        self._emitter = emitter
        self._common: dict[str, Any] = {
            "call_id": next(_call_ids),
            "endpoint": endpoint.name,
            "method": endpoint.method,
            "path": endpoint.path,
            "ad_account_id": ad_account_id,
        }
        self._started = self._sent_at = time.perf_counter()
        self.attempts = 0
        #: An attempt was sent and has had no ResponseReceived yet.
        self._open = False
        self.retries = 0
        self.quota_wait = 0.0
        #: The last answer's HTTP status (None until an attempt gets one).
        self.status: int | None = None
        emitter.emit(CallStarted(**self._common))

    def sent(self) -> None:
        self.attempts += 1
        self._open = True
        self._sent_at = time.perf_counter()
        self._emitter.emit(RequestSent(attempt=self.attempts, **self._common))

    def received(self, status: int | None, error: BaseException | None) -> None:
        """The attempt's answer (``status``), or none (``None``); ``error``: what it means."""
        self._open = False
        if status is not None:
            # The call's status is its last *answer*'s: an attempt that got none (a timeout, a
            # dropped connection) after a 503 leaves the 503, which says what Kakao last did.
            self.status = status
        self._emitter.emit(
            ResponseReceived(
                attempt=self.attempts,
                status=status,
                duration=time.perf_counter() - self._sent_at,
                error=None if error is None else type(error).__name__,
                **self._common,
            )
        )

    def throttled(self, quota: Quota, key: str, waited: float) -> None:
        self.quota_wait += waited
        self._emitter.emit(
            ThrottledWait(quota=quota.name, quota_key=key, waited=waited, **self._common)
        )

    def refused(self, quota: Quota, key: str, error: BaseException, deferred: float) -> None:
        self._emitter.emit(
            RateLimited(
                quota=quota.name,
                quota_key=key,
                status=getattr(error, "status", None),
                retry_after=getattr(error, "retry_after", None),
                deferred=deferred,
                **self._common,
            )
        )

    def retried(self, error: BaseException, action: Action, delay: float) -> None:
        self.retries += 1
        self._emitter.emit(
            RetryScheduled(
                attempt=self.attempts,
                action=action,
                reason=type(error).__name__,
                status=getattr(error, "status", None) or None,
                delay=delay,
                **self._common,
            )
        )

    def ended(self, error: BaseException | None, *, superseded: bool = False) -> None:
        if self._open:
            # The attempt never ended on its own (the client closed, the call was cancelled,
            # a transport raised a non-Kakao error): observers pairing RequestSent with
            # ResponseReceived (requests in flight) still get its answer, "none".
            self.received(None, error)
        outcome: Literal["ok", "error", "superseded", "cancelled"]
        if error is None:
            outcome = "superseded" if superseded else "ok"
        elif isinstance(error, asyncio.CancelledError):
            outcome = "cancelled"
        else:
            outcome = "error"
        self._emitter.emit(
            CallEnded(
                outcome=outcome,
                error=type(error).__name__ if outcome == "error" else None,
                status=self.status,
                attempts=self.attempts,
                retries=self.retries,
                quota_wait=self.quota_wait,
                duration=time.perf_counter() - self._started,
                **self._common,
            )
        )


def quota_turn(trace: CallTrace | None, quota: Quota, key: str, since: float) -> None:
    """A quota'd call got its turn; it had waited from ``since`` (``time.monotonic()``)."""
    if trace is None and not quota_logger.isEnabledFor(logging.DEBUG):
        return  # nobody listens: the usual case, once per quota'd call
    waited = time.monotonic() - since
    quota_logger.debug("%s: quota turn after %.3fs", key, waited)
    if trace is not None:
        trace.throttled(quota, key, waited)


def quota_refused(
    trace: CallTrace | None, quota: Quota, key: str, error: BaseException, deferred: float
) -> None:
    """Kakao refused a call the limiter had let through: its key stays closed ``deferred`` s."""
    quota_logger.info(
        "%s: Kakao refused the call for its quota (HTTP %s); key closed for %.2fs",
        key,
        getattr(error, "status", None),
        deferred,
    )
    if trace is not None:
        trace.refused(quota, key, error, deferred)


def retrying(
    trace: CallTrace | None,
    what: str,
    error: BaseException,
    action: Action,
    delay: float,
    count: tuple[int, int],
) -> None:
    """The call ``what`` (``"GET /path"``) tries again after ``error``: ``retry`` after
    ``delay`` s, ``requeue`` through the limiter, or ``refresh`` (the token was refreshed).
    ``count`` is (this retry of its kind, the most there may be)."""
    status = getattr(error, "status", None)
    because = f"{what}: {type(error).__name__}" + (f" (HTTP {status})" if status else "")
    if action == "retry":
        http_logger.info("%s; retry %d of %d in %.2fs", because, *count, delay)
    elif action == "requeue":
        http_logger.info("%s; quota refusal %d of %d, back through the limiter", because, *count)
    else:
        http_logger.info("%s; access token refreshed, trying again", because)
    if trace is not None:
        trace.retried(error, action, delay)
