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
