"""keyword.creatives.iter() against bogus page objects: an error, never truncation or a loop."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer

LIST = "/openapi/v1/creatives/basic"


def page(
    number: int, count: int, *, total_pages: Any = 3, claimed: int | None = None
) -> dict[str, Any]:
    """Page ``number`` holding ``count`` creatives; ``claimed`` overrides its page number."""
    content = [{"id": number * 100 + i + 1, "name": f"c{i}"} for i in range(count)]
    info = {
        "number": number if claimed is None else claimed,
        "size": 5,
        "totalElements": 15,
        "totalPages": total_pages,
    }
    return {"content": content, "page": info}


async def collect(kakao: ka.KakaoClient) -> list[int]:
    return [c.id async for c in kakao.keyword.creatives.iter(biz_channel_id=3, page_size=5)]


@pytest.mark.parametrize(
    "first",
    [
        {"content": [{"id": i + 1} for i in range(5)]},
        {"content": [{"id": i + 1} for i in range(5)], "page": None},
        {"content": [{"id": i + 1} for i in range(5)], "page": []},
        {"content": [{"id": i + 1} for i in range(7)], "page": page(0, 0)["page"]},
        page(0, 5, total_pages=None),
        page(0, 5, total_pages=-1),
        page(0, 5, total_pages=True),
        page(0, 5, total_pages=0),  # says nothing is there, yet sends creatives
        page(0, 5, claimed=1),
    ],
    ids=[
        "no-page",
        "null-page",
        "list-page",
        "more-than-the-limit",
        "no-total",
        "negative-total",
        "bool-total",
        "zero-total-with-content",
        "wrong-number",
    ],
)
async def test_missing_or_malformed_page_object_is_an_error(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, first: dict[str, Any]
) -> None:
    fake.respond_next(first, path=LIST)
    with pytest.raises(ka.KakaoDecodeError, match=r"(?i)page"):
        await collect(kakao)
    assert len(fake.requests) == 1


async def test_page_number_that_does_not_advance_is_an_error(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.respond_next(page(0, 5), path=LIST, count=3)  # page 0 again and again
    with pytest.raises(ka.KakaoDecodeError, match=r"asked for page 1, got page 0"):
        await collect(kakao)
    assert len(fake.requests) == 2


@pytest.mark.parametrize("total_pages", [3, 10**12])
async def test_empty_page_before_the_last_is_an_error(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, total_pages: int
) -> None:
    fake.respond_next(page(0, 5, total_pages=total_pages), path=LIST)
    fake.respond_next(page(1, 0, total_pages=total_pages), path=LIST)
    message = f"page 1 is empty but totalPages is {total_pages}"
    with pytest.raises(ka.KakaoDecodeError, match=message):
        await collect(kakao)
    assert len(fake.requests) == 2


async def test_short_page_before_the_last_is_an_error(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.respond_next(page(0, 5), path=LIST)
    fake.respond_next(page(1, 2), path=LIST)
    message = r"page 1 has 2 creatives \(limit 5\) but totalPages is 3"
    with pytest.raises(ka.KakaoDecodeError, match=message):
        await collect(kakao)


async def test_page_count_is_fixed_by_the_first_page(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    """A server that announces one more page on every page cannot keep the loop going."""
    for n in range(6):
        fake.respond_next(page(n, 5, total_pages=n + 2), path=LIST)
    ids = await collect(kakao)
    assert ids == [1, 2, 3, 4, 5, 101, 102, 103, 104, 105]
    assert len(fake.requests) == 2


async def test_empty_or_short_last_page_ends_the_walk(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.respond_next(page(0, 5, total_pages=2), path=LIST)
    fake.respond_next(page(1, 0, total_pages=2), path=LIST)  # someone deleted the rest
    assert len(await collect(kakao)) == 5
    fake.respond_next(page(0, 5, total_pages=2), path=LIST)
    fake.respond_next(page(1, 3, total_pages=2), path=LIST)
    assert len(await collect(kakao)) == 8
    assert len(fake.requests) == 4
