"""Kakao Keyword Ad v1 creatives: ``/openapi/v1/creatives/basic`` and ``/openapi/v1/creatives``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any, cast

from .._bulk import BulkJob, BulkResult
from .._decoders import nothing
from .._http import Decoder, Request
from .._progress import ProgressCallback
from .._refs import IdOrPair
from .._service import Service
from .._validate import configs, positive_id, shown
from ..endpoints import (
    KEYWORD_CREATIVE_CREATE,
    KEYWORD_CREATIVE_DELETE,
    KEYWORD_CREATIVE_GET,
    KEYWORD_CREATIVE_LIST,
)
from ..errors import KakaoInputError, KakaoInputTypeError
from ..models import (
    Assets,
    Config,
    KeywordCreative,
    KeywordCreativePage,
    KeywordCreativeSummary,
    LandingInfo,
    License,
)
from ..models._converter import unstructure
from ._create_body import ID_KEYS, check_ids, check_landings
from ._pages import numbered

__all__ = ["KeywordCreatives"]

_MAX_LIMIT = 1000
#: The document types ``page`` as an ``Integer``: a larger one is Kakao's 400, a request spent.
_MAX_PAGE = 2**31 - 1


def _wire_body(value: Any) -> Any:
    """``value`` as the document's request sample writes it: ids as JSON strings, and no empty
    list for an extension asset the creative does not have (the models default those to ``()``,
    which ``unstructure`` writes as ``[]``; the document sends only the assets given)."""
    if isinstance(value, dict):
        return {
            k: str(v) if k in ID_KEYS and isinstance(v, int) else _wire_body(v)
            for k, v in value.items()
            if not (isinstance(v, list) and not v)
        }
    if isinstance(value, list):
        return [_wire_body(v) for v in value]
    return value


def _plain_int(name: str, value: object) -> int:
    # A plain int, so an int subclass's own text never reaches the query string. Anything
    # else (True, 1.0, "10") is of the wrong kind: a type error, as for every other count.
    if isinstance(value, bool) or not isinstance(value, int):
        raise KakaoInputTypeError(f"{name} must be an integer, got {shown(value)}")
    return int.__int__(value)


def _limit(value: int, name: str = "limit") -> int:
    number = _plain_int(name, value)
    if not 1 <= number <= _MAX_LIMIT:
        raise KakaoInputError(f"{name} must be an integer from 1 to {_MAX_LIMIT}, got {value!r}")
    return number


def _page(value: int) -> int:
    number = _plain_int("page", value)
    if number < 0:
        raise KakaoInputError(f"page must be a non-negative integer, got {value!r}")
    if number > _MAX_PAGE:
        raise KakaoInputError(f"page must be at most {_MAX_PAGE} (an Integer), got {value!r}")
    return number


def _text(name: str, value: str) -> str:
    if not isinstance(value, str):
        raise KakaoInputTypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise KakaoInputError(f"{name} must be a non-empty string")
    return value


def _model(name: str, value: Any, cls: type[Any]) -> Any:
    if value is None or isinstance(value, cls):
        return value
    raise KakaoInputTypeError(
        f"{name} must be a {cls.__name__} or None, got {type(value).__name__}"
    )


class KeywordCreatives(Service):
    """Basic creatives (기본소재) of Kakao Keyword Ad, with their extensions (확장소재)."""

    __slots__ = ()

    async def list(
        self,
        *,
        biz_channel_id: int,
        page: int = 0,
        limit: int = 10,
        config: Config | str | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> KeywordCreativePage:
        """``GET /openapi/v1/creatives/basic``: one page of a biz channel's creatives (no
        quota).

        ``limit`` is 1..1000 (Kakao's default 10); ``config`` is ``ON`` or ``DEL``.
        """
        request = self._list_request(biz_channel_id, page, limit, config, ad_account_id, timeout)
        found: KeywordCreativePage = await self._send(request)
        return found

    def _list_request(
        self,
        biz_channel_id: int,
        page: int,
        limit: int,
        config: Config | str | None,
        ad_account_id: int | None,
        timeout: float | None,
        decode: Decoder | None = None,
    ) -> Request:
        params = [
            ("bizChannelId", str(positive_id("biz_channel_id", biz_channel_id))),
            ("page", str(_page(page))),
            ("limit", str(_limit(limit))),
        ]
        if config is not None:
            (state,) = configs([config], allowed=KEYWORD_CREATIVE_LIST.states)
            params.append(("config", state.value))
        return self._request(
            KEYWORD_CREATIVE_LIST,
            ad_account_id=ad_account_id,
            params=tuple(params),
            timeout=timeout,
            decode=decode,
        )

    def iter(
        self,
        *,
        biz_channel_id: int,
        page_size: int = _MAX_LIMIT,
        config: Config | str | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> AsyncIterator[KeywordCreativeSummary]:
        """Every creative of a biz channel, page after page (``GET /openapi/v1/creatives/basic``,
        no quota). Use ``async for``.

        Arguments are checked here, before the first request. Streams: only one page is held in
        memory at a time. The first page's ``totalPages`` is the number of pages walked; a
        missing or inconsistent page object (no ``totalPages``, the wrong page number, an empty
        or short page before the last) is a :class:`KakaoDecodeError`, never a silent stop or an
        endless walk.
        """
        _limit(page_size, "page_size")
        # The first page's request, built only to check every argument now (as list() does).
        self._list_request(biz_channel_id, 0, page_size, config, ad_account_id, timeout)
        return self._pages(biz_channel_id, page_size, config, ad_account_id, timeout)

    async def _pages(
        self,
        biz_channel_id: int,
        page_size: int,
        config: Config | str | None,
        ad_account_id: int | None,
        timeout: float | None,
    ) -> AsyncIterator[KeywordCreativeSummary]:
        number = 0
        total: int | None = None
        while True:
            read = numbered(number, total, page_size)  # checks each page against the first
            request = self._list_request(
                biz_channel_id, number, page_size, config, ad_account_id, timeout, read
            )
            result, total = await self._send(request)
            for item in result.content:
                yield item
            number += 1
            if number >= total:
                return

    async def get(
        self, creative_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> KeywordCreative:
        """``GET /openapi/v1/creatives/basic/{id}``: one creative with its extensions (no
        quota)."""
        path = KEYWORD_CREATIVE_GET.format(id=positive_id("creative_id", creative_id))
        request = self._request(
            KEYWORD_CREATIVE_GET,
            path=path,
            ad_account_id=ad_account_id,
            timeout=timeout,
        )
        creative: KeywordCreative = await self._send(request)
        return creative

    async def create(
        self,
        *,
        biz_channel_id: int,
        name: str,
        title: str,
        description: str,
        landing_info: LandingInfo | None = None,
        license: License | None = None,
        assets: Assets | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> KeywordCreative:
        """``POST /openapi/v1/creatives/basic``: create a creative (no quota). Never retried
        once sent. A landing (``landing_info``, and each asset's) is Keyword Ad's three URLs
        only: one that sets Kakao Moment's fields (``url``, ``landing_type``, ...) is refused
        before sending, as Keyword Ad would land the creative on its biz channel's URL instead;
        so is an id inside (``image_id``, ``review_document_id``) that is not one."""
        body: dict[str, Any] = {
            "name": _text("name", name),
            "title": _text("title", title),
            "description": _text("description", description),
            "bizChannelId": positive_id("biz_channel_id", biz_channel_id),
        }
        # The argument's name in errors, the wire's key in the body.
        for name, key, value, cls in (
            ("landing_info", "landingInfo", landing_info, LandingInfo),
            ("license", "license", license, License),
            ("assets", "assets", assets, Assets),
        ):
            if _model(name, value, cls) is not None:
                body[key] = unstructure(value)
                # A Moment landing (url, landing_type, ...) is none on Keyword Ad: refused here,
                # not created landing on the biz channel's URL (see _landing).
                check_landings(name, body[key], is_landing=cls is LandingInfo)
                check_ids(name, body[key])
        request = self._request(
            KEYWORD_CREATIVE_CREATE,
            ad_account_id=ad_account_id,
            body=_wire_body(body),
            timeout=timeout,
        )
        created: KeywordCreative = await self._send(request)
        return created

    async def delete(
        self, creative_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> None:
        """``DELETE /openapi/v1/creatives/{id}`` (not under ``/basic``); no quota."""
        path = KEYWORD_CREATIVE_DELETE.format(id=positive_id("creative_id", creative_id))
        await self._send(
            self._request(
                KEYWORD_CREATIVE_DELETE, path=path, ad_account_id=ad_account_id, timeout=timeout
            )
        )

    def start_get_many(
        self,
        creative_ids: Iterable[IdOrPair],
        *,
        concurrency: int = 10,
        ad_account_id: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkJob[IdOrPair, KeywordCreative]:
        """Start :meth:`get_many` in the background and return its :class:`BulkJob` handle."""
        job = self._start_per_creative(
            KEYWORD_CREATIVE_GET,
            creative_ids,
            "keyword.creatives.get_many",
            concurrency=concurrency,
            ad_account_id=ad_account_id,
            on_progress=on_progress,
            timeout=timeout,
        )
        return cast("BulkJob[Any, KeywordCreative]", job)

    async def get_many(
        self,
        creative_ids: Iterable[IdOrPair],
        *,
        concurrency: int = 10,
        ad_account_id: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkResult[IdOrPair, KeywordCreative]:
        """``GET /openapi/v1/creatives/basic/{id}`` for many creatives, at most ``concurrency``
        in flight. Not quota'd.

        ``creative_ids`` holds ids (of ``ad_account_id``, or the client's ad account) and/or
        ``(ad_account_id, creative_id)`` pairs (:class:`~kakao_async.CreativeRef`). One result
        per item, in input order; a failed item is reported, never raised.
        """
        return await self.start_get_many(
            creative_ids,
            concurrency=concurrency,
            ad_account_id=ad_account_id,
            on_progress=on_progress,
            timeout=timeout,
        )

    def start_delete_many(
        self,
        creative_ids: Iterable[IdOrPair],
        *,
        concurrency: int = 10,
        ad_account_id: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkJob[IdOrPair, None]:
        """Start :meth:`delete_many` in the background and return its :class:`BulkJob` handle.
        Cancelling it stops before the items not yet sent; the ones sent stay deleted."""
        job = self._start_per_creative(
            KEYWORD_CREATIVE_DELETE,
            creative_ids,
            "keyword.creatives.delete_many",
            concurrency=concurrency,
            ad_account_id=ad_account_id,
            on_progress=on_progress,
            timeout=timeout,
            decode=nothing,  # as delete(): the value is None
        )
        return cast("BulkJob[Any, None]", job)

    async def delete_many(
        self,
        creative_ids: Iterable[IdOrPair],
        *,
        concurrency: int = 10,
        ad_account_id: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkResult[IdOrPair, None]:
        """``DELETE /openapi/v1/creatives/{id}`` for many creatives, at most ``concurrency`` in
        flight. Not quota'd; each delete is idempotent, so a transient failure is retried.

        Items as for :meth:`get_many`. One result per item, in input order (``value`` is
        ``None``; ``ok`` says whether it was deleted); a failed item is reported, never raised.
        """
        return await self.start_delete_many(
            creative_ids,
            concurrency=concurrency,
            ad_account_id=ad_account_id,
            on_progress=on_progress,
            timeout=timeout,
        )

    def __repr__(self) -> str:
        return "<KeywordCreatives /openapi/v1/creatives>"
