"""The retry chain, rule by rule: each decision readable from a Failure."""

from __future__ import annotations

import pytest

from kakao_async import endpoints, errors
from kakao_async._http import RETRY_RULES, Failure, RetryPolicy, decide

POLICY = RetryPolicy(attempts=3, base=0.01, cap=0.02, rate_limit_attempts=2)
GET = endpoints.MOMENT_CREATIVE_GET
ON_OFF = endpoints.MOMENT_CREATIVE_SET_CONFIG
CREATE = endpoints.KEYWORD_CREATIVE_CREATE


def failure(
    error: errors.KakaoError, endpoint: endpoints.Endpoint = GET, **fields: object
) -> Failure:
    values: dict[str, object] = {
        "attempt": 1,
        "quota_attempt": 0,
        "refreshed": False,
        "time_left": 10.0,
    }
    values.update(fields)
    return Failure(error, endpoint, **values)  # type: ignore[arg-type]


def api(
    cls: type[errors.KakaoAPIError], status: int, retry_after: float | None = None
) -> errors.KakaoAPIError:
    return cls(status=status, retry_after=retry_after)


def test_the_rules_are_asked_in_this_order() -> None:
    assert [rule.__name__ for rule in RETRY_RULES] == [
        "exhausted_quota_is_final",
        "refresh_once_after_401",
        "quota_rejection_through_limiter",
        "transient_errors_only",
        "idempotent_calls_only",
        "attempts_left",
        "backoff_within_deadline",
    ]


@pytest.mark.parametrize(
    ("fail", "action"),
    [
        (failure(api(errors.KakaoAuthError, 401)), "refresh"),
        (failure(api(errors.KakaoAuthError, 401), refreshed=True), "raise"),
        (failure(api(errors.KakaoRateLimitError, 429), ON_OFF, quota_attempt=1), "requeue"),
        (failure(api(errors.KakaoRateLimitError, 429), ON_OFF, quota_attempt=2), "raise"),
        (failure(api(errors.KakaoRateLimitError, 429, 300), ON_OFF, quota_attempt=1), "raise"),
        # A daily or monthly limit: not through the limiter, not with backoff, not at all.
        (failure(api(errors.KakaoQuotaExhaustedError, 400), ON_OFF, quota_attempt=1), "raise"),
        (failure(api(errors.KakaoQuotaExhaustedError, 429)), "raise"),
        (failure(api(errors.KakaoServerError, 503)), "retry"),
        (failure(errors.KakaoTransportError("reset")), "retry"),
        (failure(api(errors.KakaoServerError, 503), CREATE), "raise"),
        (failure(api(errors.KakaoServerError, 503), attempt=3), "raise"),
        (failure(api(errors.KakaoServerError, 503, 300)), "raise"),
        (failure(api(errors.KakaoAPIError, 400)), "raise"),
        (failure(errors.KakaoDecodeError("not JSON")), "raise"),
        (failure(api(errors.KakaoServerError, 503), time_left=0.0), "raise"),
    ],
)
def test_each_failure_gets_its_decision(fail: Failure, action: str) -> None:
    assert decide(fail, POLICY).action == action


def test_a_retry_sleeps_at_least_retry_after() -> None:
    decision = decide(failure(api(errors.KakaoServerError, 503, 2.0)), POLICY)
    assert decision.action == "retry" and decision.delay >= 2.0
