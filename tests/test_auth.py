"""Token providers: OAuth refresh against the fake's /oauth/token, single-flight, rotation."""

from __future__ import annotations

import asyncio
import gc
import itertools
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

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


STALE = "stale-access-token-0123456789"
SECRETS.add(STALE)


@pytest.mark.parametrize("failure", ["invalid_grant", "invalid_client"])
@pytest.mark.parametrize("access_token", [STALE, None], ids=["expired", "first-use"])
async def test_a_failed_refresh_is_shared_by_every_concurrent_caller(
    fake: FakeKakaoServer, failure: str, access_token: str | None
) -> None:
    # invalid_grant: the refresh token is not the one Kakao knows (400); invalid_client: the app
    # needs a client secret the provider does not send (401).
    if failure == "invalid_grant":
        fake.add_oauth_client(client_id=CLIENT_ID, refresh_token="another-one")
    else:
        fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=REFRESH, client_secret="other")
    c = fake.add_moment_creative(ad_account_id=1)
    async with client(fake, provider(fake, access_token=access_token)) as kakao:
        outcomes = await asyncio.gather(
            *(kakao.moment.creatives.get(c.id) for _ in range(50)), return_exceptions=True
        )
    assert fake.oauth_requests <= 2, f"{fake.oauth_requests} refresh POSTs for 50 callers"
    assert all(isinstance(o, ka.KakaoAuthError) for o in outcomes)


async def test_after_a_failed_refresh_a_later_call_tries_again(fake: FakeKakaoServer) -> None:
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token="another-one")
    c = fake.add_moment_creative(ad_account_id=1)
    async with client(fake, provider(fake, access_token=STALE)) as kakao:
        with pytest.raises(ka.KakaoAuthError):
            await kakao.moment.creatives.get(c.id)
        fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=REFRESH)  # the app is fixed
        assert (await kakao.moment.creatives.get(c.id)).id == c.id
    assert fake.oauth_requests == 2 and fake.token_refreshes == 1


class GatedOAuth:
    """An OAuth endpoint on loopback that answers only when the test opens the gate."""

    def __init__(self, *, succeed: bool) -> None:
        self.succeed = succeed
        self.requests = 0
        self.arrived = asyncio.Event()
        self.gate = asyncio.Event()
        app = web.Application()
        app.router.add_post("/oauth/token", self.token)
        self.server = TestServer(app, host="127.0.0.1")

    async def token(self, request: web.Request) -> web.Response:
        self.requests += 1
        self.arrived.set()
        await self.gate.wait()
        if self.succeed:
            return web.json_response({"access_token": "gated-access-token", "expires_in": 60})
        return web.json_response({"error": "invalid_grant", "error_code": "KOE322"}, status=400)


@pytest.fixture
async def gated(request: pytest.FixtureRequest) -> AsyncIterator[GatedOAuth]:
    oauth = GatedOAuth(succeed=request.param)
    await oauth.server.start_server()
    yield oauth
    oauth.gate.set()
    await oauth.server.close()


SECRETS.update({"gated-access-token", "stale-token-1234"})


def gated_provider(oauth: GatedOAuth) -> ka.RefreshingToken:
    url = str(oauth.server.make_url("")).rstrip("/")
    return ka.RefreshingToken(client_id=CLIENT_ID, refresh_token=REFRESH, auth_url=url)


@pytest.mark.parametrize("gated", [True], indirect=True)
async def test_a_cancelled_caller_does_not_cancel_the_shared_refresh(gated: GatedOAuth) -> None:
    tokens = gated_provider(gated)
    callers = [asyncio.ensure_future(tokens.token()) for _ in range(3)]
    await gated.arrived.wait()
    callers[0].cancel()
    await asyncio.sleep(0.01)
    gated.gate.set()
    rest = await asyncio.gather(*callers[1:])
    assert callers[0].cancelled()
    assert gated.requests == 1 and tokens.refresh_count == 1
    assert rest[0] == rest[1]


