"""The ``kakao_fake`` fixture users get from the installed pytest plugin."""

from __future__ import annotations

import asyncio

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer


async def test_async_test_uses_the_fixture(kakao_fake: FakeKakaoServer) -> None:
    ids = kakao_fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=kakao_fake.base_url, on_off_interval=0.05
    ) as kakao:
        result = await kakao.moment.creatives.set_configs([(i, "OFF") for i in ids])
    assert result.ok and kakao_fake.on_off_rejections == 0
    assert [kakao_fake.moment_creative(i).config for i in ids] == ["OFF"] * 3


def test_sync_test_uses_the_fixture(kakao_fake: FakeKakaoServer) -> None:
    c = kakao_fake.add_moment_creative(ad_account_id=7)

    async def fetch() -> ka.MomentCreative:
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=7, moment_base_url=kakao_fake.base_url
        ) as kakao:
            return await kakao.moment.creatives.get(c.id)

    assert asyncio.run(fetch()).id == c.id
