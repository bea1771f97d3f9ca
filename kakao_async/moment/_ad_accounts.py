"""Kakao Moment v4 ad accounts: ``/openapi/v4/adAccounts``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from .._changes import AdAccountConfigChange
from .._validate import list_configs, positive_int, positive_number
from ..endpoints import MOMENT_AD_ACCOUNT_GET, MOMENT_AD_ACCOUNT_LIST
from ..errors import KakaoDecodeError
from ..models import AdAccount, AdAccountPage, AdAccountSummary, Config
from ..models._converter import decode
from ._ops import config_op
from ._sender import ChangeSender

__all__ = ["MomentAdAccounts"]


class MomentAdAccounts(ChangeSender):
    """The user's Kakao Moment ad accounts (the top of the hierarchy)."""

    __slots__ = ()

    def list(
        self,
        *,
        config: Iterable[Config | str] | Config | str | None = None,
        page_size: int = 100,
        timeout: float | None = None,
    ) -> AsyncIterator[AdAccountSummary]:
        """Every ad account the token's user belongs to: ``GET /openapi/v4/adAccounts/pages``,
        page after page (no quota; no ``adAccountId`` header). Use ``async for``.

        ``config`` filters by state, any of ``ON``, ``OFF``, ``DEL`` (Kakao's default: ``ON``
        and ``OFF``). Arguments are checked here, before the first request; pages are fetched
        as the iteration reaches them, and the first page's ``totalPages`` bounds the walk.
        """
        wanted = list_configs(config, allowed=MOMENT_AD_ACCOUNT_LIST.states, default=None)
        size = positive_int("page_size", page_size)
        params: tuple[tuple[str, str], ...] = (("size", str(size)),)
        if wanted is not None:
            params += (("config", wanted),)
        if timeout is not None:  # refused at the call, not at the first iteration
            positive_number("timeout", timeout)
        return self._pages(params, timeout)

    async def _pages(
        self, params: tuple[tuple[str, str], ...], timeout: float | None
    ) -> AsyncIterator[AdAccountSummary]:
        number = 0
        total: int | None = None
        while total is None or number < total:
            request = self._request(
                MOMENT_AD_ACCOUNT_LIST,
                ad_account_id=None,
                params=(("page", str(number)), *params),
                timeout=timeout,
                # The first page's totalPages is checked in the call; later pages are the
                # endpoint's declared AdAccountPage.
                decode=_first_page if total is None else None,
            )
            page: AdAccountPage = await self._send(request)
            if total is None:
                # The first page fixes the count: a server announcing one more page on every
                # page cannot keep the walk going.
                assert page.total_pages is not None  # _first_page checked it
                total = page.total_pages
            if not page.content:
                return  # accounts left while we walked: nothing lies beyond an empty page
            for account in page.content:
                yield account
            number += 1

    async def get(
        self, ad_account_id: int | None = None, *, timeout: float | None = None
    ) -> AdAccount:
        """``GET /openapi/v4/adAccounts/{id}``: one ad account (default: the client's); no
        quota."""
        account = self._account(ad_account_id)
        path = MOMENT_AD_ACCOUNT_GET.format(id=account)
        request = self._request(
            MOMENT_AD_ACCOUNT_GET,
            path=path,
            ad_account_id=account,
            timeout=timeout,
        )
        found: AdAccount = await self._send(request)
        return found

    async def set_config(
        self,
        config: Config | str,
        *,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> bool:
        """``PUT /openapi/v4/adAccounts/onOff``: switch the ad account itself ``ON`` or ``OFF``
        (default: the client's ad account, sent in the ``adAccountId`` header).

        Quota ``adAccounts.onOff`` (Kakao: 1 per second). Last write wins: ``True`` once
        applied, ``False`` if a newer change to the same account replaced it.
        """
        account = self._account(ad_account_id)
        change = AdAccountConfigChange(account, config)
        return await self._apply(config_op(change, account), timeout)

    def __repr__(self) -> str:
        return "<MomentAdAccounts /openapi/v4/adAccounts>"


def _first_page(body: Any, method: str, path: str) -> AdAccountPage:
    """The decoder of a walk's first page, whose ``totalPages`` bounds the walk: checked inside
    the call, so a page without it ends that call as an error (events, metrics)."""
    page = decode(AdAccountPage, body, method=method, path=path)
    if page.total_pages is None or page.total_pages < 0:
        raise KakaoDecodeError(
            "the ad account page has no valid totalPages", method=method, path=path, status=200
        )
    return page
