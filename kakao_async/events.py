"""Events for metrics and tracing: what a :class:`~kakao_async.KakaoClient` tells its observers.

An observer is a plain (not ``async``) callable taking one event. Register it with
``KakaoClient(..., observers=[observer])`` or ``client.add_observer(observer)``; it is called
synchronously, inside the call it describes, so it must be quick (count, record, hand off). An
exception it raises is logged on ``kakao_async.events`` and never reaches the call. A client
with no observer builds no event at all.

One call emits, in order::

    CallStarted                        the call begins (before any quota wait)
      ThrottledWait                    quota'd calls: the call got its quota turn after `waited` s
      RequestSent                      one HTTP attempt starts (`attempt` counts from 1)
      ResponseReceived                 its answer: `status`, `duration`; status None if none came
      RateLimited                      quota'd calls: Kakao refused the call for its quota (429 or
                                       code -10); the limiter keeps the key closed `deferred` s
      RetryScheduled                   the call tries again: `reason`, `action`, `delay`
      ...                              (ThrottledWait, RequestSent, ... again per attempt)
    CallEnded                          `outcome`, last `status`, `attempts`, `retries`,
                                       total `quota_wait`, `duration`

and a bulk job the client starts (``get_many``, ``set_configs``, ``delete_many`` and their
``start_*`` forms)
emits a :class:`JobProgress` after every finished item and once when it ends.

Every call event names its call by ``call_id`` (unique in the process), the operation
(``endpoint``, e.g. ``"moment.creatives.set_config"``), ``method``, the path *template*
(``/openapi/v4/creatives/{id}``, never the filled path) and ``ad_account_id``. No event carries a
token, a request or response body, or query parameters. ``quota_key`` is the limiter's key, which
names the user by a fingerprint, never by the token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeAlias

import attrs

from ._progress import Progress

__all__ = [
    "CallEnded",
    "CallEvent",
    "CallStarted",
    "Event",
    "JobProgress",
    "Observer",
    "RateLimited",
    "RequestSent",
    "ResponseReceived",
    "RetryScheduled",
    "ThrottledWait",
]


@attrs.frozen(kw_only=True)
class CallEvent:
    """What every event of one API call carries."""

    #: Unique in this process: ties the events of one call together.
    call_id: int
    #: The operation's name, e.g. ``"moment.creatives.get"`` (as in :mod:`kakao_async.endpoints`).
    endpoint: str
    #: HTTP method.
    method: str
    #: The path template, e.g. ``/openapi/v4/creatives/{id}`` (low cardinality, no ids).
    path: str
    #: The call's ``adAccountId``; None for the one call without it (the user's ad accounts).
    ad_account_id: int | None


@attrs.frozen(kw_only=True)
class CallStarted(CallEvent):
    """A call begins: before its quota wait (if any) and its first attempt."""


@attrs.frozen(kw_only=True)
class ThrottledWait(CallEvent):
    """A quota'd call got its turn from the limiter."""

    #: The quota's name, e.g. ``"creatives.onOff"``.
    quota: str
    #: The limiter key (quota, user fingerprint, ad account).
    quota_key: str
    #: Seconds spent waiting for the turn (the quota's doing, not the server's).
    waited: float


@attrs.frozen(kw_only=True)
class RequestSent(CallEvent):
    """One HTTP attempt of the call starts: handed to the transport, which may still wait for
    a pooled connection or fail to connect (``ResponseReceived`` then has no ``status``)."""

    #: 1 for the first attempt of the call, then 2, 3, ...
    attempt: int


@attrs.frozen(kw_only=True)
class ResponseReceived(CallEvent):
    """The answer to one attempt, or its absence."""

    attempt: int
    #: The HTTP status; ``None`` when no complete answer came back (transport error, timeout,
    #: the client closed or the call cancelled mid-attempt). Every RequestSent gets one.
    status: int | None
    #: Seconds from sending to the whole body (or the failure).
    duration: float
    #: Name of the error class the answer means (``"KakaoRateLimitError"``, ...), or ``None``.
    #: Kakao also reports errors with HTTP 200, so check this rather than the status alone.
    error: str | None


@attrs.frozen(kw_only=True)
class RateLimited(CallEvent):
    """Kakao refused a quota'd call for its quota (HTTP 429 or code -10) although the limiter had
    given the turn: someone else (another tool, another process) spent it. The limiter keeps the
    key closed for ``deferred`` seconds; a :class:`RetryScheduled` follows unless the call
    gives up."""

    quota: str
    quota_key: str
    #: The HTTP status of the refusal (429, or 200/400 with code -10).
    status: int | None
    #: Seconds the server asked for in ``Retry-After``, if it did.
    retry_after: float | None
    #: Seconds the limiter keeps the key closed after this call.
    deferred: float


@attrs.frozen(kw_only=True)
class RetryScheduled(CallEvent):
    """A failed attempt will be followed by another."""

    #: The attempt that failed.
    attempt: int
    #: ``"retry"`` after a backoff of ``delay`` seconds, ``"requeue"`` through the quota limiter
    #: (which does the waiting), ``"refresh"`` after refreshing the access token.
    action: Literal["retry", "requeue", "refresh"]
    #: Name of the error class that failed the attempt, e.g. ``"KakaoServerError"``.
    reason: str
    #: HTTP status of the failed attempt, ``None`` if no answer came back.
    status: int | None
    #: Seconds of backoff before the next attempt (0 for ``requeue`` and ``refresh``).
    delay: float


@attrs.frozen(kw_only=True)
class CallEnded(CallEvent):
    """The call is over, however it ended."""

    #: ``ok``; ``error`` (it raised ``error``); ``superseded`` (a newer change to the same object
    #: made it unnecessary, nothing or nothing more was sent); ``cancelled``.
    outcome: Literal["ok", "error", "superseded", "cancelled"]
    #: Name of the exception the call raised, when ``outcome == "error"``.
    error: str | None
    #: HTTP status of the last answer, ``None`` if no attempt got one.
    status: int | None
    #: HTTP attempts sent.
    attempts: int
    #: Times the call was tried again (every :class:`RetryScheduled`).
    retries: int
    #: Seconds spent waiting for quota turns, all attempts together.
    quota_wait: float
    #: Seconds from :class:`CallStarted` to now, quota waits included.
    duration: float


@attrs.frozen(kw_only=True)
class JobProgress:
    """A bulk job finished an item (``ended=False``) or ended (``ended=True``: finished, failed
    or cancelled; emitted once)."""

    #: Unique in this process: ties the events of one job together.
    job_id: int
    #: The bulk operation, e.g. ``"moment.creatives.set_configs"``.
    operation: str
    progress: Progress
    ended: bool


#: Any event an observer receives.
Event: TypeAlias = (
    CallStarted
    | ThrottledWait
    | RequestSent
    | ResponseReceived
    | RateLimited
    | RetryScheduled
    | CallEnded
    | JobProgress
)

#: A plain (not async) callable receiving every event; typed as returning ``None``, so a type
#: checker takes a function that returns a value only if it is annotated ``-> None`` (the value
#: is ignored at run time).
Observer = Callable[[Event], None]
