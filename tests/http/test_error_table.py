"""The one status/code/detailCode -> exception table, a case per row, each through the real
request path (client -> requester -> MockTransport -> interpret), plus the order between rows.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import kakao_async as ka
from kakao_async._http import HttpRequest, HttpResponse, MockTransport
from kakao_async.errors import ERROR_TABLE, error_class
from kakao_async.testing import FakeKakaoServer
from tests.conftest import SECRETS, sample, sample_bytes

TOKEN = "error-table-token"
SECRETS.add(TOKEN)


def envelope(code: int, detail_code: int | None = None, msg: str = "KakaoMomentException") -> Any:
    body: dict[str, Any] = {"code": code, "msg": msg}
    if detail_code is not None:
        body["extras"] = {"detailCode": detail_code, "detailMsg": "..."}
    return body


#: (HTTP status, body, expected class, index of the table row that decides; None: no row).
CASES: list[tuple[int, Any, type[ka.KakaoAPIError], int | None]] = [
    (401, None, ka.KakaoAuthError, 0),
    (400, {"code": -401, "msg": "this access token does not exist"}, ka.KakaoAuthError, 1),
    (400, {"code": -11, "msg": "daily limit exceeded"}, ka.KakaoQuotaExhaustedError, 2),
    (429, envelope(-813), ka.KakaoRateLimitError, 3),
    (400, {"code": -10, "msg": "API limit has been exceeded."}, ka.KakaoRateLimitError, 4),
    (404, None, ka.KakaoNotFoundError, 5),
    (400, sample("moment_error_on_off_not_found.json"), ka.KakaoNotFoundError, 6),
    (200, sample("moment_error_detail_not_found.json"), ka.KakaoNotFoundError, 6),
    # Deleted campaign / ad group: codes seen by a public client reading their details.
    (400, envelope(-813, 31001), ka.KakaoNotFoundError, 7),
    (400, envelope(-813, 32026), ka.KakaoNotFoundError, 8),
    (403, envelope(-813, 30002), ka.KakaoPermissionError, 9),
    (200, {"code": -5, "msg": "no permission for this API"}, ka.KakaoPermissionError, 10),
    (200, {"code": -12, "msg": "app is suspended"}, ka.KakaoPermissionError, 11),
    (200, {"code": -402, "msg": "insufficient scopes."}, ka.KakaoPermissionError, 12),
    (400, sample("moment_error_no_permission.json"), ka.KakaoPermissionError, 13),
    (503, None, ka.KakaoServerError, 14),
    (502, b"<html>bad gateway</html>", ka.KakaoServerError, 14),
    (400, {"code": -1, "msg": "internal error"}, ka.KakaoServerError, 15),
    (400, {"code": -7, "msg": "service is down"}, ka.KakaoServerError, 16),
    (200, {"code": -9798, "msg": "maintenance"}, ka.KakaoServerError, 17),
    # Order: a quota rejection is one whatever its detail; "not found" before "forbidden".
    (429, envelope(-813, 33003), ka.KakaoRateLimitError, 3),
    (403, envelope(-813, 33003), ka.KakaoNotFoundError, 6),
    # No row: the plain class, with Kakao's codes kept.
    (400, sample("moment_error_delete_message.json"), ka.KakaoAPIError, None),
    (409, None, ka.KakaoAPIError, None),
]


def _raw(body: Any) -> bytes:
    if body is None:
        return b""
    return body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()


def _first_row(status: int, body: Any) -> int | None:
    extras = body.get("extras", {}) if isinstance(body, dict) else {}
    code = body.get("code") if isinstance(body, dict) else None
    for i, rule in enumerate(ERROR_TABLE):
        if rule.matches(status, code, extras.get("detailCode")):
            return i
    return None


@pytest.mark.parametrize(("status", "body", "cls", "row"), CASES)
async def test_each_row_through_the_request_path(
    status: int, body: Any, cls: type[ka.KakaoAPIError], row: int | None
) -> None:
    assert _first_row(status, body) == row  # the case exercises the row it claims to

    def reply(request: HttpRequest) -> HttpResponse:
        return HttpResponse(status, {"Content-Type": "application/json"}, _raw(body))

    transport = MockTransport(reply)
    retry = ka.RetryPolicy(attempts=1, rate_limit_attempts=1)
    async with ka.KakaoClient(TOKEN, ad_account_id=1, transport=transport, retry=retry) as kakao:
        with pytest.raises(ka.KakaoAPIError) as info:
            await kakao.moment.creatives.get(7)
    assert type(info.value) is cls
    assert (info.value.status, info.value.path) == (status, "/openapi/v4/creatives/7")
    if isinstance(body, dict):
        assert info.value.code == body["code"]
        assert info.value.detail_code == body.get("extras", {}).get("detailCode")


def test_every_row_has_a_case() -> None:
    assert {row for *_, row in CASES} >= set(range(len(ERROR_TABLE)))
    assert all(rule.why for rule in ERROR_TABLE)


def test_error_class_without_a_body() -> None:
    assert error_class(418) is ka.KakaoAPIError
    assert error_class(599) is ka.KakaoServerError and error_class(600) is ka.KakaoAPIError


async def test_no_permission_sample_from_the_fake(fake: FakeKakaoServer) -> None:
    # Kakao Moment says "no permission" with HTTP 400, not 403.
    fake.respond_next(sample_bytes("moment_error_no_permission.json"), status=400)
    async with ka.KakaoClient(TOKEN, ad_account_id=1, moment_base_url=fake.base_url) as kakao:
        with pytest.raises(ka.KakaoPermissionError) as info:
            await kakao.moment.creatives.get(7)
    assert (info.value.status, info.value.code, info.value.detail_code) == (400, -813, 9004)
    assert info.value.detail_msg == "권한이 없습니다."
