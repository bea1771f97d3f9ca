"""When a failed attempt is tried again: a retry policy and an ordered chain of small rules.

Each rule looks at one :class:`Failure` and either decides (raise, refresh the token, requeue
through the quota limiter, sleep and retry) or passes to the next rule. The order is the
policy: read :data:`RETRY_RULES` top to bottom.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from typing import Any, Literal, NamedTuple

import attrs

from .._validate import is_many, positive_int, positive_number, shown
from ..endpoints import Endpoint
from ..errors import (
    EXHAUSTED_AFTER,
    KakaoAuthError,
    KakaoConnectError,
    KakaoError,
    KakaoInputTypeError,
    KakaoQuotaExhaustedError,
    KakaoRateLimitError,
    KakaoServerError,
    KakaoTransportError,
)

__all__ = ["RETRY_RULES", "Decision", "Failure", "RetryPolicy", "decide"]


def _count(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    positive_int(attribute.name, value)


def _seconds(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    positive_number(attribute.name, value, allow_zero=True)


def _long_wait(_: object, attribute: Any, value: float | None) -> None:
    if value is not None:
        positive_number(attribute.name, value)


def _codes(values: Iterable[int]) -> frozenset[int]:
    """Kakao codes as given (any iterable of ints), kept as a frozenset.

    Anything else is refused now: a ``1.5`` or ``"-10"`` would never match a code, silently.
    """
    if not is_many(values):
        raise KakaoInputTypeError(
            f"exhausted_codes must be an iterable of Kakao codes (ints), got {shown(values)}"
        )
    codes = tuple(values)  # checked before hashing: a list in it must not raise a bare TypeError
    for code in codes:
        if type(code) is not int:
            raise KakaoInputTypeError(f"exhausted_codes must hold ints, got {shown(code)}")
    return frozenset(codes)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """When and how often to try a call again.

    Only idempotent calls (GET, DELETE, and the PUTs, each of which sends an absolute state) are
    retried on transport errors and server errors, with capped, fully jittered exponential
    backoff (an attempt that times out has used what was left of the call's deadline: it ends
    the call with :class:`~kakao_async.KakaoTimeoutError`); a POST that creates something only
    when it was never sent
    (:class:`~kakao_async.KakaoConnectError`). Quota rejections of quota'd
    calls (a quota'd create's too: Kakao refused it) are retried through the limiter (which
    already waits the interval), ``rate_limit_attempts`` attempts in all. No wait
    ever outlasts the call's deadline. A quota that will not clear soon
    (:class:`~kakao_async.KakaoQuotaExhaustedError`: a code in ``exhausted_codes``, or a
    Retry-After of at least ``exhausted_after`` seconds) is never retried.
    """

    #: Total tries of an idempotent call that keeps failing transiently (1 = no retry).
    attempts: int = attrs.field(default=3, validator=_count)
    #: First backoff step in seconds.
    base: float = attrs.field(default=0.5, validator=_seconds)
    #: Longest single backoff in seconds.
    cap: float = attrs.field(default=8.0, validator=_seconds)
    #: Total tries of a quota'd call that Kakao keeps rejecting with 429 / -10.
    rate_limit_attempts: int = attrs.field(default=5, validator=_count)
    #: Kakao codes that mean a limit that will not clear soon, besides -11 (a daily or monthly
    #: limit, always): e.g. ``{-10}`` if your app's -10 answers are its daily quota. Kakao
    #: documents -10 as "over the number of allowed calls; try again later", so by default it
    #: is retried like a 429.
    exhausted_codes: frozenset[int] = attrs.field(default=frozenset(), converter=_codes)
    #: A Retry-After of at least this many seconds means a limit that will not clear soon
    #: (a setting: Kakao documents none); ``None``: never judge by Retry-After. Keep it above
    #: your longest quota interval; Retry-After values are capped at 300 s.
    exhausted_after: float | None = attrs.field(default=EXHAUSTED_AFTER, validator=_long_wait)

    def backoff(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after failed try number ``attempt`` (1-based)."""
        attempt = positive_int("attempt", attempt)
        if retry_after is not None:
            retry_after = positive_number("retry_after", retry_after, allow_zero=True)
        # Doubling stops at 2 ** 64 (far past any cap): 2.0 ** 1100 overflows a float.
        ceiling = min(self.cap, self.base * 2.0 ** min(attempt - 1, 64))
        delay = random.uniform(0, ceiling)
        return max(delay, retry_after or 0.0)


