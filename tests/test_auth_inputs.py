"""Token providers given the wrong kind of option: a clear typed error when built, never a bare
``TypeError`` / ``AttributeError`` at the first refresh (after the refresh token was spent)."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer

BASE = {"client_id": "app", "refresh_token": "refresh-token-for-input-tests"}


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"session": "a session"}, ka.KakaoInputTypeError, "session"),
        ({"on_refresh": "save"}, ka.KakaoInputTypeError, "on_refresh"),
        ({"on_refresh": 5}, ka.KakaoInputTypeError, "on_refresh"),
        ({"user_key": 5}, ka.KakaoInputTypeError, "user_key"),
        ({"user_key": ""}, ka.KakaoInputError, "user_key"),
        ({"user_key": "a\nb"}, ka.KakaoInputError, "user_key"),
    ],
)
def test_refreshing_token_checks_its_options(
    options: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match) as info:
        ka.RefreshingToken(**BASE, **options)
    assert type(info.value) is error


@pytest.mark.parametrize(
    ("user_key", "error"),
    [(5, ka.KakaoInputTypeError), ("", ka.KakaoInputError), (" me", ka.KakaoInputError)],
)
def test_static_token_checks_user_key_as_the_client_does(user_key: Any, error: type) -> None:
    with pytest.raises(error, match="user_key"):
        ka.StaticToken("a-token", user_key=user_key)
    with pytest.raises(error, match="user_key"):
        ka.KakaoClient("a-token", user_key=user_key)


async def test_an_async_on_refresh_and_a_plain_one_are_both_called() -> None:
    seen: list[str] = []

    async def save_async(access: str, refresh: str) -> None:
        seen.append("async")

    async with FakeKakaoServer() as fake:
        fake.add_oauth_client(client_id="app", refresh_token=BASE["refresh_token"])
        for hook in (save_async, lambda access, refresh: seen.append("plain")):
            tokens = ka.RefreshingToken(**BASE, auth_url=fake.base_url, on_refresh=hook)
            await tokens.token()
    assert seen == ["async", "plain"]


TOKEN = "tok-user-key-mistake-0123456789"


@pytest.mark.parametrize(
    "build",
    [
        lambda: ka.KakaoClient(TOKEN, user_key=TOKEN),
        lambda: ka.StaticToken(TOKEN, user_key=TOKEN),
        lambda: ka.RefreshingToken(client_id="app", refresh_token=TOKEN, user_key=TOKEN),
        lambda: ka.RefreshingToken(
            client_id="app", refresh_token="refresh-x", access_token=TOKEN, user_key=TOKEN
        ),
        lambda: ka.RefreshingToken(
            client_id="app", refresh_token="refresh-x", client_secret=TOKEN, user_key=TOKEN
        ),
    ],
)
def test_a_secret_passed_as_user_key_is_refused_without_quoting_it(build: Any) -> None:
    # user_key shows in reprs, quota keys and snapshots: a token there would leak everywhere.
    with pytest.raises(ka.KakaoInputError, match="user_key") as info:
        build()
    assert TOKEN not in str(info.value)
    assert TOKEN[4:12] not in repr(info.value)


@pytest.mark.parametrize(
    "build",
    [
        lambda: ka.KakaoClient(TOKEN, user_key=f"user-{TOKEN}"),
        lambda: ka.StaticToken(TOKEN, user_key=f"{TOKEN}:1"),
        lambda: ka.RefreshingToken(client_id="app", refresh_token=TOKEN, user_key=f"app:{TOKEN}"),
        lambda: ka.RefreshingToken(
            client_id="app", refresh_token="refresh-x", client_secret=TOKEN, user_key=f"u {TOKEN}"
        ),
    ],
)
def test_a_user_key_holding_a_secret_is_refused_without_quoting_it(build: Any) -> None:
    # Equality alone let "user-<token>" through, into every repr, quota key and snapshot.
    with pytest.raises(ka.KakaoInputError, match="user_key") as info:
        build()
    assert TOKEN[4:12] not in str(info.value)


def test_a_short_placeholder_token_inside_a_user_key_is_a_coincidence() -> None:
    # Tests use tokens such as "t": "team-a" holding it says nothing.
    assert ka.StaticToken("t", user_key="team-a").user_key == "team-a"
    assert ka.KakaoClient("a-token", user_key="a-token-user-2").user_key == "a-token-user-2"
