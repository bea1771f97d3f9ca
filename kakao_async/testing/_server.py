"""FakeKakaoServer: a stateful, quota-enforcing stand-in for both Kakao creative APIs."""

from __future__ import annotations

import asyncio
import collections
import contextvars
import json
import random
import time
from collections.abc import Iterable
from types import TracebackType
from typing import Any

import attrs
from aiohttp import web

from .._auth import fingerprint
from ._state import FakeKeywordCreative, FakeMomentCreative, FakeState

__all__ = ["DEFAULT_TOKEN", "FakeKakaoServer", "Fault", "OnOffCall", "RecordedRequest"]

#: The token a fake server accepts unless told otherwise.
DEFAULT_TOKEN = "fake-kakao-token"

# Error details the fake uses. 33003 and 75008 come from Kakao's documents; the rest are the
# fake's own choices, stable so that tests can match them.
DETAIL_NOT_FOUND = 33003
DETAIL_MESSAGE_NOT_DELETABLE = 75008
DETAIL_MESSAGE_NOT_SWITCHABLE = 75009
DETAIL_BAD_REQUEST = 30001
DETAIL_NO_PERMISSION = 30002
DETAIL_ON_OFF_QUOTA = 30003
DETAIL_DELETED = 30004


@attrs.define(kw_only=True)
class RecordedRequest:
    """One request the fake received. ``user`` is a fingerprint, never the token."""

    method: str
    path: str
    query: str
    ad_account_id: str | None
    user: str | None
    #: ``time.monotonic()`` when the request reached the handler (after inbound latency).
    arrived_at: float
    status: int = 0
    body: Any = None


@attrs.frozen(kw_only=True)
class OnOffCall:
    """An onOff call the fake accepted."""

    user: str
    ad_account_id: int
    creative_id: int
    config: str
    arrived_at: float


@attrs.define(kw_only=True)
class Fault:
    """A misbehaviour to inject into the next matching response.

    ``kind``: ``status`` (an error envelope with ``status``/``code``/``detail_code``),
    ``body`` (answer ``body`` bytes as ``content_type`` with ``status``: garbage, or a canned
    Kakao response), ``reset`` (drop the connection), ``stall`` (sleep ``seconds`` first, then
    answer normally), ``truncate`` (promise 1000 bytes, send a few, hang up) or ``trickle``
    (send one byte every ``seconds``: a slow-loris response).
    """

    kind: str
    status: int = 503
    code: int | None = None
    detail_code: int | None = None
    body: bytes = b"<html><body>502 Bad Gateway</body></html>"
    content_type: str = "text/html"
    seconds: float = 0.0
    retry_after: float | None = None
    method: str | None = None
    path: str | None = None
    remaining: int = 1

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path is None or path.startswith(self.path)
        )


def _envelope(
    code: int, detail_code: int | None, detail_msg: str, msg: str = "KakaoMomentException"
) -> dict[str, Any]:
    extras: dict[str, Any] = {"detailMsg": detail_msg}
    if detail_code is not None:
        extras["detailCode"] = detail_code
    return {"code": code, "msg": msg, "extras": extras}


#: (ad account, user fingerprint) of the request being handled; a context variable because each
#: request runs in its own task, and aiohttp warns about plain string keys on requests.
_CALLER: contextvars.ContextVar[tuple[int, str]] = contextvars.ContextVar("fake_kakao_caller")


def _account_of(request: web.Request) -> int:
    """The authenticated caller's ad account (``request`` names whose; the value is per task)."""
    return _CALLER.get()[0]


def _user_of(request: web.Request) -> str:
    """The authenticated caller's user (a token fingerprint, or the OAuth app's user)."""
    return _CALLER.get()[1]


@attrs.define(kw_only=True)
class OAuthClient:
    """An app the fake's OAuth endpoint knows (secrets kept as fingerprints only)."""

    secret: str | None
    refresh: str
    rotate: bool
    user: str