class Failure(NamedTuple):
    """One failed attempt and where its call stands."""

    error: KakaoError
    endpoint: Endpoint
    #: Transient failures of this call so far, this one included.
    attempt: int
    #: Quota rejections of this call so far, this one included.
    quota_attempt: int
    #: Whether this call already refreshed its token once.
    refreshed: bool
    #: Seconds until the call's deadline.
    time_left: float


class Decision(NamedTuple):
    """What to do about a failure; ``delay`` is the sleep before a ``retry``."""

    action: Literal["raise", "refresh", "requeue", "retry"]
    delay: float = 0.0


RAISE = Decision("raise")
Rule = Callable[[Failure, RetryPolicy], "Decision | None"]
_TRANSIENT = (KakaoServerError, KakaoTransportError, KakaoRateLimitError)


def exhausted_quota_is_final(f: Failure, policy: RetryPolicy) -> Decision | None:
    """A daily or monthly limit does not clear in seconds: no retry would succeed."""
    return RAISE if isinstance(f.error, KakaoQuotaExhaustedError) else None


def refresh_once_after_401(f: Failure, policy: RetryPolicy) -> Decision | None:
    """A rejected token is refreshed once per call, then the call is tried again."""
    if isinstance(f.error, KakaoAuthError):
        return RAISE if f.refreshed else Decision("refresh")
    return None


def quota_rejection_through_limiter(f: Failure, policy: RetryPolicy) -> Decision | None:
    """A quota'd call rejected for its quota waits for its next turn in the limiter, which the
    rejection pushed back; unless the budget is spent or the server asks for longer than the
    call has left."""
    if not isinstance(f.error, KakaoRateLimitError) or f.endpoint.quota is None:
        return None
    if f.quota_attempt >= policy.rate_limit_attempts:
        return RAISE
    if (f.error.retry_after or 0.0) > f.time_left:
        return RAISE
    return Decision("requeue")


def transient_errors_only(f: Failure, policy: RetryPolicy) -> Decision | None:
    """Anything but a server failure, a transport failure or a 429 is final (4xx, decode)."""
    return None if isinstance(f.error, _TRANSIENT) else RAISE


def idempotent_calls_only(f: Failure, policy: RetryPolicy) -> Decision | None:
    """A create may have happened: never send it twice. Unless it never left: no connection."""
    return None if f.endpoint.idempotent or isinstance(f.error, KakaoConnectError) else RAISE


def attempts_left(f: Failure, policy: RetryPolicy) -> Decision | None:
    return RAISE if f.attempt >= policy.attempts else None


def backoff_within_deadline(f: Failure, policy: RetryPolicy) -> Decision | None:
    """Jittered backoff, at least ``Retry-After``; a wait past the deadline fails now."""
    retry_after = getattr(f.error, "retry_after", None)
    delay = policy.backoff(f.attempt, retry_after)
    return RAISE if delay >= f.time_left else Decision("retry", delay)


#: The rules, in the order they are asked; the first that decides wins.
RETRY_RULES: tuple[Rule, ...] = (
    exhausted_quota_is_final,
    refresh_once_after_401,
    quota_rejection_through_limiter,
    transient_errors_only,
    idempotent_calls_only,
    attempts_left,
    backoff_within_deadline,
)


def decide(
    failure: Failure, policy: RetryPolicy, rules: tuple[Rule, ...] = RETRY_RULES
) -> Decision:
    """The first decision of ``rules`` about ``failure`` (raise if none decides)."""
    for rule in rules:
        decision = rule(failure, policy)
        if decision is not None:
            return decision
    return RAISE
