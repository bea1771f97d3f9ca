"""README "Errors": ``ka.errors.error_for_response(status=, body=, method=, path=)`` is public, so
wrong arguments get a typed KakaoInputError, not an error of the wrong class built from them
(``status="401"`` must not quietly become a plain KakaoAPIError)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.errors import error_class, error_for_response


@pytest.mark.parametrize("status", ["401", True, 401.0, None])
def test_a_status_that_is_not_an_int_is_a_type_error(status: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="status"):
        error_for_response(status=status, body=None, method="GET", path="/p")


@pytest.mark.parametrize("status", [0, 99, 1000, -401])
def test_a_status_outside_http_is_refused(status: int) -> None:
    with pytest.raises(ka.KakaoInputError, match="status"):
        error_for_response(status=status, body=None, method="GET", path="/p")


@pytest.mark.parametrize(("name", "value"), [("method", None), ("path", 5)])
def test_method_and_path_are_text(name: str, value: Any) -> None:
    arguments: dict[str, Any] = {"method": "GET", "path": "/p", name: value}
    with pytest.raises(ka.KakaoInputTypeError, match=name):
        error_for_response(status=400, body=None, **arguments)


def test_raw_bytes_are_not_read_the_status_alone_decides() -> None:
    # README: raw bytes give no code; the class then follows the status.
    body = b'{"code": -813, "extras": {"detailCode": 33003}}'
    plain = error_for_response(status=400, body=body, method="GET", path="/p")
    assert type(plain) is ka.KakaoAPIError and plain.code is None and plain.detail_code is None
    auth = error_for_response(status=401, body=body, method="GET", path="/p")
    assert type(auth) is ka.KakaoAuthError and auth.code is None


async def test_the_client_reads_any_status_a_transport_hands_back() -> None:
    # Only the public function checks its arguments: a status outside 100-599 from a
    # transport is still an answer, never an input error of the caller's.
    transport = ka.MockTransport(lambda request: ka.HttpResponse(700, {}, b""))
    async with ka.KakaoClient("t", ad_account_id=1, transport=transport) as kakao:
        with pytest.raises(ka.KakaoError) as info:
            await kakao.moment.creatives.get(5)
    assert not isinstance(info.value, ka.KakaoInputError)


@pytest.mark.parametrize("retry_after", ["5", True])
def test_retry_after_is_seconds(retry_after: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="retry_after"):
        error_for_response(status=429, body=None, method="GET", path="/p", retry_after=retry_after)


def _numpy_int(value: int) -> Any:
    numpy = pytest.importorskip("numpy")
    return numpy.int64(value)


@pytest.mark.parametrize("make", [HTTPStatus, _numpy_int], ids=["HTTPStatus", "numpy"])
def test_a_status_that_is_an_integer_of_another_type_is_taken(make: Any) -> None:
    """``HTTPStatus.UNAUTHORIZED`` (an int subclass) or a numpy integer from a data frame is a
    status as good as ``401``: the class it picks is the same, and its ``status`` a plain int."""
    error = error_for_response(status=make(401), body=None, method="GET", path="/p")
    assert type(error) is ka.KakaoAuthError
    assert type(error.status) is int and error.status == 401
    limited = error_for_response(
        status=make(429), body=None, method="GET", path="/p", retry_after=_numpy_int(3)
    )
    assert isinstance(limited, ka.KakaoRateLimitError) and limited.retry_after == 3


# error_class is public too (ka.errors.error_class): the same checks, or "404" (text) would
# quietly read as no 404 and give a plain KakaoAPIError.
@pytest.mark.parametrize("status", ["404", True, 404.0, None])
def test_error_class_refuses_a_status_that_is_not_an_int(status: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="status"):
        error_class(status)


@pytest.mark.parametrize("status", [0, 99, 1000, -404])
def test_error_class_refuses_a_status_outside_http(status: int) -> None:
    with pytest.raises(ka.KakaoInputError, match="status"):
        error_class(status)


@pytest.mark.parametrize("name", ["code", "detail_code"])
@pytest.mark.parametrize("value", ["-401", True, -401.0])
def test_error_class_refuses_codes_that_are_not_ints(name: str, value: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match=name):
        error_class(400, **{name: value})


def test_error_class_takes_any_integer_kind() -> None:
    assert error_class(HTTPStatus.NOT_FOUND) is ka.KakaoNotFoundError
    assert error_class(400, code=-401) is ka.KakaoAuthError
    assert error_class(400, detail_code=33003) is ka.KakaoNotFoundError
    assert error_class(400, code=None, detail_code=None) is ka.KakaoAPIError
