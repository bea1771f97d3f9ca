"""FakeKakaoServer: a stateful, quota-enforcing stand-in for both Kakao creative APIs.

This module composes the parts and runs them; what each enforces is in its own module:

- :mod:`._moment_routes`, :mod:`._keyword_routes`: the API endpoints and their validation;
- :mod:`._ad_account_routes`, :mod:`._campaign_routes`, :mod:`._ad_group_routes`: the rest of
  Moment's hierarchy, whose writes :mod:`._writes` counts against their declared quotas;
- :mod:`._report_routes`: the report endpoints and their quotas (per ad account, per app);
- :mod:`._quota`: the onOff quota, per (user, ad account), counted on arrival;
- :mod:`._oauth`: accepted tokens (401 otherwise) and the OAuth refresh endpoint;
- :mod:`._faults`: injected faults and chaos mode (:mod:`._broken_answers`: the ones that break
  HTTP on purpose: resets, truncated and trickled bodies);
- :mod:`._app`: the route table, behind the middleware below;
- :mod:`._control`: the ``/_fake/*`` control endpoints;
- :mod:`._state`, :mod:`._hierarchy_state`: the creatives, ad accounts, campaigns, ad groups.

Every API request (not ``/_fake/*`` nor ``/oauth/*``) goes, in order, through: inbound latency
(dropped if its client has gone meanwhile); the request log; a queued or chaos fault (answered
instead, before authentication); the token (401 if refused); ``adAccountId`` (400 if missing, 403
if restricted; not asked of ``GET .../adAccounts/pages``); the handler; outbound latency.
"""

from __future__ import annotations

import asyncio
import collections
import time
import warnings
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any

from aiohttp import web

from .._token_checks import fingerprint
from .._validate import flag, listen_port, loopback_host
from ..endpoints import CREATIVE_ON_OFF_QUOTA, REPORT_QUOTAS, Quota
from ._ad_account_routes import PAGES_PATH
from ._app import application
from ._checked import Checked
from ._faults import Fault, FaultInjection, FaultQueue, answer
from ._hierarchy_seeding import HierarchySeeding
from ._http import (
    DETAIL_NO_PERMISSION,
    RecordedRequest,
    Reject,
    account_header,
    drop_if_gone,
    envelope,
    recorded_body,
    set_caller,
)
from ._keyword_routes import KeywordRoutes
from ._latency import seeded_random
from ._moment_routes import MomentRoutes
from ._oauth import DEFAULT_TOKEN, Credentials
from ._quota import FakeQuotas, OnOffCall
from ._report_routes import ReportCall, ReportRoutes
from ._request_log import RequestLog
from ._restricted import Restrictions
from ._seeding import CreativeSeeding
from ._state import FakeState
from ._writes import QuotaBook, QuotaCall

__all__ = [
    "DEFAULT_TOKEN",
    "FakeKakaoServer",
    "Fault",
    "OnOffCall",
    "RecordedRequest",
]


