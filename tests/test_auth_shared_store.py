"""RefreshingToken's ``load_refresh_token``: several processes (uvicorn workers, pods) share one
refresh token through the user's store. Kakao rotates it (a refresh with under a month left
answers a new one and ends the old, KOE322 for whoever still holds it), so a provider that only
ever used the token it was built with failed from the first rotation by another process on.
Here two providers stand for two processes: each persists rotations with ``on_refresh`` and
reads the store with ``load_refresh_token``; the fake rotates on every refresh."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer

FIRST = "refresh-0"


def provider(fake: FakeKakaoServer, store: dict[str, str], **options: object) -> ka.RefreshingToken:
    def save(access: str, refresh: str) -> None:
        store["refresh"] = refresh

    async def load() -> str | None:
        return store.get("refresh")

    return ka.RefreshingToken(
        client_id="app",
        refresh_token=FIRST,
        auth_url=fake.base_url,
        on_refresh=save,
        **{"load_refresh_token": load, **options},  # type: ignore[arg-type]
    )


async def refreshed(tokens: ka.RefreshingToken) -> str:
    return (await tokens.token()).reveal()


async def test_a_rotation_by_one_process_is_followed_by_the_others() -> None:
    store: dict[str, str] = {}
    async with FakeKakaoServer(tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token=FIRST, rotate=True)
        first, second = provider(fake, store), provider(fake, store)
        await refreshed(first)  # FIRST is spent: rotated, the new one stored
        assert store["refresh"] != FIRST
        await refreshed(second)  # reads the stored one first: no KOE322
        await first.refresh(await first.token())  # and back: the first follows the second
        assert fake.token_refreshes == 3
        assert (first.refresh_count, second.refresh_count) == (2, 1)


async def test_a_rotation_racing_ours_is_retried_once_with_the_token_stored_since() -> None:
    """The other process rotated between our read of the store and our POST: Kakao refuses the
    token we sent; the store has the new one by then, so the refresh is made again with it."""
    store: dict[str, str] = {}
    reads = 0

    async with FakeKakaoServer(tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token=FIRST, rotate=True)
        other = provider(fake, store)

        async def stale_once() -> str | None:
            nonlocal reads
            reads += 1
            if reads == 1:  # read before the other process stored its rotation
                await refreshed(other)
                return FIRST
            return store.get("refresh")

        ours = provider(fake, store, load_refresh_token=stale_once)
        await refreshed(ours)
    assert reads == 2 and ours.refresh_count == 1 and fake.token_refreshes == 2


async def test_a_refused_token_with_nothing_new_in_the_store_fails_as_before() -> None:
    async with FakeKakaoServer(tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token="someone-else", rotate=True)
        tokens = provider(fake, {})
        with pytest.raises(ka.KakaoAuthError):
            await refreshed(tokens)


@pytest.mark.parametrize(
    "load",
    [
        lambda: (_ for _ in ()).throw(OSError("store down: refresh-0")),
        lambda: 12345,
        lambda: asyncio.Event().wait(),  # hangs: given up after the refresh's timeout
    ],
    ids=["raises", "not-text", "hangs"],
)
async def test_a_failing_store_leaves_the_token_held_and_is_logged_by_class_only(
    load: Callable[[], object], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="kakao_async.auth")
    async with FakeKakaoServer(tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token=FIRST, rotate=True)
        tokens = provider(fake, {}, load_refresh_token=load, timeout=0.2)
        await refreshed(tokens)  # with the token it was built with
    (record,) = [r for r in caplog.records if r.name == "kakao_async.auth"]
    assert "load_refresh_token" in record.getMessage() and FIRST not in caplog.text


def test_load_refresh_token_must_be_callable() -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="load_refresh_token"):
        ka.RefreshingToken(client_id="app", refresh_token=FIRST, load_refresh_token="store")  # type: ignore[arg-type]
