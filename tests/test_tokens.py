"""The requester's side of a token provider: a token known without waiting is used at once."""

from __future__ import annotations

import asyncio

import kakao_async as ka
from kakao_async._tokens import TokenSource
from kakao_async.testing import FakeKakaoServer
from tests.conftest import SECRETS

CLIENT_ID = "token-source-app"
REFRESH = "token-source-refresh-0123456789"
SECRETS.update({REFRESH, "static-token-for-source", "custom-token-value"})


async def test_a_refreshing_token_is_ready_while_it_holds_one(fake: FakeKakaoServer) -> None:
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=REFRESH)
    provider = ka.RefreshingToken(
        client_id=CLIENT_ID, refresh_token=REFRESH, auth_url=fake.base_url
    )
    source = TokenSource(provider)
    assert provider.token_now() is None and source.ready() is None  # it must refresh first
    first = await source.current()
    assert provider.token_now() is first and source.ready() is first
    second = await source.refresh(first)
    assert second is not None and second != first
    assert source.ready() is second  # the refreshed one, not a stale copy
    assert fake.token_refreshes == 2


async def test_a_static_token_is_ready_once_it_has_answered() -> None:
    source = TokenSource(ka.StaticToken("static-token-for-source"))
    assert source.ready() is None
    token = await source.current()
    assert source.ready() is token


async def test_a_custom_provider_is_never_ready() -> None:
    class Custom:
        user_key = "custom"

        async def token(self) -> str:
            await asyncio.sleep(0)
            return "custom-token-value"

        async def refresh(self, failed: object) -> str | None:
            return None

    source = TokenSource(Custom())
    await source.current()
    assert source.ready() is None  # its token() may wait or change: always asked
