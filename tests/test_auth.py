"""Token providers: OAuth refresh against the fake's /oauth/token, single-flight, rotation."""

from __future__ import annotations

import asyncio
import itertools

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer
from tests.conftest import INTERVAL, SECRETS

CLIENT_ID = "app-rest-api-key"
REFRESH = "refresh-token-0123456789abcdef"
CLIENT_SECRET = "client-secret-value-xyz"
SECRETS.update({REFRESH, CLIENT_SECRET})


def provider(fake: FakeKakaoServer, **kwargs: object) -> ka.RefreshingToken:
    return ka.RefreshingToken(
        client_id=CLIENT_ID,
        refresh_token=REFRESH,
        auth_url=fake.base_url,
        **kwargs,  # type: ignore[arg-type]
    )


def client(fake: FakeKakaoServer, token: ka.TokenProvider) -> ka.KakaoClient:
    return ka.KakaoClient(
        token,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        on_off_interval=INTERVAL,
    )


async def test_first_use_refreshes_and_expiry_refreshes_once_for_all_callers(
    fake: FakeKakaoServer,
) -> None:
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=REFRESH)
    c = fake.add_moment_creative(ad_account_id=1)
    tokens = provider(fake)
    async with client(fake, tokens) as kakao:
        assert (await kakao.moment.creatives.get(c.id)).id == c.id
        assert fake.token_refreshes == 1
        fake.expire_access_tokens()
        results = await asyncio.gather(*(kakao.moment.creatives.get(c.id) for _ in range(20)))
    assert all(r.id == c.id for r in results)
    assert fake.token_refreshes == 2 == tokens.refresh_count  # one refresh shared by 20 callers
    assert [r.status for r in fake.requests].count(401) <= 20


async def test_rotated_refresh_token_is_kept_and_reported(fake: FakeKakaoServer) -> None:
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=REFRESH, rotate=True)
    seen: list[tuple[str, str]] = []

    async def persist(access: str, refresh: str) -> None:
        seen.append((access, refresh))

    tokens = provider(fake, on_refresh=persist)
    async with client(fake, tokens) as kakao:
        await kakao.moment.creatives.list(ad_group_id=1)
        fake.expire_access_tokens()
        await kakao.moment.creatives.list(ad_group_id=1)  # works only with the rotated token
    assert len(seen) == 2 and seen[0][1] != REFRESH and seen[1][1] != seen[0][1]
    SECRETS.update(itertools.chain.from_iterable(seen))


async def test_client_secret_is_sent_and_checked(fake: FakeKakaoServer) -> None:
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=REFRESH, client_secret=CLIENT_SECRET)
    async with client(fake, provider(fake, client_secret=CLIENT_SECRET)) as kakao:
        await kakao.moment.creatives.list(ad_group_id=1)
    async with client(fake, provider(fake, client_secret="wrong")) as kakao:
        with pytest.raises(ka.KakaoAuthError, match="Bad client credentials"):
            await kakao.moment.creatives.list(ad_group_id=1)


async def test_bad_refresh_token_is_an_auth_error_without_the_token(fake: FakeKakaoServer) -> None:
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token="another-one")
    async with client(fake, provider(fake)) as kakao:
        with pytest.raises(ka.KakaoAuthError) as info:
            await kakao.moment.creatives.list(ad_group_id=1)
    assert "KOE322" in str(info.value) and REFRESH not in str(info.value)
    assert not [
        r for r in fake.requests if r.path.startswith("/openapi")
    ]  # nothing sent unauthenticated


async def test_static_token_is_not_refreshed(fake: FakeKakaoServer) -> None:
    async with ka.KakaoClient(
        "not-a-valid-token", ad_account_id=1, moment_base_url=fake.base_url
    ) as kakao:
        with pytest.raises(ka.KakaoAuthError):
            await kakao.moment.creatives.list(ad_group_id=1)
    assert len(fake.requests) == 1


async def test_user_key_and_quota_survive_a_refresh(fake: FakeKakaoServer) -> None:
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=REFRESH)
    a, b = (fake.add_moment_creative(ad_account_id=1).id for _ in range(2))
    tokens = provider(fake)
    key = tokens.user_key
    async with client(fake, tokens) as kakao:
        await kakao.moment.creatives.set_config(a, "OFF")
        fake.expire_access_tokens()
        await kakao.moment.creatives.set_config(b, "OFF")  # 401, refresh, then still spaced
        assert kakao.user_key == key == tokens.user_key
    assert fake.token_refreshes == 2 and fake.on_off_rejections == 0
    first, second = fake.on_off_calls
    assert second.arrived_at - first.arrived_at >= INTERVAL


def test_provider_repr_and_arguments() -> None:
    tokens = ka.RefreshingToken(client_id=CLIENT_ID, refresh_token=REFRESH, access_token="acc-123")
    assert REFRESH not in repr(tokens) and "acc-123" not in repr(tokens)
    with pytest.raises(ValueError, match="refresh_token"):
        ka.RefreshingToken(client_id=CLIENT_ID, refresh_token="a\nb")
    with pytest.raises(ValueError, match="https"):
        ka.RefreshingToken(
            client_id=CLIENT_ID, refresh_token=REFRESH, auth_url="http://kauth.kakao.com"
        )
    with pytest.raises(ValueError, match="user_key"):
        ka.KakaoClient(tokens, user_key="x")