class _Reject(Exception):
    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None):
        self.status = status
        self.body = body
        self.headers = headers or {}


def _bad_request(detail: str, detail_code: int = DETAIL_BAD_REQUEST) -> _Reject:
    return _Reject(400, _envelope(-813, detail_code, detail))


def _not_found(status: int = 400) -> _Reject:
    return _Reject(status, _envelope(-813, DETAIL_NOT_FOUND, "소재가 존재하지 않습니다."))


class FakeKakaoServer:
    """Kakao Moment v4 and Keyword Ad v1 creative endpoints on one loopback port.

    Run in-process (``async with FakeKakaoServer() as fake: fake.base_url``) or standalone
    (``python -m kakao_async.testing --port 8080``). It keeps state per creative, enforces the onOff
    quota per (token, adAccountId) *on arrival* (HTTP 429, code -813 when violated), logs every
    request (without tokens), and can inject faults and latency.
    """

    def __init__(
        self,
        *,
        on_off_interval: float = 5.0,
        tokens: Iterable[str] = (DEFAULT_TOKEN,),
        host: str = "127.0.0.1",
        port: int = 0,
        latency: tuple[float, float] = (0.0, 0.0),
        seed: int | None = None,
        record_bodies: bool = False,
        max_log: int | None = 100_000,
    ) -> None:
        #: Seconds the fake demands between two accepted onOff calls of one (token, account).
        self.on_off_interval = on_off_interval
        #: Random delay range (seconds), applied before handling and again before answering.
        self.latency = latency
        self.host = host
        self.port = port
        self.state = FakeState()
        #: Every request received, oldest first (bounded by ``max_log``).
        self.requests: collections.deque[RecordedRequest] = collections.deque(maxlen=max_log)
        #: Every accepted onOff call, oldest first.
        self.on_off_calls: list[OnOffCall] = []
        #: How many onOff calls were refused for arriving too early.
        self.on_off_rejections = 0
        self.faults: list[Fault] = []
        self.record_bodies = record_bodies
        self.restricted_ad_accounts: set[int] = set()
        #: Requests being handled right now, and the most there ever were at once.
        self.in_flight = 0
        self.peak_in_flight = 0
        #: Accepted token fingerprint -> the user it belongs to (the quota is per user, so a
        #: refreshed token shares its predecessor's quota).
        self._users: dict[str, str] = {fingerprint(t): fingerprint(t) for t in tokens}
        #: OAuth clients: client_id -> (secret, refresh token fingerprint, rotate, user).
        self._oauth: dict[str, OAuthClient] = {}
        self._issued: set[str] = set()
        #: Refreshes the fake answered successfully.
        self.token_refreshes = 0
        #: Every ``POST /oauth/token`` the fake received, answered or refused.
        self.oauth_requests = 0
        self._chaos: tuple[float, tuple[str, ...], float] | None = None
        #: Faults chaos mode injected, by kind.
        self.chaos_injected: collections.Counter[str] = collections.Counter()
        self._last_on_off: dict[tuple[str, int], float] = {}
        self._random = random.Random(seed)
        self._runner: web.AppRunner | None = None
        self.app = self._build_app()

    # ----------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``: both ``moment_base_url`` and ``keyword_base_url``."""
        if self._runner is None:
            raise RuntimeError("the fake server is not running")
        return f"http://{self.host}:{self.port}"

    async def start(self) -> str:
        """Listen on ``host:port`` (port 0 picks a free one); return the base URL."""
        runner = web.AppRunner(
            self.app, access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await runner.setup()
        await web.TCPSite(runner, self.host, self.port).start()
        self._runner = runner
        if runner.addresses:
            self.port = runner.addresses[0][1]
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeKakaoServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # ----------------------------------------------------------------- data

    def add_token(self, token: str) -> None:
        """Accept ``token`` from now on."""
        self._users[fingerprint(token)] = fingerprint(token)

    def revoke_token(self, token: str) -> None:
        """Answer ``token`` with 401 / -401 from now on."""
        self._users.pop(fingerprint(token), None)

    def add_moment_creative(
        self,
        *,
        ad_account_id: int,
        ad_group_id: int = 1,
        name: str | None = None,
        format: str = "IMAGE_BANNER",
        config: str = "ON",
        system_config: str = "ON",
        admin_stop_reason: str | None = None,
        id: int | None = None,
    ) -> FakeMomentCreative:
        """Create a Moment creative (display, or message for a ``*_MESSAGE`` format)."""
        return self.state.add_moment(
            id=id,
            ad_account_id=ad_account_id,
            ad_group_id=ad_group_id,
            name=name or f"creative-{len(self.state.moment) + 1}",
            format=format,
            config=config,
            system_config=system_config,
            admin_stop_reason=admin_stop_reason,
        )

    def add_keyword_creative(
        self,
        *,
        ad_account_id: int,
        biz_channel_id: int = 1,
        name: str | None = None,
        title: str = "타이틀",
        description: str = "설명문구",
        config: str = "ON",
        landing_info: dict[str, Any] | None = None,
        license: dict[str, Any] | None = None,
        assets: dict[str, Any] | None = None,
        id: int | None = None,
    ) -> FakeKeywordCreative:
        """Create a Keyword Ad creative."""
        return self.state.add_keyword(
            id=id,
            ad_account_id=ad_account_id,
            biz_channel_id=biz_channel_id,
            name=name or f"소재{len(self.state.keyword) + 1}",
            title=title,
            description=description,
            config=config,
            landing_info=landing_info,
            license=license,
            assets=assets,
        )

    def seed(
        self, *, ad_accounts: Iterable[int], creatives_per_account: int, ad_group_id: int = 1
    ) -> dict[int, list[int]]:
        """Add ``creatives_per_account`` display creatives (state ``ON``) to each account."""
        return {
            account: [
                self.add_moment_creative(ad_account_id=account, ad_group_id=ad_group_id).id
                for _ in range(creatives_per_account)
            ]
            for account in ad_accounts
        }

    def seed_keyword(self, *, ad_account_id: int, biz_channel_id: int, count: int) -> list[int]:
        """Add ``count`` keyword creatives to one biz channel; returns their ids."""
        return [
            self.add_keyword_creative(ad_account_id=ad_account_id, biz_channel_id=biz_channel_id).id
            for _ in range(count)
        ]

    def moment_creative(self, creative_id: int) -> FakeMomentCreative:
        return self.state.moment[creative_id]

    def keyword_creative(self, creative_id: int) -> FakeKeywordCreative:
        return self.state.keyword[creative_id]

    def reset(self) -> None:
        """Forget all creatives, logs, quota windows and faults."""
        self.state = FakeState()
        self.requests.clear()
        self.on_off_calls.clear()
        self.on_off_rejections = 0
        self.faults.clear()
        self._last_on_off.clear()
        self.peak_in_flight = self.in_flight

    # ----------------------------------------------------------------- faults

    def inject(self, fault: Fault) -> Fault:
        """Queue a fault; it applies to the next ``fault.remaining`` matching requests."""
        self.faults.append(fault)
        return fault

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 503,
        code: int = -9798,
        detail_code: int | None = None,
        retry_after: float | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> Fault:
        """Answer the next ``count`` matching requests with an error envelope."""
        return self.inject(
            Fault(
                kind="status",
                status=status,
                code=code,
                detail_code=detail_code,
                retry_after=retry_after,
                method=method,
                path=path,
                remaining=count,
            )
        )

    def garbage_next(
        self,
        count: int = 1,
        *,
        status: int = 200,
        body: bytes = b"<html><body>maintenance</body></html>",
        method: str | None = None,
        path: str | None = None,
    ) -> Fault:
        """Answer the next ``count`` matching requests with a non-JSON body."""
        return self.inject(
            Fault(kind="body", status=status, body=body, method=method, path=path, remaining=count)
        )

    def respond_next(
        self,
        body: bytes | str | dict[str, Any] | list[Any],
        *,
        status: int = 200,
        count: int = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> Fault:
        """Answer the next ``count`` matching requests with exactly this body (JSON for dicts,
        lists and text; bytes as given), e.g. a sample copied from Kakao's documents."""
        if isinstance(body, (dict, list)):
            raw = json.dumps(body, ensure_ascii=False).encode()
        elif isinstance(body, str):
            raw = body.encode()
        else:
            raw = body
        return self.inject(
            Fault(
                kind="body",
                status=status,
                body=raw,
                content_type="application/json",
                method=method,
                path=path,
                remaining=count,
            )
        )

    def reset_next(
        self, count: int = 1, *, method: str | None = None, path: str | None = None
    ) -> Fault:
        """Drop the connection of the next ``count`` matching requests without answering."""
        return self.inject(Fault(kind="reset", method=method, path=path, remaining=count))

    def stall_next(
        self, count: int = 1, *, seconds: float, method: str | None = None, path: str | None = None
    ) -> Fault:
        """Delay the next ``count`` matching requests by ``seconds`` before answering."""
        return self.inject(
            Fault(kind="stall", seconds=seconds, method=method, path=path, remaining=count)
        )

    def chaos(
        self,
        rate: float,
        *,
        kinds: Iterable[str] = ("status", "reset", "stall", "body"),
        stall_seconds: float = 1.0,
    ) -> None:
        """From now on, give each request a random fault of ``kinds`` with probability ``rate``
        (``rate=0`` turns it off). Uses the server's seeded random generator. Kinds are
        :class:`Fault` kinds, plus ``"429"``: a quota rejection (HTTP 429, code -813)."""
        self._chaos = (rate, tuple(kinds), stall_seconds) if rate > 0 else None

    def _take_fault(self, method: str, path: str) -> Fault | None:
        if self._chaos is not None:
            rate, kinds, stall = self._chaos
            if self._random.random() < rate:
                kind = self._random.choice(kinds)
                self.chaos_injected[kind] += 1
                if kind == "429":  # a quota rejection the client's own schedule did not cause
                    return Fault(kind="status", status=429, code=-813, detail_code=31001)
                return Fault(
                    kind=kind,
                    status=self._random.choice((500, 502, 503)),
                    code=-9798 if kind == "status" else None,
                    seconds=stall,
                )
        for fault in self.faults:
            if fault.remaining > 0 and fault.matches(method, path):
                fault.remaining -= 1
                if fault.remaining == 0:
                    self.faults.remove(fault)
                return fault
        return None

    # ----------------------------------------------------------------- http

    def _build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware])
        r = app.router
        r.add_get("/openapi/v4/creatives", self._moment_list)
        r.add_put("/openapi/v4/creatives/onOff", self._moment_on_off)
        r.add_get(r"/openapi/v4/creatives/{id:\d+}", self._moment_get)
        r.add_delete(r"/openapi/v4/creatives/{id:\d+}", self._moment_delete)
        r.add_get(r"/openapi/v4/creatives/{id:\d+}/systemConfigHistory", self._moment_history)
        r.add_get(r"/openapi/v4/creatives/{id:\d+}/systemConfigHistories", self._moment_histories)
        r.add_get("/openapi/v1/creatives/basic", self._keyword_list)
        r.add_post("/openapi/v1/creatives/basic", self._keyword_create)
        r.add_get(r"/openapi/v1/creatives/basic/{id:\d+}", self._keyword_get)
        r.add_delete(r"/openapi/v1/creatives/{id:\d+}", self._keyword_delete)
        r.add_post("/oauth/token", self._oauth_token)
        r.add_get("/_fake/stats", self._control_stats)
        r.add_get("/_fake/on-off-calls", self._control_on_off_calls)
        r.add_get("/_fake/requests", self._control_requests)
        r.add_post("/_fake/seed", self._control_seed)
        r.add_post("/_fake/seed-keyword", self._control_seed_keyword)
        r.add_post("/_fake/reset", self._control_reset)
        r.add_post("/_fake/faults", self._control_faults)
        r.add_post("/_fake/config", self._control_config)
        return app

    async def _delay(self) -> None:
        low, high = self.latency
        if high > 0:
            await asyncio.sleep(self._random.uniform(low, high))

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path.startswith(("/_fake/", "/oauth/")):
            result: web.StreamResponse = await handler(request)
            return result
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            return await self._handle(request, handler)
        finally:
            self.in_flight -= 1

    async def _handle(self, request: web.Request, handler: Any) -> web.StreamResponse:
        await self._delay()
        auth = request.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else None
        record = RecordedRequest(
            method=request.method,
            path=request.path,
            query=request.query_string,
            ad_account_id=request.headers.get("adAccountId"),
            user=fingerprint(token) if token else None,
            arrived_at=time.monotonic(),
        )
        self.requests.append(record)
        response = await self._respond(request, handler, record, token)
        record.status = response.status
        await self._delay()
        return response

    async def _respond(
        self, request: web.Request, handler: Any, record: RecordedRequest, token: str | None
    ) -> web.StreamResponse:
        fault = self._take_fault(request.method, request.path)
        if fault is not None:
            if fault.kind == "reset":
                if request.transport is not None:
                    request.transport.abort()
                raise asyncio.CancelledError  # nothing more to say on a dropped connection
            if fault.kind == "truncate":
                # Promise a body, deliver part of it, hang up.
                response = web.StreamResponse(status=200)
                response.content_type = "application/json"
                response.content_length = 1000
                await response.prepare(request)
                await response.write(b'{"id": 1, "na')
                if request.transport is not None:
                    request.transport.close()
                return response
            if fault.kind == "trickle":
                # Slow loris: a byte now and then, never finishing within a sane timeout.
                response = web.StreamResponse(status=200)
                response.content_type = "application/json"
                response.content_length = 1000
                await response.prepare(request)
                for _ in range(1000):
                    await response.write(b" ")
                    await asyncio.sleep(fault.seconds)
                return response
            if fault.kind == "stall":
                await asyncio.sleep(fault.seconds)
            elif fault.kind == "body":
                return web.Response(
                    status=fault.status, body=fault.body, content_type=fault.content_type
                )
            elif fault.kind == "status":
                headers = {}
                if fault.retry_after is not None:
                    headers["Retry-After"] = f"{fault.retry_after:g}"
                body = _envelope(
                    fault.code if fault.code is not None else -1,
                    fault.detail_code,
                    "injected fault",
                    msg="InjectedFault",
                )
                return web.json_response(body, status=fault.status, headers=headers)
        try:
            user = None if token is None else self._users.get(fingerprint(token))
            if user is None:
                raise _Reject(
                    401,
                    _envelope(-401, None, "invalid or expired access token", msg="Unauthorized"),
                )
            account = self._ad_account(request)
            if account in self.restricted_ad_accounts:
                raise _Reject(
                    403, _envelope(-813, DETAIL_NO_PERMISSION, "no permission on this ad account")
                )
            _CALLER.set((account, user))
            result: web.StreamResponse = await handler(request)
            return result
        except _Reject as rejection:
            return web.json_response(
                rejection.body, status=rejection.status, headers=rejection.headers
            )

    @staticmethod
    def _ad_account(request: web.Request) -> int:
        value = request.headers.get("adAccountId", "")
        if not value.isdigit() or int(value) <= 0:
            raise _bad_request("adAccountId header is missing or not a positive integer")
        return int(value)

    @staticmethod
    def _id(request: web.Request) -> int:
        return int(request.match_info["id"])

    @staticmethod
    async def _json(request: web.Request) -> dict[str, Any]:
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            raise _bad_request("body is not JSON") from None
        if not isinstance(body, dict):
            raise _bad_request("body must be a JSON object")
        return body

    @staticmethod
    def _long(value: Any, name: str) -> int:
        if isinstance(value, bool):
            raise _bad_request(f"{name} must be a Long")
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if not isinstance(value, int) or value <= 0:
            raise _bad_request(f"{name} must be a positive Long")
        return value

    def _moment(
        self, request: web.Request, creative_id: int, *, status: int = 400
    ) -> FakeMomentCreative:
        creative = self.state.moment.get(creative_id)
        if creative is None or creative.ad_account_id != _account_of(request):
            raise _not_found(status)
        return creative

    # Moment ---------------------------------------------------------------

    async def _moment_list(self, request: web.Request) -> web.Response:
        group = request.query.get("adGroupId", "")
        if not group.isdigit():
            raise _bad_request("adGroupId is required")
        wanted: list[str] = []
        for value in request.query.getall("config", []):
            wanted += [v for v in value.split(",") if v]
        if not wanted:
            wanted = ["ON", "OFF"]
        if any(v not in ("ON", "OFF", "DEL") for v in wanted):
            raise _bad_request("config must be ON, OFF or DEL")
        content = [
            c.summary()
            for c in self.state.moment.values()
            if c.ad_account_id == _account_of(request)
            and c.ad_group_id == int(group)
            and c.config in wanted
        ]
        return web.json_response({"content": content})

    async def _moment_get(self, request: web.Request) -> web.Response:
        return web.json_response(self._moment(request, self._id(request)).detail())

    async def _moment_on_off(self, request: web.Request) -> web.Response:
        body = await self._json(request)
        creative_id = self._long(body.get("id"), "id")
        config = body.get("config")
        if config not in ("ON", "OFF"):
            raise _bad_request("config must be ON or OFF")
        key = (_user_of(request), _account_of(request))
        now = time.monotonic()
        last = self._last_on_off.get(key)
        if last is not None and now - last < self.on_off_interval:
            self.on_off_rejections += 1
            raise _Reject(
                429,
                _envelope(
                    -813,
                    DETAIL_ON_OFF_QUOTA,
                    "onOff may be called once per interval per ad account",
                ),
            )
        # Kakao's documented sample answers a missing creative with HTTP 200 and an error body.
        creative = self._moment(request, creative_id, status=200)
        if creative.is_message:
            raise _bad_request(
                "카카오톡 채널 소재는 ON/OFF 할 수 없습니다.", DETAIL_MESSAGE_NOT_SWITCHABLE
            )
        if creative.config == "DEL":
            raise _bad_request("삭제된 소재입니다.", DETAIL_DELETED)
        self._last_on_off[key] = now
        creative.config = config
        creative.on_off_history.append(config)
        self.on_off_calls.append(
            OnOffCall(
                user=_user_of(request),
                ad_account_id=_account_of(request),
                creative_id=creative_id,
                config=config,
                arrived_at=now,
            )
        )
        return web.Response(status=200, content_type="application/json")

    async def _moment_delete(self, request: web.Request) -> web.Response:
        creative = self._moment(request, self._id(request))
        if creative.is_message:
            raise _bad_request(
                "카카오톡 채널_도달 소재는 삭제할 수 없습니다.", DETAIL_MESSAGE_NOT_DELETABLE
            )
        creative.config = "DEL"
        return web.Response(status=200, content_type="application/json")

    async def _moment_history(self, request: web.Request) -> web.Response:
        creative = self._moment(request, self._id(request))
        if creative.system_config != "ADMIN_STOP":
            return web.Response(status=200, content_type="application/json")
        return web.json_response(creative.history())

    async def _moment_histories(self, request: web.Request) -> web.Response:
        creative = self._moment(request, self._id(request))
        if creative.system_config != "ADMIN_STOP":
            return web.json_response([])
        return web.json_response([creative.history()])

    # Keyword --------------------------------------------------------------

    def _keyword(self, request: web.Request, creative_id: int) -> FakeKeywordCreative:
        creative = self.state.keyword.get(creative_id)
        if creative is None or creative.ad_account_id != _account_of(request):
            raise _not_found()
        return creative

    async def _keyword_list(self, request: web.Request) -> web.Response:
        q = request.query
        channel = q.get("bizChannelId", "")
        page, limit = q.get("page", "0"), q.get("limit", "10")
        if not channel.isdigit():
            raise _bad_request("bizChannelId is required")
        if not page.isdigit() or not limit.isdigit() or not 1 <= int(limit) <= 1000:
            raise _bad_request("page must be >= 0 and limit 1..1000")
        config = q.get("config")
        if config is not None and config not in ("ON", "DEL"):
            raise _bad_request("config must be ON or DEL")
        in_channel = self.state.keyword_by_channel.get((_account_of(request), int(channel)), [])
        matching = in_channel if config is None else [c for c in in_channel if c.config == config]
        number, size = int(page), int(limit)
        chunk = matching[number * size : (number + 1) * size]
        return web.json_response(
            {
                "content": [c.summary() for c in chunk],
                "page": {
                    "number": number,
                    "size": size,
                    "totalElements": len(matching),
                    "totalPages": (len(matching) + size - 1) // size,
                },
            }
        )

    async def _keyword_get(self, request: web.Request) -> web.Response:
        return web.json_response(self._keyword(request, self._id(request)).detail())

    async def _keyword_create(self, request: web.Request) -> web.Response:
        body = await self._json(request)
        if self.record_bodies:
            self.requests[-1].body = body
        for name in ("name", "title", "description"):
            if not isinstance(body.get(name), str) or not body[name]:
                raise _bad_request(f"{name} is required")
        creative = self.add_keyword_creative(
            ad_account_id=_account_of(request),
            biz_channel_id=self._long(body.get("bizChannelId"), "bizChannelId"),
            name=body["name"],
            title=body["title"],
            description=body["description"],
            landing_info=body.get("landingInfo"),
            license=body.get("license"),
            assets=body.get("assets"),
        )
        return web.json_response(creative.detail())

    async def _keyword_delete(self, request: web.Request) -> web.Response:
        self._keyword(request, self._id(request)).config = "DEL"
        return web.Response(status=200, content_type="application/json")

    # OAuth (kauth.kakao.com) ---------------------------------------------

    def add_oauth_client(
        self,
        *,
        client_id: str,
        refresh_token: str,
        client_secret: str | None = None,
        rotate: bool = False,
    ) -> None:
        """Accept ``POST /oauth/token`` refreshes for this app and refresh token.

        ``rotate=True`` answers every refresh with a new refresh token, as Kakao does when the
        old one is close to expiring.
        """
        self._oauth[client_id] = OAuthClient(
            secret=None if client_secret is None else fingerprint(client_secret),
            refresh=fingerprint(refresh_token),
            rotate=rotate,
            user=f"oauth:{client_id}",
        )

    def expire_access_tokens(self) -> None:
        """Expire every access token issued through ``/oauth/token`` (401 / -401 from now on)."""
        for issued in self._issued:
            self._users.pop(issued, None)
        self._issued.clear()

    async def _oauth_token(self, request: web.Request) -> web.Response:
        self.oauth_requests += 1
        form = await request.post()

        def error(code: str, description: str, koe: str) -> web.Response:
            body = {"error": code, "error_description": description, "error_code": koe}
            return web.json_response(body, status=400 if code != "invalid_client" else 401)

        if form.get("grant_type") != "refresh_token":
            return error("unsupported_grant_type", "grant_type must be refresh_token", "KOE310")
        client = self._oauth.get(str(form.get("client_id", "")))
        if client is None or (
            client.secret is not None
            and fingerprint(str(form.get("client_secret", ""))) != client.secret
        ):
            return error("invalid_client", "Bad client credentials", "KOE010")
        if fingerprint(str(form.get("refresh_token", ""))) != client.refresh:
            return error("invalid_grant", "authorization code not found for code=...", "KOE322")
        self.token_refreshes += 1
        access = f"fake-access-{self.token_refreshes}-{self._random.getrandbits(48):012x}"
        self._users[fingerprint(access)] = client.user
        self._issued.add(fingerprint(access))
        body: dict[str, Any] = {"token_type": "bearer", "access_token": access, "expires_in": 43199}
        if client.rotate:
            refresh = f"fake-refresh-{self.token_refreshes}-{self._random.getrandbits(48):012x}"
            client.refresh = fingerprint(refresh)
            body |= {"refresh_token": refresh, "refresh_token_expires_in": 5183999}
        return web.json_response(body)

    # Control (standalone use; not part of Kakao's API) ----------------------

    def stats(self) -> dict[str, Any]:
        """Counters a test or benchmark in another process can read at ``GET /_fake/stats``."""
        return {
            "requests": len(self.requests),
            "onOffAccepted": len(self.on_off_calls),
            "onOffRejected": self.on_off_rejections,
            "statuses": dict(collections.Counter(r.status for r in self.requests)),
            "chaosInjected": dict(self.chaos_injected),
        }

    async def _control_stats(self, request: web.Request) -> web.Response:
        return web.json_response(self.stats())

    async def _control_on_off_calls(self, request: web.Request) -> web.Response:
        return web.json_response([attrs.asdict(c) for c in self.on_off_calls])

    async def _control_requests(self, request: web.Request) -> web.Response:
        """The request log (no bodies, no tokens): every request, faulted ones included."""
        log = [attrs.asdict(r, filter=lambda a, _: a.name != "body") for r in self.requests]
        return web.json_response(log)

    async def _control_seed(self, request: web.Request) -> web.Response:
        body = await request.json()
        created = self.seed(
            ad_accounts=[int(a) for a in body["adAccounts"]],
            creatives_per_account=int(body["creativesPerAccount"]),
            ad_group_id=int(body.get("adGroupId", 1)),
        )
        return web.json_response({str(k): v for k, v in created.items()})

    async def _control_seed_keyword(self, request: web.Request) -> web.Response:
        body = await request.json()
        ids = self.seed_keyword(
            ad_account_id=int(body["adAccount"]),
            biz_channel_id=int(body["bizChannelId"]),
            count=int(body["count"]),
        )
        return web.json_response({"count": len(ids), "first": ids[0] if ids else None})

    async def _control_reset(self, request: web.Request) -> web.Response:
        self.reset()
        return web.json_response({})

    async def _control_faults(self, request: web.Request) -> web.Response:
        """Queue a :class:`Fault`; a ``body`` fault takes its text as ``body`` (UTF-8) and
        ``contentType``, as :meth:`respond_next` and :meth:`garbage_next` do in-process."""
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
        self.inject(fault)
        return web.json_response({})

    async def _control_config(self, request: web.Request) -> web.Response:
        body = await request.json()
        if "onOffInterval" in body:
            self.on_off_interval = float(body["onOffInterval"])
        if "latency" in body:
            low, high = body["latency"]
            self.latency = (float(low), float(high))
        if "tokens" in body:
            for token in body["tokens"]:
                self.add_token(str(token))
        if "chaos" in body:
            chaos = body["chaos"]
            self.chaos(
                float(chaos["rate"]),
                kinds=[str(k) for k in chaos.get("kinds", ("status", "reset", "stall", "body"))],
                stall_seconds=float(chaos.get("stallSeconds", 1.0)),
            )
        return web.json_response({})

    def __repr__(self) -> str:
        where = self.base_url if self._runner is not None else "stopped"
        return f"<FakeKakaoServer {where} on_off_interval={self.on_off_interval}>"


def dump_requests(server: FakeKakaoServer) -> str:
    """The request log as JSON lines (what the standalone server prints); tokens never appear."""
    return "\n".join(
        json.dumps(attrs.asdict(r), ensure_ascii=False, default=str) for r in server.requests
    )
