"""The ``/_fake/*`` control endpoints: the in-process API over HTTP, for a fake in another process.

Not part of Kakao's API: no token is asked for, no fault or latency applies, and they are not
logged. Reads: ``GET /_fake/stats``, ``/_fake/on-off-calls``, ``/_fake/requests`` (no bodies, no
tokens), ``/_fake/quotas`` (name -> interval and scope). Writes: ``POST /_fake/seed``,
``/_fake/seed-keyword``, ``/_fake/reset``, ``/_fake/faults`` (queue a :class:`Fault`) and
``/_fake/config`` (onOffInterval, quotas: ``{name: seconds}`` or ``{name: {"interval": s,
"scope": ...}}``, latency, tokens, chaos).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import attrs
from aiohttp import web

from ..endpoints import Quota
from ._faults import Fault
from ._http import RecordedRequest
from ._quota import OnOffCall

__all__ = ["ControlRoutes", "Controlled"]


class Controlled(Protocol):
    """What the control endpoints drive: the public API of :class:`FakeKakaoServer`."""

    on_off_interval: float
    latency: tuple[float, float]

    @property
    def quotas(self) -> Mapping[str, Quota]: ...

    def set_quota(self, name: str, value: float | Quota) -> None: ...

    @property
    def requests(self) -> Sequence[RecordedRequest]: ...

    @property
    def on_off_calls(self) -> Sequence[OnOffCall]: ...

    def stats(self) -> dict[str, Any]: ...

    def seed(
        self, *, ad_accounts: Iterable[int], creatives_per_account: int, ad_group_id: int = 1
    ) -> dict[int, list[int]]: ...

    def seed_keyword(self, *, ad_account_id: int, biz_channel_id: int, count: int) -> list[int]: ...

    def reset(self) -> None: ...

    def inject(self, fault: Fault) -> Fault: ...

    def add_token(self, token: str) -> None: ...

    def chaos(
        self, rate: float, *, kinds: Iterable[str] = ..., stall_seconds: float = ...
    ) -> None: ...


class ControlRoutes:
    """The control handlers, each a thin JSON wrapper around one method of ``server``."""

    def __init__(self, server: Controlled) -> None:
        self.server = server

    def register(self, router: web.UrlDispatcher) -> None:
        router.add_get("/_fake/stats", self.stats)
        router.add_get("/_fake/on-off-calls", self.on_off_calls)
        router.add_get("/_fake/requests", self.requests)
        router.add_get("/_fake/quotas", self.quotas)
        router.add_post("/_fake/seed", self.seed)
        router.add_post("/_fake/seed-keyword", self.seed_keyword)
        router.add_post("/_fake/reset", self.reset)
        router.add_post("/_fake/faults", self.faults)
        router.add_post("/_fake/config", self.config)

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response(self.server.stats())

    async def on_off_calls(self, request: web.Request) -> web.Response:
        return web.json_response([attrs.asdict(c) for c in self.server.on_off_calls])

    async def requests(self, request: web.Request) -> web.Response:
        """The request log (no bodies, no tokens): every request, faulted ones included."""
        log = [attrs.asdict(r, filter=lambda a, _: a.name != "body") for r in self.server.requests]
        return web.json_response(log)

    async def quotas(self, request: web.Request) -> web.Response:
        """The quotas the fake enforces: name -> {"interval", "scope"}."""
        table = self.server.quotas
        return web.json_response(
            {n: {"interval": q.interval, "scope": q.scope} for n, q in table.items()}
        )

    async def seed(self, request: web.Request) -> web.Response:
        body = await request.json()
        created = self.server.seed(
            ad_accounts=[int(a) for a in body["adAccounts"]],
            creatives_per_account=int(body["creativesPerAccount"]),
            ad_group_id=int(body.get("adGroupId", 1)),
        )
        return web.json_response({str(k): v for k, v in created.items()})

    async def seed_keyword(self, request: web.Request) -> web.Response:
        body = await request.json()
        ids = self.server.seed_keyword(
            ad_account_id=int(body["adAccount"]),
            biz_channel_id=int(body["bizChannelId"]),
            count=int(body["count"]),
        )
        return web.json_response({"count": len(ids), "first": ids[0] if ids else None})

    async def reset(self, request: web.Request) -> web.Response:
        self.server.reset()
        return web.json_response({})

    async def faults(self, request: web.Request) -> web.Response:
        """Queue a :class:`Fault`; a ``body`` fault takes its text as ``body`` (UTF-8) and
        ``contentType``, as ``respond_next`` and ``garbage_next`` do in-process."""
        body = await request.json()
        fault = Fault(
            kind=body["kind"],
            status=int(body.get("status", 503)),
            code=body.get("code"),
            seconds=float(body.get("seconds", 0.0)),
            method=body.get("method"),
            path=body.get("path"),
            remaining=int(body.get("count", 1)),
        )
        if "body" in body:
            fault.body = str(body["body"]).encode()
            fault.content_type = str(body.get("contentType", fault.content_type))
        self.server.inject(fault)
        return web.json_response({})

    async def config(self, request: web.Request) -> web.Response:
        body = await request.json()
        if "onOffInterval" in body:
            self.server.on_off_interval = float(body["onOffInterval"])
        try:
            for name, value in body.get("quotas", {}).items():
                if isinstance(value, dict):
                    scope = value.get("scope", self.server.quotas[name].scope)
                    value = Quota(name=name, interval=float(value["interval"]), scope=scope)
                self.server.set_quota(name, value)
        except (KeyError, TypeError, ValueError) as exc:
            # A bad setting says why, rather than a bare 500.
            return web.json_response({"error": str(exc)}, status=400)
        if "latency" in body:
            low, high = body["latency"]
            self.server.latency = (float(low), float(high))
        if "tokens" in body:
            for token in body["tokens"]:
                self.server.add_token(str(token))
        if "chaos" in body:
            chaos = body["chaos"]
            self.server.chaos(
                float(chaos["rate"]),
                kinds=[str(k) for k in chaos.get("kinds", ("status", "reset", "stall", "body"))],
                stall_seconds=float(chaos.get("stallSeconds", 1.0)),
            )
        return web.json_response({})
