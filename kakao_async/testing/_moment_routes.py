"""Kakao Moment v4 creative endpoints (``/openapi/v4/creatives``), as the fake enforces them.

A caller sees only its own ad account's creatives; another account's is "not found" (detail
33003). ``PUT onOff`` is quota'd (see :mod:`._quota`): once per interval per (user, ad account),
checked when the call arrives, before the creative is looked up; a refused call (429), a
missing creative (HTTP 200 with an error body, as Kakao's documented sample does), a message
creative (75009) or a deleted one (30004) leaves the window where it was. Message creatives
cannot be deleted either (75008). Lists take ``config`` as a subset of ON, OFF, DEL,
comma-separated or repeated (default ON,OFF).
"""

from __future__ import annotations

from aiohttp import web

from ..endpoints import (
    CREATIVE_ON_OFF_QUOTA,
    MOMENT_CREATIVE_DELETE,
    MOMENT_CREATIVE_GET,
    MOMENT_CREATIVE_LIST,
    MOMENT_CREATIVE_SET_CONFIG,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY,
)
from ._http import (
    DETAIL_DELETED,
    DETAIL_MESSAGE_NOT_DELETABLE,
    DETAIL_MESSAGE_NOT_SWITCHABLE,
    account_of,
    ascii_digits,
    bad_request,
    json_object,
    list_filter,
    long_value,
    not_found,
    path_id,
    serve,
    user_of,
)
from ._quota import FakeQuotas, OnOffCall
from ._state import FakeMomentCreative, FakeState

__all__ = ["MomentRoutes"]


class MomentRoutes:
    """The Moment handlers over ``state``, with onOff calls checked against ``quotas``."""

    def __init__(self, state: FakeState, quotas: FakeQuotas) -> None:
        self.state = state
        self.quotas = quotas
        #: Every accepted onOff call, oldest first.
        self.on_off_calls: list[OnOffCall] = []

    def register(self, router: web.UrlDispatcher) -> None:
        serve(router, MOMENT_CREATIVE_LIST, self.list_creatives)
        serve(router, MOMENT_CREATIVE_SET_CONFIG, self.on_off)
        serve(router, MOMENT_CREATIVE_GET, self.get)
        serve(router, MOMENT_CREATIVE_DELETE, self.delete)
        serve(router, MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY, self.history)
        serve(router, MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES, self.histories)

    def creative(
        self, request: web.Request, creative_id: int, *, status: int = 400
    ) -> FakeMomentCreative:
        """The caller's creative, or the not-found rejection (answered with ``status``)."""
        creative = self.state.moment.get(creative_id)
        if creative is None or creative.ad_account_id != account_of(request):
            raise not_found(status)
        return creative

    async def list_creatives(self, request: web.Request) -> web.Response:
        group = request.query.get("adGroupId", "")
        if not ascii_digits(group):
            raise bad_request("adGroupId is required")
        wanted = list_filter(request, MOMENT_CREATIVE_LIST)
        content = [
            c.summary()
            for c in self.state.moment.values()
            if c.ad_account_id == account_of(request)
            and c.ad_group_id == int(group)
            and c.config in wanted
        ]
        return web.json_response({"content": content})

    async def get(self, request: web.Request) -> web.Response:
        return web.json_response(self.creative(request, path_id(request)).detail())

    async def on_off(self, request: web.Request) -> web.Response:
        body = await json_object(request)
        creative_id = long_value(body.get("id"), "id")
        config = body.get("config")
        if config not in ("ON", "OFF"):
            raise bad_request("config must be ON or OFF")
        admission = self.quotas.admit(
            CREATIVE_ON_OFF_QUOTA,
            request,
            message="onOff may be called once per interval per ad account",
        )
        # Kakao's documented sample answers a missing creative with HTTP 200 and an error body.
        creative = self.creative(request, creative_id, status=200)
        if creative.is_message:
            raise bad_request(
                "카카오톡 채널 소재는 ON/OFF 할 수 없습니다.", DETAIL_MESSAGE_NOT_SWITCHABLE
            )
        if creative.config == "DEL":
            raise bad_request("삭제된 소재입니다.", DETAIL_DELETED)
        self.quotas.accept(admission)
        creative.config = config
        creative.on_off_history.append(config)
        self.on_off_calls.append(
            OnOffCall(
                user=user_of(request),
                ad_account_id=account_of(request),
                creative_id=creative_id,
                config=config,
                arrived_at=admission.arrived_at,
            )
        )
        return web.Response(status=200, content_type="application/json")

    async def delete(self, request: web.Request) -> web.Response:
        creative = self.creative(request, path_id(request))
        if creative.is_message:
            raise bad_request(
                "카카오톡 채널_도달 소재는 삭제할 수 없습니다.", DETAIL_MESSAGE_NOT_DELETABLE
            )
        creative.config = "DEL"
        return web.Response(status=200, content_type="application/json")

    async def history(self, request: web.Request) -> web.Response:
        creative = self.creative(request, path_id(request))
        if creative.system_config != "ADMIN_STOP":
            return web.Response(status=200, content_type="application/json")
        return web.json_response(creative.history())

    async def histories(self, request: web.Request) -> web.Response:
        creative = self.creative(request, path_id(request))
        if creative.system_config != "ADMIN_STOP":
            return web.json_response([])
        return web.json_response([creative.history()])
