"""Keyword Ad creatives as README and the errors module document them, checked by a user who
reads nothing else: arguments of the wrong kind are refused before any request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

Call = Callable[[ka.KakaoClient], Any]

#: Of the wrong kind: errors.py says "a value that is not of an accepted kind ... raises its
#: subclass KakaoInputTypeError", as `page_size=True` or `concurrency=1.5` already do.
WRONG_KIND: list[tuple[str, Call]] = [
    ("limit bool", lambda k: k.keyword.creatives.list(biz_channel_id=1, limit=True)),
    ("limit text", lambda k: k.keyword.creatives.list(biz_channel_id=1, limit="10")),
    ("page float", lambda k: k.keyword.creatives.list(biz_channel_id=1, page=1.0)),
    ("page_size float", lambda k: k.keyword.creatives.iter(biz_channel_id=1, page_size=10.0)),
    (
        "name int",
        lambda k: k.keyword.creatives.create(biz_channel_id=1, name=3, title="t", description="d"),
    ),
    (
        "title bytes",
        lambda k: k.keyword.creatives.create(
            biz_channel_id=1, name="n", title=b"t", description="d"
        ),
    ),
]


async def _call(kakao: ka.KakaoClient, call: Call) -> None:
    result = call(kakao)
    if hasattr(result, "__anext__"):
        await result.__anext__()
    else:
        await result


@pytest.mark.parametrize("call", [c[1] for c in WRONG_KIND], ids=[c[0] for c in WRONG_KIND])
async def test_keyword_arguments_of_the_wrong_kind_are_type_errors(
    fake: FakeKakaoServer, call: Call
) -> None:
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, keyword_base_url=fake.base_url
    ) as kakao:
        with pytest.raises(ka.KakaoInputTypeError):
            await _call(kakao, call)
    assert len(fake.requests) == 0


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"biz_channel_id": 0}, ka.KakaoInputError),
        ({"biz_channel_id": 1, "page_size": 0}, ka.KakaoInputError),
        ({"biz_channel_id": 1, "page_size": 1001}, ka.KakaoInputError),
        ({"biz_channel_id": 1, "config": "OFF"}, ka.KakaoInputError),
        ({"biz_channel_id": 1, "ad_account_id": -1}, ka.KakaoInputError),
        ({"biz_channel_id": 1, "timeout": 0}, ka.KakaoInputError),
    ],
)
async def test_iter_refuses_its_arguments_at_the_call(
    options: dict[str, Any], error: type[Exception]
) -> None:
    # As ad_accounts.list does: `pages = kakao.keyword.creatives.iter(...)` raises where it is
    # written, not at the first `async for` somewhere else.
    async with FakeKakaoServer() as fake:
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, keyword_base_url=fake.base_url
        ) as kakao:
            with pytest.raises(error):
                kakao.keyword.creatives.iter(**options)
        assert len(fake.requests) == 0


async def test_create_names_the_argument_it_refuses() -> None:
    # The argument is landing_info=; "landingInfo" is only the wire's name for it.
    async with FakeKakaoServer() as fake:
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, keyword_base_url=fake.base_url
        ) as kakao:
            with pytest.raises(ka.KakaoInputTypeError, match=r"^landing_info must be"):
                await kakao.keyword.creatives.create(
                    biz_channel_id=1,
                    name="n",
                    title="t",
                    description="d",
                    landing_info={"url": "https://example.com"},  # type: ignore[arg-type]
                )
        assert len(fake.requests) == 0


@pytest.mark.parametrize("text", ["n\ud800", "\udfff"])
async def test_create_refuses_text_json_cannot_carry_before_sending(text: str) -> None:
    # A lone surrogate passes a str check but UTF-8 cannot carry it: refused at the call, not
    # as a bare UnicodeEncodeError when the request is written.
    async with FakeKakaoServer() as fake:
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, keyword_base_url=fake.base_url
        ) as kakao:
            with pytest.raises(ka.KakaoInputError, match="JSON"):
                await kakao.keyword.creatives.create(
                    biz_channel_id=1, name=text, title="t", description="d"
                )
        assert len(fake.requests) == 0
