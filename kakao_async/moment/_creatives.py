"""Kakao Moment v4 creatives: ``/openapi/v4/creatives``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from .._bulk import BulkJob, BulkResult
from .._changes import ConfigChange, config_changes
from .._http import Request
from .._progress import ProgressCallback
from .._refs import IdOrPair
from .._validate import configs, positive_id
from ..endpoints import (
    MOMENT_CREATIVE_DELETE,
    MOMENT_CREATIVE_GET,
    MOMENT_CREATIVE_LIST,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY,
    Endpoint,
)
from ..models import Config, CreativeSummary, MomentCreative, SystemConfigHistory
from ._sender import ChangeSender

__all__ = ["MomentCreatives"]

#: The builtin, under a name the ``list`` method below cannot shadow in annotations.
_List = list


class MomentCreatives(ChangeSender):
    """Creatives of Kakao Moment (display and message)."""

    __slots__ = ()

    async def list(
        self,
        *,
        ad_group_id: int,
        config: Iterable[Config | str] | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> _List[CreativeSummary]:
        """``GET /openapi/v4/creatives``: the creatives of an ad group (no quota).

        ``config`` filters by state (default: Kakao's ``[ON, OFF]``).
        """
        params = [("adGroupId", str(positive_id("ad_group_id", ad_group_id)))]
        if config is not None:
            params += [
                ("config", c.value) for c in configs(config, allowed=MOMENT_CREATIVE_LIST.states)
            ]
        request = self._request(
            MOMENT_CREATIVE_LIST,
            ad_account_id=ad_account_id,
            params=tuple(params),
            timeout=timeout,
        )
        creatives: _List[CreativeSummary] = await self._send(request)
        return creatives

    async def get(
        self, creative_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> MomentCreative:
        """``GET /openapi/v4/creatives/{id}``: a display or a message creative model (no
        quota)."""
        request = self._by_id(MOMENT_CREATIVE_GET, creative_id, ad_account_id, timeout)
        creative: MomentCreative = await self._send(request)
        return creative

    async def set_config(
        self,
        creative_id: int,
        config: Config | str,
        *,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> bool:
        """``PUT /openapi/v4/creatives/onOff``: switch a display creative ``ON`` or ``OFF``.

        Quota ``creatives.onOff`` (Kakao: 1 per 5 s per user and ad account); this call waits
        for its turn, so concurrent callers never trip Kakao's 429. Last write wins: ``True``
        once this change was applied; ``False`` if a newer change to the same creative,
        submitted on this client while this one waited or was being retried, replaced it
        (nothing was sent then).
        """
        change = ConfigChange(creative_id, config, ad_account_id=ad_account_id)
        return await self._apply_config(change, timeout)

    def _by_id(
        self,
        endpoint: Endpoint,
        creative_id: int,
        ad_account_id: int | None,
        timeout: float | None,
    ) -> Request:
        """The request of ``endpoint`` for one creative."""
        path = endpoint.format(id=positive_id("creative_id", creative_id))
        return self._request(endpoint, path=path, ad_account_id=ad_account_id, timeout=timeout)

    async def delete(
        self, creative_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> None:
        """``DELETE /openapi/v4/creatives/{id}``: give up operating the creative (state
        ``DEL``); no quota."""
        request = self._by_id(MOMENT_CREATIVE_DELETE, creative_id, ad_account_id, timeout)
        await self._send(request)

    async def system_config_history(
        self, creative_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> SystemConfigHistory | None:
        """``GET /openapi/v4/creatives/{id}/systemConfigHistory``: why it was admin-stopped (no
        quota).

        ``None`` when Kakao sends no record (the creative is not ``ADMIN_STOP``).
        """
        endpoint = MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY
        request = self._by_id(endpoint, creative_id, ad_account_id, timeout)
        history: SystemConfigHistory | None = await self._send(request)
        return history

    async def system_config_histories(
        self, creative_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> _List[SystemConfigHistory]:
        """``GET /openapi/v4/creatives/{id}/systemConfigHistories``: every admin-stop record (no
        quota)."""
        endpoint = MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES
        request = self._by_id(endpoint, creative_id, ad_account_id, timeout)
        histories: _List[SystemConfigHistory] = await self._send(request)
        return histories

    def start_get_many(
        self,
        creative_ids: Iterable[IdOrPair],
        *,
        concurrency: int = 10,
        ad_account_id: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkJob[IdOrPair, MomentCreative]:
        """Start :meth:`get_many` in the background and return its :class:`BulkJob` handle."""
        job = self._start_per_creative(
            MOMENT_CREATIVE_GET,
            creative_ids,
            "moment.creatives.get_many",
            concurrency=concurrency,
            ad_account_id=ad_account_id,
            on_progress=on_progress,
            timeout=timeout,
        )
        return cast("BulkJob[Any, MomentCreative]", job)

    async def get_many(
        self,
        creative_ids: Iterable[IdOrPair],
        *,
        concurrency: int = 10,
        ad_account_id: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkResult[IdOrPair, MomentCreative]:
        """``GET /openapi/v4/creatives/{id}`` for many creatives, at most ``concurrency`` in
        flight. Not quota'd.

        ``creative_ids`` holds ids (of ``ad_account_id``, or the client's ad account) and/or
        ``(ad_account_id, creative_id)`` pairs (:class:`~kakao_async.CreativeRef`), so one call
        can read creatives of many accounts. One result per item, in input order (a pair
        reported as a ``CreativeRef``); a failed item is reported, never raised.
        """
        return await self.start_get_many(
            creative_ids,
            concurrency=concurrency,
            ad_account_id=ad_account_id,
            on_progress=on_progress,
            timeout=timeout,
        )

    def start_set_configs(
        self,
        changes: Iterable[ConfigChange | tuple[int, Config | str]],
        *,
        skip_unchanged: bool = False,
        read_concurrency: int = 10,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkJob[ConfigChange, Config]:
        """Start :meth:`set_configs` in the background and return its :class:`BulkJob` handle.

        For services: a bulk of 100 creatives in one account takes ~8 minutes at Kakao's quota,
        so hand the job to a background task and poll ``job.progress``.
        """
        items = config_changes(changes, ConfigChange)
        return self._start_configs(
            items,
            "moment.creatives.set_configs",
            skip_unchanged=skip_unchanged,
            read_concurrency=read_concurrency,
            on_progress=on_progress,
            timeout=timeout,
        )

    async def set_configs(
        self,
        changes: Iterable[ConfigChange | tuple[int, Config | str]],
        *,
        skip_unchanged: bool = False,
        read_concurrency: int = 10,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> BulkResult[ConfigChange, Config]:
        """``PUT /openapi/v4/creatives/onOff`` for many creatives, at the ``creatives.onOff``
        quota's bound (Kakao: 1 per 5 s per user and ad account).

        Ad accounts progress in parallel; within one, calls are one quota interval apart. A
        creative listed twice is sent once, in its last-listed state, and every item that named it
        reports that outcome. ``skip_unchanged=True`` first reads each creative through the
        un-quota'd ``GET /openapi/v4/creatives/{id}`` and sends only real changes.
        ``on_progress`` is called with a :class:`Progress` (with ETA) after every item.
        One result per input item, in input order.
        """
        return await self.start_set_configs(
            changes,
            skip_unchanged=skip_unchanged,
            read_concurrency=read_concurrency,
            on_progress=on_progress,
            timeout=timeout,
        )

    def __repr__(self) -> str:
        return "<MomentCreatives /openapi/v4/creatives>"
