"""README, "Errors", read as a user: the tree (each class, its parents and the fields it
carries), the table that picks the class (``error_for_response`` and real answers of the fake
over loopback), and what ``error_for_response`` refuses."""

from __future__ import annotations

import socket
from typing import Any

import pytest

import kakao_async as ka
from kakao_async import errors
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

API_FIELDS = ("status", "code", "msg", "detail_code", "detail_msg", "method", "path")


@pytest.mark.parametrize(
    ("cls", "parents"),
    [
        (ka.KakaoAPIError, (ka.KakaoError,)),
        (ka.KakaoAuthError, (ka.KakaoAPIError,)),
        (ka.KakaoPermissionError, (ka.KakaoAPIError,)),
        (ka.KakaoNotFoundError, (ka.KakaoAPIError,)),
        (ka.KakaoRateLimitError, (ka.KakaoAPIError,)),
        (ka.KakaoQuotaExhaustedError, (ka.KakaoRateLimitError,)),
        (ka.KakaoServerError, (ka.KakaoAPIError,)),
        (ka.KakaoDecodeError, (ka.KakaoError,)),
        (ka.KakaoTransportError, (ka.KakaoError,)),
        (ka.KakaoConnectError, (ka.KakaoTransportError,)),
        (ka.KakaoTimeoutError, (ka.KakaoTransportError,)),
        (ka.KakaoLimiterError, (ka.KakaoError,)),
        (ka.KakaoClosedError, (ka.KakaoError, RuntimeError)),
        (ka.KakaoInputError, (ka.KakaoError, ValueError)),
        (ka.KakaoInputTypeError, (ka.KakaoInputError, TypeError)),
    ],
)
def test_the_tree(cls: type[Exception], parents: tuple[type[Exception], ...]) -> None:
    assert getattr(errors, cls.__name__) is cls  # in kakao_async.errors, re-exported at the top
    assert all(issubclass(cls, parent) for parent in parents)


def envelope(code: int, detail_code: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "msg": "KakaoMomentException"}
    if detail_code is not None:
        body["extras"] = {"detailCode": detail_code, "detailMsg": "이유"}
    return body


# The README's table, in its order: one row per status, code or detail code it names.
ROWS = [
    (401, envelope(-401), ka.KakaoAuthError),
    (200, envelope(-401), ka.KakaoAuthError),
    (401, None, ka.KakaoAuthError),
    (400, envelope(-11), ka.KakaoQuotaExhaustedError),
    (429, envelope(-813, 33003), ka.KakaoRateLimitError),  # whatever the detail code
    (400, envelope(-10, 9004), ka.KakaoRateLimitError),
    (404, None, ka.KakaoNotFoundError),
    (400, envelope(-813, 33003), ka.KakaoNotFoundError),
    (400, envelope(-813, 31001), ka.KakaoNotFoundError),
    (400, envelope(-813, 32026), ka.KakaoNotFoundError),
    (403, None, ka.KakaoPermissionError),
    (400, envelope(-5), ka.KakaoPermissionError),
    (400, envelope(-12), ka.KakaoPermissionError),
    (400, envelope(-402), ka.KakaoPermissionError),
    (400, envelope(-813, 9004), ka.KakaoPermissionError),
    (500, None, ka.KakaoServerError),
    (599, None, ka.KakaoServerError),
    (200, envelope(-1), ka.KakaoServerError),
    (400, envelope(-7), ka.KakaoServerError),
    (503, envelope(-9798), ka.KakaoServerError),
    (400, envelope(-813, 12345), ka.KakaoAPIError),
]


@pytest.mark.parametrize(("status", "body", "cls"), ROWS)
def test_error_for_response_applies_the_table(status: int, body: Any, cls: type) -> None:
    error = ka.errors.error_for_response(status=status, body=body, method="GET", path="/x")
    assert type(error) is cls


def test_anything_else_is_an_api_error_keeping_code_and_detail_code() -> None:
    error = ka.errors.error_for_response(
        status=400, body=envelope(-813, 12345), method="PUT", path="/openapi/v4/creatives/onOff"
    )
    assert type(error) is ka.KakaoAPIError
    assert (error.status, error.code, error.msg, error.detail_code, error.detail_msg) == (
        400,
        -813,
        "KakaoMomentException",
        12345,
        "이유",
    )
    assert (error.method, error.path) == ("PUT", "/openapi/v4/creatives/onOff")


@pytest.mark.parametrize("raw", [b'{"code": -401, "msg": "x"}', '{"code": -401, "msg": "x"}'])
def test_raw_bytes_or_text_are_not_parsed_the_status_alone_picks(raw: object) -> None:
    error = ka.errors.error_for_response(status=503, body=raw, method="GET", path="/x")
    assert type(error) is ka.KakaoServerError and error.code is None


