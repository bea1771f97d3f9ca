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
    MOMENT_AD_GROUP_GET,
    MOMENT_AD_GROUP_LIST,
    MOMENT_AD_GROUP_SET_BID_AMOUNT,
    MOMENT_AD_GROUP_SET_CONFIG,
    MOMENT_AD_GROUP_SET_DAILY_BUDGET,
    MOMENT_AD_GROUP_SET_PACING,
    Endpoint,
    Quota,
)
from ._ad_group_writes import AdGroupWrites
from ._hierarchy_state import FakeAdGroup, HierarchyState
from ._http import Reject, account_of, bad_request, envelope, list_filter, path_id, serve
from ._writes import Parse, QuotaBook, amount, on_off, pacing

__all__ = ["DETAIL_AD_GROUP_NOT_FOUND", "AdGroupRoutes"]

#: Kakao's detail code for an ad group that does not exist (or was deleted).
DETAIL_AD_GROUP_NOT_FOUND = 32026


class AdGroupRoutes:
    """The ad group handlers over ``state``, writes counted in ``book``."""

    def __init__(self, state: HierarchyState, book: QuotaBook) -> None:
        self.state = state
        self.book = book

    def register(self, router: web.UrlDispatcher) -> None:
        serve(router, MOMENT_AD_GROUP_LIST, self.list_ad_groups)
        AdGroupWrites(self.state, self.book, self.ad_group).register(router)
        writes: tuple[tuple[Endpoint, str, Parse], ...] = (
            (MOMENT_AD_GROUP_SET_CONFIG, "config", on_off),
            (MOMENT_AD_GROUP_SET_DAILY_BUDGET, "dailyBudgetAmount", amount),
            (MOMENT_AD_GROUP_SET_BID_AMOUNT, "bidAmount", amount),
            (MOMENT_AD_GROUP_SET_PACING, "pacing", pacing),
        )
        for endpoint, field, parse in writes:
            assert endpoint.quota is not None  # each is a quota'd write
            serve(router, endpoint, self.writer(endpoint.quota, field, parse))
        serve(router, MOMENT_AD_GROUP_GET, self.get)

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
        wanted = list_filter(request, MOMENT_AD_GROUP_LIST)
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
