"""docs/testing.md: ``FakeKakaoServer(...)``'s options and its token and OAuth methods refuse
wrong arguments when called (typed KakaoInputError), not at start() or at the first request."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"tokens": None}, ka.KakaoInputTypeError),
        ({"tokens": 5}, ka.KakaoInputTypeError),
        ({"port": -1}, ka.KakaoInputError),
        ({"port": 65536}, ka.KakaoInputError),
        ({"port": "80a"}, ka.KakaoInputTypeError),
        ({"port": "70000"}, ka.KakaoInputError),
        ({"port": True}, ka.KakaoInputTypeError),
    ],
)
def test_options_of_the_wrong_kind_are_refused(options: dict[str, Any], error: type) -> None:
    with pytest.raises(error, match=next(iter(options))):
        FakeKakaoServer(**options)


async def test_a_port_as_text_is_taken_as_aiohttp_takes_it() -> None:
    # A port read from the environment (os.environ["PORT"]) is text.
    async with FakeKakaoServer(port="0") as fake:
        fake.add_moment_creative(ad_account_id=1, id=7)
        async with ka.KakaoClient(
            "fake-kakao-token", ad_account_id=1, moment_base_url=fake.base_url
        ) as kakao:
            assert (await kakao.moment.creatives.get(7)).id == 7


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"client_id": "", "refresh_token": "r"}, ka.KakaoInputError),
        ({"client_id": 5, "refresh_token": "r"}, ka.KakaoInputTypeError),
        ({"client_id": "app", "refresh_token": None}, ka.KakaoInputTypeError),
        ({"client_id": "app", "refresh_token": ""}, ka.KakaoInputError),
        ({"client_id": "app", "refresh_token": "r", "client_secret": 5}, ka.KakaoInputTypeError),
        ({"client_id": "app", "refresh_token": "r", "client_secret": ""}, ka.KakaoInputError),
    ],
)
def test_add_oauth_client_checks_its_credentials(options: dict[str, Any], error: type) -> None:
    fake = FakeKakaoServer()
    with pytest.raises(error):
        fake.add_oauth_client(**options)
    assert not fake.credentials.clients


def test_revoke_token_takes_text() -> None:
    fake = FakeKakaoServer()
    with pytest.raises(ka.KakaoInputTypeError):
        fake.revoke_token(5)  # type: ignore[arg-type]
    fake.revoke_token("never-added")  # revoking an unknown token is no error
