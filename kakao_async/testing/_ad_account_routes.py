"""Kakao Moment v4 ad account endpoints (``/openapi/v4/adAccounts``), as the fake serves them.

``GET /pages`` lists every ad account the fake knows (it needs no ``adAccountId`` header),
``size`` per page (default 10), pages counted from 0, filtered by ``config`` (default ON,OFF).
``PUT /onOff`` switches the account named by the ``adAccountId`` header, body ``{"config"}``,
under the ``adAccounts.onOff`` quota (see :mod:`._writes`).
"""

from __future__ import annotations

from aiohttp import web

from ..endpoints import (
    AD_ACCOUNT_ON_OFF_QUOTA,
    MOMENT_AD_ACCOUNT_GET,
    MOMENT_AD_ACCOUNT_LIST,
    MOMENT_AD_ACCOUNT_SET_CONFIG,
)
from ._hierarchy_state import FakeAdAccount, HierarchyState
from ._http import bad_request, list_filter, not_found, path_id, serve
from ._writes import QuotaBook, on_off

__all__ = ["PAGES_PATH", "AdAccountRoutes"]

#: The one API path the fake answers without an ``adAccountId`` header.
PAGES_PATH = MOMENT_AD_ACCOUNT_LIST.path


def _number(request: web.Request, name: str, default: int, low: int) -> int:
    text = request.query.get(name, str(default))
    if not text.isdigit() or int(text) < low:
        raise bad_request(f"{name} must be an integer >= {low}")
    return int(text)


class AdAccountRoutes:
    """The ad account handlers over ``state``, writes counted in ``book``."""

    def __init__(self, state: HierarchyState, book: QuotaBook) -> None:
        self.state = state
        self.book = book

    def register(self, router: web.UrlDispatcher) -> None:
        serve(router, MOMENT_AD_ACCOUNT_LIST, self.pages)
        serve(router, MOMENT_AD_ACCOUNT_SET_CONFIG, self.on_off)
        serve(router, MOMENT_AD_ACCOUNT_GET, self.get)

    def account(self, request: web.Request, account_id: int) -> FakeAdAccount:
        record = self.state.account(account_id)
        if record is None:
            raise not_found()
        return record

    async def pages(self, request: web.Request) -> web.Response:
        wanted = list_filter(request, MOMENT_AD_ACCOUNT_LIST)
        number = _number(request, "page", 0, 0)
        size = _number(request, "size", 10, 1)
        matching = [a for a in self.state.all_accounts() if a.config in wanted]
        total_pages = -(-len(matching) // size)
        chunk = matching[number * size : (number + 1) * size]
        return web.json_response(
            {
                "content": [a.summary() for a in chunk],
                "number": number,  # Kakao's page: "Page number, same as page"
                "size": size,
                "totalElements": len(matching),
                "totalPages": total_pages,
                "page": number,
            }
        )

    async def get(self, request: web.Request) -> web.Response:
        return web.json_response(self.account(request, path_id(request)).detail())

    async def on_off(self, request: web.Request) -> web.Response:
        return await self.book.write(
            request,
            AD_ACCOUNT_ON_OFF_QUOTA,
            field="config",
            attribute="config",
            parse=on_off,
            find=self.account,
            id_in_body=False,
        )
