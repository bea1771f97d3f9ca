"""``kakao.quota_key`` and ``rate_limiter=`` given the wrong kind of thing: a clear typed error
at once, never an ``AttributeError`` from inside the library."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.endpoints import CREATIVE_ON_OFF_QUOTA


def test_quota_key_takes_a_quota_or_the_name_of_one() -> None:
    kakao = ka.KakaoClient("t", user_key="me", quotas={"reports.app": 0.05})
    assert kakao.quota_key(CREATIVE_ON_OFF_QUOTA, 7) == "creatives.onOff:me:7"
    assert kakao.quota_key("creatives.onOff", 7) == "creatives.onOff:me:7"
    assert kakao.quota_key("reports.account", 7) == "reports.account:7"
    assert kakao.quota_key(kakao.quotas["reports.app"], 7) == "reports.app:app"


@pytest.mark.parametrize(
    ("quota", "error"),
    [
        (None, ka.KakaoInputTypeError),
        (5, ka.KakaoInputTypeError),
        (b"creatives.onOff", ka.KakaoInputTypeError),
        ("creatives.offOn", ka.KakaoInputError),
        ("", ka.KakaoInputError),
    ],
)
def test_quota_key_refuses_what_names_no_quota(quota: Any, error: type[Exception]) -> None:
    kakao = ka.KakaoClient("t")
    with pytest.raises(error, match="quota") as info:
        kakao.quota_key(quota, 7)
    assert type(info.value) is error


@pytest.mark.parametrize("limiter", [ka.MemoryRateLimiter, ka.RedisRateLimiter])
def test_a_limiter_class_instead_of_a_limiter_is_refused_clearly(limiter: type) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="an instance"):
        ka.KakaoClient("t", rate_limiter=limiter)
