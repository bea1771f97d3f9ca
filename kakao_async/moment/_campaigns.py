"""Kakao Moment v4 campaigns: ``/openapi/v4/campaigns``."""

from __future__ import annotations

from collections.abc import Iterable

from .._bulk import BulkJob, BulkResult
from .._changes import CampaignConfigChange, config_changes
from .._progress import ProgressCallback
from .._validate import list_states, positive_id, won
from ..endpoints import (
    MOMENT_CAMPAIGN_GET,
    MOMENT_CAMPAIGN_LIST,
    MOMENT_CAMPAIGN_SET_DAILY_BUDGET,
    MOMENT_CAMPAIGN_SYSTEM_CONFIG_HISTORIES,
)
from ..models import Campaign, CampaignSummary, Config, SystemConfigHistory
from ._ops import Op, id_body
from ._sender import ChangeSender

__all__ = ["MomentCampaigns"]

#: The builtin, under a name the ``list`` method below cannot shadow in annotations.
_List = list
_Change = CampaignConfigChange | tuple[int, Config | str]


class MomentCampaigns(ChangeSender):
    """Campaigns of Kakao Moment (the level above ad groups)."""

    __slots__ = ()

    async def list(
        self,
        *,
        config: Iterable[Config | str] | Config | str | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> _List[CampaignSummary]:
        """``GET /openapi/v4/campaigns``: the ad account's campaigns (no quota).

        ``config`` filters by state, any of ``ON``, ``OFF``, ``DEL`` (default ``ON`` and
        ``OFF``: Kakao requires a filter here). Kakao's page takes one state per request, so
        each state is its own GET; the campaigns come state by state, in the order given.
        """
        account = self._account(ad_account_id)
        campaigns: _List[CampaignSummary] = []
        for state in (
            list_states(config, allowed=MOMENT_CAMPAIGN_LIST.states, default=("ON", "OFF")) or ()
        ):
            request = self._request(
                MOMENT_CAMPAIGN_LIST,
                ad_account_id=account,
                params=(("config", state),),
                timeout=timeout,
            )
            campaigns += await self._send(request)
        return campaigns

    async def get(
        self, campaign_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> Campaign:
        """``GET /openapi/v4/campaigns/{id}``: one campaign (no quota)."""
        path = MOMENT_CAMPAIGN_GET.format(id=positive_id("campaign_id", campaign_id))
        request = self._request(
            MOMENT_CAMPAIGN_GET,
            path=path,
            ad_account_id=ad_account_id,
            timeout=timeout,
        )
        campaign: Campaign = await self._send(request)
        return campaign

    async def set_config(
        self,
        campaign_id: int,
        config: Config | str,
        *,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> bool:
        """``PUT /openapi/v4/campaigns/onOff``: switch a campaign ``ON`` or ``OFF``.

        Quota ``campaigns.onOff`` (Kakao: 1 per second): this call waits for its turn. Last
        write wins: ``True`` once applied, ``False`` if a newer change to the same campaign,
        submitted on this client meanwhile, replaced it (nothing was sent then).
        """
        change = CampaignConfigChange(campaign_id, config, ad_account_id=ad_account_id)
        return await self._apply_config(change, timeout)

    async def set_daily_budget(
        self,
        campaign_id: int,
        amount: int | None,
        *,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> bool:
        """``PUT /openapi/v4/campaigns/dailyBudgetAmount``: the campaign's daily budget in won
        (``None``: no daily budget). Display campaigns only.

        Quota ``campaigns.dailyBudgetAmount`` (Kakao: 1 per second). Last write wins, as for
        :meth:`set_config`. Kakao's range and step rules are Kakao's to enforce (a 400).
        """
        op = self._budget_op(campaign_id, amount, ad_account_id)
        return await self._apply(op, timeout)

    def _budget_op(self, campaign_id: int, amount: int | None, ad_account_id: int | None) -> Op:
        object_id = positive_id("campaign_id", campaign_id)
        value = None if amount is None else won("amount", amount)
        return id_body(
            MOMENT_CAMPAIGN_SET_DAILY_BUDGET,
            self._account(ad_account_id),
            object_id,
            "dailyBudgetAmount",
            value,
        )

    async def system_config_histories(
        self, campaign_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> _List[SystemConfigHistory]:
        """``GET /openapi/v4/campaigns/{id}/systemConfigHistories``: why it was system-stopped
        (no quota)."""
        endpoint = MOMENT_CAMPAIGN_SYSTEM_CONFIG_HISTORIES
        path = endpoint.format(id=positive_id("campaign_id", campaign_id))
        request = self._request(
            endpoint,
            path=path,
            ad_account_id=ad_account_id,
            timeout=timeout,
        )
        histories: _List[SystemConfigHistory] = await self._send(request)
        return histories

    def start_set_configs(
        self,
        changes: Iterable[_Change],
        *,
        skip_unchanged: bool = False,
        read_concurrency: int = 10,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkJob[CampaignConfigChange, Config]:
        """Start :meth:`set_configs` in the background and return its :class:`BulkJob`."""
        items = config_changes(changes, CampaignConfigChange)
        return self._start_configs(
            items,
            "moment.campaigns.set_configs",
            skip_unchanged=skip_unchanged,
            read_concurrency=read_concurrency,
            on_progress=on_progress,
            timeout=timeout,
        )

    async def set_configs(
        self,
        changes: Iterable[_Change],
        *,
        skip_unchanged: bool = False,
        read_concurrency: int = 10,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkResult[CampaignConfigChange, Config]:
        """``PUT /openapi/v4/campaigns/onOff`` for many campaigns, at the quota bound.

        ``changes`` are :class:`CampaignConfigChange`\\ s or ``(campaign_id, config)`` pairs.
        Ad accounts progress in parallel, each at the ``campaigns.onOff`` quota; a campaign
        listed twice is sent once, in its last-listed state. ``skip_unchanged=True`` reads each
        campaign first (``GET .../{id}``, no quota) and sends only real changes. One result per
        input item, in input order.
        """
        return await self.start_set_configs(
            changes,
            skip_unchanged=skip_unchanged,
            read_concurrency=read_concurrency,
            on_progress=on_progress,
            timeout=timeout,
        )

    def __repr__(self) -> str:
        return "<MomentCampaigns /openapi/v4/campaigns>"
