"""docs/testing.md, "Seeding and reading state": the fake's Python API refuses wrong arguments as
the client does (typed KakaoInputError, nothing created), and reading an id it does not hold says
so, instead of a bare KeyError or TypeError from inside the fake."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer


@pytest.mark.parametrize(
    ("accounts", "error"),
    [
        (1, ka.KakaoInputTypeError),  # not a list
        ("12", ka.KakaoInputTypeError),  # not accounts 1 and 2
        ([2, 2], ka.KakaoInputError),  # the second's creatives would be missing from the answer
    ],
)
async def test_seed_takes_a_list_of_distinct_ad_account_ids(accounts: Any, error: type) -> None:
    async with FakeKakaoServer() as fake:
        with pytest.raises(error, match="ad_accounts"):
            fake.seed(ad_accounts=accounts, creatives_per_account=1)
        assert not fake.state.moment


@pytest.mark.parametrize(
    ("option", "value", "error"),
    [
        ("ad_account_id", None, ka.KakaoInputTypeError),
        ("ad_account_id", 0, ka.KakaoInputError),
        ("ad_group_id", "x", ka.KakaoInputTypeError),
        ("config", "MAYBE", ka.KakaoInputError),
        ("config", "on", ka.KakaoInputError),
        ("format", "", ka.KakaoInputError),
        ("format", 5, ka.KakaoInputTypeError),
        ("system_config", None, ka.KakaoInputTypeError),
        ("name", 5, ka.KakaoInputTypeError),
        ("admin_stop_reason", 5, ka.KakaoInputTypeError),
    ],
)
async def test_add_moment_creative_checks_its_arguments(
    option: str, value: object, error: type
) -> None:
    async with FakeKakaoServer() as fake:
        arguments: dict[str, Any] = {"ad_account_id": 1, option: value}
        with pytest.raises(error, match=option):
            fake.add_moment_creative(**arguments)
        assert not fake.state.moment


@pytest.mark.parametrize(
    ("option", "value", "error"),
    [
        ("ad_account_id", "x", ka.KakaoInputTypeError),
        ("biz_channel_id", 0, ka.KakaoInputError),
        ("config", "PAUSED", ka.KakaoInputError),
        ("title", None, ka.KakaoInputTypeError),
        ("description", 5, ka.KakaoInputTypeError),
        ("assets", [1], ka.KakaoInputTypeError),
        ("landing_info", "https://x", ka.KakaoInputTypeError),
        ("license", 5, ka.KakaoInputTypeError),
    ],
)
async def test_add_keyword_creative_checks_its_arguments(
    option: str, value: object, error: type
) -> None:
    async with FakeKakaoServer() as fake:
        arguments: dict[str, Any] = {"ad_account_id": 1, option: value}
        with pytest.raises(error, match=option):
            fake.add_keyword_creative(**arguments)
        assert not fake.state.keyword


async def test_the_states_a_test_may_set_are_kept() -> None:
    async with FakeKakaoServer() as fake:
        deleted = fake.add_moment_creative(ad_account_id="3", config="DEL", system_config="X")
        assert (deleted.ad_account_id, deleted.config, deleted.system_config) == (3, "DEL", "X")
        off = fake.add_keyword_creative(ad_account_id=3, config=ka.Config.OFF)
        assert off.config == "OFF"


@pytest.mark.parametrize(
    "read",
    [
        lambda fake: fake.moment_creative(999),
        lambda fake: fake.keyword_creative(999),
        lambda fake: fake.campaign(999),
        lambda fake: fake.ad_group(999),
        lambda fake: fake.ad_account(999),
        lambda fake: fake.add_ad_group(campaign_id=999),  # under a campaign it does not hold
    ],
)
async def test_reading_an_id_the_fake_does_not_hold_names_it(read: Any) -> None:
    async with FakeKakaoServer() as fake:
        with pytest.raises(ka.KakaoInputError, match="999"):
            read(fake)
