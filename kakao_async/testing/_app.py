"""The fake's aiohttp application: each part's routes, registered in one order, behind the
server's middleware (latency, the request log, faults, the token and ad account checks)."""

from __future__ import annotations

from typing import Protocol

from aiohttp import web
from aiohttp.typedefs import Middleware

from ._ad_account_routes import AdAccountRoutes
from ._ad_group_routes import AdGroupRoutes
from ._campaign_routes import CampaignRoutes
from ._control import Controlled, ControlRoutes
from ._keyword_routes import KeywordRoutes
from ._moment_routes import MomentRoutes
from ._oauth import Credentials
from ._report_routes import ReportRoutes
from ._state import FakeState
from ._writes import QuotaBook

__all__ = ["Served", "application"]


class Served(Controlled, Protocol):
    """What the application serves: the parts of :class:`FakeKakaoServer` that hold routes, the
    state the hierarchy's routes share, and the control endpoints' public API."""

    state: FakeState
    quota_book: QuotaBook
    moment_routes: MomentRoutes
    keyword_routes: KeywordRoutes
    report_routes: ReportRoutes
    credentials: Credentials


def application(server: Served, middleware: Middleware) -> web.Application:
    """Every route of the fake: Moment's creatives, the rest of its hierarchy (whose writes
    ``server.quota_book`` counts), Keyword Ad, reports, OAuth and ``/_fake/*``."""
    app = web.Application(middlewares=[middleware])
    hierarchy = server.state.hierarchy
    for routes in (
        server.moment_routes,
        AdAccountRoutes(hierarchy, server.quota_book),
        CampaignRoutes(hierarchy, server.quota_book),
        AdGroupRoutes(hierarchy, server.quota_book),
        server.keyword_routes,
        server.report_routes,
        server.credentials,
        ControlRoutes(server),
    ):
        routes.register(app.router)
    return app
