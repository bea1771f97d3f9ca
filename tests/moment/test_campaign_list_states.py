"""``campaigns.list``: Kakao's page types ``config`` as a String, "one of ON, OFF, or DEL", and
required. The client asks one state per request, so a list of several states (the default: ON
and OFF) never depends on Kakao reading ``ON,OFF``."""

from __future__ import annotations

from urllib.parse import parse_qs

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

ROWS = {
    "ON": b'{"content": [{"id": 1, "name": "a", "config": "ON"}]}',
    "OFF": b'{"content": [{"id": 2, "name": "b", "config": "OFF"}]}',
    "DEL": b'{"content": [{"id": 3, "name": "c", "config": "DEL"}]}',
}


def answer(request: ka.HttpRequest) -> ka.HttpResponse:
    (state,) = dict(request.params)["config"].split(",")  # one state, or this raises
    return ka.HttpResponse(200, {}, ROWS[state])


@pytest.mark.parametrize(
    ("config", "asked", "ids"),
    [
        (None, ["ON", "OFF"], [1, 2]),
        ("DEL", ["DEL"], [3]),
        (["OFF", "ON"], ["OFF", "ON"], [2, 1]),
        (["ON", "ON", "DEL"], ["ON", "DEL"], [1, 3]),
    ],
)
async def test_each_state_is_its_own_request(
    config: object, asked: list[str], ids: list[int]
) -> None:
    mock = ka.MockTransport(answer)
    async with ka.KakaoClient("t", ad_account_id=3, transport=mock) as kakao:
        campaigns = await kakao.moment.campaigns.list(config=config)  # type: ignore[arg-type]
    assert [dict(r.params)["config"] for r in mock.requests] == asked
    assert [c.id for c in campaigns] == ids


async def test_the_fake_takes_one_state_per_request_as_kakaos_page_says() -> None:
    async with FakeKakaoServer() as fake:
        fake.add_campaign(ad_account_id=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
        ) as kakao:
            assert len(await kakao.moment.campaigns.list()) == 1
        listed = [r for r in fake.requests if r.path == "/openapi/v4/campaigns"]
        assert [parse_qs(r.query)["config"] for r in listed] == [["ON"], ["OFF"]]
        headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}
        async with aiohttp.ClientSession() as session:
            url = f"{fake.base_url}/openapi/v4/campaigns?config=ON,OFF"
            async with session.get(url, headers=headers) as resp:
                assert resp.status == 400
                assert "one of ON, OFF, DEL" in (await resp.json())["extras"]["detailMsg"]
