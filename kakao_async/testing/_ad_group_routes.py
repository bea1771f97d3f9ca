"""Kakao Moment v4 ad group endpoints (``/openapi/v4/adGroups``), as the fake serves them.

A caller sees only its own ad account's ad groups; another account's, or a missing one, is
"not found" (detail 32026). ``onOff``, ``dailyBudgetAmount``, ``bidAmount`` and ``pacing`` are
quota'd writes (see :mod:`._writes`), each body ``{"id", "<field>"}``; creating and updating a
whole ad group is :mod:`._ad_group_writes`. Lists need ``campaignId`` and take ``config`` as the
campaign list does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from ..endpoints import (
    AD_GROUP_BID_AMOUNT_QUOTA,
    AD_GROUP_DAILY_BUDGET_QUOTA,
    AD_GROUP_ON_OFF_QUOTA,
    AD_GROUP_PACING_QUOTA,
    Quota,
)
from ._ad_group_writes import AdGroupWrites
from ._hierarchy_state import FakeAdGroup, HierarchyState
from ._http import Reject, account_of, bad_request, envelope, list_filter, path_id
from ._writes import Parse, QuotaBook, amount, on_off, pacing

__all__ = ["DETAIL_AD_GROUP_NOT_FOUND", "AdGroupRoutes"]

#: Kakao's detail code for an ad group that does not exist (or was deleted).
DETAIL_AD_GROUP_NOT_FOUND = 32026
_BASE = "/openapi/v4/adGroups"


class AdGroupRoutes:
    """The ad group handlers over ``state``, writes counted in ``book``."""

    def __init__(self, state: HierarchyState, book: QuotaBook) -> None:
        self.state = state
        self.book = book

    def register(self, router: web.UrlDispatcher) -> None:
        router.add_get(_BASE, self.list_ad_groups)
        AdGroupWrites(self.state, self.book, self.ad_group).register(router)
        router.add_put(_BASE + "/onOff", self.writer(AD_GROUP_ON_OFF_QUOTA, "config", on_off))
        router.add_put(
            _BASE + "/dailyBudgetAmount",
            self.writer(AD_GROUP_DAILY_BUDGET_QUOTA, "dailyBudgetAmount", amount),
        )
        router.add_put(
            _BASE + "/bidAmount", self.writer(AD_GROUP_BID_AMOUNT_QUOTA, "bidAmount", amount)
        )
        router.add_put(_BASE + "/pacing", self.writer(AD_GROUP_PACING_QUOTA, "pacing", pacing))
        router.add_get(_BASE + r"/{id:\d+}", self.get)

    def ad_group(self, request: web.Request, ad_group_id: int) -> FakeAdGroup:
        """The caller's ad group, or the not-found rejection."""
        group = self.state.ad_groups.get(ad_group_id)
        if group is None or group.ad_account_id != account_of(request):
            raise Reject(
                400, envelope(-813, DETAIL_AD_GROUP_NOT_FOUND, "광고그룹이 존재하지 않습니다.")
            )
        return group

    async def list_ad_groups(self, request: web.Request) -> web.Response:
        campaign = request.query.get("campaignId", "")
        if not campaign.isdigit():
            raise bad_request("campaignId is required")
        wanted = list_filter(request)
        account = account_of(request)
        content = [
            g.summary()
            for g in self.state.ad_groups.values()
            if g.ad_account_id == account and g.campaign_id == int(campaign) and g.config in wanted
        ]
        return web.json_response({"content": content})

    async def get(self, request: web.Request) -> web.Response:
        group = self.ad_group(request, path_id(request))
        return web.json_response(group.detail(self.state.campaigns.get(group.campaign_id)))

    def writer(
        self, quota: Quota, field: str, parse: Parse
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        """The handler of one write endpoint: ``body[field]`` into the ad group."""
        attribute = {"dailyBudgetAmount": "daily_budget_amount", "bidAmount": "bid_amount"}

        async def handle(request: web.Request) -> web.Response:
            return await self.book.write(
                request,
                quota,
                field=field,
                attribute=attribute.get(field, field),
                parse=parse,
                find=self.ad_group,
            )

        return handle
