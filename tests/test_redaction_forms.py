"""A server that echoes a secret back in another form: upper case, percent-encoded, base64'd
(a ``Bearer`` or ``Basic`` credential as a whole), or cut in two across ``msg`` and
``detailMsg``. None of those forms may reach an exception, and through it a log line, the CLI or
a FastAPI answer (all of them show the exception's text)."""

from __future__ import annotations

import base64
import json
import urllib.parse
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import pytest

import kakao_async as ka
from tests.conftest import SECRETS
from tests.oauth_echo import echoing_oauth

#: Characters a percent-encoding changes, as a client secret may hold them.
TOKEN = "tok+SECRET/abc=123-0123456789"
REFRESH = "ref-SECRET-xyz-0123456789"
CLIENT_SECRET = "cs-SECRET-999/+=abcdef"
SECRETS.update({TOKEN, REFRESH, CLIENT_SECRET})


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


#: Each way of echoing ``secret``: name, text.
FORMS: list[tuple[str, Callable[[str], str]]] = [
    ("upper case", str.upper),
    ("lower case", str.lower),
    ("percent-encoded", lambda s: urllib.parse.quote(s, safe="")),
    ("form-encoded", urllib.parse.quote_plus),
    ("base64 bearer", lambda s: b64("Bearer " + s)),
    ("base64 basic", lambda s: b64("app:" + s)),
    ("base64 alone", b64),
    ("url-safe base64", lambda s: base64.urlsafe_b64encode(("x" + s).encode()).decode()),
    ("a piece of it", lambda s: s[3:-3]),
]


def fragments(secret: str) -> list[str]:
    """What must not show: every 12-character piece of every form of ``secret``."""
    found = []
    for _, form in [("as is", str), *FORMS]:
        text = form(secret)
        found += [text[i : i + 12] for i in range(0, max(1, len(text) - 11))]
    return found


def texts_of(err: BaseException) -> list[str]:
    return [str(err), repr(err), *map(str, err.args), *map(str, vars(err).values())]


def assert_clean(err: BaseException, secret: str) -> None:
    pieces = fragments(secret)
    leaked = [(t, p) for t in texts_of(err) for p in pieces if p in t or p.lower() in t.lower()]
    assert not leaked, leaked[:3]


@pytest.mark.parametrize(("form"), [f[1] for f in FORMS], ids=[f[0] for f in FORMS])
async def test_an_access_token_echoed_in_another_form_is_scrubbed(
    form: Callable[[str], str],
) -> None:
    def echo(request: ka.HttpRequest) -> ka.HttpResponse:
        sent = request.headers["Authorization"].removeprefix("Bearer ")
        body = {"code": -401, "msg": f"bad token {form(sent)}", "extras": {"detailMsg": form(sent)}}
        return ka.HttpResponse(401, {}, json.dumps(body).encode())

    async with ka.KakaoClient(TOKEN, ad_account_id=1, transport=ka.MockTransport(echo)) as kakao:
        with pytest.raises(ka.KakaoAuthError) as info:
            await kakao.moment.creatives.get(5)
    assert_clean(info.value, TOKEN)
    assert "***" in str(info.value)


async def test_a_token_cut_in_two_across_msg_and_detail_msg_is_scrubbed() -> None:
    def echo(request: ka.HttpRequest) -> ka.HttpResponse:
        sent = request.headers["Authorization"]
        body = {"code": -813, "msg": sent[:-12], "extras": {"detailMsg": sent[-12:] + " end"}}
        return ka.HttpResponse(400, {}, json.dumps(body).encode())

    async with ka.KakaoClient(TOKEN, ad_account_id=1, transport=ka.MockTransport(echo)) as kakao:
        with pytest.raises(ka.KakaoAPIError) as info:
            await kakao.moment.campaigns.get(1)
    assert_clean(info.value, TOKEN)
    assert info.value.msg == "Bearer ***" and info.value.detail_msg == "*** end"


async def test_a_non_json_body_echoing_the_token_in_upper_case_is_scrubbed() -> None:
    def echo(request: ka.HttpRequest) -> ka.HttpResponse:
        return ka.HttpResponse(200, {}, f"<p>{TOKEN.upper()}</p>".encode())

    async with ka.KakaoClient(TOKEN, ad_account_id=1, transport=ka.MockTransport(echo)) as kakao:
        with pytest.raises(ka.KakaoDecodeError) as info:
            await kakao.keyword.creatives.get(5)
    assert_clean(info.value, TOKEN)


def _encoding(form: Mapping[str, str]) -> tuple[dict[str, Any], int]:
    """Quotes the refresh token and client secret in other forms."""
    refresh, secret = form["refresh_token"], form["client_secret"]
    body = {
        "error": f"invalid_grant {refresh.upper()}",
        "error_description": f"Basic {b64('app:' + secret)} {urllib.parse.quote(refresh)}",
        "error_code": f"KOE {urllib.parse.quote_plus(secret)}",
    }
    return body, 401


@pytest.fixture
async def echoing_oauth_url() -> AsyncIterator[str]:
    async with echoing_oauth(_encoding) as url:
        yield url


async def test_an_oauth_error_echoing_encoded_secrets_is_scrubbed(echoing_oauth_url: str) -> None:
    tokens = ka.RefreshingToken(
        client_id="app",
        refresh_token=REFRESH,
        client_secret=CLIENT_SECRET,
        auth_url=echoing_oauth_url,
    )
    with pytest.raises(ka.KakaoAuthError) as info:
        await tokens.token()
    assert_clean(info.value, REFRESH)
    assert_clean(info.value, CLIENT_SECRET)
    assert info.value.detail_msg is not None and info.value.detail_msg.startswith("Basic ")
