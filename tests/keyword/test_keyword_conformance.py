"""Kakao Keyword Ad v1 creatives as Kakao's Korean document describes them (``/work/shared/seeds``;
its samples are the ``keyword_*.json`` files under ``tests/data``): method, path, query names,
headers and the JSON body, read off the wire (``MockTransport`` keeps the exact header names).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import kakao_async as ka
from tests.conftest import sample, sample_bytes

TOKEN = "keyword-token"
ACCOUNT = 1111111111


def _answer(request: ka.HttpRequest) -> ka.HttpResponse:
    if request.method == "DELETE":
        return ka.HttpResponse(200, {"Content-Length": "0"}, b"")
    if request.method == "POST":
        return ka.HttpResponse(200, {}, sample_bytes("keyword_create_response.json"))
    if request.path.endswith("/basic"):
        return ka.HttpResponse(200, {}, sample_bytes("keyword_list.json"))
    return ka.HttpResponse(200, {}, sample_bytes("keyword_creative.json"))


async def _sent(call: Callable[[ka.KakaoClient], Awaitable[Any]]) -> ka.HttpRequest:
    transport = ka.MockTransport(_answer)
    async with ka.KakaoClient(TOKEN, ad_account_id=ACCOUNT, transport=transport) as kakao:
        await call(kakao)
    (request,) = transport.requests
    assert request.url.startswith("https://api.keywordad.kakao.com" + request.path)
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["adAccountId"] == str(ACCOUNT)
    return request


async def test_list_sends_the_documented_query() -> None:
    sent = await _sent(
        lambda k: k.keyword.creatives.list(biz_channel_id=2222222221, config="ON", page=0, limit=10)
    )
    assert (sent.method, sent.path, sent.body) == ("GET", "/openapi/v1/creatives/basic", None)
    assert sorted(sent.params) == [
        ("bizChannelId", "2222222221"),
        ("config", "ON"),
        ("limit", "10"),
        ("page", "0"),
    ]


async def test_get_delete_paths() -> None:
    got = await _sent(lambda k: k.keyword.creatives.get(66666666661))
    assert (got.method, got.path, got.params) == (
        "GET",
        "/openapi/v1/creatives/basic/66666666661",
        (),
    )
    gone = await _sent(lambda k: k.keyword.creatives.delete(66666666661))
    # Not under /basic, as the document's DELETE row says.
    assert (gone.method, gone.path, gone.body) == (
        "DELETE",
        "/openapi/v1/creatives/66666666661",
        None,
    )


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


async def test_create_sends_the_documents_request_sample() -> None:
    """Built from the sample's own values, the body is the sample (its explicit ``null``\\ s are
    left out: README, Models)."""
    doc = sample("keyword_create_request.json")
    sent = await _sent(
        lambda k: k.keyword.creatives.create(
            biz_channel_id=2222222221,
            name=doc["name"],
            title=doc["title"],
            description=doc["description"],
            landing_info=ka.decode(ka.LandingInfo, doc["landingInfo"]),
            license=ka.decode(ka.License, doc["license"]),
            assets=ka.decode(ka.Assets, doc["assets"]),
        )
    )
    assert (sent.method, sent.path) == ("POST", "/openapi/v1/creatives/basic")
    assert sent.headers["Content-Type"].startswith("application/json")
    assert sent.body is not None
    assert json.loads(sent.body) == _without_nulls(doc)


@pytest.mark.parametrize(
    ("assets", "expected"),
    [
        (ka.Assets(phone_number="010-1234-5678"), {"phoneNumber": "010-1234-5678"}),
        (ka.Assets(talk_channel_id="@kakao1"), {"talkChannelId": "@kakao1"}),
        (
            ka.Assets(additional_title="추가제목", price_tables=()),
            {"additionalTitle": "추가제목"},
        ),
    ],
)
async def test_create_sends_only_the_assets_given(assets: ka.Assets, expected: Any) -> None:
    """Extension assets the caller did not give are not sent as empty lists: the document's
    request lists only the assets a creative has."""
    sent = await _sent(
        lambda k: k.keyword.creatives.create(
            biz_channel_id=2222222221, name="n", title="t", description="d", assets=assets
        )
    )
    assert sent.body is not None
    assert json.loads(sent.body) == {
        "name": "n",
        "title": "t",
        "description": "d",
        "bizChannelId": "2222222221",
        "assets": expected,
    }
