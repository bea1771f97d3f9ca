"""A seeding call that would make more objects than a test fake can hold in reasonable time is
refused at once (a typo such as 1e9 creatives per account hung a standalone fake)."""

from __future__ import annotations

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.testing import MAX_SEEDED, FakeKakaoServer


@pytest.mark.parametrize(
    "seed",
    [
        lambda f: f.seed(ad_accounts=[1, 2], creatives_per_account=MAX_SEEDED // 2 + 1),
        lambda f: f.seed_keyword(ad_account_id=1, count=MAX_SEEDED + 1),
        lambda f: f.seed_hierarchy(
            ad_accounts=[1], campaigns_per_account=1000, ad_groups_per_campaign=1000
        ),
        lambda f: f.seed_hierarchy(
            ad_accounts=[1], campaigns_per_account=10**9, ad_groups_per_campaign=10**9
        ),
    ],
)
def test_a_seeding_call_over_the_limit_makes_nothing(seed: object) -> None:
    fake = FakeKakaoServer()
    with pytest.raises(ka.KakaoInputError, match="at most"):
        seed(fake)  # type: ignore[operator]
    assert fake.state.moment == {} and fake.state.keyword == {}


def test_a_seeding_call_at_the_limit_is_allowed() -> None:
    fake = FakeKakaoServer()
    assert len(fake.seed_keyword(ad_account_id=1, count=3)) == 3
    # The limit counts objects: campaigns, ad groups and creatives alike.
    seeded = fake.seed_hierarchy(
        ad_accounts=[1], campaigns_per_account=2, ad_groups_per_campaign=2, creatives_per_ad_group=1
    )
    assert len(seeded[1].creatives) == 4


async def test_the_control_api_answers_400_for_a_seed_over_the_limit() -> None:
    async with FakeKakaoServer() as fake, aiohttp.ClientSession() as session:
        async with session.post(
            f"{fake.base_url}/_fake/seed",
            json={"adAccounts": [1], "creativesPerAccount": 10**9},
        ) as response:
            assert response.status == 400
            assert "at most" in (await response.json())["error"]
        assert fake.state.moment == {}
