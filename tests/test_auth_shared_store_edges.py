"""review22: ``RefreshingToken(load_refresh_token=...)`` at its edges, over the fake's
``/oauth/token``: what the store may hand back (a Secret, text the constructor would refuse, the
token already held), a sync store, one that fails late, many callers at once, and a reloaded
token that Kakao refuses too (one retry, and no token in the error, its traceback or the log).
tests/test_auth_shared_store.py has the rotation cases themselves."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Callable

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer

HELD = "refresh-held-5e1f"
STORED = "refresh-stored-9a2c"


def provider(fake: FakeKakaoServer, load: Callable[[], object]) -> ka.RefreshingToken:
    return ka.RefreshingToken(
        client_id="app",
        refresh_token=HELD,
        auth_url=fake.base_url,
        load_refresh_token=load,
        timeout=0.5,
    )


async def test_a_secret_from_the_store_is_used_as_text_would_be() -> None:
    async with FakeKakaoServer(tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token=STORED)
        tokens = provider(fake, lambda: ka.Secret(STORED))  # a plain function, too
        await tokens.token()
    assert (fake.oauth_requests, tokens.refresh_count) == (1, 1)


@pytest.mark.parametrize("stored", ["", f"{STORED}\n", f" {STORED}", "토큰"])
async def test_stored_text_the_constructor_would_refuse_is_logged_and_the_held_token_used(
    stored: str, caplog: pytest.LogCaptureFixture
) -> None:
    """E.g. a file store's ``read_text()`` with its newline: not sent as a header value."""
    caplog.set_level(logging.DEBUG, logger="kakao_async")
    async with FakeKakaoServer(tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token=HELD)

        async def load() -> str:
            return stored

        tokens = provider(fake, load)
        await tokens.token()
    assert (fake.oauth_requests, tokens.refresh_count) == (1, 1)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "load_refresh_token" in errors[0].getMessage()
    assert STORED not in caplog.text and HELD not in caplog.text


async def test_a_store_holding_the_refused_token_is_not_asked_to_retry_it() -> None:
    async with FakeKakaoServer(tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token=STORED)
        tokens = provider(fake, lambda: HELD)
        with pytest.raises(ka.KakaoAuthError):
            await tokens.token()
    assert fake.oauth_requests == 1  # the same token is not sent twice


async def test_a_store_failing_after_a_delay_leaves_the_held_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.ERROR, logger="kakao_async.auth")

    async def load() -> str:
        await asyncio.sleep(0.01)
        raise ConnectionError(f"store lost while reading {STORED}")

    async with FakeKakaoServer(tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token=HELD)
        tokens = provider(fake, load)
        await tokens.token()
    assert tokens.refresh_count == 1
    assert "ConnectionError" in caplog.text and STORED not in caplog.text


async def test_many_callers_share_one_store_read_and_one_refresh() -> None:
    reads = 0

    async def load() -> str:
        nonlocal reads
        reads += 1
        await asyncio.sleep(0.01)
        return STORED

    async with FakeKakaoServer(tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token=STORED)
        tokens = provider(fake, load)
        got = await asyncio.gather(*(tokens.token() for _ in range(20)))
    assert len({t.reveal() for t in got}) == 1
    assert (reads, fake.oauth_requests, tokens.refresh_count) == (1, 1, 1)


async def test_a_reloaded_token_refused_too_is_retried_once_and_quoted_nowhere(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Kakao refuses the held token (KOE322), the store has another, Kakao refuses that too:
    two POSTs in all, then the KakaoAuthError, with neither token in its text, notes,
    traceback rendered with locals, or any log line (DEBUG included)."""
    caplog.set_level(logging.DEBUG)
    reads: list[int] = []

    def load() -> str:
        reads.append(1)
        return HELD if len(reads) == 1 else STORED  # rotated by "another process" meanwhile

    async with FakeKakaoServer(tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token="someone-elses-token")
        tokens = provider(fake, load)
        with pytest.raises(ka.KakaoAuthError) as caught:
            await tokens.token()
    assert (len(reads), fake.oauth_requests, tokens.refresh_count) == (2, 2, 0)
    error = caught.value
    shown = [
        str(error),
        repr(error),
        *getattr(error, "__notes__", ()),
        "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format()),
        caplog.text,
        repr(tokens),
    ]
    for text in shown:
        assert HELD not in text and STORED not in text
