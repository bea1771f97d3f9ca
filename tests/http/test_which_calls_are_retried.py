"""README, Reliability, Retries: which calls are tried again. Idempotent calls (GET, DELETE and
the PUTs, each of which sends an absolute state) are retried on 5xx; a create (POST) never is,
nor is any other 4xx; the one exception is a quota'd create refused with a 429, which Kakao did
not apply: it waits for its next quota turn, as every quota'd call does."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import INTERVAL


@pytest.fixture
async def scaled() -> AsyncIterator[FakeKakaoServer]:
    quotas = dict.fromkeys(ka.endpoints.QUOTAS, INTERVAL)
    async with FakeKakaoServer(quotas=quotas) as server:
        yield server


@pytest.fixture
async def kakao(scaled: FakeKakaoServer) -> AsyncIterator[ka.KakaoClient]:
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=scaled.base_url,
        keyword_base_url=scaled.base_url,
        quotas=dict.fromkeys(ka.endpoints.QUOTAS, INTERVAL),
        retry=ka.RetryPolicy(base=0.01, cap=0.02),
    ) as client:
        yield client


def sent(fake: FakeKakaoServer) -> list[tuple[str, int]]:
    return [(r.method, r.status) for r in fake.requests]


async def test_an_absolute_state_put_is_retried_after_a_503(
    scaled: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    campaign = scaled.add_campaign(ad_account_id=1)
    scaled.fail_next(1, status=503, method="PUT")
    await kakao.moment.campaigns.set_daily_budget(campaign.id, 50_000)
    assert sent(scaled) == [("PUT", 503), ("PUT", 200)]


async def test_a_keyword_create_is_not_retried_even_after_a_429(
    scaled: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    scaled.fail_next(1, status=429, code=-813, method="POST")
    with pytest.raises(ka.KakaoRateLimitError):
        await kakao.keyword.creatives.create(biz_channel_id=7, name="n", title="t", description="d")
    assert sent(scaled) == [("POST", 429)]


async def test_a_quota_d_create_refused_for_its_quota_waits_its_turn_and_is_sent_once_more(
    scaled: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    campaign = scaled.add_campaign(ad_account_id=1)
    scaled.fail_next(1, status=429, code=-813, method="POST")
    created = await kakao.moment.ad_groups.create({"campaign": {"id": campaign.id}, "name": "x"})
    assert sent(scaled) == [("POST", 429), ("POST", 200)]
    assert list(scaled.state.hierarchy.ad_groups) == [created.id]


@pytest.mark.parametrize("status", [400, 403, 404, 409])
async def test_other_4xx_are_never_retried(
    scaled: FakeKakaoServer, kakao: ka.KakaoClient, status: int
) -> None:
    creative = scaled.add_moment_creative(ad_account_id=1)
    scaled.fail_next(1, status=status, code=-2, method="GET")
    with pytest.raises(ka.KakaoAPIError):
        await kakao.moment.creatives.get(creative.id)
    assert sent(scaled) == [("GET", status)]
