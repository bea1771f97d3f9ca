"""A TokenProvider of your own: its ``user_key`` names the user in reprs, quota keys and
snapshots, so the client checks it as it checks ``StaticToken``'s: printable text, never the
token itself. A provider whose ``user_key`` is (or holds) the token it hands out is refused
before anything is sent; a ``user_key`` of the wrong kind when the client is built."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka

TOKEN = "custom-provider-token-0123456789"


class Custom:
    def __init__(self, user_key: Any, token: str = TOKEN) -> None:
        self.user_key = user_key
        self._token = token
        self.tokens_given = 0

    async def token(self) -> str:
        self.tokens_given += 1
        return self._token

    async def refresh(self, failed: object) -> str | None:
        return None


def _transport(sent: list[ka.HttpRequest]) -> ka.MockTransport:
    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        sent.append(request)
        return ka.HttpResponse(200, {}, b"")

    return ka.MockTransport(answer)


@pytest.mark.parametrize("user_key", [TOKEN, f"user-{TOKEN}", f"{TOKEN}:1"])
async def test_a_user_key_that_is_or_holds_the_token_is_refused_before_sending(
    user_key: str,
) -> None:
    sent: list[ka.HttpRequest] = []
    provider = Custom(user_key)
    async with ka.KakaoClient(provider, ad_account_id=1, transport=_transport(sent)) as kakao:
        with pytest.raises(ka.KakaoInputError, match="user_key") as info:
            await kakao.moment.creatives.delete(1112)
        with pytest.raises(ka.KakaoInputError, match="user_key"):  # not only the first time
            await kakao.moment.creatives.delete(1112)
    assert sent == []
    assert TOKEN not in str(info.value) and TOKEN not in repr(info.value)


async def test_a_short_token_held_by_chance_is_not_refused() -> None:
    # As for StaticToken: a secret shorter than 8 characters (a test's "t") is only refused
    # when it is the whole user_key.
    sent: list[ka.HttpRequest] = []
    provider = Custom("team-7", token="t")
    async with ka.KakaoClient(provider, ad_account_id=1, transport=_transport(sent)) as kakao:
        await kakao.moment.creatives.delete(1112)
    assert len(sent) == 1


async def test_a_distinct_user_key_sends() -> None:
    sent: list[ka.HttpRequest] = []
    provider = Custom("kakao-user-42")
    async with ka.KakaoClient(provider, ad_account_id=1, transport=_transport(sent)) as kakao:
        await kakao.moment.creatives.delete(1112)
        assert kakao.user_key == "kakao-user-42"
    assert len(sent) == 1


@pytest.mark.parametrize(
    ("user_key", "error"),
    [
        (5, ka.KakaoInputTypeError),
        (None, ka.KakaoInputTypeError),
        ("", ka.KakaoInputError),
        ("a\nb", ka.KakaoInputError),
    ],
)
def test_a_user_key_of_the_wrong_kind_is_refused_when_the_client_is_built(
    user_key: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="user_key"):
        ka.KakaoClient(Custom(user_key), ad_account_id=1)
