"""``client.moment``: the Kakao Moment areas, and the bulk that spans all of them."""

from __future__ import annotations

from collections.abc import Iterable

from .._bulk import BulkJob, BulkResult
from .._changes import AnyConfigChange, hierarchy_changes
from .._progress import ProgressCallback
from .._service import Api
from ..models import Config
from ._ad_accounts import MomentAdAccounts
from ._ad_groups import MomentAdGroups
from ._campaigns import MomentCampaigns
from ._creatives import MomentCreatives
from ._reports import MomentReports
from ._sender import ChangeSender

__all__ = ["MomentAPI"]


class MomentAPI(ChangeSender):
    """``client.moment``: ``ad_accounts``, ``campaigns``, ``ad_groups``, ``creatives``,
    ``reports``, and :meth:`set_configs` across the first four."""

    __slots__ = ("ad_accounts", "ad_groups", "campaigns", "creatives", "reports")

    def __init__(self, api: Api) -> None:
        super().__init__(api)
        #: ``/openapi/v4/adAccounts``
        self.ad_accounts = MomentAdAccounts(api)
        #: ``/openapi/v4/campaigns``
        self.campaigns = MomentCampaigns(api)
        #: ``/openapi/v4/adGroups``
        self.ad_groups = MomentAdGroups(api)
        #: ``/openapi/v4/creatives``
        self.creatives = MomentCreatives(api)
        #: ``/openapi/v4/{adAccounts,campaigns,adGroups,creatives}/report``
        self.reports = MomentReports(api)

    def start_set_configs(
        self,
        changes: Iterable[AnyConfigChange],
        *,
        skip_unchanged: bool = False,
        read_concurrency: int = 10,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkJob[AnyConfigChange, Config]:
        """Start :meth:`set_configs` in the background and return its :class:`BulkJob`."""
        items = hierarchy_changes(changes)
        return self._start_configs(
            items,
            "moment.set_configs",
            skip_unchanged=skip_unchanged,
            read_concurrency=read_concurrency,
            on_progress=on_progress,
            timeout=timeout,
        )

    async def set_configs(
        self,
        changes: Iterable[AnyConfigChange],
        *,
        skip_unchanged: bool = False,
        read_concurrency: int = 10,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkResult[AnyConfigChange, Config]:
        """``PUT /openapi/v4/{creatives,adGroups,campaigns,adAccounts}/onOff``: switch
        creatives, ad groups, campaigns and ad accounts ``ON``/``OFF`` in one bulk.

        ``changes`` mixes :class:`ConfigChange` (creatives), :class:`AdGroupConfigChange`,
        :class:`CampaignConfigChange` and :class:`AdAccountConfigChange`. Each goes to its own
        onOff endpoint under its own quota (``creatives.onOff``, ``adGroups.onOff``,
        ``campaigns.onOff``, ``adAccounts.onOff``): every (quota, ad account) pair is a lane of
        its own, all lanes run side by side, and the run takes as long as its slowest lane.
        Last write wins per object; ``skip_unchanged=True`` first reads each object through its
        un-quota'd ``GET /openapi/v4/{creatives,adGroups,campaigns,adAccounts}/{id}`` and sends
        only real changes. One result per input item, in input order.
        """
        return await self.start_set_configs(
            changes,
            skip_unchanged=skip_unchanged,
            read_concurrency=read_concurrency,
            on_progress=on_progress,
            timeout=timeout,
        )

    def __repr__(self) -> str:
        return "<MomentAPI ad_accounts, campaigns, ad_groups, creatives, reports>"
