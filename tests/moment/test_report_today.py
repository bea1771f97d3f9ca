"""review22: report days around today in Korea (``ka.endpoints.kakao_today()``): an ``end`` of
today is sent (README: Kakao leaves today out of start/end queries, it does not refuse them),
one day later is refused before any request, as a date or as ``"YYYY-MM-DD"`` text, and
``date_preset="TODAY"`` is sent as it is."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta, timezone

import pytest

import kakao_async as ka
from kakao_async.endpoints import REPORT_QUOTAS, REPORT_TIMEZONE, kakao_today
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer


@pytest.fixture
async def served() -> AsyncIterator[tuple[FakeKakaoServer, ka.KakaoClient]]:
    quotas = dict.fromkeys(REPORT_QUOTAS, 0.01)
    async with FakeKakaoServer(quotas=quotas) as fake:
        async with ka.KakaoClient(
            DEFAULT_TOKEN, moment_base_url=fake.base_url, ad_account_id=1, quotas=quotas
        ) as kakao:
            yield fake, kakao


def today_in_korea() -> date:
    """Today in Korea: what kakao_today() says, checked against UTC+9 written by hand."""
    first = kakao_today()
    assert first == datetime.now(timezone(timedelta(hours=9))).date()
    return first


def test_the_report_zone_is_korea_all_year() -> None:
    for month in (1, 7):  # no daylight saving: the same offset in winter and summer
        moment = datetime(2026, month, 1, tzinfo=timezone.utc)
        assert REPORT_TIMEZONE.utcoffset(moment) == timedelta(hours=9)


async def test_an_end_of_today_in_korea_is_sent(
    served: tuple[FakeKakaoServer, ka.KakaoClient],
) -> None:
    fake, kakao = served
    today = today_in_korea()
    await kakao.moment.reports.ad_account(start=today - timedelta(days=1), end=today)
    if kakao_today() != today:
        pytest.skip("midnight in Korea passed during the call")
    (request,) = fake.requests
    assert f"end={today:%Y%m%d}" in request.query


@pytest.mark.parametrize("as_text", [False, True], ids=["date", "text"])
async def test_an_end_of_tomorrow_in_korea_is_refused_before_any_request(
    served: tuple[FakeKakaoServer, ka.KakaoClient], as_text: bool
) -> None:
    fake, kakao = served
    tomorrow = today_in_korea() + timedelta(days=1)
    end: date | str = tomorrow.isoformat() if as_text else tomorrow
    with pytest.raises(ka.KakaoInputError, match="after today in Korea"):
        await kakao.moment.reports.ad_account(start=today_in_korea(), end=end)
    assert not fake.requests


async def test_the_today_preset_is_sent_as_it_is(
    served: tuple[FakeKakaoServer, ka.KakaoClient],
) -> None:
    fake, kakao = served
    await kakao.moment.reports.ad_account(date_preset="TODAY")
    (request,) = fake.requests
    assert request.query == "datePreset=TODAY"
