"""A per-id bulk (``get_many``, ``delete_many``) whose token Kakao refuses stops sending.

README "Bulk operations": once Kakao refuses the client's token (or a daily limit runs out), the
items not yet sent fail with that same error, unsent, instead of one refused request (and, with a
``RefreshingToken``, one refused OAuth refresh) per item. Calls already in flight finish as
they do; other errors (a missing creative) stop nothing.
"""

from __future__ import annotations

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import FAST_RETRY

COUNT = 60
CONCURRENCY = 4
OTHER = "a-user-whose-consent-was-withdrawn-7c1d"


def _client(fake: FakeKakaoServer, token: str | ka.TokenProvider) -> ka.KakaoClient:
    return ka.KakaoClient(
        token,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        retry=FAST_RETRY,
    )


def _sent(fake: FakeKakaoServer, prefix: str) -> int:
    return sum(1 for r in fake.requests if r.path.startswith(prefix))


async def test_a_refused_token_stops_a_moment_get_many(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=COUNT)[1]
    fake.add_token(OTHER)
    fake.revoke_token(OTHER)
    async with _client(fake, OTHER) as kakao:
        result = await kakao.moment.creatives.get_many(ids, concurrency=CONCURRENCY)
    assert len(result) == COUNT and len(result.failed) == COUNT
    assert all(isinstance(item.error, ka.KakaoAuthError) for item in result.failed)
    # At most the calls already in flight when the first refusal came back.
    assert _sent(fake, "/openapi/v4/creatives/") <= CONCURRENCY


@pytest.mark.parametrize("operation", ["get_many", "delete_many"])
async def test_a_refused_token_stops_a_keyword_per_id_bulk(
    fake: FakeKakaoServer, operation: str
) -> None:
    ids = fake.seed_keyword(ad_account_id=1, count=COUNT)
    fake.add_token(OTHER)
    fake.revoke_token(OTHER)
    async with _client(fake, OTHER) as kakao:
        bulk = getattr(kakao.keyword.creatives, operation)
        result = await bulk(ids, concurrency=CONCURRENCY)
    assert len(result) == COUNT and len(result.failed) == COUNT
    assert all(isinstance(item.error, ka.KakaoAuthError) for item in result.failed)
    assert _sent(fake, "/openapi/v1/creatives/") <= CONCURRENCY


async def test_a_refused_refresh_is_asked_for_once_per_bulk_not_per_item(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=COUNT)[1]
    fake.add_oauth_client(client_id="app", refresh_token="the-refresh-token-kakao-now-takes")
    refreshing = ka.RefreshingToken(
        client_id="app", refresh_token="an-old-refresh-token-0d9e", auth_url=fake.base_url
    )
    async with _client(fake, refreshing) as kakao:
        result = await kakao.moment.creatives.get_many(ids, concurrency=CONCURRENCY)
    assert len(result.failed) == COUNT
    assert all(isinstance(item.error, ka.KakaoAuthError) for item in result.failed)
    assert fake.oauth_requests <= CONCURRENCY


async def test_other_errors_stop_nothing(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=10)[1]
    missing = [999_001, 999_002, 999_003]
    async with _client(fake, DEFAULT_TOKEN) as kakao:
        result = await kakao.moment.creatives.get_many([*missing, *ids], concurrency=2)
    assert [type(item.error) for item in result.failed] == [ka.KakaoNotFoundError] * 3
    assert [item.value.id for item in result.succeeded] == ids
