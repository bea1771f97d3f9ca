"""Kakao Moment v4 creatives: ``/openapi/v4/creatives``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._bulk import BulkResult, ConfigChange, run_bounded
from .._service import Service
from .._validate import configs, on_off_config, positive_id
from ..models import Config, CreativeSummary, MomentCreative, SystemConfigHistory
from ..models._converter import decode, decode_moment_creative

__all__ = ["MomentCreatives"]

_PATH = "/openapi/v4/creatives"
#: The builtin, under a name the ``list`` method below cannot shadow in annotations.
_List = list
_LIST_CONFIGS = frozenset({"ON", "OFF", "DEL"})


class MomentCreatives(Service):
    """Creatives of Kakao Moment (display and message)."""

    __slots__ = ()
    _api = "moment"

    async def list(
        self,
        *,
        ad_group_id: int,
        config: Iterable[Config | str] | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> _List[CreativeSummary]:
        """``GET /openapi/v4/creatives``: the creatives of an ad group.

        ``config`` filters by state (default: Kakao's ``[ON, OFF]``).
        """
        params = [("adGroupId", str(positive_id("ad_group_id", ad_group_id)))]
        if config is not None:
            params += [("config", c.value) for c in configs(config, allowed=_LIST_CONFIGS)]
        request = self._request(
            "GET", _PATH, ad_account_id=ad_account_id, params=tuple(params), timeout=timeout
        )
        body = await self._send(request)
        content = body.get("content") if isinstance(body, dict) else None
        return list(decode(tuple[CreativeSummary, ...], content, method="GET", path=_PATH))

    async def get(
        self, creative_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> MomentCreative:
        """``GET /openapi/v4/creatives/{id}``: a display or a message creative model."""
        path = f"{_PATH}/{positive_id('creative_id', creative_id)}"
        body = await self._send(
            self._request("GET", path, ad_account_id=ad_account_id, timeout=timeout)
        )
        return decode_moment_creative(body, method="GET", path=path)

    async def set_config(
        self,
        creative_id: int,
        config: Config | str,
        *,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> None:
        """``PUT /openapi/v4/creatives/onOff``: switch a display creative ``ON`` or ``OFF``.

        Quota-limited to one call per interval per (user, ad account); this call waits for its
        turn, so concurrent callers never trip Kakao's 429.
        """
        body = {
            "id": positive_id("creative_id", creative_id),
            "config": on_off_config(config).value,
        }
        request = self._request(
            "PUT",
            f"{_PATH}/onOff",
            ad_account_id=ad_account_id,
            body=body,
            quota=True,
            timeout=timeout,
        )
        await self._send(request)

    async def delete(
        self, creative_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> None:
        """``DELETE /openapi/v4/creatives/{id}``: give up operating the creative (state ``DEL``)."""
        path = f"{_PATH}/{positive_id('creative_id', creative_id)}"
        await self._send(
            self._request("DELETE", path, ad_account_id=ad_account_id, timeout=timeout)
        )

    async def system_config_history(
        self, creative_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> SystemConfigHistory | None:
        """``GET /openapi/v4/creatives/{id}/systemConfigHistory``: why it was admin-stopped.

        ``None`` when Kakao sends no record (the creative is not ``ADMIN_STOP``).
        """
        path = f"{_PATH}/{positive_id('creative_id', creative_id)}/systemConfigHistory"
        body = await self._send(
            self._request("GET", path, ad_account_id=ad_account_id, timeout=timeout)
        )
        return None if body is None else decode(SystemConfigHistory, body, method="GET", path=path)

    async def system_config_histories(
        self, creative_id: int, *, ad_account_id: int | None = None, timeout: float | None = None
    ) -> _List[SystemConfigHistory]:
        """``GET /openapi/v4/creatives/{id}/systemConfigHistories``: every admin-stop record."""
        path = f"{_PATH}/{positive_id('creative_id', creative_id)}/systemConfigHistories"
        body = await self._send(
            self._request("GET", path, ad_account_id=ad_account_id, timeout=timeout)
        )
        if body is None:
            return []
        return list(decode(tuple[SystemConfigHistory, ...], body, method="GET", path=path))

    async def get_many(
        self,
        creative_ids: Iterable[int],
        *,
        concurrency: int = 10,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> BulkResult[int, MomentCreative]:
        """``GET /openapi/v4/creatives/{id}`` for many ids, at most ``concurrency`` in flight.

        One result per id, in input order; a failed id is reported, never raised.
        """
        ids = list(creative_ids)
        for cid in ids:
            positive_id("creative_id", cid)
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ValueError(f"concurrency must be a positive integer, got {concurrency!r}")
        account = self._account(ad_account_id)

        async def fetch(cid: int) -> MomentCreative:
            return await self.get(cid, ad_account_id=account, timeout=timeout)

        return await run_bounded(ids, fetch, concurrency=concurrency)

    async def set_configs(
        self,
        changes: Iterable[ConfigChange | tuple[int, Config | str]],
        *,
        timeout: float | None = None,
    ) -> BulkResult[ConfigChange, Config]:
        """``PUT /openapi/v4/creatives/onOff`` for many creatives, at the quota bound.

        Ad accounts progress in parallel; within one, calls are one quota interval apart. A
        creative listed twice is sent once, in its last-listed state, and both items report that
        outcome. One result per input item, in input order.
        """
        items = [c if isinstance(c, ConfigChange) else ConfigChange(*c) for c in changes]
        accounts = [self._account(c.ad_account_id) for c in items]

        # Last write wins per (account, creative): the final state is all that matters, and
        # each extra call would cost a whole quota interval.
        final: dict[tuple[int, int], int] = {}
        for index, (change, account) in enumerate(zip(items, accounts, strict=False)):
            final.pop((account, change.creative_id), None)
            final[(account, change.creative_id)] = index
        unique = [(account, items[i]) for (account, _), i in final.items()]

        async def apply(entry: tuple[int, ConfigChange]) -> Config:
            account, change = entry
            await self.set_config(
                change.creative_id, change.config, ad_account_id=account, timeout=timeout
            )
            return change.config

        # The limiter does the spacing; concurrency only needs to let every account progress.
        outcome = await run_bounded(unique, apply, concurrency=max(1, len(unique)))
        by_key: dict[tuple[int, int], Any] = {
            (account, change.creative_id): result
            for (account, change), result in zip(unique, outcome, strict=False)
        }
        results = []
        for change, account in zip(items, accounts, strict=False):
            done = by_key[(account, change.creative_id)]
            results.append(type(done)(item=change, value=done.value, error=done.error))
        return BulkResult(results)

    def __repr__(self) -> str:
        return "<MomentCreatives /openapi/v4/creatives>"
