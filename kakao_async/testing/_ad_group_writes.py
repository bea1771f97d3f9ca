"""Creating and updating an ad group (``POST``/``PUT /openapi/v4/adGroups``), as the fake
serves them.

Both count against the one declared quota ``adGroups.write`` through the server's
:class:`~._quota.FakeQuotas`, in the order :mod:`._writes` handles every write: the body is
checked (400, Kakao's envelope), the quota is counted (429, code -813), the campaign or ad group
is looked up (400 with its not-found detail code; a deleted one: 30004), and only then is the
window moved and the change applied. The answer is the ad group's detail, as ``GET
/adGroups/{id}`` shows it from then on; the accepted call is recorded in ``fake.quota_calls``
with field ``adGroup`` and the body as its value. The fake keeps the fields it models (name,
type, pricingType, pacing, bidStrategy, bidAmount, dailyBudgetAmount) and ignores the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from ..endpoints import AD_GROUP_WRITE_QUOTA, MOMENT_AD_GROUP_CREATE, MOMENT_AD_GROUP_UPDATE
from ._campaign_routes import DETAIL_CAMPAIGN_NOT_FOUND
from ._hierarchy_state import FakeAdGroup, HierarchyState
from ._http import (
    DETAIL_DELETED,
    Reject,
    account_of,
    bad_request,
    envelope,
    json_object,
    long_value,
    serve,
    user_of,
)
from ._writes import QuotaBook, QuotaCall, nullable_amount, pacing

__all__ = ["AdGroupWrites"]

_TOO_SOON = f"{AD_GROUP_WRITE_QUOTA.name} may be called once per interval"


def _text(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise bad_request("name must be non-empty text")
    return value


#: Body field -> (attribute of the fake's ad group, how its value is read).
_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "name": ("name", _text),
    "type": ("type", str),
    "pricingType": ("pricing_type", str),
    "pacing": ("pacing", pacing),
    "bidStrategy": ("bid_strategy", str),
    "bidAmount": ("bid_amount", nullable_amount),
    "dailyBudgetAmount": ("daily_budget_amount", nullable_amount),
}


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    """The modelled fields ``body`` sets, by attribute (each checked: 400 if unacceptable)."""
    return {attr: parse(body[key]) for key, (attr, parse) in _FIELDS.items() if key in body}


class AdGroupWrites:
    """The create and update handlers over ``state``, counted in ``book``; ``find`` is the
    caller's ad group or the not-found rejection."""

    def __init__(
        self,
        state: HierarchyState,
        book: QuotaBook,
        find: Callable[[web.Request, int], FakeAdGroup],
    ) -> None:
        self.state = state
        self.book = book
        self.find = find

    def register(self, router: web.UrlDispatcher) -> None:
        serve(router, MOMENT_AD_GROUP_CREATE, self.create)
        serve(router, MOMENT_AD_GROUP_UPDATE, self.update)

    async def create(self, request: web.Request) -> web.Response:
        body = await json_object(request)
        campaign_ref = body.get("campaign")
        if not isinstance(campaign_ref, dict) or "id" not in campaign_ref:
            raise bad_request("campaign.id is required")
        campaign_id = long_value(campaign_ref["id"], "campaign.id")
        if "name" not in body:
            raise bad_request("name is required")
        fields = _fields(body)
        admission = self.book.quotas.admit(AD_GROUP_WRITE_QUOTA, request, message=_TOO_SOON)
        campaign = self.state.campaigns.get(campaign_id)
        if campaign is None or campaign.ad_account_id != account_of(request):
            raise Reject(
                400, envelope(-813, DETAIL_CAMPAIGN_NOT_FOUND, "캠페인이 존재하지 않습니다.")
            )
        if campaign.config == "DEL":
            raise bad_request("삭제된 항목은 변경할 수 없습니다.", DETAIL_DELETED)
        self.book.quotas.accept(admission)
        group = self.state.add_ad_group(
            ad_account_id=campaign.ad_account_id, campaign_id=campaign.id, **fields
        )
        group.history.append(("adGroup", body))
        self._record(request, group, body, admission.arrived_at)
        return web.json_response(group.detail(campaign))

    async def update(self, request: web.Request) -> web.Response:
        body = await json_object(request)
        if "id" not in body:
            raise bad_request("id is required")
        ad_group_id = long_value(body["id"], "id")
        fields = _fields(body)
        admission = self.book.quotas.admit(AD_GROUP_WRITE_QUOTA, request, message=_TOO_SOON)
        group = self.find(request, ad_group_id)
        if group.config == "DEL":
            raise bad_request("삭제된 항목은 변경할 수 없습니다.", DETAIL_DELETED)
        self.book.quotas.accept(admission)
        for attribute, value in fields.items():
            setattr(group, attribute, value)
        group.history.append(("adGroup", body))
        self._record(request, group, body, admission.arrived_at)
        return web.json_response(group.detail(self.state.campaigns.get(group.campaign_id)))

    def _record(
        self, request: web.Request, group: FakeAdGroup, body: Any, arrived_at: float
    ) -> None:
        self.book.calls.append(
            QuotaCall(
                quota=AD_GROUP_WRITE_QUOTA.name,
                user=user_of(request),
                ad_account_id=account_of(request),
                object_id=group.id,
                field="adGroup",
                value=body,
                arrived_at=arrived_at,
            )
        )
