"""What every API area's service shares: the narrow view of the client it is given."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from ._bulk import BulkJob
from ._http import Decoder, Request, Requester, request_body
from ._latest import Ticket
from ._progress import ProgressCallback
from ._refs import CreativeRef, creative_refs, needs_account
from ._validate import positive_id, positive_int, positive_number
from .endpoints import Endpoint
from .errors import STOPPING_ERRORS, KakaoInputError

__all__ = ["Api", "Defaults", "Service"]

J = TypeVar("J", bound=BulkJob[Any, Any])


class Defaults:
    """Settings the client and its services share and the user may change later."""

    __slots__ = ("ad_account_id",)

    def __init__(self, *, ad_account_id: int | None) -> None:
        #: Ad account of calls that do not pass ``ad_account_id=``.
        self.ad_account_id = ad_account_id


class Api:
    """What a service needs and nothing more: its base URL, the shared defaults and the
    requester that sends. Services never see the client."""

    __slots__ = ("base_url", "defaults", "requester")

    def __init__(self, *, base_url: str, defaults: Defaults, requester: Requester) -> None:
        self.base_url = base_url
        self.defaults = defaults
        self.requester = requester


class Service:
    """Base of the per-area services (``client.moment.creatives``, ...)."""

    __slots__ = ("_api", "_send")

    def __init__(self, api: Api) -> None:
        self._api = api
        #: ``await self._send(request)``: the requester's own ``send``, not a wrapper around
        #: it (a wrapper coroutine costs every call a frame on each of its suspensions).
        self._send: Callable[[Request], Awaitable[Any]] = api.requester.send

    def _account(self, ad_account_id: int | None) -> int:
        if ad_account_id is not None:
            return positive_id("ad_account_id", ad_account_id)
        value = self._api.defaults.ad_account_id  # checked when it was set
        if value is None:
            raise KakaoInputError(
                "ad_account_id is required: pass it to this call "
                "or to KakaoClient(ad_account_id=...)"
            )
        return value

    def _request(
        self,
        endpoint: Endpoint,
        *,
        ad_account_id: int | None,
        path: str | None = None,
        params: tuple[tuple[str, str], ...] = (),
        body: Any = None,
        timeout: float | None = None,
        ticket: Ticket | None = None,
        decode: Decoder | None = None,
    ) -> Request:
        """A :class:`Request` for ``endpoint``; ``path`` when its template has placeholders;
        ``decode`` makes the call's result from its body when it is not the endpoint's declared
        ``response``."""
        return Request(
            endpoint,
            self._api.base_url,
            endpoint.path if path is None else path,
            self._account(ad_account_id) if endpoint.ad_account_header else None,
            params,
            # Encoded now: a body JSON cannot carry is the caller's error, before any request.
            body if body is None or type(body) is bytes else request_body(body),
            None if timeout is None else positive_number("timeout", timeout),
            ticket,
            endpoint.response if decode is None else decode,
        )

    def _observed(self, job: J, operation: str) -> J:
        """``job``, its progress reported to the client's observers under ``operation``."""
        events = self._api.requester.events
        if events is not None:
            events.watch(job, operation)
        return job

    def _start_per_creative(
        self,
        endpoint: Endpoint,
        creative_ids: Iterable[object],
        operation: str,
        *,
        concurrency: int,
        ad_account_id: int | None,
        on_progress: ProgressCallback | None,
        timeout: float | None,
        decode: Decoder | None = None,
    ) -> BulkJob[Any, Any]:
        """A started job of ``endpoint`` (a ``{id}`` path: a get, a delete) per creative id or
        ``(ad_account_id, creative_id)`` pair, at most ``concurrency`` in flight, its progress
        reported to the client's observers as ``operation``; each item's value is the call's
        result (``decode``, else the endpoint's declared ``response``)."""
        # Everything is checked here, before the job starts: bad input raises at the call.
        items = creative_refs("creative_ids", creative_ids)
        concurrency = positive_int("concurrency", concurrency)
        account = None
        if ad_account_id is not None or needs_account(items):
            account = self._account(ad_account_id)
        timeout = None if timeout is None else positive_number("timeout", timeout)
        self._api.requester.check_open()
        send, base_url = self._send, self._api.base_url
        decode = endpoint.response if decode is None else decode
        # endpoint.format(id=...) split once: each item's path is then one f-string, no call.
        head, _, tail = endpoint.path.partition("{id}")
        assert endpoint.format(id=0) == f"{head}0{tail}"

        def call(item: int | CreativeRef) -> Awaitable[Any]:
            # Every value is checked: the item's request is built here, and its work is the
            # requester's own coroutine, no service method (a frame on each of the call's
            # suspensions, and the same checks again) in between. A pair names its own ad
            # account; a plain id is of ``account`` (resolved above whenever there is one).
            ad_account_id, creative_id = item if isinstance(item, CreativeRef) else (account, item)
            path = f"{head}{creative_id}{tail}"
            return send(
                Request(endpoint, base_url, path, ad_account_id, (), None, timeout, None, decode)
            )

        job = BulkJob.map(
            items, call, concurrency=concurrency, on_progress=on_progress, stop_on=STOPPING_ERRORS
        )
        return self._observed(job, operation)
