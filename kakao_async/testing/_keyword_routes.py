"""Kakao Keyword Ad v1 endpoints (``/openapi/v1/creatives``, ``/openapi/v1/keywords``), as the
fake enforces them.

A caller sees only its own ad account's creatives (another account's is "not found", detail
33003). Lists are per biz channel (``bizChannelId`` required), paged with ``page`` >= 0 and
``limit`` 1..1000, optionally filtered by ``config`` ON or DEL; ids are rendered as strings, as
Kakao does. A create needs a positive ``bizChannelId`` and non-empty ``name``, ``title`` and
``description``. Keywords are listed per ad group (``adGroupId`` required), all in one bare
array, optionally one ``config`` of ON, OFF or DEL (default ON and OFF). Keyword calls have no
quota in the fake.
"""

from __future__ import annotations

from aiohttp import web

from ..endpoints import (
    KEYWORD_CREATIVE_CREATE,
    KEYWORD_CREATIVE_DELETE,
    KEYWORD_CREATIVE_GET,
    KEYWORD_CREATIVE_LIST,
    KEYWORD_KEYWORD_LIST,
)
from ._http import (
    account_of,
    ascii_digits,
    bad_request,
    json_object,
    long_value,
    not_found,
    one_state,
    path_id,
    serve,
)
from ._state import FakeKeywordCreative, FakeState

__all__ = ["KeywordRoutes"]


class KeywordRoutes:
    """The Keyword Ad handlers over ``state``."""

    def __init__(self, state: FakeState) -> None:
        self.state = state

    def register(self, router: web.UrlDispatcher) -> None:
        serve(router, KEYWORD_CREATIVE_LIST, self.list_creatives)
        serve(router, KEYWORD_CREATIVE_CREATE, self.create)
        serve(router, KEYWORD_CREATIVE_GET, self.get)
        serve(router, KEYWORD_CREATIVE_DELETE, self.delete)
        serve(router, KEYWORD_KEYWORD_LIST, self.list_keywords)

    def creative(self, request: web.Request, creative_id: int) -> FakeKeywordCreative:
        """The caller's creative, or the not-found rejection."""
        creative = self.state.keyword.get(creative_id)
        if creative is None or creative.ad_account_id != account_of(request):
            raise not_found()
        return creative

    async def list_creatives(self, request: web.Request) -> web.Response:
        q = request.query
        channel = q.get("bizChannelId", "")
        page, limit = q.get("page", "0"), q.get("limit", "10")
        if not ascii_digits(channel):
            raise bad_request("bizChannelId is required")
        if not ascii_digits(page) or not ascii_digits(limit) or not 1 <= int(limit) <= 1000:
            raise bad_request("page must be >= 0 and limit 1..1000")
        config = one_state(request, KEYWORD_CREATIVE_LIST)
        in_channel = self.state.keyword_by_channel.get((account_of(request), int(channel)), [])
        matching = in_channel if config is None else [c for c in in_channel if c.config == config]
        number, size = int(page), int(limit)
        chunk = matching[number * size : (number + 1) * size]
        return web.json_response(
            {
                "content": [c.summary() for c in chunk],
                "page": {
                    "number": number,
                    "size": size,
                    "totalElements": len(matching),
                    "totalPages": (len(matching) + size - 1) // size,
                },
            }
        )

    async def get(self, request: web.Request) -> web.Response:
        return web.json_response(self.creative(request, path_id(request)).detail())

    async def create(self, request: web.Request) -> web.Response:
        body = await json_object(request)
        for name in ("name", "title", "description"):
            if not isinstance(body.get(name), str) or not body[name]:
                raise bad_request(f"{name} is required")
        creative = self.state.add_keyword(
            id=None,
            ad_account_id=account_of(request),
            biz_channel_id=long_value(body.get("bizChannelId"), "bizChannelId"),
            name=body["name"],
            title=body["title"],
            description=body["description"],
            config="ON",
            landing_info=body.get("landingInfo"),
            license=body.get("license"),
            assets=body.get("assets"),
        )
        return web.json_response(creative.detail())

    async def delete(self, request: web.Request) -> web.Response:
        self.creative(request, path_id(request)).config = "DEL"
        return web.Response(status=200, content_type="application/json")

    async def list_keywords(self, request: web.Request) -> web.Response:
        group = request.query.get("adGroupId", "")
        if not ascii_digits(group):
            raise bad_request("adGroupId is required")
        config = one_state(request, KEYWORD_KEYWORD_LIST)
        wanted = ("ON", "OFF") if config is None else (config,)
        account, ad_group = account_of(request), int(group)
        return web.json_response(
            [
                k.row()
                for k in self.state.keywords.values()
                if (k.ad_account_id, k.ad_group_id) == (account, ad_group) and k.config in wanted
            ]
        )
