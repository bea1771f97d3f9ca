"""docs/testing.md says the fake records "a token fingerprint, never the token": neither do its
reprs, its errors, nor the answers of its control API, whatever a test gets wrong."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer, fake_server_process

SECRET = "sk-live-SECRET-0123456789"


@pytest.mark.parametrize(
    "tokens",
    [SECRET, [SECRET, 5], {"a": SECRET}, [[SECRET]], [""]],
    ids=["text", "list-with-int", "object", "nested", "empty"],
)
async def test_a_bad_tokens_field_is_refused_without_quoting_it(tokens: Any) -> None:
    async with FakeKakaoServer() as fake, aiohttp.ClientSession() as session:
        async with session.post(fake.base_url + "/_fake/config", json={"tokens": tokens}) as r:
            assert r.status == 400
            answer = await r.json()
        assert "tokens" in answer["error"] or "token" in answer["error"]
        assert "SECRET" not in answer["error"]
        assert fake.credentials.user_of(SECRET) is None  # nothing was added


def test_a_fake_process_that_does_not_start_does_not_show_its_tokens() -> None:
    for args in (
        ["--token", SECRET, "--port", "99999"],
        [f"--token={SECRET}", "--port", "-1"],
        ["--tok", SECRET, "--port", "x"],  # argparse takes an abbreviation
    ):
        with pytest.raises(RuntimeError, match="did not start") as caught:
            with fake_server_process(args=args):
                pass  # pragma: no cover - it does not start
        assert "SECRET" not in str(caught.value)
        assert "--port" in str(caught.value)  # the rest of the options still show


async def test_reprs_and_errors_never_show_a_token() -> None:
    async with FakeKakaoServer(tokens=[SECRET]) as fake:
        fake.add_oauth_client(
            client_id="app", refresh_token=SECRET + "-refresh", client_secret=SECRET + "-client"
        )
        fake.add_moment_creative(ad_account_id=1, id=42)
        async with ka.KakaoClient(SECRET, ad_account_id=1, moment_base_url=fake.base_url) as k:
            await k.moment.creatives.get(42)
            fake.revoke_token(SECRET)
            with pytest.raises(ka.KakaoAuthError) as caught:
                await k.moment.creatives.get(42)
        shown = [
            repr(fake),
            repr(fake.requests),
            repr(fake.credentials.clients),
            str(vars(fake.credentials)),
            str(caught.value),
            repr(caught.value),
            str(fake.stats()),
        ]
        assert not [s for s in shown if "SECRET" in s]
        for bad in (lambda: fake.add_token(SECRET.encode()), lambda: fake.revoke_token(None)):
            with pytest.raises(ka.KakaoInputTypeError) as error:
                bad()
            assert "SECRET" not in str(error.value)
