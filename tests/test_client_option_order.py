"""With several bad options, KakaoClient(...) reports the first in its fixed checking order:
token and user_key, ad_account_id, base URLs, rate_limiter, retry, observers, quotas and
on_off_margin, session/transport and sizes, timeout, max_requests_per_second. Each case pairs
one bad option with every later one, so a reordering of the constructor's steps shows here."""

from __future__ import annotations

import re
from typing import Any

import pytest

import kakao_async as ka

#: (option, a bad value, the start of its message), in the order the constructor checks them.
BAD: list[tuple[str, Any, str]] = [
    ("user_key", "", "user_key"),
    ("ad_account_id", 0, "ad_account_id"),
    ("moment_base_url", "ftp://x", "moment_base_url"),
    ("keyword_base_url", "ftp://x", "keyword_base_url"),
    ("rate_limiter", ka.MemoryRateLimiter, "rate_limiter must be an instance"),
    ("retry", 3, "retry must be a kakao_async.RetryPolicy, got int"),
    ("observers", print, "observers must be an iterable of callables"),
    ("quotas", {"nope": 1.0}, "unknown quota 'nope'"),
    ("on_off_margin", -1.0, "on_off_margin must be a finite number"),
    ("max_connections", 0, "max_connections"),
    ("max_response_bytes", 0, "max_response_bytes"),
    ("session", "s", "session must be an aiohttp.ClientSession"),
    ("timeout", 0, "timeout"),
    ("max_requests_per_second", 0, "max_requests_per_second"),
]


def _message(**options: Any) -> str:
    with pytest.raises((ka.KakaoInputError, ka.KakaoInputTypeError, ValueError)) as raised:
        ka.KakaoClient("token", **options)
    return str(raised.value)


@pytest.mark.parametrize("first", range(len(BAD)), ids=[name for name, _, _ in BAD])
def test_the_first_bad_option_in_order_is_the_one_reported(first: int) -> None:
    name, value, start = BAD[first]
    assert re.match(re.escape(start), _message(**{name: value})), name
    for later, later_value, _ in BAD[first + 1 :]:
        message = _message(**{name: value, later: later_value})
        assert re.match(re.escape(start), message), (name, later, message)


def test_a_given_limiter_with_on_off_margin_is_refused_before_the_transport() -> None:
    limiter = ka.MemoryRateLimiter(interval=1.0)
    message = _message(rate_limiter=limiter, on_off_margin=0.1, transport=object())
    assert message.startswith("on_off_margin configures the default limiter")


def test_a_bad_on_off_margin_is_named_as_the_caller_wrote_it() -> None:
    for bad in (-1.0, float("nan"), float("inf")):
        assert _message(on_off_margin=bad).startswith("on_off_margin")


# review16 (older than this stop): math.isfinite() raises OverflowError for an int too large
# for a float, so such a value escapes _validate.positive_number as a bare OverflowError
# (neither KakaoInputError nor a ValueError), naming no option.
@pytest.mark.parametrize(
    "option", ["on_off_margin", "on_off_interval", "timeout", "max_requests_per_second"]
)
def test_a_number_too_large_for_a_float_is_refused_naming_the_option(option: str) -> None:
    assert _message(**{option: 10**400}).startswith(option)
