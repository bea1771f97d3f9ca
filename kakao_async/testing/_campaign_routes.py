"""Kakao Moment v4 campaign endpoints (``/openapi/v4/campaigns``), as the fake serves them.

A caller sees only its own ad account's campaigns; another account's, or a missing one, is
"not found" (detail 31001, Kakao's code for a deleted or missing campaign). ``onOff`` and
``dailyBudgetAmount`` are quota'd writes (see :mod:`._writes`). Lists take ``config`` as ON,
OFF, DEL, comma-separated or repeated (default ON,OFF).
"""

from __future__ import annotations

from aiohttp import web

from ..endpoints import (
    CAMPAIGN_DAILY_BUDGET_QUOTA,
    CAMPAIGN_ON_OFF_QUOTA,
    MOMENT_CAMPAIGN_GET,
    MOMENT_CAMPAIGN_LIST,
    MOMENT_CAMPAIGN_SET_CONFIG,
    MOMENT_CAMPAIGN_SET_DAILY_BUDGET,
    MOMENT_CAMPAIGN_SYSTEM_CONFIG_HISTORIES,
)
from ._hierarchy_state import FakeCampaign, HierarchyState
from ._http import Reject, account_of, bad_request, envelope, list_filter, path_id, serve
from ._writes import QuotaBook, nullable_amount, on_off

__all__ = ["DETAIL_CAMPAIGN_NOT_FOUND", "CampaignRoutes"]

#: Kakao's detail code for a campaign that does not exist (or was deleted).
DETAIL_CAMPAIGN_NOT_FOUND = 31001


class CampaignRoutes:
    """The campaign handlers over ``state``, writes counted in ``book``."""

    def __init__(self, state: HierarchyState, book: QuotaBook) -> None:
        self.state = state
        self.book = book

    def register(self, router: web.UrlDispatcher) -> None:
        serve(router, MOMENT_CAMPAIGN_LIST, self.list_campaigns)
        serve(router, MOMENT_CAMPAIGN_SET_CONFIG, self.on_off)
        serve(router, MOMENT_CAMPAIGN_SET_DAILY_BUDGET, self.daily_budget)
        serve(router, MOMENT_CAMPAIGN_GET, self.get)
        serve(router, MOMENT_CAMPAIGN_SYSTEM_CONFIG_HISTORIES, self.histories)

    def campaign(self, request: web.Request, campaign_id: int) -> FakeCampaign:
        """The caller's campaign, or the not-found rejection."""
        campaign = self.state.campaigns.get(campaign_id)
        if campaign is None or campaign.ad_account_id != account_of(request):
            raise Reject(
                400, envelope(-813, DETAIL_CAMPAIGN_NOT_FOUND, "캠페인이 존재하지 않습니다.")
            )
        return campaign

    async def list_campaigns(self, request: web.Request) -> web.Response:
        # Required here and a single state, unlike the other lists: Kakao's page types it as a
        # String, "one of ON, OFF, or DEL" (the client asks once per state).
        if "config" not in request.query:
            raise bad_request("config is required")
        wanted = list_filter(request, MOMENT_CAMPAIGN_LIST)
        if len(wanted) != 1:
            raise bad_request("config must be one of " + ", ".join(MOMENT_CAMPAIGN_LIST.states))
        account = account_of(request)
        content = [
            c.summary()
            for c in self.state.campaigns.values()
            if c.ad_account_id == account and c.config in wanted
        ]
        return web.json_response({"content": content})

    async def get(self, request: web.Request) -> web.Response:
        return web.json_response(self.campaign(request, path_id(request)).detail())

    async def histories(self, request: web.Request) -> web.Response:
        return web.json_response(self.campaign(request, path_id(request)).histories())

    async def on_off(self, request: web.Request) -> web.Response:
        return await self.book.write(
            request,
            CAMPAIGN_ON_OFF_QUOTA,
            field="config",
            attribute="config",
            parse=on_off,
            find=self.campaign,
        )

    async def daily_budget(self, request: web.Request) -> web.Response:
        return await self.book.write(
            request,
            CAMPAIGN_DAILY_BUDGET_QUOTA,
            field="dailyBudgetAmount",
            attribute="daily_budget_amount",
            parse=nullable_amount,
            find=self.campaign,
        )
