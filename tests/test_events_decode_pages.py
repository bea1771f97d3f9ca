"""README, Metrics: a page walk's answer that cannot be trusted ends its call as an error.

The page checks (a first page without a valid ``totalPages``, a keyword page fuller than the
limit or short before the last) are part of reading the answer, like its decoding: the call
that brought the page must end as an error in ``CallEnded``, not as a success followed by a
``KakaoDecodeError`` from the walk."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import kakao_async as ka
import kakao_async.events as ev

Answer = Callable[[ka.HttpRequest], Any]


def keyword_page(number: int, total: int, count: int) -> dict[str, Any]:
    content = [{"id": number * 100 + i + 1, "name": "c"} for i in range(count)]
    return {"content": content, "page": {"number": number, "totalPages": total}}


async def walk(answer: Answer, walk_of: Callable[[ka.KakaoClient], Any]) -> list[ev.CallEnded]:
    def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        return ka.HttpResponse(200, {}, json.dumps(answer(request)).encode())

    seen: list[object] = []
    mock = ka.MockTransport(handler)
    async with ka.KakaoClient("t", ad_account_id=3, transport=mock, observers=[seen.append]) as k:
        with pytest.raises(ka.KakaoDecodeError):
            async for _ in walk_of(k):
                pass
    return [e for e in seen if isinstance(e, ev.CallEnded)]


def page_number(request: ka.HttpRequest) -> int:
    return int(dict(request.params)["page"])


async def test_an_ad_account_page_without_total_pages_ends_its_call_as_an_error() -> None:
    ends = await walk(
        lambda request: {"content": [{"id": 1, "name": "a"}]},
        lambda kakao: kakao.moment.ad_accounts.list(),
    )
    assert [(e.outcome, e.error) for e in ends] == [("error", "KakaoDecodeError")]


async def test_a_keyword_page_fuller_than_the_limit_ends_its_call_as_an_error() -> None:
    ends = await walk(
        lambda request: keyword_page(0, 1, 3),
        lambda kakao: kakao.keyword.creatives.iter(biz_channel_id=7, page_size=2),
    )
    assert [(e.outcome, e.error) for e in ends] == [("error", "KakaoDecodeError")]


async def test_a_short_keyword_page_before_the_last_ends_its_call_as_an_error() -> None:
    def answer(request: ka.HttpRequest) -> dict[str, Any]:
        number = page_number(request)
        return keyword_page(number, 3, 2 if number == 0 else 1)

    ends = await walk(
        answer, lambda kakao: kakao.keyword.creatives.iter(biz_channel_id=7, page_size=2)
    )
    assert [(e.outcome, e.error) for e in ends] == [("ok", None), ("error", "KakaoDecodeError")]
