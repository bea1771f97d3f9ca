"""The request pipeline: which failures are retried, how, and what hostile responses become."""

from __future__ import annotations

import logging
import random

import pytest

import kakao_async as ka
import kakao_async.testing
from kakao_async.testing import FakeKakaoServer

ON_OFF = "/openapi/v4/creatives/onOff"


def test_backoff_is_capped_jittered_and_honours_retry_after() -> None:
    policy = ka.RetryPolicy(attempts=6, base=0.5, cap=4.0)
    random.seed(7)
    for attempt in range(1, 7):
        ceiling = min(4.0, 0.5 * 2 ** (attempt - 1))
        delays = [policy.backoff(attempt) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8 and min(delays) < ceiling * 0.2  # full jitter
    assert policy.backoff(1, retry_after=3.0) >= 3.0


def test_backoff_of_a_late_attempt_is_the_cap_not_an_overflow() -> None:
    # 2 ** 1100 as a float overflows: a policy of thousands of attempts reached it.
    policy = ka.RetryPolicy(attempts=5000, base=0.001, cap=0.01)
    assert 0 <= policy.backoff(1100) <= 0.01
    with pytest.raises(TypeError, match="retry_after"):
        policy.backoff(1, retry_after="3")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("attempt", "error"), [(0, ka.KakaoInputError), (-1, ka.KakaoInputError), (1.5, TypeError)]
)
def test_backoff_refuses_an_attempt_that_is_not_a_count(attempt: object, error: type) -> None:
    # Attempts count from 1: 0 once read as half the first step.
    with pytest.raises(error, match="attempt"):
        ka.RetryPolicy().backoff(attempt)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["attempts", "rate_limit_attempts"])
def test_policy_validation(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        ka.RetryPolicy(**{field: 0})


@pytest.mark.parametrize(
    ("status", "code"), [(500, -1), (503, -9798), (502, -7), (200, -9798), (200, -1)]
)
async def test_server_failures_and_maintenance_are_retried(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, status: int, code: int
) -> None:
    fake.fail_next(2, status=status, code=code)
    await kakao.moment.creatives.list(ad_group_id=1)
    assert [r.status for r in fake.requests] == [status, status, 200]


async def test_retries_give_up_after_the_policy_attempts(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.fail_next(10, status=503)
    with pytest.raises(ka.KakaoServerError):
        await kakao.keyword.creatives.delete(5)
    assert len(fake.requests) == 3


@pytest.mark.parametrize(("status", "code"), [(400, -813), (403, -813), (404, -813), (401, -401)])
async def test_client_errors_are_never_retried(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, status: int, code: int
) -> None:
    fake.fail_next(5, status=status, code=code)
    with pytest.raises(ka.KakaoAPIError):
        await kakao.moment.creatives.get(1)
    assert len(fake.requests) == 1


async def test_a_create_is_not_retried_even_after_a_reset(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.reset_next(1, method="POST")
    with pytest.raises(ka.KakaoTransportError):
        await kakao.keyword.creatives.create(biz_channel_id=1, name="n", title="t", description="d")
    assert [r.method for r in fake.requests] == ["POST"]


async def test_idempotent_calls_survive_resets(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    c = fake.add_moment_creative(ad_account_id=1)
    fake.reset_next(2, method="PUT")
    await kakao.moment.creatives.set_config(c.id, "OFF")
    assert fake.moment_creative(c.id).config == "OFF"


async def test_retry_after_on_a_server_error_is_honoured(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.fail_next(1, status=503, retry_after=0.25)
    await kakao.moment.creatives.list(ad_group_id=1)
    first, second = fake.requests
    assert second.arrived_at - first.arrived_at >= 0.25


async def test_every_retry_is_logged_at_info_with_its_number(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kakao_async")
    fake.fail_next(2, status=502)
    await kakao.moment.creatives.list(ad_group_id=1)
    retries = [r.getMessage() for r in caplog.records if "retry" in r.getMessage()]
    assert len(retries) == 2
    assert "retry 1 of 2" in retries[0] and "retry 2 of 2" in retries[1]
    assert all(
        r.levelno == logging.INFO and r.name == "kakao_async.http"
        for r in caplog.records
        if "retry" in r.getMessage()
    )


async def test_timeouts_client_default_and_per_call(fake: FakeKakaoServer) -> None:
    fake.stall_next(10, seconds=0.5)
    async with ka.KakaoClient(
        "fake-kakao-token",
        ad_account_id=1,
        moment_base_url=fake.base_url,
        timeout=0.05,
        retry=ka.RetryPolicy(attempts=1),
    ) as kakao:
        with pytest.raises(ka.KakaoTimeoutError, match=r"within 0\.05s"):
            await kakao.moment.creatives.list(ad_group_id=1)
        with pytest.raises(ka.KakaoTimeoutError, match=r"within 0\.08s"):
            await kakao.moment.creatives.list(ad_group_id=1, timeout=0.08)
    assert issubclass(ka.KakaoTimeoutError, ka.KakaoTransportError)


# --- hostile or broken responses ---------------------------------------------------------------


async def test_slow_loris_response_times_out_instead_of_hanging(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.inject(ka.testing.Fault(kind="trickle", seconds=0.02, remaining=5))
    with pytest.raises(ka.KakaoTimeoutError):
        await kakao.moment.creatives.get(1, timeout=0.2)


async def test_truncated_body_is_a_transport_error(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.inject(ka.testing.Fault(kind="truncate", remaining=5))
    with pytest.raises(ka.KakaoTransportError):
        await kakao.moment.creatives.get(1)


async def test_huge_body_is_refused_at_the_cap(fake: FakeKakaoServer) -> None:
    fake.respond_next(b"[" + b"1," * 600_000 + b"1]")
    async with ka.KakaoClient(
        "fake-kakao-token",
        ad_account_id=1,
        moment_base_url=fake.base_url,
        max_response_bytes=1_000_000,
    ) as kakao:
        with pytest.raises(ka.KakaoDecodeError, match="1000000-byte limit"):
            await kakao.moment.creatives.system_config_histories(1)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"null",
        b"[]",
        b'"text"',
        b"123",
        b'{"content": "x"}',
        b'{"id": {"a": 1}}',
        b"{trunc",
    ],
)
async def test_wrong_bodies_become_decode_errors(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, body: bytes, json_parser: str
) -> None:
    """The same with either JSON parser (orjson is the optional [speed] extra)."""
    fake.respond_next(body)
    with pytest.raises(ka.KakaoDecodeError):
        await kakao.moment.creatives.get(1)


async def test_error_envelope_with_odd_types_still_maps(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.respond_next(
        {"code": "-813", "msg": 5, "extras": {"detailCode": "33003", "detailMsg": None}}, status=400
    )
    with pytest.raises(ka.KakaoNotFoundError) as info:
        await kakao.moment.creatives.get(1)
    assert info.value.detail_code == 33003 and info.value.msg is None


async def test_non_json_error_page_is_typed_by_status(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.garbage_next(1, status=403)
    with pytest.raises(ka.KakaoPermissionError):
        await kakao.moment.creatives.get(1)
