"""The fake's application: one middleware in front of every part's routes, registered part by
part in a fixed order (aiohttp matches routes in that order)."""

from __future__ import annotations

from kakao_async.endpoints import ENDPOINTS
from kakao_async.testing import FakeKakaoServer


def test_every_part_registers_its_routes_in_order_behind_one_middleware() -> None:
    fake = FakeKakaoServer()
    owners = [r.handler.__qualname__.split(".")[0] for r in fake.app.router.routes()]
    assert list(dict.fromkeys(owners)) == [
        "MomentRoutes",
        "AdAccountRoutes",
        "CampaignRoutes",
        "AdGroupRoutes",
        "AdGroupWrites",
        "KeywordRoutes",
        "ReportRoutes",
        "Credentials",
        "ControlRoutes",
    ]
    assert len(fake.app.middlewares) == 1


def test_the_fake_serves_every_declared_endpoint_and_only_declared_api_paths() -> None:
    # A new endpoint declared in kakao_async.endpoints but not served (or served at a path of
    # its own) fails here, not in a user's test with a 404 from the fake.
    served = {
        (r.method, r.resource.canonical)
        for r in FakeKakaoServer().app.router.routes()
        if r.method != "HEAD" and r.resource is not None
    }
    declared = {(e.method, e.path) for e in ENDPOINTS}
    assert declared - served == set()
    assert {s for s in served if s[1].startswith("/openapi/")} - declared == set()
