"""Servers that echo a secret back: the text Kakao (or its OAuth server) sends never carries the
token, the refresh token or the client secret into an exception, a log record or a response."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import SECRETS
from tests.oauth_echo import echoing_oauth
from tests.test_secret import assert_no_secret, rendered

REFRESH = "echoed-refresh-token-0123456789"
CLIENT_SECRET = "echoed-client-secret-0123456789"
SECRETS.update({REFRESH, CLIENT_SECRET})


#: The token straddles the 60-byte preview: cutting first would leave its first half.
ECHO_PAGE = b"<html><body>" + b"x" * 40 + DEFAULT_TOKEN.encode() + b"</body></html>"


def echoing_envelope(token: str) -> dict[str, Any]:
    return {
        "code": -813,
        "msg": f"invalid header Authorization: Bearer {token}",
        "extras": {"detailCode": 30001, "detailMsg": f"token {token} has no access to 1"},
    }


def assert_scrubbed(err: BaseException) -> None:
    texts = [str(err), repr(err), *map(str, err.args), *map(str, vars(err).values())]
    assert not [t for t in texts if DEFAULT_TOKEN in t], texts
    assert "***" in str(err)


@pytest.mark.parametrize("status", [400, 200])  # Kakao also answers 200 with an error envelope
async def test_a_token_echoed_in_an_error_envelope_is_scrubbed(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, status: int
) -> None:
    fake.respond_next(echoing_envelope(DEFAULT_TOKEN), status=status)
    with pytest.raises(ka.KakaoAPIError) as info:
        await kakao.moment.creatives.list(ad_group_id=1)
    err = info.value
    assert_scrubbed(err)
    assert err.detail_msg == "token *** has no access to 1" and err.detail_code == 30001
    assert err.msg == "invalid header Authorization: Bearer ***"
    assert_no_secret(rendered(err))  # nor in the locals of its traceback (the raw body)


async def test_a_token_echoed_in_a_non_json_body_is_scrubbed(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.garbage_next(body=ECHO_PAGE)
    with pytest.raises(ka.KakaoDecodeError) as info:
        await kakao.moment.creatives.list(ad_group_id=1)
    assert_scrubbed(info.value)
    assert DEFAULT_TOKEN[:8] not in str(info.value)
    assert_no_secret(rendered(info.value))


def _quoting(form: Mapping[str, str]) -> tuple[dict[str, Any], int]:
    """Quotes the refresh token and client secret in its error."""
    body = {
        "error": f"invalid_grant: {form['refresh_token']}",
        "error_description": (
            f"refresh_token={form['refresh_token']} client_secret={form['client_secret']}"
        ),
        "error_code": "KOE322",
    }
    return body, 400


@pytest.fixture
async def echoing_oauth_url() -> AsyncIterator[str]:
    async with echoing_oauth(_quoting) as url:
        yield url


async def test_an_oauth_error_echoing_the_refresh_token_and_client_secret_is_scrubbed(
    echoing_oauth_url: str,
) -> None:
    tokens = ka.RefreshingToken(
        client_id="app",
        refresh_token=REFRESH,
        client_secret=CLIENT_SECRET,
        auth_url=echoing_oauth_url,
    )
    with pytest.raises(ka.KakaoAuthError) as info:
        await tokens.token()
    err = info.value
    texts = [str(err), repr(err), *map(str, err.args), *map(str, vars(err).values())]
    assert not [t for t in texts if REFRESH in t or CLIENT_SECRET in t], texts
    assert err.detail_msg == "refresh_token=*** client_secret=***"
    assert_no_secret(rendered(err))


async def test_retry_and_quota_log_lines_name_no_token(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="kakao_async")
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    # Both failures quote the token; neither the retry line nor the quota lines may.
    fake.respond_next(echoing_envelope(DEFAULT_TOKEN), status=503)
    await kakao.moment.creatives.list(ad_group_id=1)
    refusal = echoing_envelope(DEFAULT_TOKEN) | {"code": -10}
    fake.respond_next(refusal, status=429, path="/openapi/v4/creatives/onOff")
    await kakao.moment.creatives.set_config(creative, "OFF")
    lines = {r.getMessage(): r.name for r in caplog.records}
    wanted = ("retry 1 of 2", "quota turn after", "refused the call for its quota")
    for words in wanted:
        assert [line for line in lines if words in line], (words, lines)
    assert not [line for line in lines if DEFAULT_TOKEN in line or "Bearer" in line]
