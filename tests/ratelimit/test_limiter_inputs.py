"""Wrong inputs to the limiters, as a user would try them: each gets a clear typed error
(``KakaoInputError`` / ``KakaoInputTypeError``) at once, never a bare ``TypeError`` or
``AttributeError`` from inside the library, nor a wrong answer (a key read letter by letter)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import kakao_async as ka

REDIS_URL = "redis://127.0.0.1:1/0"  # never reached: every case fails before any command


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest, redis_url: str) -> Any:
    made: ka.QuotaLimiter = (
        ka.MemoryRateLimiter(interval=0.05)
        if request.param == "memory"
        else ka.RedisRateLimiter(redis_url, interval=0.05)
    )
    yield made
    await made.aclose()


@pytest.mark.parametrize(
    ("keys", "error"),
    [
        ("creatives.onOff:1", ka.KakaoInputTypeError),  # one key, not a list: not its letters
        (b"creatives.onOff:1", ka.KakaoInputTypeError),
        (5, ka.KakaoInputTypeError),
        ([1], ka.KakaoInputTypeError),
        ([None], ka.KakaoInputTypeError),
        (["ok", 2.5], ka.KakaoInputTypeError),
        ([""], ka.KakaoInputError),
    ],
)
async def test_snapshot_refuses_keys_that_are_not_a_list_of_key_texts(
    limiter: ka.QuotaLimiter, keys: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="keys"):
        await limiter.snapshot(keys)


async def test_snapshot_takes_any_iterable_of_keys(limiter: ka.QuotaLimiter) -> None:
    states = await limiter.snapshot(k for k in ("b:1", "a:1", "b:1"))
    assert [s.key for s in states] == ["a:1", "b:1"]
    assert await limiter.snapshot([]) == ()


async def test_the_client_snapshot_refuses_a_single_key_text() -> None:
    async with ka.KakaoClient("t", ad_account_id=1) as kakao:
        key = kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
        with pytest.raises(ka.KakaoInputTypeError, match="keys"):
            await kakao.quota_snapshot(key)  # type: ignore[arg-type]
        (state,) = await kakao.quota_snapshot([key])
        assert state.key == key


@pytest.mark.parametrize("redis", [123, None, 1.5, b"redis://127.0.0.1:1/0", object()])
def test_redis_limiter_refuses_what_is_neither_a_url_nor_a_client(redis: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="redis"):
        ka.RedisRateLimiter(redis)


@pytest.mark.parametrize("url", ["not a url", "http://127.0.0.1:6379/0", "", "redis://:pw@[::1"])
def test_redis_limiter_refuses_a_url_that_is_not_redis(url: str) -> None:
    with pytest.raises(ka.KakaoInputError, match="redis://") as info:
        ka.RedisRateLimiter(url)
    assert "pw" not in str(info.value)


def test_redis_limiter_refuses_a_malformed_url_without_echoing_it() -> None:
    with pytest.raises(ka.KakaoInputError, match=r"(?i)port") as info:
        ka.RedisRateLimiter("redis://:hunter2@127.0.0.1:sixthousand/0")
    assert "hunter2" not in str(info.value)


def test_a_redis_url_scheme_in_capitals_is_still_a_url() -> None:
    assert "127.0.0.1:1" in repr(ka.RedisRateLimiter("REDIS://127.0.0.1:1/0"))


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"namespace": 5}, ka.KakaoInputTypeError),
        ({"namespace": None}, ka.KakaoInputTypeError),
        ({"max_connections": True}, ka.KakaoInputTypeError),
        ({"max_connections": 2.0}, ka.KakaoInputTypeError),
        ({"max_connections": 0}, ka.KakaoInputError),
    ],
)
def test_redis_limiter_options_of_the_wrong_kind(
    options: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error) as info:
        ka.RedisRateLimiter(REDIS_URL, **options)
    assert type(info.value) is error


async def test_a_hold_without_a_quota_reads_as_such_in_flight(limiter: ka.QuotaLimiter) -> None:
    # QuotaKeyState: quota None for "a hold that named no quota", interval the one it is spaced by
    named = ka.Quota(name="reports.account", interval=0.2, scope="account")
    async with limiter.hold("k", quota=named):
        pass
    async with limiter.hold("k"):  # right after it: the key is still tracked, cooling
        (state,) = await limiter.snapshot(["k"])
        assert (state.quota, state.interval, state.in_flight) == (None, 0.05, True)
    await asyncio.sleep(0.1)
    async with limiter.hold("fresh"):
        (state,) = await limiter.snapshot(["fresh"])
        assert (state.quota, state.interval, state.in_flight) == (None, 0.05, True)


@pytest.mark.parametrize(
    ("key", "error"),
    [("", ka.KakaoInputError), (5, ka.KakaoInputTypeError), (None, ka.KakaoInputTypeError)],
)
async def test_hold_and_ready_in_refuse_what_is_not_a_key_on_every_limiter(
    limiter: ka.QuotaLimiter, key: Any, error: type[Exception]
) -> None:
    # The same answer from both limiters: code tested against memory must not meet a new
    # error (or a key of "") once it runs on Redis.
    with pytest.raises(error, match="key"):
        limiter.hold(key)
    with pytest.raises(error, match="key"):
        await limiter.ready_in(key)


async def test_a_key_in_flight_is_not_ready_on_every_limiter(limiter: ka.QuotaLimiter) -> None:
    # A dashboard reading "in flight, next call in 0.00 s" would contradict itself: the next
    # call waits for this one to end, then for the interval.
    quota = ka.Quota(name="campaigns.onOff", interval=0.05, scope="user_account")
    async with limiter.hold("k", quota=quota):
        assert await limiter.ready_in("k") >= 0.05
        (state,) = await limiter.snapshot(["k"])
        assert state.in_flight and state.ready_in >= 0.05
    assert 0 < await limiter.ready_in("k") <= 0.05 + 0.5  # cooling: what is left of it
    await asyncio.sleep(0.6)
    assert await limiter.ready_in("k") == 0


@pytest.mark.parametrize(
    "namespace", ["", "ads backend", "ads\tbackend", "ads\x00", "a{b}", "\u2028"]
)
def test_a_redis_namespace_is_printable_text_without_whitespace_or_braces(namespace: str) -> None:
    with pytest.raises(ka.KakaoInputError, match="namespace must be printable text"):
        ka.RedisRateLimiter("redis://localhost:6379/0", namespace=namespace)


def test_a_redis_namespace_may_be_korean() -> None:
    assert (
        ka.RedisRateLimiter("redis://localhost:6379/0", namespace="광고-ads").namespace
        == "광고-ads"
    )
