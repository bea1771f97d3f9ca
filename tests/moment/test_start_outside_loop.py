"""Starting a background bulk job outside a running event loop: README promises "a clear
RuntimeError", the same one whichever ``start_*`` method is called, and nothing submitted."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import kakao_async as ka

CLEAR = "a bulk job must be started from a running event loop"


def _answer(request: ka.HttpRequest) -> ka.HttpResponse:
    return ka.HttpResponse(200, {}, b"")


@pytest.fixture
def offline() -> Iterator[ka.KakaoClient]:
    """A client built inside a loop, then used from plain synchronous code."""

    async def build() -> ka.KakaoClient:
        return ka.KakaoClient("<token>", ad_account_id=1, transport=ka.MockTransport(_answer))

    client = asyncio.run(build())
    yield client
    asyncio.run(client.aclose())


STARTS: dict[str, Callable[[ka.KakaoClient], Any]] = {
    "creatives.start_set_configs": lambda k: k.moment.creatives.start_set_configs([(11, "OFF")]),
    "campaigns.start_set_configs": lambda k: k.moment.campaigns.start_set_configs([(11, "OFF")]),
    "ad_groups.start_set_configs": lambda k: k.moment.ad_groups.start_set_configs([(11, "OFF")]),
    "moment.start_set_configs": lambda k: k.moment.start_set_configs(
        [ka.CampaignConfigChange(11, "OFF")]
    ),
    "creatives.start_get_many": lambda k: k.moment.creatives.start_get_many([11]),
}


@pytest.mark.parametrize("name", sorted(STARTS))
def test_every_start_says_why_outside_a_running_loop(offline: ka.KakaoClient, name: str) -> None:
    with pytest.raises(RuntimeError, match=CLEAR):
        STARTS[name](offline)
    assert offline.transport.requests == []  # type: ignore[attr-defined]
