"""docs/testing.md, "Seeding and reading state": ids come from one sequence shared by both APIs
(and by campaigns and ad groups). An ``id=`` given to ``add_*`` is that object's for good: the
sequence never hands it out again, a second object may not take it, and only a positive id is
one."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer


async def test_the_sequence_skips_an_id_a_test_chose() -> None:
    async with FakeKakaoServer() as fake:
        chosen = fake.add_moment_creative(ad_account_id=1, id=1001, name="chosen")
        seeded = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        keyword = fake.add_keyword_creative(ad_account_id=1, id=1004)
        more = fake.seed_keyword(ad_account_id=1, count=2)
        assert 1001 not in seeded and 1004 not in more
        assert fake.moment_creative(1001) is chosen and chosen.name == "chosen"
        assert fake.keyword_creative(1004) is keyword
        assert len({*seeded, *more, chosen.id, keyword.id}) == 6


@pytest.mark.parametrize(
    "second",
    [
        lambda fake: fake.add_moment_creative(ad_account_id=2, id=42),
        lambda fake: fake.add_keyword_creative(ad_account_id=2, id=42),
    ],
)
async def test_an_id_in_use_is_refused(second: Any) -> None:
    async with FakeKakaoServer() as fake:
        first = fake.add_moment_creative(ad_account_id=1, id=42)
        with pytest.raises(ka.KakaoInputError, match="42"):
            second(fake)
        assert fake.moment_creative(42) is first


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (0, ka.KakaoInputError),
        (-5, ka.KakaoInputError),
        (True, ka.KakaoInputTypeError),
        (1.5, ka.KakaoInputTypeError),
    ],
)
async def test_an_id_that_is_not_a_positive_integer_is_refused(bad: Any, error: type) -> None:
    async with FakeKakaoServer() as fake:
        with pytest.raises(error, match="id"):
            fake.add_moment_creative(ad_account_id=1, id=bad)
        with pytest.raises(error, match="id"):
            fake.add_keyword_creative(ad_account_id=1, id=bad)
        assert not fake.state.moment and not fake.state.keyword


async def test_a_campaign_an_ad_group_and_a_creative_may_share_an_id_two_campaigns_not() -> None:
    async with FakeKakaoServer() as fake:
        campaign = fake.add_campaign(ad_account_id=1, id=77)
        group = fake.add_ad_group(campaign_id=campaign.id, id=77)
        fake.add_moment_creative(ad_account_id=1, ad_group_id=group.id, id=77)
        with pytest.raises(ka.KakaoInputError, match="77"):
            fake.add_campaign(ad_account_id=1, id=77)
        with pytest.raises(ka.KakaoInputError, match="77"):
            fake.add_ad_group(campaign_id=campaign.id, id=77)
        assert fake.campaign(77) is campaign and fake.ad_group(77) is group
