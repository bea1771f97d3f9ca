from __future__ import annotations

import pickle

import pytest

from kakao_async import errors as e
from tests.conftest import sample


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (401, None, e.KakaoAuthError),
        (400, {"code": -401, "msg": "x"}, e.KakaoAuthError),
        (403, {"code": -813, "msg": "x"}, e.KakaoPermissionError),
        (404, None, e.KakaoNotFoundError),
        (400, sample("moment_error_on_off_not_found.json"), e.KakaoNotFoundError),
        (200, sample("moment_error_detail_not_found.json"), e.KakaoNotFoundError),
        (429, {"code": -813, "msg": "x"}, e.KakaoRateLimitError),
        (400, {"code": -10, "msg": "limit"}, e.KakaoRateLimitError),
        (400, {"code": -11, "msg": "daily limit"}, e.KakaoQuotaExhaustedError),
        (503, None, e.KakaoServerError),
        (200, {"code": -9798, "msg": "maintenance"}, e.KakaoServerError),
        (400, sample("moment_error_delete_message.json"), e.KakaoAPIError),
    ],
)
def test_error_for_response_picks_the_class(status: int, body: object, cls: type) -> None:
    err = e.error_for_response(status=status, body=body, method="GET", path="/p")
    assert type(err) is cls


@pytest.mark.parametrize(
    ("status", "code", "retry_after", "settings", "cls"),
    [
        (429, -813, 59.0, {}, e.KakaoRateLimitError),
        (429, -813, 60.0, {}, e.KakaoQuotaExhaustedError),
        (400, -10, 300.0, {}, e.KakaoQuotaExhaustedError),
        (429, -813, 300.0, {"exhausted_after": None}, e.KakaoRateLimitError),
        (400, -10, None, {"exhausted_codes": {-10}}, e.KakaoQuotaExhaustedError),
        (400, -11, None, {"exhausted_codes": ()}, e.KakaoQuotaExhaustedError),  # the table's
        (503, None, 300.0, {}, e.KakaoServerError),  # a long Retry-After alone is no quota
    ],
)
def test_which_rate_limits_are_exhausted_quotas(
    status: int, code: int | None, retry_after: float | None, settings: dict, cls: type
) -> None:
    err = e.error_for_response(
        status=status,
        body=None if code is None else {"code": code, "msg": "x"},
        method="PUT",
        path="/p",
        retry_after=retry_after,
        **settings,
    )
    assert type(err) is cls


def test_error_carries_kakao_codes_and_request() -> None:
    err = e.error_for_response(
        status=400,
        body=sample("moment_error_delete_message.json"),
        method="DELETE",
        path="/openapi/v4/creatives/7",
    )
    assert (err.status, err.code, err.detail_code) == (400, -813, 75008)
    assert err.detail_msg == "카카오톡 채널_도달 소재는 삭제할 수 없습니다."
    assert err.msg == "KakaoMomentException"
    assert str(err) == (
        "DELETE /openapi/v4/creatives/7: HTTP 400 code=-813 detailCode=75008: "
        "카카오톡 채널_도달 소재는 삭제할 수 없습니다."
    )


def test_errors_survive_pickling() -> None:
    err = e.error_for_response(
        status=404, body={"code": -813, "msg": "m"}, method="GET", path="/x", retry_after=2.0
    )
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is e.KakaoNotFoundError
    assert (back.status, back.code, back.path, back.retry_after) == (404, -813, "/x", 2.0)
    dec = pickle.loads(pickle.dumps(e.KakaoDecodeError("bad", method="GET", path="/y", status=200)))
    assert str(dec) == "GET /y: bad" and dec.status == 200


def test_envelope_detection() -> None:
    assert e.is_error_envelope({"code": -813, "msg": "x"})
    assert not e.is_error_envelope({"code": 0, "msg": "ok"})
    assert not e.is_error_envelope({"id": 1, "name": "creative"})
    assert not e.is_error_envelope([{"code": -1, "msg": "x"}])


def test_hierarchy() -> None:
    for cls in (
        e.KakaoAuthError,
        e.KakaoNotFoundError,
        e.KakaoRateLimitError,
        e.KakaoServerError,
        e.KakaoPermissionError,
    ):
        assert issubclass(cls, e.KakaoAPIError)
    for cls in (e.KakaoAPIError, e.KakaoDecodeError, e.KakaoTransportError, e.KakaoLimiterError):
        assert issubclass(cls, e.KakaoError)


def test_a_huge_server_reason_is_shortened_in_the_message_and_kept_whole() -> None:
    reason = "가" * 1_000_000
    error = e.KakaoAPIError(status=400, code=-1, detail_msg=reason, method="GET", path="/x")
    assert len(str(error)) < 1_100
    assert str(error).endswith("... (1000000 characters)")
    assert error.detail_msg == reason
    short = e.KakaoAPIError(status=400, detail_msg="잘못된 요청", method="GET", path="/x")
    assert str(short) == "GET /x: HTTP 400: 잘못된 요청"
