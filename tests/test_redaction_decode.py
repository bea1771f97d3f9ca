"""README "Security defaults": no token in exception text, even when a server (a misbehaving
proxy, a hostile fake) echoes it in a field of a success body that then fails to decode. The
decode error names the model, the field's expected and actual type, never the value, and its
rendered traceback (the cause chain included) does not carry it either."""

from __future__ import annotations

import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer
from tests.conftest import SECRETS

#: Longer than the 40 characters a decode message used to quote, with quote characters inside.
TOKEN = "decode-echo-token-0123456789-abcdefghijklmnopqrstuvwxyz-'\"-end"
SECRETS.add(TOKEN)

Call = Callable[[ka.KakaoClient], Awaitable[Any]]


@pytest.fixture
async def echoing() -> AsyncIterator[tuple[FakeKakaoServer, ka.KakaoClient]]:
    async with FakeKakaoServer(tokens=[TOKEN]) as fake:
        async with ka.KakaoClient(
            TOKEN, ad_account_id=1, moment_base_url=fake.base_url, keyword_base_url=fake.base_url
        ) as kakao:
            yield fake, kakao


CASES: list[tuple[str, Any, Call]] = [
    ("integer", {"id": TOKEN, "name": "n"}, lambda k: k.moment.creatives.get(5)),
    ("in a list", {"content": [{"id": TOKEN}]}, lambda k: k.moment.creatives.list(ad_group_id=1)),
    ("keyword", {"id": TOKEN}, lambda k: k.keyword.creatives.get(5)),
    ("date", {"id": 5, "name": "n", "createdDate": TOKEN}, lambda k: k.moment.creatives.get(5)),
    ("number", {"id": 1, "dailyBudgetAmount": TOKEN}, lambda k: k.moment.campaigns.get(1)),
]


@pytest.mark.parametrize(("body", "call"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_a_token_echoed_in_a_field_that_fails_to_decode_is_not_quoted(
    echoing: tuple[FakeKakaoServer, ka.KakaoClient], body: Any, call: Call
) -> None:
    fake, kakao = echoing
    fake.respond_next(body)
    with pytest.raises(ka.KakaoDecodeError) as info:
        await call(kakao)
    rendered = "".join(traceback.format_exception(info.value))
    for text in (str(info.value), repr(info.value), rendered):
        assert TOKEN[:12] not in text, text
    assert "cannot read" in str(info.value)


async def test_a_missing_field_is_still_named(
    echoing: tuple[FakeKakaoServer, ka.KakaoClient],
) -> None:
    fake, kakao = echoing
    fake.respond_next({"name": "no id"})
    with pytest.raises(ka.KakaoDecodeError, match="missing field 'id'"):
        await kakao.moment.creatives.get(5)
