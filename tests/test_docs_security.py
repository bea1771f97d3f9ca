"""README, "Security defaults", read as a user, line by line: base URLs, where tokens may never
appear (reprs, logs, exceptions, events, tracebacks rendered with locals), what the server's
echoes become, pickling, how refused arguments are quoted, and the caller's own session."""

from __future__ import annotations

import asyncio
import base64
import pickle
import traceback
import urllib.parse
from typing import Any

import aiohttp
import pytest

import kakao_async as ka
from kakao_async import events as ev
from kakao_async.testing import FakeKakaoServer
from tests.conftest import SECRETS

#: '/', '+' and '=' make its percent-encoded and JSON-escaped forms differ from it.
TOKEN = "docs/Tok+en=Secret_0123456789"
SECRETS.add(TOKEN)


@pytest.mark.parametrize(
    "url",
    [
        "https://apis.moment.kakao.com",
        "http://127.0.0.1:8080",
        "http://127.200.3.4",
        "http://[::1]:8080",
        "http://localhost:8080",
    ],
)
def test_https_or_a_loopback_host(url: str) -> None:
    ka.KakaoClient(TOKEN, moment_base_url=url, keyword_base_url=url)


@pytest.mark.parametrize(
    "url",
    [
        "http://apis.moment.kakao.com",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "http://10.0.0.1",
        "https://apis.moment.kakao.com:0",
        "https://apis.moment.kakao.com:65536",
        "https://apis.moment.kakao.com:port",
    ],
)
def test_any_other_base_url_is_refused(url: str) -> None:
    with pytest.raises(ka.KakaoInputError):
        ka.KakaoClient(TOKEN, moment_base_url=url)


@pytest.mark.parametrize("token", ["abc\r\nX-Evil: 1", "abc\x00", "abc\x1b[0m", "토큰"])
def test_a_token_with_a_control_character_or_non_ascii_text_is_refused(token: str) -> None:
    with pytest.raises(ka.KakaoInputError):
        ka.KakaoClient(token)


def test_secret_hides_itself_and_refuses_pickling() -> None:
    secret = ka.Secret(TOKEN)
    assert (repr(secret), str(secret), f"{secret}") == ("Secret('***')", "***", "***")
    assert secret.reveal() == TOKEN
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_no_secret_in_the_reprs_of_clients_and_providers() -> None:
    refreshing = ka.RefreshingToken(
        client_id="app",
        refresh_token="docs-refresh-0123456789",
        client_secret="docs-client-secret-0123456789",
        access_token=TOKEN,
    )
    SECRETS.update({"docs-refresh-0123456789", "docs-client-secret-0123456789"})
    for shown in (repr(ka.KakaoClient(TOKEN)), repr(ka.KakaoClient(refreshing)), repr(refreshing)):
        assert TOKEN not in shown and "0123456789" not in shown


async def test_mock_transport_requests_mask_the_authorization_header() -> None:
    mock = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, b'{"id": 1}'))
    async with ka.KakaoClient(TOKEN, ad_account_id=1, transport=mock) as kakao:
        await kakao.moment.ad_accounts.get(1)
    (request,) = mock.requests
    header = request.headers["Authorization"]
    assert header == f"Bearer {TOKEN}"  # the real value for the test to check ...
    assert TOKEN not in repr(request) and TOKEN not in repr(header)  # ... that never shows
    with pytest.raises(TypeError):
        pickle.dumps(header)


def rendered_with_locals(error: BaseException) -> str:
    """``error`` rendered as rich or Sentry would, with locals, less the test's own frames
    (still running: their locals are the test's, not the library's)."""
    shown = traceback.TracebackException.from_exception(error, capture_locals=True)
    parts: list[traceback.TracebackException | None] = [shown]
    text = []
    while parts:
        part = parts.pop()
        if part is None:
            continue
        frames = [f for f in part.stack if "/tests/" not in f.filename]
        text += [f"{f.filename}:{f.lineno} {f.locals}" for f in frames]
        text += list(part.format_exception_only())
        parts += [part.__cause__, part.__context__]
    return "\n".join(text)


def forms(secret: str) -> list[str]:
    """The forms the README lists a server echoing the secret in."""
    half = len(secret) // 2
    return [
        secret.upper(),
        urllib.parse.quote(secret, safe=""),
        secret.replace("/", "\\/"),  # JSON-escaped
        base64.b64encode(f"Bearer {secret}".encode()).decode(),
        base64.b64encode(f"app:{secret}".encode()).decode(),
        secret[:half],  # a token cut short: one piece of 8 characters or more
        secret[half:],
    ]


def echo_envelope(text: str) -> dict[str, Any]:
    return {"code": -813, "msg": f"bad {text}", "extras": {"detailCode": 1, "detailMsg": text}}


