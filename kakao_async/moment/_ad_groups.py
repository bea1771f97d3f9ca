"""Kakao Moment v4 ad groups: ``/openapi/v4/adGroups``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .._bulk import BulkJob, BulkResult
from .._changes import AdGroupConfigChange, config_changes
from .._progress import ProgressCallback
from .._validate import list_configs, positive_id, won
from .._validate import pacing as pacing_value
from ..endpoints import (
    MOMENT_AD_GROUP_CREATE,
    MOMENT_AD_GROUP_GET,
    MOMENT_AD_GROUP_LIST,
    MOMENT_AD_GROUP_SET_BID_AMOUNT,
    MOMENT_AD_GROUP_SET_DAILY_BUDGET,
    MOMENT_AD_GROUP_SET_PACING,
    MOMENT_AD_GROUP_UPDATE,
    Endpoint,
)
from ..models import AdGroup, AdGroupSummary, Config, Pacing
from ._ad_group_bodies import create_body, update_body
from ._ops import id_body
from ._sender import ChangeSender

__all__ = ["MomentAdGroups"]

#: The builtin, under a name the ``list`` method below cannot shadow in annotations.
_List = list
_Change = AdGroupConfigChange | tuple[int, Config | str]


class MomentAdGroups(ChangeSender):
    """Ad groups of Kakao Moment (between campaigns and creatives)."""

    __slots__ = ()

    async def list(
        self,
        *,
        campaign_id: int,
        config: Iterable[Config | str] | Config | str | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> _List[AdGroupSummary]:
        """``GET /openapi/v4/adGroups``: the ad groups of a campaign (no quota).

        ``config`` filters by state, any of ``ON``, ``OFF``, ``DEL`` (Kakao's default: ``ON``
        and ``OFF``).
        """
        params = [("campaignId", str(positive_id("campaign_id", campaign_id)))]
        wanted = list_configs(config, allowed=MOMENT_AD_GROUP_LIST.states, default=None)
        if wanted is not None:
            params.append(("config", wanted))
        request = self._request(
            MOMENT_AD_GROUP_LIST,
            ad_account_id=ad_account_id,
            params=tuple(params),
            timeout=timeout,
        )
        ad_groups: _List[AdGroupSummary] = await self._send(request)
        return ad_groups

    async def get(
        self, ad_group_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> AdGroup:
        """``GET /openapi/v4/adGroups/{id}``: one ad group (no quota)."""
        path = MOMENT_AD_GROUP_GET.format(id=positive_id("ad_group_id", ad_group_id))
        request = self._request(
            MOMENT_AD_GROUP_GET,
            path=path,
            ad_account_id=ad_account_id,
            timeout=timeout,
        )
        ad_group: AdGroup = await self._send(request)
        return ad_group

    async def create(
        self,
        body: Mapping[str, Any],
        *,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> AdGroup:
        """``POST /openapi/v4/adGroups``: create an ad group; Kakao's answer, decoded.

        ``body`` is the ad group as Kakao documents it (camelCase keys: targeting, schedule,
        bids, ...); it must name its campaign, ``campaign: {"id": ...}``, and a ``name``, and
        carry no ``id``. Quota ``adGroups.write`` (1 per 5 s, shared with :meth:`update`; per
        user and ad account assumed). Never retried once sent (the ad group may exist); a
        429 for the quota is waited out, as Kakao refused the call.
        """
        request = self._request(
            MOMENT_AD_GROUP_CREATE,
            ad_account_id=ad_account_id,
            body=create_body(body),
            timeout=timeout,
        )
        created: AdGroup = await self._send(request)
        return created

    async def update(
        self,
        body: Mapping[str, Any],
        *,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> AdGroup:
        """``PUT /openapi/v4/adGroups``: change an ad group; Kakao's answer, decoded.

        ``body`` is the ad group as Kakao documents it (camelCase keys), with the ad group's
        ``id``. Quota ``adGroups.write`` (1 per 5 s, shared with :meth:`create`; per user and
        ad account assumed). Retried on transient failures. Unlike the single-field writes,
        not last write wins: two bodies may change different fields, so every update is sent.
        """
        request = self._request(
            MOMENT_AD_GROUP_UPDATE,
            ad_account_id=ad_account_id,
            body=update_body(body),
            timeout=timeout,
        )
        updated: AdGroup = await self._send(request)
        return updated

    async def set_config(
        self,
        ad_group_id: int,
        config: Config | str,
        *,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> bool:
        """``PUT /openapi/v4/adGroups/onOff``: switch an ad group ``ON`` or ``OFF``.

        Quota ``adGroups.onOff`` (Kakao lists none; one per second is assumed). Last write
        wins: ``True`` once applied, ``False`` if a newer change to the same ad group,
        submitted on this client meanwhile, replaced it (nothing was sent then).
        """
        change = AdGroupConfigChange(ad_group_id, config, ad_account_id=ad_account_id)
        return await self._apply_config(change, timeout)

    async def set_daily_budget(
        self,
        ad_group_id: int,
        amount: int,
        *,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> bool:
        """``PUT /openapi/v4/adGroups/dailyBudgetAmount``: the daily budget in won (display ad
        groups). Quota ``adGroups.dailyBudgetAmount`` (1 per second); last write wins."""
        return await self._set(
            MOMENT_AD_GROUP_SET_DAILY_BUDGET,
            ad_group_id,
            "dailyBudgetAmount",
            won("amount", amount),
            ad_account_id,
            timeout,
        )

    async def set_bid_amount(
        self,
        ad_group_id: int,
        amount: int,
        *,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> bool:
        """``PUT /openapi/v4/adGroups/bidAmount``: the maximum bid in won (display ad groups).
        Quota ``adGroups.bidAmount`` (1 per second); last write wins."""
        return await self._set(
            MOMENT_AD_GROUP_SET_BID_AMOUNT,
            ad_group_id,
            "bidAmount",
            won("amount", amount),
            ad_account_id,
            timeout,
        )

    async def set_pacing(
        self,
        ad_group_id: int,
        pacing: Pacing | str,
        *,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> bool:
        """``PUT /openapi/v4/adGroups/pacing``: how the budget is spent, ``NORMAL`` or
        ``QUICK`` (display ad groups). Quota ``adGroups.pacing`` (1 per second); last write
        wins."""
        return await self._set(
            MOMENT_AD_GROUP_SET_PACING,
            ad_group_id,
            "pacing",
            pacing_value(pacing),
            ad_account_id,
            timeout,
        )

    async def _set(
        self,
        endpoint: Endpoint,
        ad_group_id: int,
        field: str,
        value: object,
        ad_account_id: int | None,
        timeout: float | None,
    ) -> bool:
        object_id = positive_id("ad_group_id", ad_group_id)
        op = id_body(endpoint, self._account(ad_account_id), object_id, field, value)
        return await self._apply(op, timeout)

    def start_set_configs(
        self,
        changes: Iterable[_Change],
        *,
        skip_unchanged: bool = False,
        read_concurrency: int = 10,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkJob[AdGroupConfigChange, Config]:
        """Start :meth:`set_configs` in the background and return its :class:`BulkJob`."""
        items = config_changes(changes, AdGroupConfigChange)
        return self._start_configs(
            items,
            "moment.ad_groups.set_configs",
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
    ) -> BulkResult[AdGroupConfigChange, Config]:
        """``PUT /openapi/v4/adGroups/onOff`` for many ad groups, at the ``adGroups.onOff``
        quota's bound (Kakao lists none; one per second is assumed).

        ``changes`` are :class:`AdGroupConfigChange`\\ s or ``(ad_group_id, config)`` pairs.
        Ad accounts progress in parallel; an ad group listed twice is sent once, in its
        last-listed state. ``skip_unchanged=True`` reads each ad group first (``GET .../{id}``,
        no quota) and sends only real changes. One result per input item, in input order.
        """
        return await self.start_set_configs(
            changes,
            skip_unchanged=skip_unchanged,
            read_concurrency=read_concurrency,
            on_progress=on_progress,
            timeout=timeout,
        )

    def __repr__(self) -> str:
        return "<MomentAdGroups /openapi/v4/adGroups>"
