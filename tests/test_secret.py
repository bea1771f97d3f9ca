"""Secret, and no secret in a traceback rendered with its locals (rich, Sentry, capture_locals)."""

from __future__ import annotations

import copy
import io
import pickle
import traceback

import pytest
from rich.console import Console
from rich.traceback import Traceback

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer
from tests.conftest import INTERVAL, MINTED, SECRETS
from tests.redis_server import free_port

#: Longer than rich's 80-character cut for strings in locals, which slices before ``repr``.
LONG_TOKEN = "long-access-token-" + "0123456789abcdef" * 6
REFRESH = "traceback-refresh-token-0123456789"
CLIENT_SECRET = "traceback-client-secret-9876543210"
SECRETS.update({LONG_TOKEN, REFRESH, CLIENT_SECRET})


def rendered(exc: BaseException) -> str:
    """``exc`` with its whole chain, as the standard library and rich render it with locals."""
    plain = traceback.TracebackException.from_exception(exc, capture_locals=True)
    console = Console(file=io.StringIO(), width=400)
    console.print(Traceback.from_exception(type(exc), exc, exc.__traceback__, show_locals=True))
    out = console.file
    assert isinstance(out, io.StringIO)
    return "".join(plain.format()) + out.getvalue()


def assert_no_secret(text: str) -> None:
    leaked = [s for s in SECRETS if s in text] + [m.group() for m in MINTED.finditer(text)]
    assert not leaked, f"{leaked} in the rendered traceback"
    assert "Bearer " + LONG_TOKEN[:10] not in text and LONG_TOKEN[:40] not in text


def test_secret_hides_its_value() -> None:
    secret = ka.Secret("s3cr3t-value")
    assert repr(secret) == "Secret('***')" and str(secret) == "***" and f"{secret}" == "***"
    assert secret.reveal() == "s3cr3t-value" == secret.get_secret_value()
    assert secret == ka.Secret("s3cr3t-value") and secret != ka.Secret("other")
    assert secret != "s3cr3t-value"  # never equal to the plain text
    assert "Secret" in ka.__all__ and ka.Secret.__doc__
    with pytest.raises(TypeError):
        hash(secret)
    with pytest.raises(TypeError, match="pickle"):
        pickle.dumps(secret)
    with pytest.raises(TypeError, match="pickle"):
        pickle.dumps(ka.StaticToken(secret))
    assert copy.copy(secret) is secret and copy.deepcopy(secret) is secret
    with pytest.raises(TypeError):
        ka.Secret(b"bytes")  # type: ignore[arg-type]


async def test_providers_accept_secrets_and_hand_out_secrets(fake: FakeKakaoServer) -> None:
    fake.add_token(LONG_TOKEN)
    static = ka.StaticToken(ka.Secret(LONG_TOKEN))
    assert static.user_key == ka.StaticToken(LONG_TOKEN).user_key
    assert await static.token() == ka.Secret(LONG_TOKEN)
    async with ka.KakaoClient(ka.Secret(LONG_TOKEN), moment_base_url=fake.base_url) as kakao:
        assert kakao.user_key == static.user_key
        await kakao.moment.creatives.list(ad_group_id=1, ad_account_id=1)
    assert fake.requests[-1].status == 200


async def test_a_plain_string_provider_still_works_and_gets_its_string_back(
    fake: FakeKakaoServer,
) -> None:
    class Plain:
        """A user-written provider of the 0.2 kind: plain strings in and out."""

        user_key = "plain"

        def __init__(self) -> None:
            self.current = "expired-plain-token"
            self.failed: list[object] = []

        async def token(self) -> str:
            return self.current

        async def refresh(self, failed: str) -> str | None:
            self.failed.append(failed)
            self.current = LONG_TOKEN
            return self.current

    fake.add_token(LONG_TOKEN)
    plain = Plain()
    async with ka.KakaoClient(plain, moment_base_url=fake.base_url) as kakao:
        await kakao.moment.creatives.list(ad_group_id=1, ad_account_id=1)
    assert plain.failed == ["expired-plain-token"] and fake.requests[-1].status == 200


def test_constructor_errors_show_no_secret_in_locals() -> None:
    with pytest.raises(ValueError, match="auth_url") as refreshing:
        ka.RefreshingToken(
            client_id="app",
            refresh_token=REFRESH,
            client_secret=CLIENT_SECRET,
            access_token=LONG_TOKEN,
            auth_url="ftp://nowhere",
        )
    assert_no_secret(rendered(refreshing.value))
    with pytest.raises(ValueError, match="max_connections") as client:
        ka.KakaoClient(LONG_TOKEN, max_connections=0)
    assert_no_secret(rendered(client.value))
    with pytest.raises(ValueError, match="whitespace") as bad:
        ka.StaticToken(LONG_TOKEN + "\n")  # a token file read with its newline
    assert_no_secret(rendered(bad.value))


async def test_connection_refused_shows_no_secret_in_locals() -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    async with ka.KakaoClient(
        LONG_TOKEN, moment_base_url=closed, retry=ka.RetryPolicy(attempts=1)
    ) as kakao:
        with pytest.raises(ka.KakaoTransportError) as info:
            await kakao.moment.creatives.list(ad_group_id=1, ad_account_id=1)
    assert info.value.__cause__ is not None  # aiohttp's frames are part of the rendering
    assert_no_secret(rendered(info.value))


async def test_an_oauth_post_refused_shows_no_secret_in_locals() -> None:
    tokens = ka.RefreshingToken(
        client_id="app",
        refresh_token=REFRESH,
        client_secret=CLIENT_SECRET,
        auth_url=f"http://127.0.0.1:{free_port()}",
    )
    with pytest.raises(ka.KakaoTransportError) as info:
        await tokens.token()
    assert_no_secret(rendered(info.value))


async def test_http_errors_show_no_secret_in_locals(fake: FakeKakaoServer) -> None:
    fake.add_oauth_client(client_id="app", refresh_token=REFRESH, client_secret=CLIENT_SECRET)
    tokens = ka.RefreshingToken(
        client_id="app",
        refresh_token=REFRESH,
        client_secret=CLIENT_SECRET,
        auth_url=fake.base_url,
    )
    async with ka.KakaoClient(
        tokens,
        moment_base_url=fake.base_url,
        on_off_interval=INTERVAL,
        retry=ka.RetryPolicy(attempts=1),
    ) as kakao:
        await kakao.moment.creatives.list(ad_group_id=1, ad_account_id=1)  # a minted token
        fake.fail_next(status=400, code=-813, detail_code=30001)
        with pytest.raises(ka.KakaoAPIError) as api:
            await kakao.moment.creatives.list(ad_group_id=1, ad_account_id=1)
        fake.fail_next(status=503)
        with pytest.raises(ka.KakaoServerError) as server:
            await kakao.moment.creatives.list(ad_group_id=1, ad_account_id=1)
    assert_no_secret(rendered(api.value))
    assert_no_secret(rendered(server.value))