@pytest.mark.parametrize("form", range(7))
async def test_an_echoed_token_reaches_no_exception_event_log_or_traceback(
    form: int, caplog: pytest.LogCaptureFixture
) -> None:
    echoed = forms(TOKEN)[form]
    seen: list[ev.Event] = []
    caplog.set_level("DEBUG", logger="kakao_async")
    async with FakeKakaoServer(tokens=[TOKEN]) as fake:
        fake.respond_next(echo_envelope(echoed), status=400)
        async with ka.KakaoClient(
            TOKEN, ad_account_id=1, moment_base_url=fake.base_url, observers=[seen.append]
        ) as kakao:
            with pytest.raises(ka.KakaoAPIError) as caught:
                await kakao.moment.creatives.get(1)
    error = caught.value
    rendered = rendered_with_locals(error)
    texts = [str(error), repr(error), str(error.msg), str(error.detail_msg), rendered]
    texts += [repr(seen), caplog.text]
    assert not [t for t in texts if echoed in t or TOKEN in t]
    assert "***" in str(error)
    assert error.detail_msg is not None and error.detail_msg.endswith("***")


async def test_a_short_secret_is_masked_wherever_its_text_occurs() -> None:
    short = "Ab3$x"
    async with FakeKakaoServer(tokens=[short]) as fake:
        fake.respond_next(echo_envelope(f"xx{short.lower()}yy"), status=400)
        async with ka.KakaoClient(short, ad_account_id=1, moment_base_url=fake.base_url) as kakao:
            with pytest.raises(ka.KakaoAPIError) as caught:
                await kakao.moment.creatives.get(1)
    assert caught.value.detail_msg == "xx***yy"


async def test_a_traceback_with_locals_shows_no_body_of_a_failed_decode() -> None:
    async with FakeKakaoServer(tokens=[TOKEN]) as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        fake.respond_next({"id": "marker-body-text-0123", "name": ["marker-body-text-0123"]})
        async with ka.KakaoClient(TOKEN, ad_account_id=1, moment_base_url=fake.base_url) as kakao:
            with pytest.raises(ka.KakaoDecodeError) as caught:
                await kakao.moment.creatives.get(ids[0])
    error = caught.value
    rendered = rendered_with_locals(error)
    assert "marker-body" not in rendered and "marker-body" not in str(error)
    assert ".py" in rendered  # frames keep their file and line
    assert "DisplayCreative" in str(error)  # the model is named
    with pytest.raises(TypeError):
        pickle.dumps(ka.Secret(TOKEN))


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("sixteen-chars-16", "'sixteen-chars-16'"),
        (TOKEN, f"'docs'... ({len(TOKEN)} characters)"),
    ],
)
async def test_a_refused_argument_is_quoted_whole_only_when_short(value: str, quoted: str) -> None:
    async with ka.KakaoClient("docs-token-0123", ad_account_id=1) as kakao:
        for call in (
            lambda: kakao.moment.creatives.get(value),  # type: ignore[arg-type]
            lambda: kakao.moment.creatives.set_config(1, value),
            lambda: kakao.moment.creatives.get(1, ad_account_id=value),  # type: ignore[arg-type]
        ):
            with pytest.raises(ka.KakaoInputError) as caught:
                await call()
            assert quoted in str(caught.value)
            assert value == quoted.strip("'") or value not in str(caught.value)


@pytest.mark.parametrize("bad", ["²", "١٢", "1,2"])
async def test_ids_must_be_plain_ascii_digits_and_a_string_is_no_list(bad: str) -> None:
    async with ka.KakaoClient("docs-token-0123", ad_account_id=1) as kakao:
        with pytest.raises(ka.KakaoInputError):
            await kakao.moment.creatives.get(bad)
        with pytest.raises(ka.KakaoInputError):
            await kakao.moment.creatives.get_many(bad)  # type: ignore[arg-type]


async def test_a_body_over_max_response_bytes_is_refused() -> None:
    async with FakeKakaoServer(tokens=[TOKEN]) as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        async with ka.KakaoClient(
            TOKEN, ad_account_id=1, moment_base_url=fake.base_url, max_response_bytes=100
        ) as kakao:
            with pytest.raises(ka.KakaoDecodeError):
                await kakao.moment.creatives.get(ids[0])
            fake.respond_next({"id": ids[0], "name": "x" * 200})
            with pytest.raises(ka.KakaoDecodeError):
                await kakao.moment.creatives.get(ids[0])


async def test_a_callers_session_is_used_as_is_and_never_closed() -> None:
    async with FakeKakaoServer(tokens=[TOKEN]) as fake, aiohttp.ClientSession() as session:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        async with ka.KakaoClient(
            TOKEN, ad_account_id=1, moment_base_url=fake.base_url, session=session
        ) as kakao:
            await kakao.moment.creatives.get(ids[0])
        assert not session.closed
        async with session.get(f"{fake.base_url}/_fake/stats") as still_usable:
            assert still_usable.status == 200
    await asyncio.sleep(0)
