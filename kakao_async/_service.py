"""What every API area's service shares: the account fallback and the send path."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from ._latest import Ticket
from ._pipeline import Request
from ._validate import positive_id, positive_number

if TYPE_CHECKING:
    from ._client import KakaoClient

__all__ = ["Service"]


class Service:
    """Base of the per-area services (``client.moment.creatives``, ...)."""

    __slots__ = ("_client",)

    #: Which base URL of the client this service talks to.
    _api: str = ""

    def __init__(self, client: KakaoClient) -> None:
        self._client = client

    def _account(self, ad_account_id: int | None) -> int:
        value = ad_account_id if ad_account_id is not None else self._client.ad_account_id
        if value is None:
            raise ValueError(
                "ad_account_id is required: pass it to this call "
                "or to KakaoClient(ad_account_id=...)"
            )
        return positive_id("ad_account_id", value)

    def _request(
        self,
        method: str,
        path: str,
        *,
        ad_account_id: int | None,
        params: tuple[tuple[str, str], ...] = (),
        body: Any = None,
        quota: bool = False,
        idempotent: bool = True,
        timeout: float | None = None,
        ticket: Ticket | None = None,
    ) -> Request:
        return Request(
            base_url=self._client._base_url(self._api),
            method=method,
            path=path,
            ad_account_id=self._account(ad_account_id),
            params=params,
            body=body,
            quota=quota,
            idempotent=idempotent,
            timeout=None if timeout is None else positive_number("timeout", timeout),
            ticket=ticket,
        )

    def _submit(self, *key: object) -> Ticket:
        """Register a state change of the object ``key`` names; older pending ones go stale."""
        return self._client._pipeline.latest.submit((self._api, *key))

    def _send(self, request: Request) -> Coroutine[Any, Any, Any]:
        # Returns the pipeline's coroutine instead of awaiting it: one coroutine layer fewer on
        # a path every request takes.
        return self._client._pipeline.send(request)