@pytest.mark.parametrize("gated", [False], indirect=True)
async def test_a_failed_refresh_nobody_waits_for_is_not_an_unretrieved_exception(
    gated: GatedOAuth,
) -> None:
    loop = asyncio.get_running_loop()
    reported: list[dict[str, object]] = []
    loop.set_exception_handler(lambda _loop, context: reported.append(context))
    try:
        tokens = gated_provider(gated)
        callers = [asyncio.ensure_future(tokens.token()) for _ in range(3)]
        await gated.arrived.wait()
        for caller in callers:
            caller.cancel()
        await asyncio.gather(*callers, return_exceptions=True)
        gated.gate.set()
        await asyncio.sleep(0.3)  # the refresh goes on without its callers, and fails
        del callers
        gc.collect()
        with pytest.raises(ka.KakaoAuthError):  # a later call tries again, and fails again
            await tokens.token()
    finally:
        loop.set_exception_handler(None)
    assert gated.requests == 2 and not reported, reported


# A call's ``timeout`` is one deadline for the whole call (README, Reliability): waiting for the
# provider's token is part of the call. The guard only keeps a broken build from hanging the suite.
GUARD = 10.0


@pytest.mark.parametrize("gated", [True], indirect=True)
async def test_a_call_s_timeout_bounds_its_wait_for_the_first_token(
    fake: FakeKakaoServer, gated: GatedOAuth
) -> None:
    c = fake.add_moment_creative(ad_account_id=1)
    fake.add_token("gated-access-token")  # what the gated endpoint issues
    tokens = gated_provider(gated)  # no access token yet: the first call refreshes
    async with client(fake, tokens) as kakao:
        call = kakao.moment.creatives.get(c.id, timeout=0.3)
        with pytest.raises(ka.KakaoTimeoutError, match=r"within 0\.3s"):
            await asyncio.wait_for(call, GUARD)
        assert gated.requests == 1
        # The refresh was not the call's to cancel: it goes on, and the next call uses it.
        gated.gate.set()
        assert (await asyncio.wait_for(kakao.moment.creatives.get(c.id), GUARD)).id == c.id
    assert gated.requests == 1 and tokens.refresh_count == 1


@pytest.mark.parametrize("gated", [True], indirect=True)
async def test_a_call_s_timeout_bounds_the_refresh_after_a_401(
    fake: FakeKakaoServer, gated: GatedOAuth
) -> None:
    c = fake.add_moment_creative(ad_account_id=1)
    url = str(gated.server.make_url("")).rstrip("/")
    tokens = ka.RefreshingToken(
        client_id=CLIENT_ID, refresh_token=REFRESH, auth_url=url, access_token="stale-token-1234"
    )
    async with client(fake, tokens) as kakao:
        call = kakao.moment.creatives.get(c.id, timeout=0.3)
        with pytest.raises(ka.KakaoTimeoutError, match=r"within 0\.3s") as caught:
            await asyncio.wait_for(call, GUARD)
    assert gated.requests == 1
    assert [r.status for r in fake.requests] == [401]  # the refresh never came: nothing resent
    assert "stale-token-1234" not in repr(caught.value) + str(caught.value)


@pytest.mark.parametrize("gated", [True], indirect=True)
async def test_a_caller_s_timeout_during_a_shared_refresh_leaves_it_to_the_others(
    fake: FakeKakaoServer, gated: GatedOAuth
) -> None:
    # Two calls see the same 401 and share one refresh; the first one's deadline passes while
    # it runs, the second one's does not: the second gets the new token.
    c = fake.add_moment_creative(ad_account_id=1)
    fake.add_token("gated-access-token")
    url = str(gated.server.make_url("")).rstrip("/")
    tokens = ka.RefreshingToken(
        client_id=CLIENT_ID, refresh_token=REFRESH, auth_url=url, access_token="stale-token-1234"
    )
    async with client(fake, tokens) as kakao:
        short = asyncio.ensure_future(kakao.moment.creatives.get(c.id, timeout=0.3))
        long = asyncio.ensure_future(kakao.moment.creatives.get(c.id, timeout=GUARD))
        with pytest.raises(ka.KakaoTimeoutError, match="still waiting for an access token"):
            await asyncio.wait_for(short, GUARD)
        assert not long.done()
        gated.gate.set()
        assert (await asyncio.wait_for(long, GUARD)).id == c.id
    assert gated.requests == 1 and tokens.refresh_count == 1
