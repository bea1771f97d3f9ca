"""error_for_response reads Kakao's envelope tolerantly: a field missing or of the wrong type is
None (never an error of its own), codes given as digits are read, and both texts are scrubbed
of the secrets passed."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.errors import error_for_response


def fields(body: Any, **options: Any) -> tuple[Any, ...]:
    exc = error_for_response(status=400, body=body, method="GET", path="/p", **options)
    return (type(exc), exc.code, exc.msg, exc.detail_code, exc.detail_msg)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (None, (None, None, None, None)),
        (b'{"code": -813}', (None, None, None, None)),
        ({"code": True, "msg": 5, "extras": [33003]}, (None, None, None, None)),
        ({"code": -813.0, "msg": "m", "extras": None}, (None, "m", None, None)),
        (
            {"code": "-813", "extras": {"detailCode": "33003", "detailMsg": 7}},
            (-813, None, 33003, None),
        ),
        ({"code": "x", "extras": {"detailCode": False, "detailMsg": "d"}}, (None, None, None, "d")),
    ],
)
def test_odd_fields_read_as_none(body: Any, expected: tuple[Any, ...]) -> None:
    assert fields(body)[1:] == expected


def test_the_detail_code_picks_the_class_and_both_texts_are_scrubbed() -> None:
    token = ka.Secret("tok-123")
    body = {
        "code": -813,
        "msg": "bad tok-123",
        "extras": {"detailCode": 33003, "detailMsg": "tok-123!"},
    }
    cls, code, msg, detail_code, detail_msg = fields(body, secrets=[token])
    assert (cls, code, detail_code) == (ka.KakaoNotFoundError, -813, 33003)
    assert "tok-123" not in f"{msg} {detail_msg}"
    assert msg is not None and msg.startswith("bad ") and detail_msg is not None


def test_an_exhausted_code_or_a_long_retry_after_makes_an_exhausted_quota() -> None:
    body = {"code": -10, "msg": "m"}
    assert fields(body)[0] is ka.KakaoRateLimitError
    assert fields(body, exhausted_codes={-10})[0] is ka.KakaoQuotaExhaustedError
    late = error_for_response(status=429, body=body, method="GET", path="/p", retry_after=3600)
    assert type(late) is ka.KakaoQuotaExhaustedError
    never = error_for_response(
        status=429, body=body, method="GET", path="/p", retry_after=3600, exhausted_after=None
    )
    assert type(never) is ka.KakaoRateLimitError
