"""Checks that keep a page walk honest: a bogus page object is an error, never a loop or a cut."""

from __future__ import annotations

from typing import Any

from .._http import Decoder
from ..errors import KakaoDecodeError
from ..models import KeywordCreativePage
from ..models._converter import decode

__all__ = ["check_fill", "numbered", "page_count"]


def numbered(number: int, total: int | None, limit: int) -> Decoder:
    """The decoder of page ``number`` of a walk of ``limit``-sized pages: the page, and the
    walk's page count (``total``, or this page's checked ``totalPages`` for the first page),
    after checking the page's fill against it. Inside the call, so a page that cannot be
    trusted ends its call as an error (events, metrics), as a body that does not decode does."""

    def read(body: Any, method: str, path: str) -> tuple[KeywordCreativePage, int]:
        result = decode(KeywordCreativePage, body, method=method, path=path)
        declared = page_count(body, result, number=number, path=path)
        # The first page fixes the count: a server announcing one more page on every page
        # cannot keep the walk going.
        walked = declared if total is None else total
        check_fill(len(result.content), number=number, total=walked, limit=limit, path=path)
        return result, walked

    return read


def page_count(body: Any, result: KeywordCreativePage, *, number: int, path: str) -> int:
    """``totalPages`` of page ``number``, after checking the page object is there and sane.

    The model defaults a missing page object to zero pages, which would end a walk silently;
    here that, a negative count, or a page other than the one asked for is an error.
    """
    info = body.get("page") if isinstance(body, dict) else None
    if not isinstance(info, dict) or info.get("totalPages") is None:
        raise _error("the response has no page object with totalPages", path)
    page = result.page
    if page.total_pages < 0:
        raise _error(f"totalPages is negative ({page.total_pages})", path)
    if info.get("number") is not None and page.number != number:
        raise _error(f"asked for page {number}, got page {page.number}", path)
    return page.total_pages


def check_fill(count: int, *, number: int, total: int, limit: int, path: str) -> None:
    """Page ``number`` (0-based) of ``total`` holds ``count`` creatives: is that believable?

    Every page before the last is full. The last may be short or empty (creatives can be deleted
    during the walk); nothing lies beyond it.
    """
    if count > limit:
        raise _error(f"page {number} has {count} creatives, more than the limit {limit}", path)
    if number >= total:
        if count:
            raise _error(f"page {number} has {count} creatives but totalPages is {total}", path)
    elif number < total - 1 and count < limit:
        if not count:
            raise _error(f"page {number} is empty but totalPages is {total}", path)
        raise _error(
            f"page {number} has {count} creatives (limit {limit}) but totalPages is {total}", path
        )


def _error(message: str, path: str) -> KakaoDecodeError:
    return KakaoDecodeError(message, method="GET", path=path, status=200)