class FakeKakaoServer(CreativeSeeding, HierarchySeeding, FaultInjection, Restrictions):
    """Kakao Moment v4 (ad accounts, campaigns, ad groups, creatives) and Keyword Ad v1 creative
    endpoints on one loopback port.

    Run in-process (``async with FakeKakaoServer() as fake: fake.base_url``) or standalone
    (``python -m kakao_async.testing --port 8080``). It keeps state per object, enforces every
    declared quota per its scope *on arrival* (HTTP 429, code -813 when violated), serves
    reports with deterministic figures, logs every request (without tokens), and can inject
    faults and latency.

    ``quotas`` takes the same settings as ``KakaoClient(quotas=...)``: per declared quota name,
    a new interval in seconds (``{"campaigns.onOff": 0.1}``) or a whole :class:`~kakao_async.Quota`
    (interval and scope); ``on_off_interval`` is short for ``quotas={"creatives.onOff": ...}``.
    :attr:`quotas` shows them, :meth:`set_quota` changes one.
    """

    #: Keep each request's JSON body on its :class:`RecordedRequest` (True or False).
    record_bodies = Checked(flag)
    #: Where :meth:`start` listens: loopback only (the fake takes a published token), port 0: any.
    host, port = Checked(loopback_host), Checked(listen_port)

    def __init__(
        self,
        *,
        on_off_interval: float | None = None,
        tokens: Iterable[str] = (DEFAULT_TOKEN,),
        host: str = "127.0.0.1",
        port: int | str = 0,
        latency: tuple[float, float] = (0.0, 0.0),
        seed: int | None = None,
        record_bodies: bool = False,
        max_log: int | None = 100_000,
        quotas: Mapping[str, float | Quota] | None = None,
    ) -> None:
        #: Every declared quota as enforced here, with its windows (a mapping name -> Quota).
        self.quotas = FakeQuotas(quotas, on_off_interval=on_off_interval)
        self.latency = latency
        self.host, self.port = host, port
        self.state = FakeState()
        #: Every request received, oldest first (bounded by ``max_log``).
        self.requests = RequestLog(maxlen=max_log)
        self.record_bodies = record_bodies
        self.restricted_ad_accounts = set()
        #: Requests being handled right now, and the most there ever were at once.
        self.in_flight = self.peak_in_flight = 0
        # One generator for latency, chaos and issued tokens, so that one seed replays them all.
        self._random = seeded_random(seed)
        self.credentials = Credentials(tokens, self._random)
        self.fault_queue = FaultQueue(self._random)
        self.moment_routes = MomentRoutes(self.state, self.quotas)
        self.keyword_routes = KeywordRoutes(self.state)
        #: The quotas of every write but creatives' onOff: intervals, windows, accepted calls.
        self.quota_book = QuotaBook(self.quotas)
        #: The report endpoints and their quotas.
        self.report_routes = ReportRoutes(
            self.quotas, restricted=lambda: self.restricted_ad_accounts
        )
        self._runner: web.AppRunner | None = None
        self._starting, self._lifecycle = False, asyncio.Lock()  # start() and stop() in turn
        #: Every route, behind the middleware that handles what all API requests share.
        self.app = application(self, self._middleware)

    # ----------------------------------------------------------------- the parts' counters

    @property
    def on_off_interval(self) -> float:
        """Seconds the fake demands between two accepted onOff calls of one (token, account);
        0: none (it accepts every call)."""
        return self.quotas.interval(CREATIVE_ON_OFF_QUOTA.name)

    @on_off_interval.setter
    def on_off_interval(self, seconds: float) -> None:
        self.quotas.set(CREATIVE_ON_OFF_QUOTA.name, seconds)

    @property
    def on_off_calls(self) -> list[OnOffCall]:
        """Every accepted onOff call, oldest first."""
        return self.moment_routes.on_off_calls

    @property
    def on_off_rejections(self) -> int:
        """How many onOff calls were refused for arriving too early."""
        return self.quotas.rejections(CREATIVE_ON_OFF_QUOTA.name)

    def set_quota(self, name: str, value: float | Quota) -> None:
        """Change quota ``name`` from now on: a number replaces its interval (its scope stays),
        a :class:`~kakao_async.Quota` its interval and scope."""
        self.quotas.set(name, value)

    def set_quota_interval(self, name: str, seconds: float) -> None:
        """Deprecated (until 0.4): :meth:`set_quota`, which takes the same arguments."""
        warnings.warn(
            "FakeKakaoServer.set_quota_interval() is deprecated; use set_quota()",
            DeprecationWarning,
            stacklevel=2,
        )
        self.set_quota(name, seconds)

    @property
    def quota_calls(self) -> list[QuotaCall]:
        """Every accepted ad account, campaign and ad group write, oldest first."""
        return self.quota_book.calls

    @property
    def quota_rejections(self) -> collections.Counter[str]:
        """Writes refused for arriving too early, by quota name (``creatives.onOff`` included;
        reports: :attr:`report_rejections`)."""
        return collections.Counter(
            {n: c for n, c in self.quotas.rejections_by_quota().items() if n not in REPORT_QUOTAS}
        )

    def _accepted_by_quota(self) -> dict[str, int]:
        counts = collections.Counter(c.quota for c in self.quota_calls)
        if self.on_off_calls:
            counts[CREATIVE_ON_OFF_QUOTA.name] = len(self.on_off_calls)
        return dict(counts)

    @property
    def report_calls(self) -> list[ReportCall]:
        """Every accepted report call, oldest first."""
        return self.report_routes.calls

    @property
    def report_rejections(self) -> int:
        """How many report calls were refused for arriving too early."""
        return self.report_routes.rejections

    @property
    def token_refreshes(self) -> int:
        """Refreshes the fake answered successfully."""
        return self.credentials.token_refreshes

    @property
    def oauth_requests(self) -> int:
        """Every ``POST /oauth/token`` the fake received, answered or refused."""
        return self.credentials.oauth_requests

    # ----------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``: both ``moment_base_url`` and ``keyword_base_url``."""
        if self._runner is None:
            raise RuntimeError("the fake server is not running")
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 literal (::1)
        return f"http://{host}:{self.port}"

    async def start(self) -> str:
        """Listen on ``host:port`` (port 0 picks a free one); return the base URL."""
        if self._runner is not None or self._starting:  # a second site: a runner left behind
            raise RuntimeError("the fake server is already running (or starting): stop() it first")
        self._starting = True  # before the first await: a concurrent start() sees it
        try:
            async with self._lifecycle:  # a stop() meanwhile waits: it would half clean up
                runner = web.AppRunner(
                    self.app, access_log=None, handle_signals=False, shutdown_timeout=0.5
                )
                try:
                    await runner.setup()
                    await web.TCPSite(runner, self.host, self.port).start()
                except BaseException:  # the port is taken, ...: nothing left running
                    await runner.cleanup()
                    raise
                self._runner = runner
                if runner.addresses:
                    self.port = runner.addresses[0][1]
                return self.base_url
        finally:
            self._starting = False

    async def stop(self) -> None:
        """Stop listening and close open connections (``async with`` does it on exit)."""
        async with self._lifecycle:
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

    # ----------------------------------------------------------------- tokens and state

    def add_token(self, token: str) -> None:
        """Accept ``token`` from now on."""
        self.credentials.add_token(token)

    def revoke_token(self, token: str) -> None:
        """Answer ``token`` with 401 / -401 from now on."""
        self.credentials.revoke_token(token)

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
        self.credentials.add_client(
            client_id=client_id,
            refresh_token=refresh_token,
            client_secret=client_secret,
            rotate=rotate,
        )

    def expire_access_tokens(self) -> None:
        """Expire every access token issued through ``/oauth/token`` (401 / -401 from now on)."""
        self.credentials.expire_issued()

    def reset(self) -> None:
        """Forget all objects, logs, quota windows, faults (chaos mode too) and restricted ad
        accounts; the settings (tokens, OAuth apps, quotas, latency) stay."""
        self.state.clear()
        self.requests.clear()
        self.on_off_calls.clear()
        self.quotas.clear()
        self.quota_book.clear()
        self.report_routes.clear()
        self.fault_queue.clear()
        self.restricted_ad_accounts.clear()
        self.peak_in_flight = self.in_flight

    def stats(self) -> dict[str, Any]:
        """Counters a test or benchmark in another process can read at ``GET /_fake/stats``."""
        return {
            "requests": self.requests.received,
            "onOffAccepted": len(self.on_off_calls),
            "onOffRejected": self.on_off_rejections,
            "quotaAccepted": self._accepted_by_quota(),
            "quotaRejected": dict(self.quota_rejections),
            "reportsAccepted": len(self.report_calls),
            "reportsRejected": self.report_rejections,
            "statuses": self.requests.statuses(),
            "chaosInjected": dict(self.chaos_injected),
        }

    # ----------------------------------------------------------------- every API request

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
        drop_if_gone(request)  # it gave up during the inbound latency: it never reached "Kakao"
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
        if self.record_bodies:
            # On its own record: with requests in flight, the log's last entry may be another's.
            record.body = await recorded_body(request)
        response = await self._respond(request, handler, token)
        self.requests.answered(record, response.status)
        await self._delay()
        return response

    async def _respond(
        self, request: web.Request, handler: Any, token: str | None
    ) -> web.StreamResponse:
        fault = self.fault_queue.take(request.method, request.path)
        if fault is not None:
            faulted = await answer(fault, request)
            if faulted is not None:
                return faulted
        try:
            user = self.credentials.user_of(token)
            if user is None:
                raise Reject(
                    401,
                    envelope(-401, None, "invalid or expired access token", msg="Unauthorized"),
                )
            # The user's list of ad accounts is the one call made for no ad account.
            account = 0 if request.path == PAGES_PATH else account_header(request)
            if account in self.restricted_ad_accounts:
                raise Reject(
                    403, envelope(-813, DETAIL_NO_PERMISSION, "no permission on this ad account")
                )
            set_caller(account, user)
            result: web.StreamResponse = await handler(request)
            return result
        except Reject as rejection:
            return web.json_response(
                rejection.body, status=rejection.status, headers=rejection.headers
            )

    def __repr__(self) -> str:
        where = self.base_url if self._runner is not None else "stopped"
        return f"<FakeKakaoServer {where} on_off_interval={self.on_off_interval}>"