@pytest.mark.parametrize(
    "arguments",
    [
        {"status": "404"},
        {"status": 99},
        {"status": 1000},
        {"status": True},
        {"status": 404.0},
        {"method": b"GET"},
        {"path": None},
        {"retry_after": "5"},
    ],
)
def test_what_error_for_response_refuses(arguments: dict[str, Any]) -> None:
    given = {"status": 404, "body": None, "method": "GET", "path": "/x", **arguments}
    with pytest.raises(ka.KakaoInputError):
        ka.errors.error_for_response(**given)


def test_the_table_is_public_and_says_why() -> None:
    assert ka.errors.ERROR_TABLE and all(rule.why for rule in ka.errors.ERROR_TABLE)


# Over loopback: what a call raises for real answers, with the fields the tree names.
@pytest.mark.parametrize(
    ("status", "code", "detail_code", "cls"),
    [
        (401, -401, None, ka.KakaoAuthError),
        (403, -5, None, ka.KakaoPermissionError),
        (400, -813, 9004, ka.KakaoPermissionError),
        (400, -813, 33003, ka.KakaoNotFoundError),
        (429, -813, None, ka.KakaoRateLimitError),
        (400, -11, None, ka.KakaoQuotaExhaustedError),
        (503, -9798, None, ka.KakaoServerError),
        (400, -813, 12345, ka.KakaoAPIError),
    ],
)
async def test_a_call_raises_the_class_with_kakaos_fields_and_the_request(
    fake: FakeKakaoServer, status: int, code: int, detail_code: int | None, cls: type
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.fail_next(1, status=status, code=code, detail_code=detail_code)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        retry=ka.RetryPolicy(attempts=1, rate_limit_attempts=1),
    ) as kakao:
        with pytest.raises(ka.KakaoAPIError) as caught:
            await kakao.moment.creatives.get(creative)
    error = caught.value
    assert type(error) is cls
    assert all(hasattr(error, name) for name in API_FIELDS)
    assert (error.status, error.code, error.detail_code) == (status, code, detail_code)
    assert (error.method, error.path) == ("GET", f"/openapi/v4/creatives/{creative}")


async def test_an_exhausting_refusal_of_a_quotad_call_is_never_retried(
    fake: FakeKakaoServer,
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.fail_next(1, status=429, code=-813, retry_after=120)
    async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url) as k:
        with pytest.raises(ka.KakaoQuotaExhaustedError) as caught:
            await k.moment.creatives.set_config(creative, "OFF")
    assert caught.value.retry_after == 120
    assert len(fake.requests) == 1


async def test_a_decode_error_carries_status_method_and_path(fake: FakeKakaoServer) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.garbage_next(1, status=200)
    async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url) as k:
        with pytest.raises(ka.KakaoDecodeError) as caught:
            await k.moment.creatives.get(creative)
    error = caught.value
    assert (error.status, error.method, error.path) == (
        200,
        "GET",
        f"/openapi/v4/creatives/{creative}",
    )


async def test_an_unreachable_shared_limiter_fails_closed_with_a_limiter_error(
    fake: FakeKakaoServer,
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    limiter = ka.RedisRateLimiter(
        f"redis://127.0.0.1:{port}/0", interval=0.1, outage_timeout=0.2, socket_timeout=0.2
    )
    async with (
        limiter,
        ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, rate_limiter=limiter
        ) as kakao,
    ):
        with pytest.raises(ka.KakaoLimiterError):
            await kakao.moment.creatives.set_config(creative, "OFF")
    assert fake.requests == [] or all(
        r.path != "/openapi/v4/creatives/onOff" for r in fake.requests
    )


async def test_a_call_on_a_closed_client_is_a_closed_error_and_a_runtime_error() -> None:
    kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1)
    await kakao.aclose()
    with pytest.raises(RuntimeError) as caught:
        await kakao.moment.creatives.get(1)
    assert isinstance(caught.value, ka.KakaoClosedError)


@pytest.mark.parametrize("bad", [True, 1.0, "²"])
async def test_an_id_of_the_wrong_kind_is_an_input_type_error(bad: object) -> None:
    async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1) as kakao:
        with pytest.raises(ka.KakaoInputTypeError) as caught:
            await kakao.moment.creatives.get(bad)  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError) and isinstance(caught.value, ValueError)


async def test_a_refused_value_is_an_input_error_and_a_value_error() -> None:
    async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1) as kakao:
        with pytest.raises(ValueError, match="creative_id must be a positive integer") as caught:
            await kakao.moment.creatives.get(0)
    assert isinstance(caught.value, ka.KakaoInputError)
