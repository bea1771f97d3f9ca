"""Bad input to the fake's documented helpers (docs/testing.md: ``chaos``, ``add_oauth_client``,
``record_bodies``, ``restricted_ad_accounts``, ``on_off_gaps`` / ``on_off_arrivals``,
``quota_gaps``) is a clear KakaoInputError / KakaoInputTypeError before anything happens,
never a bare TypeError, KeyError or AttributeError, nor a value quietly taken for another."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import (
    DEFAULT_TOKEN,
    FakeKakaoServer,
    OnOffCall,
    on_off_arrivals,
    on_off_gaps,
    quota_gaps,
)


@pytest.mark.parametrize(
    ("kinds", "error"),
    [
        (None, ka.KakaoInputTypeError),
        ("status", ka.KakaoInputTypeError),  # not s, t, a, t, u, s
        (5, ka.KakaoInputTypeError),
        ([], ka.KakaoInputError),
        (["status", "explode"], ka.KakaoInputError),
    ],
)
async def test_chaos_kinds_must_be_a_list_of_kinds(kinds: Any, error: type) -> None:
    async with FakeKakaoServer() as fake:
        with pytest.raises(error, match="kinds"):
            fake.chaos(0.5, kinds=kinds)
        assert fake.fault_queue.chaos is None  # still off


async def test_chaos_takes_any_iterable_of_kinds() -> None:
    async with FakeKakaoServer(seed=1) as fake:
        fake.chaos(1.0, kinds=(k for k in ["status"]))
        fake.chaos(1.0, kinds={"429"})
        fake.chaos(0)


@pytest.mark.parametrize("rotate", ["yes", "no", 1, None])
async def test_add_oauth_client_rotate_is_true_or_false(rotate: Any) -> None:
    async with FakeKakaoServer() as fake:
        with pytest.raises(ka.KakaoInputTypeError, match="rotate"):
            fake.add_oauth_client(client_id="app", refresh_token="r", rotate=rotate)
        assert not fake.credentials.clients


@pytest.mark.parametrize("value", ["yes", None, 1])
def test_record_bodies_is_true_or_false(value: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="record_bodies"):
        FakeKakaoServer(record_bodies=value)


@pytest.mark.parametrize("account", ["9", 0, 1.5, True, None])
async def test_restricted_ad_accounts_take_ad_account_ids(account: Any) -> None:
    """``fake.restricted_ad_accounts.add("9")`` would restrict nothing: the fake compares the
    header's number with the set."""
    async with FakeKakaoServer() as fake:
        with pytest.raises(ka.KakaoInputError, match="restricted_ad_accounts"):
            fake.restricted_ad_accounts.add(account)
        with pytest.raises(ka.KakaoInputError, match="restricted_ad_accounts"):
            fake.restricted_ad_accounts.update([3, account])
        with pytest.raises(ka.KakaoInputError, match="restricted_ad_accounts"):
            fake.restricted_ad_accounts |= {account}
        with pytest.raises(ka.KakaoInputError, match="restricted_ad_accounts"):
            fake.restricted_ad_accounts = {account}  # type: ignore[assignment]
        assert fake.restricted_ad_accounts == set()


async def test_restricted_ad_accounts_answer_403() -> None:
    async with FakeKakaoServer() as fake:
        fake.add_moment_creative(ad_account_id=9, id=5)
        fake.restricted_ad_accounts.add(9)
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=9, moment_base_url=fake.base_url
        ) as kakao:
            with pytest.raises(ka.KakaoPermissionError) as denied:
                await kakao.moment.creatives.get(5)
            assert denied.value.detail_code == 30002
            fake.restricted_ad_accounts = {8}  # replaced: 9 is open again
            assert (await kakao.moment.creatives.get(5)).id == 5
            fake.restricted_ad_accounts.discard(8)
            assert fake.restricted_ad_accounts == set()


@pytest.mark.parametrize(
    ("calls", "error"),
    [
        (None, ka.KakaoInputTypeError),
        (5, ka.KakaoInputTypeError),
        ("calls", ka.KakaoInputTypeError),
        ([1], ka.KakaoInputTypeError),
        ([{}], ka.KakaoInputError),  # no ad_account_id / arrived_at
        ([{"ad_account_id": 1}], ka.KakaoInputError),
        ([{"ad_account_id": "x", "arrived_at": 1.0}], ka.KakaoInputError),
        ([{"ad_account_id": 1, "arrived_at": "soon"}], ka.KakaoInputError),
    ],
)
@pytest.mark.parametrize("read", [on_off_gaps, on_off_arrivals])
def test_on_off_gaps_refuse_what_is_not_on_off_calls(read: Any, calls: Any, error: type) -> None:
    with pytest.raises(error, match="calls"):
        read(calls)


@pytest.mark.parametrize(
    "calls",
    [
        None,
        5,
        "calls",
        [1],
        [{"quota": "campaigns.onOff"}],
        [OnOffCall(user="u", ad_account_id=1, creative_id=1, config="OFF", arrived_at=1.0)],
    ],
)
def test_quota_gaps_refuse_what_is_not_quota_calls(calls: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="calls"):
        quota_gaps(calls)


@pytest.mark.parametrize("seed", [[1], {}, object()])
def test_seed_is_a_seed_the_random_generator_takes(seed: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="seed"):
        FakeKakaoServer(seed=seed)


@pytest.mark.parametrize("seed", [None, 7, "replay", b"replay"])
def test_seed_takes_what_random_takes(seed: Any) -> None:
    FakeKakaoServer(seed=seed)


@pytest.mark.parametrize("name", [["campaigns.onOff"], {}, None, 5])
async def test_set_quota_names_a_quota(name: Any) -> None:
    async with FakeKakaoServer() as fake:
        before = dict(fake.quotas)
        with pytest.raises(ka.KakaoInputError, match="quota name"):
            fake.set_quota(name, 1.0)
        with (
            pytest.warns(DeprecationWarning, match=r"use set_quota\(\)"),
            pytest.raises(ka.KakaoInputError, match="quota name"),
        ):
            fake.set_quota_interval(name, 1.0)
        assert dict(fake.quotas) == before
