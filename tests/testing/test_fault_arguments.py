"""docs/testing.md, "Faults and latency": a Fault that could never apply as asked is refused when
it is queued (typed KakaoInputError), rather than failing inside the fake's handler later or
never matching: ``method="get"`` means GET, a path must start with ``/``, a status is an HTTP
status, a body is bytes."""

from __future__ import annotations

from enum import IntEnum
from http import HTTPStatus
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("status", "503", ka.KakaoInputTypeError),
        ("status", True, ka.KakaoInputTypeError),
        ("status", 99, ka.KakaoInputError),
        ("status", 600, ka.KakaoInputError),
        ("code", "x", ka.KakaoInputTypeError),
        ("detail_code", 1.5, ka.KakaoInputTypeError),
        ("body", "text", ka.KakaoInputTypeError),
        ("content_type", None, ka.KakaoInputTypeError),
        ("retry_after", -1, ka.KakaoInputError),
        ("retry_after", "5", ka.KakaoInputTypeError),
        ("method", 5, ka.KakaoInputTypeError),
        ("method", "G ET", ka.KakaoInputError),
        ("path", "openapi/v4", ka.KakaoInputError),
        ("path", 5, ka.KakaoInputTypeError),
    ],
)
def test_a_fault_field_of_the_wrong_kind_is_refused(field: str, value: Any, error: type) -> None:
    with pytest.raises(error, match=field):
        Fault(kind="status", **{field: value})


def test_a_lower_case_method_means_that_method() -> None:
    assert Fault(kind="reset", method="put").method == "PUT"


@pytest.mark.parametrize(
    "queue",
    [
        lambda fake: fake.inject({"kind": "reset"}),
        lambda fake: fake.respond_next(5),
        lambda fake: fake.respond_next({}, status="200"),
        lambda fake: fake.garbage_next(1, body="<html>"),
        lambda fake: fake.fail_next(1, code="x"),
    ],
)
async def test_queueing_a_fault_that_cannot_be_answered_is_refused(queue: Any) -> None:
    async with FakeKakaoServer() as fake:
        with pytest.raises(ka.KakaoInputError):
            queue(fake)
        assert fake.faults == []


async def test_fail_next_with_a_lower_case_method_fails_that_method() -> None:
    async with FakeKakaoServer() as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        fake.fail_next(1, status=404, code=-813, detail_code=33003, method="get")
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
        ) as kakao:
            with pytest.raises(ka.KakaoNotFoundError):
                await kakao.moment.creatives.get(creative.id)
        assert fake.faults == []


async def test_a_status_given_as_an_http_status_member_is_taken() -> None:
    """``fail_next(status=HTTPStatus.NOT_FOUND)``: an int subclass, the status a test most
    naturally names; the fault stores it as a plain int."""
    async with FakeKakaoServer() as fake:
        fault = fake.fail_next(status=HTTPStatus.NOT_FOUND, code=-1)
        assert type(fault.status) is int and fault.status == 404
        assert type(Fault(kind="status", code=IntCode.QUOTA).code) is int
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
        ) as kakao:
            with pytest.raises(ka.KakaoNotFoundError):
                await kakao.moment.campaigns.get(5)
            fake.respond_next({"id": 5, "name": "c"}, status=HTTPStatus.OK)
            assert (await kakao.moment.campaigns.get(5)).id == 5


class IntCode(IntEnum):
    QUOTA = -10
