"""Bulk Keyword Ad creatives: ``get_many``/``delete_many`` and their ``start_*`` jobs, on the same
BulkJob runner as Moment's (per-item results in input order, progress, pairs across accounts)."""

from __future__ import annotations

import asyncio

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer


def seed(fake: FakeKakaoServer, account: int, count: int) -> list[int]:
    return fake.seed_keyword(ad_account_id=account, biz_channel_id=7, count=count)


async def test_get_many_in_input_order_with_per_item_failures(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = seed(fake, 1, 5)
    other = seed(fake, 2, 1)
    wanted = [ids[3], ids[0], 999999, ids[4], (2, other[0])]
    seen: list[ka.Progress] = []
    result = await kakao.keyword.creatives.get_many(wanted, concurrency=2, on_progress=seen.append)
    assert [r.item for r in result] == wanted
    assert [r.value.id if r.value else None for r in result] == [
        ids[3],
        ids[0],
        None,
        ids[4],
        other[0],
    ]
    assert isinstance(result[2].error, ka.KakaoNotFoundError)
    assert all(isinstance(r.value, ka.KeywordCreative) for r in result.succeeded)
    assert [p.done for p in seen] == [1, 2, 3, 4, 5] and seen[-1].failed == 1
    assert {r.path for r in fake.requests} == {
        f"/openapi/v1/creatives/basic/{i}" for i in (*ids[:1], ids[3], ids[4], 999999, other[0])
    }


async def test_delete_many_deletes_each_and_reports_each(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = seed(fake, 1, 4)
    result = await kakao.keyword.creatives.delete_many([*ids[:3], 888888], concurrency=3)
    assert [r.ok for r in result] == [True, True, True, False]
    assert result.values() == [None, None, None, None]
    assert [fake.keyword_creative(i).config for i in ids] == ["DEL", "DEL", "DEL", "ON"]
    assert {r.method for r in fake.requests} == {"DELETE"}


async def test_start_jobs_report_progress_and_can_be_cancelled(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = seed(fake, 1, 30)
    fake.latency = (0.01, 0.02)
    job = kakao.keyword.creatives.start_delete_many(ids, concurrency=2)
    assert isinstance(job, ka.BulkJob) and job.total == 30
    async for progress in job.watch():
        if progress.done >= 4:
            break
    job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    finished = [r for r in job.results if r is not None]
    assert 4 <= len(finished) < 30 and all(r.ok for r in finished)
    reads = kakao.keyword.creatives.start_get_many(ids[:3])
    assert (await reads.result()).ok and reads.progress.done == 3


@pytest.mark.parametrize(
    "call",
    [
        lambda k: k.keyword.creatives.get_many("123"),
        lambda k: k.keyword.creatives.get_many([1, 0]),
        lambda k: k.keyword.creatives.delete_many([1, "\u00b2"]),
        lambda k: k.keyword.creatives.delete_many([1], concurrency=0),
        lambda k: k.keyword.creatives.delete_many([(1, 2, 3)]),
        lambda k: k.keyword.creatives.get_many([1], timeout=-1),
    ],
)
async def test_bad_input_is_refused_before_sending(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, call: object
) -> None:
    with pytest.raises(ka.KakaoInputError):
        await call(kakao)  # type: ignore[operator]
    assert len(fake.requests) == 0


async def test_delete_many_values_are_none_whatever_the_body() -> None:
    # As delete() returns None: a DELETE answered with a JSON body does not make it a value.
    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        return ka.HttpResponse(200, {}, b'{"id": 5, "config": "DEL"}')

    transport = ka.MockTransport(answer)
    async with ka.KakaoClient("token", ad_account_id=1, transport=transport) as kakao:
        assert await kakao.keyword.creatives.delete(5) is None
        result = await kakao.keyword.creatives.delete_many([5, (2, 6)])
    assert result.ok and result.values() == [None, None]
    sent = [
        (r.method, r.url.rsplit("/", 1)[1], r.headers["adAccountId"]) for r in transport.requests
    ]
    assert sent == [("DELETE", "5", "1"), ("DELETE", "5", "1"), ("DELETE", "6", "2")]


async def test_delete_many_sends_each_item_under_its_own_account(fake: FakeKakaoServer) -> None:
    # review17: the per-item call reads the item's account itself (by_account gone).
    mine, theirs = seed(fake, 1, 2), seed(fake, 2, 1)
    async with ka.KakaoClient(
        "fake-kakao-token", ad_account_id=1, keyword_base_url=fake.base_url
    ) as kakao:
        result = await kakao.keyword.creatives.delete_many(
            [mine[0], ka.CreativeRef(2, theirs[0]), (1, mine[1])], concurrency=1
        )
    assert result.ok
    assert [r.ad_account_id for r in fake.requests] == ["1", "2", "1"]
    assert fake.keyword_creative(theirs[0]).config == "DEL"
