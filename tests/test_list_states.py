"""A list's ``config`` filter takes the states its declaration names (``Endpoint.states``), and
the places that check it read that one declaration: the service (before any request) and the fake
server here, the CLI's ``--config`` in ``tests/cli/test_list_states_cli.py``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.endpoints import ENDPOINTS, Endpoint
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

LISTS = [e for e in ENDPOINTS if e.states]
#: The query each list needs besides ``config`` (the fake refuses a list without it).
NEEDS = {
    "moment.ad_accounts.list": "",
    "moment.campaigns.list": "",
    "moment.ad_groups.list": "campaignId=1&",
    "moment.creatives.list": "adGroupId=1&",
    "keyword.creatives.list": "bizChannelId=1&",
    "keyword.keywords.list": "adGroupId=1&",
}
#: The service call of each list, given a ``config``.
CALLS: dict[str, Callable[[ka.KakaoClient, Any], Awaitable[Any]]] = {
    "moment.ad_accounts.list": lambda k, c: k.moment.ad_accounts.list(config=c).__anext__(),
    "moment.campaigns.list": lambda k, c: k.moment.campaigns.list(config=c),
    "moment.ad_groups.list": lambda k, c: k.moment.ad_groups.list(campaign_id=1, config=c),
    "moment.creatives.list": lambda k, c: k.moment.creatives.list(ad_group_id=1, config=c),
    "keyword.creatives.list": lambda k, c: k.keyword.creatives.list(biz_channel_id=1, config=c),
    "keyword.keywords.list": lambda k, c: k.keyword.keywords.list(ad_group_id=1, config=c),
}


def test_each_list_declares_the_states_kakaos_page_gives_it() -> None:
    assert {e.name: e.states for e in LISTS} == {
        "moment.ad_accounts.list": ("ON", "OFF", "DEL"),
        "moment.campaigns.list": ("ON", "OFF", "DEL"),
        "moment.ad_groups.list": ("ON", "OFF", "DEL"),
        "moment.creatives.list": ("ON", "OFF", "DEL"),
        # The Korean Keyword Ad page: "소재 상태 ON, DEL 중 하나".
        "keyword.creatives.list": ("ON", "DEL"),
        "keyword.keywords.list": ("ON", "OFF", "DEL"),
    }
    assert set(NEEDS) == set(CALLS) == {e.name for e in LISTS}


@pytest.mark.parametrize("endpoint", LISTS, ids=lambda e: e.name)
async def test_the_fake_takes_each_declared_state_and_refuses_any_other(endpoint: Endpoint) -> None:
    headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}
    base = endpoint.path + "?" + NEEDS[endpoint.name]
    async with FakeKakaoServer() as fake, aiohttp.ClientSession() as session:
        for state in (*endpoint.states, "PAUSED"):
            url = f"{fake.base_url}{base}config={state}"
            async with session.get(url, headers=headers) as response:
                assert (response.status == 200) is (state in endpoint.states), (state, url)


@pytest.mark.parametrize("endpoint", LISTS, ids=lambda e: e.name)
async def test_the_service_refuses_an_undeclared_state_before_any_request(
    endpoint: Endpoint,
) -> None:
    undeclared = next(s for s in ("OFF", "PAUSED") if s not in endpoint.states)
    async with FakeKakaoServer() as fake:
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            keyword_base_url=fake.base_url,
        ) as kakao:
            with pytest.raises(ka.KakaoInputError, match="config must be among"):
                await CALLS[endpoint.name](kakao, undeclared)
        assert len(fake.requests) == 0


@pytest.mark.parametrize("states", ["ON", [1], 5, ("ON", None)])
def test_a_user_built_endpoint_refuses_states_that_are_no_tuple_of_text(states: object) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match=r"Endpoint\.states must be a tuple of states"):
        Endpoint(name="my.lists.list", api="moment", method="GET", path="/p", states=states)  # type: ignore[arg-type]


def test_a_user_built_endpoint_keeps_its_states_as_a_tuple_so_it_hashes() -> None:
    endpoint = Endpoint(name="my.lists.list", api="moment", method="GET", path="/p", states=["ON"])
    assert endpoint.states == ("ON",) and hash(endpoint) == hash(endpoint)
