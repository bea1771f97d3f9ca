"""The ``/_fake/*`` control endpoints: the in-process API over HTTP, for a fake in another process.

Not part of Kakao's API: no token is asked for, no fault or latency applies, and they are not
logged. Reads: ``GET /_fake/stats``, ``/_fake/on-off-calls``, ``/_fake/quota-calls``,
``/_fake/requests`` (no bodies, no tokens), ``/_fake/quotas`` (name -> interval, scope, calls
rejected). Writes take a JSON object (an empty body is ``{}``; the ``Content-Type`` is not looked
at): ``POST /_fake/seed``, ``/_fake/seed-hierarchy``, ``/_fake/seed-keyword``, ``/_fake/reset``,
``/_fake/faults`` (queue a :class:`Fault`) and ``/_fake/config`` (onOffInterval, quotas:
``{name: seconds}`` or ``{name: {"interval": s, "scope": ...}}``, latency, tokens, chaos). A
body that is
not JSON, lacks a required field, has a field of the wrong type or an unknown field is answered
HTTP 400 ``{"error": "<what is wrong>"}`` and changes nothing. docs/testing.md documents each.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Protocol

import attrs
from aiohttp import web

from .._quotas import override
from ..endpoints import CREATIVE_ON_OFF_QUOTA, Quota
from ..errors import KakaoInputError
from ._faults import Fault
from ._hierarchy_seeding import SeededAccount
from ._http import RecordedRequest
from ._latency import latency_range
from ._oauth import access_token
from ._quota import FakeQuotas, OnOffCall, enforces_none
from ._seeding import DEFAULT_CREATIVES_PER_ACCOUNT
from ._writes import QuotaCall

__all__ = ["ControlRoutes", "Controlled"]

_REQUIRED: Any = object()


class Controlled(Protocol):
    """What the control endpoints drive: the public API of :class:`FakeKakaoServer`."""

    on_off_interval: float
    latency: tuple[float, float]

    @property
    def requests(self) -> Sequence[RecordedRequest]: ...

    @property
    def on_off_calls(self) -> Sequence[OnOffCall]: ...

    def stats(self) -> dict[str, Any]: ...

    def seed(
        self, *, ad_accounts: Iterable[int], creatives_per_account: int = ..., ad_group_id: int = 1
    ) -> dict[int, list[int]]: ...

    def seed_keyword(
        self, *, ad_account_id: int, biz_channel_id: int = ..., count: int = ...
    ) -> list[int]: ...

    def seed_hierarchy(
        self,
        *,
        ad_accounts: Iterable[int],
        campaigns_per_account: int = 1,
        ad_groups_per_campaign: int = 1,
        creatives_per_ad_group: int = 0,
    ) -> dict[int, SeededAccount]: ...

    @property
    def quota_calls(self) -> Sequence[QuotaCall]: ...

    @property
    def quotas(self) -> FakeQuotas: ...

    def set_quota(self, name: str, value: float | Quota) -> None: ...

    def reset(self) -> None: ...

    def inject(self, fault: Fault) -> Fault: ...

    def add_token(self, token: str) -> None: ...

    def chaos(
        self, rate: float, *, kinds: Iterable[str] = ..., stall_seconds: float = ...
    ) -> None: ...


class _Bad(Exception):
    """A control request the fake cannot act on: answered 400 with this text."""


class _Fields:
    """A control request's JSON object, read field by field; fields never read are refused."""

    def __init__(self, body: Any, where: str = "the body") -> None:
        if not isinstance(body, dict):
            raise _Bad(f"{where} must be a JSON object, got {type(body).__name__}")
        self.body = body
        self.where = where

    def get(self, key: str, kind: str, default: Any = _REQUIRED, *, secret: bool = False) -> Any:
        """``body[key]`` if it is ``kind``; a ``secret`` one (tokens) is described, never
        quoted, when refused: the answer shows in logs and test reports."""
        if key not in self.body:
            if default is _REQUIRED:
                raise _Bad(f"{key} is required in {self.where}")
            return default
        value = self.body[key]
        if not _is(kind, value):
            got = _described(value) if secret else json.dumps(value)[:40]
            raise _Bad(f"{key} must be {kind}, got {got}")
        return value

    def done(self, *known: str) -> None:
        unknown = sorted(set(self.body) - set(known))
        if unknown:
            raise _Bad(f"unknown field(s) in {self.where}: {', '.join(unknown)}")


def _described(value: Any) -> str:
    # A JSON value by its type (and a list by its items' types), without its text.
    if isinstance(value, list):
        return f"a list of {', '.join(sorted({_described(v) for v in value})) or 'nothing'}"
    names = {str: "text", bool: "a boolean", dict: "an object", type(None): "null"}
    return names.get(type(value), "a number")


