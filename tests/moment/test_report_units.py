"""Moment reports as README documents them, checked by a user who reads only README: bad
arguments are refused before any request (the MockTransport's log stays empty)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

import kakao_async as ka


def no_rows(request: ka.HttpRequest) -> ka.HttpResponse:
    return ka.HttpResponse(200, {}, b'{"data": []}')


@pytest.fixture
async def offline() -> AsyncIterator[tuple[ka.KakaoClient, ka.MockTransport]]:
    """A client whose every request is recorded (and answered with an empty report)."""
    mock = ka.MockTransport(no_rows)
    async with ka.KakaoClient("token", ad_account_id=1, transport=mock) as client:
        yield client, mock


@pytest.mark.parametrize("unit", [ka.TimeUnit("WEEK"), ka.TimeUnit("MONTH")])
async def test_a_long_range_needs_a_row_per_day_not_any_time_unit(
    offline: tuple[ka.KakaoClient, ka.MockTransport], unit: ka.TimeUnit
) -> None:
    """README: 'A range over 31 days needs time_unit="DAY" (a row per day) ... the library does
    not pick cut points for you.' A weekly or monthly unit Kakao may add would have its weeks
    and months cut at the library's 31-day windows: refused like no unit at all."""
    kakao, mock = offline
    with pytest.raises(ka.KakaoInputError, match="time_unit='DAY'"):
        await kakao.moment.reports.ad_account(
            start=date(2026, 1, 1), end=date(2026, 3, 31), time_unit=unit
        )
    assert mock.requests == []
    # Within one window nothing is cut: any unit Kakao takes passes (and is sent).
    await kakao.moment.reports.ad_account(
        start=date(2026, 1, 1), end=date(2026, 1, 31), time_unit=unit
    )
    assert ("timeUnit", unit.value) in mock.requests[0].params
