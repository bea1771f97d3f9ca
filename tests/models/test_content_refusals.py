"""review22: a Moment list (``{"content": [...]}``) answered with what is not one. An empty body,
whitespace or a JSON ``null`` is an empty list (``_decoders.content``, this stop); a body that
is JSON but not an object with ``content`` is refused, and its error should say what came."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN

LISTS: dict[str, Callable[[ka.KakaoClient], Awaitable[Any]]] = {
    "creatives": lambda k: k.moment.creatives.list(ad_group_id=1),
    "ad_groups": lambda k: k.moment.ad_groups.list(campaign_id=1),
    "campaigns": lambda k: k.moment.campaigns.list(config="ON"),
}


async def answered(body: bytes, name: str) -> Any:
    transport = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, body))
    async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, transport=transport) as kakao:
        return await LISTS[name](kakao)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("body", [b" ", b"\r\n", b"null"], ids=["space", "crlf", "null"])
async def test_a_blank_or_null_body_is_an_empty_list(body: bytes, name: str) -> None:
    assert await answered(body, name) == []


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    ("body", "came"),
    [(b"{}", "dict"), (b"[]", "list"), (b'{"contents": []}', "dict"), (b'"x"', "str")],
    ids=["object", "array", "misspelt", "text"],
)
async def test_a_body_that_is_not_a_list_answer_is_refused_saying_what_came(
    body: bytes, came: str, name: str
) -> None:
    with pytest.raises(ka.KakaoDecodeError) as caught:
        await answered(body, name)
    assert "NoneType" not in str(caught.value) and came in str(caught.value), str(caught.value)
