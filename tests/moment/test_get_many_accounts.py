"""``get_many`` across ad accounts: ``(ad_account_id, creative_id)`` pairs (or
:class:`CreativeRef`\\ s) next to plain ids, which keep using the call's or the client's account."""

from __future__ import annotations

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer


async def test_pairs_fetch_from_their_own_accounts(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1, 2, 3], creatives_per_account=2)
    wanted = [(3, ids[3][1]), ka.CreativeRef(2, ids[2][0]), (1, ids[1][0]), (2, ids[3][0])]
    result = await kakao.moment.creatives.get_many(wanted, concurrency=2)
    assert [r.item for r in result] == wanted  # CreativeRef is a (ad_account_id, creative_id)
    assert all(isinstance(r.item, ka.CreativeRef) for r in result)
    assert [r.value.id for r in result[:3] if r.value is not None] == [
        ids[3][1],
        ids[2][0],
        ids[1][0],
    ]
    # Creative ids[3][0] is not in account 2: Kakao's not-found, for that item only.
    assert isinstance(result[3].error, ka.KakaoNotFoundError)
    sent = sorted((r.ad_account_id, r.path) for r in fake.requests)
    assert sent == sorted(
        (str(a), f"/openapi/v4/creatives/{c}")
        for a, c in [(3, ids[3][1]), (2, ids[2][0]), (1, ids[1][0]), (2, ids[3][0])]
    )


async def test_plain_ids_keep_working_and_mix_with_pairs(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=2)
    old = await kakao.moment.creatives.get_many(ids[1])  # the client's account 1
    assert [r.item for r in old] == ids[1] and old.ok
    other = await kakao.moment.creatives.get_many(ids[2], ad_account_id=2)
    assert other.ok
    mixed = await kakao.moment.creatives.get_many([ids[2][0], (1, ids[1][1])], ad_account_id=2)
    assert mixed.ok and [r.item for r in mixed] == [ids[2][0], (1, ids[1][1])]
    assert type(mixed[0].item) is int


async def test_pairs_need_no_default_account(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[4], creatives_per_account=1)
    async with ka.KakaoClient("fake-kakao-token", moment_base_url=fake.base_url) as kakao:
        result = await kakao.moment.creatives.get_many([(4, ids[4][0])])
        assert result.ok
        with pytest.raises(ka.KakaoInputError, match="ad_account_id is required"):
            await kakao.moment.creatives.get_many([(4, ids[4][0]), 5])


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([(1, 2, 3)], "pair"),
        ([(1,)], "pair"),
        ([(0, 5)], "ad_account_id"),
        ([(1, "\u00b2")], "creative_id"),
        ([{"ad_account_id": 1}], "pair"),
        ([(1, 5), 0], "creative_id"),
    ],
)
async def test_bad_pairs_are_refused_before_sending(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, items: list[object], message: str
) -> None:
    with pytest.raises(ka.KakaoInputError, match=message):
        await kakao.moment.creatives.get_many(items)  # type: ignore[arg-type]
    with pytest.raises(ka.KakaoInputError, match=message):
        kakao.moment.creatives.start_get_many(items)  # type: ignore[arg-type]
    assert len(fake.requests) == 0


async def test_a_bad_timeout_is_refused_at_the_call_not_per_item(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    with pytest.raises(ka.KakaoInputError, match="timeout"):
        await kakao.moment.creatives.get_many([1, 2], timeout=0)
    assert len(fake.requests) == 0


async def test_a_bad_ad_account_id_is_refused_even_when_every_item_is_a_pair(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    with pytest.raises(ka.KakaoInputError, match="ad_account_id"):
        await kakao.moment.creatives.get_many([(1, 5)], ad_account_id=0)
    assert len(fake.requests) == 0


async def test_each_item_is_sent_with_its_own_account_header(fake: FakeKakaoServer) -> None:
    # review17: the per-item call reads the item's account itself (by_account gone): a pair or
    # CreativeRef its own, a plain id (int or digits) the call's, else the client's.
    ids = fake.seed(ad_accounts=[1, 2, 3], creatives_per_account=2)
    async with ka.KakaoClient(
        "fake-kakao-token", ad_account_id=1, moment_base_url=fake.base_url
    ) as kakao:
        items: list[object] = [
            ids[1][0],
            (3, ids[3][0]),
            str(ids[1][1]),
            ka.CreativeRef(2, ids[2][1]),
            [2, ids[2][0]],
        ]
        result = await kakao.moment.creatives.get_many(items, concurrency=1)  # type: ignore[arg-type]
        assert result.ok
        assert [r.value.id for r in result if r.value is not None] == [
            ids[1][0],
            ids[3][0],
            ids[1][1],
            ids[2][1],
            ids[2][0],
        ]
        sent = [(r.ad_account_id, r.path.rsplit("/", 1)[1]) for r in fake.requests]
        assert sent == [
            ("1", str(ids[1][0])),
            ("3", str(ids[3][0])),
            ("1", str(ids[1][1])),
            ("2", str(ids[2][1])),
            ("2", str(ids[2][0])),
        ]
        # The call's account beats the client's for plain ids only.
        before = len(fake.requests)
        again = await kakao.moment.creatives.get_many(
            [ids[3][1], (1, ids[1][0])], ad_account_id=3, concurrency=1
        )
        assert again.ok
        assert [r.ad_account_id for r in fake.requests[before:]] == ["3", "1"]
