"""README "Client options" (``token``: a ``str``, ``ka.Secret`` or a ``TokenProvider`` such as
``ka.RefreshingToken``) and "Security defaults": the providers check their arguments when built,
as ``KakaoClient`` does. ``user_key`` names quota keys and appears in log lines, so it is text
without control characters wherever it is given; an ``on_refresh`` or ``session`` of the wrong
kind is refused at once, not after a refresh that already used up a refresh token."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka

REFRESH = "provider-arguments-refresh-token"


def refreshing(**options: Any) -> ka.RefreshingToken:
    return ka.RefreshingToken(client_id="app", refresh_token=REFRESH, **options)


def static(**options: Any) -> ka.StaticToken:
    return ka.StaticToken("provider-arguments-token", **options)


@pytest.mark.parametrize("make", [refreshing, static])
@pytest.mark.parametrize(
    ("user_key", "error"),
    [
        (5, ka.KakaoInputTypeError),
        ("a\nb", ka.KakaoInputError),
        ("", ka.KakaoInputError),
        (" padded ", ka.KakaoInputError),
    ],
)
def test_user_key_is_checked_as_the_client_checks_it(
    make: Any, user_key: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match="user_key"):
        make(user_key=user_key)
    with pytest.raises(error, match="user_key"):
        ka.KakaoClient("provider-arguments-token", user_key=user_key)


@pytest.mark.parametrize("make", [refreshing, static])
def test_a_given_user_key_is_kept(make: Any) -> None:
    assert make(user_key="team-a").user_key == "team-a"


@pytest.mark.parametrize(
    ("option", "value"),
    [("on_refresh", 5), ("on_refresh", "save"), ("session", 5), ("session", "http://x")],
)
def test_on_refresh_and_session_of_the_wrong_kind_are_refused(option: str, value: object) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match=option):
        refreshing(**{option: value})