def _is(kind: str, value: Any) -> bool:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "a positive integer":
        return type(value) is int and value > 0
    if kind == "an integer >= 0":
        return type(value) is int and value >= 0
    if kind == "an integer":
        return type(value) is int
    if kind == "a number >= 0":
        return number and math.isfinite(value) and value >= 0
    if kind == "text":
        return isinstance(value, str)
    if kind == "a list of positive integers":
        return isinstance(value, list) and all(_is("a positive integer", v) for v in value)
    if kind == "a list of text":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "an object":
        return isinstance(value, dict)
    if kind == "[low, high] seconds":  # its shape; latency_range checks the numbers
        return isinstance(value, list)
    raise AssertionError(kind)


Handler = Callable[["ControlRoutes", web.Request], Awaitable[web.Response]]


def _checked(handler: Handler) -> Handler:
    """Answer a bad request 400 with its reason, never a 500 with a traceback."""

    @functools.wraps(handler)
    async def wrapper(self: ControlRoutes, request: web.Request) -> web.Response:
        try:
            return await handler(self, request)
        except (_Bad, KakaoInputError) as exc:
            return web.json_response({"error": str(exc)}, status=400)

    return wrapper


async def _fields(request: web.Request) -> _Fields:
    raw = await request.read()
    if not raw.strip():
        return _Fields({})
    try:
        return _Fields(json.loads(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _Bad(f"the body is not JSON: {exc}") from None


class ControlRoutes:
    """The control handlers, each a thin JSON wrapper around one method of ``server``."""

    def __init__(self, server: Controlled) -> None:
        self.server = server

    def register(self, router: web.UrlDispatcher) -> None:
        router.add_get("/_fake/stats", self.stats)
        router.add_get("/_fake/on-off-calls", self.on_off_calls)
        router.add_get("/_fake/quota-calls", self.quota_calls)
        router.add_get("/_fake/requests", self.requests)
        router.add_get("/_fake/quotas", self.quotas)
        router.add_post("/_fake/seed", self.seed)
        router.add_post("/_fake/seed-hierarchy", self.seed_hierarchy)
        router.add_post("/_fake/seed-keyword", self.seed_keyword)
        router.add_post("/_fake/reset", self.reset)
        router.add_post("/_fake/faults", self.faults)
        router.add_post("/_fake/config", self.config)

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response(self.server.stats())

    async def on_off_calls(self, request: web.Request) -> web.Response:
        return web.json_response([attrs.asdict(c) for c in self.server.on_off_calls])

    async def quotas(self, request: web.Request) -> web.Response:
        """The quotas the fake enforces: name -> {"interval", "scope", "rejected"}."""
        table = self.server.quotas
        rejected = table.rejections_by_quota()
        return web.json_response(
            {
                # table.interval: 0 for a quota set to 0 (its Quota keeps the last positive one).
                n: {"interval": table.interval(n), "scope": q.scope, "rejected": rejected.get(n, 0)}
                for n, q in table.items()
            }
        )

    async def quota_calls(self, request: web.Request) -> web.Response:
        return web.json_response([attrs.asdict(c) for c in self.server.quota_calls])

    async def requests(self, request: web.Request) -> web.Response:
        """The request log (no bodies, no tokens): every request, faulted ones included."""
        log = [attrs.asdict(r, filter=lambda a, _: a.name != "body") for r in self.server.requests]
        return web.json_response(log)

    @_checked
    async def seed(self, request: web.Request) -> web.Response:
        body = await _fields(request)
        accounts = body.get("adAccounts", "a list of positive integers")
        per_account = body.get(
            "creativesPerAccount", "an integer >= 0", DEFAULT_CREATIVES_PER_ACCOUNT
        )
        group = body.get("adGroupId", "a positive integer", 1)
        body.done("adAccounts", "creativesPerAccount", "adGroupId")
        created = self.server.seed(
            ad_accounts=accounts, creatives_per_account=per_account, ad_group_id=group
        )
        return web.json_response({str(k): v for k, v in created.items()})

    @_checked
    async def seed_hierarchy(self, request: web.Request) -> web.Response:
        body = await _fields(request)
        accounts = body.get("adAccounts", "a list of positive integers")
        campaigns = body.get("campaignsPerAccount", "an integer >= 0", 1)
        groups = body.get("adGroupsPerCampaign", "an integer >= 0", 1)
        creatives = body.get("creativesPerAdGroup", "an integer >= 0", 0)
        body.done("adAccounts", "campaignsPerAccount", "adGroupsPerCampaign", "creativesPerAdGroup")
        seeded = self.server.seed_hierarchy(
            ad_accounts=accounts,
            campaigns_per_account=campaigns,
            ad_groups_per_campaign=groups,
            creatives_per_ad_group=creatives,
        )
        return web.json_response(
            {
                str(account): {
                    "campaigns": list(ids.campaigns),
                    "adGroups": list(ids.ad_groups),
                    "creatives": list(ids.creatives),
                }
                for account, ids in seeded.items()
            }
        )

    @_checked
    async def seed_keyword(self, request: web.Request) -> web.Response:
        body = await _fields(request)
        account = body.get("adAccount", "a positive integer")
        channel = body.get("bizChannelId", "a positive integer", 1)
        count = body.get("count", "an integer >= 0", DEFAULT_CREATIVES_PER_ACCOUNT)
        body.done("adAccount", "bizChannelId", "count")
        ids = self.server.seed_keyword(ad_account_id=account, biz_channel_id=channel, count=count)
        return web.json_response({"count": len(ids), "first": ids[0] if ids else None})

    @_checked
    async def reset(self, request: web.Request) -> web.Response:
        (await _fields(request)).done()
        self.server.reset()
        return web.json_response({})

    @_checked
    async def faults(self, request: web.Request) -> web.Response:
        """Queue a :class:`Fault`; a ``body`` fault takes its text as ``body`` (UTF-8) and
        ``contentType``, as ``respond_next`` and ``garbage_next`` do in-process."""
        body = await _fields(request)
        fault = Fault(
            kind=body.get("kind", "text"),
            status=body.get("status", "an integer", 503),
            code=body.get("code", "an integer", None),
            detail_code=body.get("detailCode", "an integer", None),
            seconds=float(body.get("seconds", "a number >= 0", 0.0)),
            retry_after=body.get("retryAfter", "a number >= 0", None),
            method=body.get("method", "text", None),
            path=body.get("path", "text", None),
            remaining=body.get("count", "a positive integer", 1),
        )
        if "body" in body.body:
            fault.body = body.get("body", "text").encode()
        # With or without a body, as Fault(content_type=...) takes it.
        fault.content_type = body.get("contentType", "text", fault.content_type)
        body.done(
            "kind", "status", "code", "detailCode", "seconds", "retryAfter", "method", "path",
            "count", "body", "contentType",
        )  # fmt: skip
        self.server.inject(fault)
        return web.json_response({})

    @_checked
    async def config(self, request: web.Request) -> web.Response:
        """Check every field first, then apply them all: a bad one changes nothing."""
        body = await _fields(request)
        interval = body.get("onOffInterval", "a number >= 0", None)
        latency = body.get("latency", "[low, high] seconds", None)
        tokens = body.get("tokens", "a list of text", [], secret=True)
        chaos = body.get("chaos", "an object", None)
        quotas = self._quotas(body.get("quotas", "an object", {}))
        body.done("onOffInterval", "quotas", "latency", "tokens", "chaos")
        if latency is not None:
            latency = latency_range(latency)
        tokens = [access_token(t) for t in tokens]
        if interval:  # checked like quotas={"creatives.onOff": ...}, before any change (0: none)
            override(self.server.quotas, CREATIVE_ON_OFF_QUOTA.name, float(interval))
        if chaos is not None:
            fields = _Fields(chaos, "chaos")
            rate = fields.get("rate", "a number >= 0")
            kinds = fields.get("kinds", "a list of text", ["status", "reset", "stall", "body"])
            stall = fields.get("stallSeconds", "a number >= 0", 1.0)
            fields.done("rate", "kinds", "stallSeconds")
            self.server.chaos(float(rate), kinds=kinds, stall_seconds=float(stall))
        if interval is not None:
            self.server.on_off_interval = float(interval)
        if latency is not None:
            self.server.latency = latency
        for token in tokens:
            self.server.add_token(token)
        for name, quota in quotas.items():
            self.server.set_quota(name, quota)
        return web.json_response({})

    def _quotas(self, settings: dict[str, Any]) -> dict[str, Quota | float]:
        """``quotas`` of a config body, each checked against the fake's table (nothing set)."""
        table = self.server.quotas
        checked: dict[str, Quota | float] = {}
        for name, value in settings.items():
            if enforces_none(value) and name in table:
                checked[name] = 0  # as set_quota(name, 0)
                continue
            if isinstance(value, dict) and name in table:  # (an unknown name: override says so)
                fields = _Fields(value, f"quotas[{name!r}]")
                interval = fields.get("interval", "a number >= 0")
                scope = fields.get("scope", "text", table[name].scope)
                fields.done("interval", "scope")
                if enforces_none(interval):
                    Quota(name=name, interval=1.0, scope=scope)  # its scope checked all the same
                    checked[name] = 0  # as the bare 0 above: none enforced
                    continue
                value = Quota(name=name, interval=interval, scope=scope)
            checked[name] = override(table, name, value)
        return checked
