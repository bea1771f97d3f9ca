"""The requester schedules each endpoint by its own declared quota, through one limiter, and
the fake enforces each by its declaration: two scaled quotas side by side, 0 server 429s.

Two endpoints only this test declares (a 0.05 s quota per (user, ad account) and a 0.2 s quota
per ad account) are served by routes added to the fake, which enforce them with the same
``FakeQuotas.admit``/``accept`` the built-in routes use.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

import kakao_async as ka
from kakao_async._auth import StaticToken
from kakao_async._http import AiohttpTransport, Request, Requester
from kakao_async._tokens import TokenSource
from kakao_async.endpoints import Endpoint, Quota
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

FAST = Endpoint(
    name="test.fast",
    api="moment",
    method="PUT",
    path="/openapi/test/fast",
    quota=Quota(name="test.fast", interval=0.05, scope="user_account"),
)
SLOW = Endpoint(
    name="test.slow",
    api="moment",
    method="PUT",
    path="/openapi/test/slow",
    quota=Quota(name="test.slow", interval=0.2, scope="account"),
)
MARGIN = 0.01


def route(fake: FakeKakaoServer, endpoint: Endpoint, arrivals: list[float]) -> None:
    declared = endpoint.quota
    assert declared is not None

    async def handler(request: web.Request) -> web.Response:
        admission = fake.quotas.admit(declared, request)
        fake.quotas.accept(admission)
        arrivals.append(admission.arrived_at)
        return web.json_response({})

    fake.app.router.add_put(endpoint.path, handler)


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[ka.QuotaLimiter]:
    if request.param == "memory":
        yield ka.MemoryRateLimiter(interval=5.0, margin=MARGIN)
        return
    redis_url = request.getfixturevalue("redis_url")
    shared = ka.RedisRateLimiter(redis_url, interval=5.0, margin=MARGIN, poll_interval=0.01)
    yield shared
    await shared.aclose()


async def test_two_quotas_keep_their_own_spacing_at_the_server(limiter: ka.QuotaLimiter) -> None:
    fake = FakeKakaoServer()
    fast_at: list[float] = []
    slow_at: list[float] = []
    route(fake, FAST, fast_at)
    route(fake, SLOW, slow_at)
    async with fake:
        requester = Requester(
            transport=AiohttpTransport(),
            tokens=TokenSource(StaticToken(DEFAULT_TOKEN)),
            limiter=limiter,
            retry=ka.RetryPolicy(rate_limit_attempts=1),  # a server 429 would fail the call
            timeout=10,
        )

        def call(endpoint: Endpoint) -> Request:
            return Request(endpoint, fake.base_url, endpoint.path, 7, body={})

        try:
            await asyncio.gather(
                *(requester.send(call(FAST)) for _ in range(8)),
                *(requester.send(call(SLOW)) for _ in range(3)),
            )
        finally:
            await requester.aclose()
        assert fake.quota_rejections == {}
        assert fake.quotas.rejections_by_quota() == {}
    fast_gaps = [b - a for a, b in itertools.pairwise(fast_at)]
    slow_gaps = [b - a for a, b in itertools.pairwise(slow_at)]
    assert len(fast_at) == 8 and len(slow_at) == 3
    assert min(slow_gaps) >= 0.2 and min(fast_gaps) >= 0.05
    # Each at its own pace: the fast quota is not held to the slow one's interval (nor to the
    # limiter's 5 s default, which would have taken half a minute).
    assert min(fast_gaps) < 0.2


async def test_a_client_override_of_a_declared_quota_reaches_the_limiter(
    fake: FakeKakaoServer,
) -> None:
    fake.set_quota("creatives.onOff", 0.2)
    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        rate_limiter=ka.MemoryRateLimiter(interval=0.05),  # the old way says 0.05 ...
        quotas={"creatives.onOff": 0.2},  # ... the client's setting wins
    ) as kakao:
        result = await kakao.moment.creatives.set_configs([(i, "OFF") for i in ids])
    assert result.ok and fake.on_off_rejections == 0
    arrivals = [c.arrived_at for c in fake.on_off_calls]
    assert min(b - a for a, b in itertools.pairwise(arrivals)) >= 0.2
