"""The fake's application: one middleware in front of every part's routes, registered part by
part in a fixed order (aiohttp matches routes in that order)."""

from __future__ import annotations

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
