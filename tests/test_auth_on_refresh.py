"""RefreshingToken's on_refresh is the user's code (persisting the rotated refresh token): when
it raises, the refresh still happened at Kakao, so the new tokens are kept and used, the error
is logged on ``kakao_async.auth`` (as a raising observer or progress callback is logged), and no
call or bulk item fails with the user's bare exception (README "Guarantees": every item is
applied, skipped, superseded or a typed KakaoError)."""

from __future__ import annotations

import asyncio
import gc

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer


async def test_a_raising_on_refresh_is_logged_and_the_new_tokens_are_kept(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[str] = []

    def save(access: str, refresh: str) -> None:
        calls.append(refresh)
        raise OSError("the token store is down")

    async with FakeKakaoServer(on_off_interval=0.05, tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token="refresh-0", rotate=True)
        ids = fake.seed(ad_accounts=[1], creatives_per_account=4)[1]
        tokens = ka.RefreshingToken(
            client_id="app", refresh_token="refresh-0", auth_url=fake.base_url, on_refresh=save
        )
        async with ka.KakaoClient(
            tokens, ad_account_id=1, moment_base_url=fake.base_url, on_off_interval=0.05
        ) as kakao:
            got = await kakao.moment.creatives.get_many(ids, concurrency=4)
            switched = await kakao.moment.creatives.set_configs([(i, "OFF") for i in ids])
        assert got.ok and switched.ok, [repr(r.error) for r in (*got, *switched)]
        assert fake.token_refreshes == 1 and len(calls) == 1  # one refresh, kept and reused
        assert tokens.token_now() is not None
    errors = [r for r in caplog.records if r.name == "kakao_async.auth" and r.levelno >= 40]
    assert len(errors) == 1 and "on_refresh" in errors[0].getMessage()
    assert "OSError" in errors[0].getMessage()
    assert calls[0] not in errors[0].getMessage()


async def test_a_plain_on_refresh_that_returns_a_value_persisted_and_is_not_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A synchronous store's setter often answers something (redis-py's set() returns True):
    # the tokens were persisted, so no ERROR may say they were not.
    store: dict[str, str] = {}

    def save(access: str, refresh: str) -> bool:
        store["refresh"] = refresh
        return True

    async with FakeKakaoServer(on_off_interval=0.05, tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token="refresh-0", rotate=True)
        ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        tokens = ka.RefreshingToken(
            client_id="app", refresh_token="refresh-0", auth_url=fake.base_url, on_refresh=save
        )
        async with ka.KakaoClient(tokens, ad_account_id=1, moment_base_url=fake.base_url) as kakao:
            await kakao.moment.creatives.get(ids[0])
    assert store["refresh"] != "refresh-0"
    assert not [r for r in caplog.records if r.name == "kakao_async.auth" and r.levelno >= 40]


async def test_an_on_refresh_that_never_returns_is_given_up_after_the_refresh_timeout(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A store that hangs (a dead connection without a timeout of its own) must not hold the new
    # tokens back: the refresh is shared, so every call of the client, now and later, would wait
    # on it and fail at its deadline. The callback gets the refresh's own timeout, then the new
    # tokens are used and the give-up logged, as a raising callback is.
    started = asyncio.Event()

    async def save(access: str, refresh: str) -> None:
        started.set()
        await asyncio.Event().wait()  # never

    async with FakeKakaoServer(on_off_interval=0.05, tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token="refresh-0", rotate=True)
        ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        tokens = ka.RefreshingToken(
            client_id="app",
            refresh_token="refresh-0",
            auth_url=fake.base_url,
            on_refresh=save,
            timeout=0.2,
        )
        async with ka.KakaoClient(
            tokens, ad_account_id=1, moment_base_url=fake.base_url, timeout=30
        ) as kakao:
            got = await kakao.moment.creatives.get_many(ids, concurrency=2)
            again = await kakao.moment.creatives.get(ids[0])
        assert got.ok, [repr(r.error) for r in got]
        assert again.id == ids[0] and started.is_set()
        assert fake.token_refreshes == 1 and tokens.token_now() is not None
    errors = [r for r in caplog.records if r.name == "kakao_async.auth" and r.levelno >= 40]
    assert len(errors) == 1 and "on_refresh" in errors[0].getMessage()
    assert "refresh-" not in errors[0].getMessage()


async def test_an_on_refresh_that_raises_once_cancelled_leaves_no_unretrieved_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A store given up on may still fail on its way out (its cleanup raises, quoting what it
    # was saving). Nothing awaits the cancelled task any more: asyncio's "Task exception was
    # never retrieved" would log that exception whole, token included, on the asyncio logger.
    # It is retrieved and logged by class name, as a raising on_refresh is.
    gone = asyncio.Event()

    async def save(access: str, refresh: str) -> None:
        try:
            await asyncio.Event().wait()  # never
        finally:
            gone.set()
            raise OSError(f"could not store {refresh}")

    async with FakeKakaoServer(on_off_interval=0.05, tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token="refresh-0", rotate=True)
        ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        tokens = ka.RefreshingToken(
            client_id="app",
            refresh_token="refresh-0",
            auth_url=fake.base_url,
            on_refresh=save,
            timeout=0.2,
        )
        async with ka.KakaoClient(tokens, ad_account_id=1, moment_base_url=fake.base_url) as kakao:
            await kakao.moment.creatives.get(ids[0])
        await gone.wait()
        await asyncio.sleep(0)  # the task's done callbacks
    gc.collect()  # an unretrieved exception is reported when its task is collected
    secret = "refresh-"
    leaked = [r for r in caplog.records if secret in r.getMessage() or r.exc_info is not None]
    assert not leaked, [r.getMessage() for r in leaked]
    auth = [r for r in caplog.records if r.name == "kakao_async.auth"]
    late = [r for r in auth if "OSError" in r.getMessage()]
    assert len(late) == 1, [r.getMessage() for r in caplog.records]
