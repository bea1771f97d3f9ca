"""A bulk lane keeps its quota key pinned from one call to the next (MemoryRateLimiter.lane):
another call of the same key still gets its turn in arrival order, spacing and 429 feedback
hold at the server, and the key is released once the job ends."""

from __future__ import annotations

import asyncio
import contextlib

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer, on_off_gaps
from tests.conftest import INTERVAL

ON_OFF = "/openapi/v4/creatives/onOff"


async def until_received(fake: FakeKakaoServer, count: int) -> None:
    async def poll() -> None:
        while len(fake.requests) < count:  # noqa: ASYNC110 - the fake's log has no event
            await asyncio.sleep(0.002)

    await asyncio.wait_for(poll(), 5.0)


async def test_a_single_call_of_a_lanes_key_goes_before_the_lanes_next_call(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=4)[1]
    fake.latency = (0.05, 0.05)
    job = kakao.moment.creatives.start_set_configs([(c, "OFF") for c in ids[:3]])
    await until_received(fake, 1)
    # Queued while the lane's first call is at the server, so ahead of the lane's second:
    # arrival order, as between single calls.
    assert await kakao.moment.creatives.set_config(ids[3], "OFF") is True
    result = await job
    assert all(r.applied for r in result)
    assert [c.creative_id for c in fake.on_off_calls] == [ids[0], ids[3], ids[1], ids[2]]
    assert min(on_off_gaps(fake.on_off_calls)[1]) >= INTERVAL
    assert fake.stats()["onOffRejected"] == 0


async def test_a_429_in_a_lane_pushes_its_key_back_and_the_lane_goes_on(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    fake.fail_next(1, status=429, code=-813, path=ON_OFF)
    result = await kakao.moment.creatives.set_configs([(c, "OFF") for c in ids])
    assert all(r.applied for r in result)
    (state,) = await kakao.quota_snapshot()
    assert state.rejections == 1
    accepted = [r for r in fake.requests if r.path == ON_OFF and r.status == 200]
    assert len(accepted) == 3


async def test_the_lanes_keys_are_released_once_the_job_ends(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    seeded = fake.seed(ad_accounts=[1, 2, 3], creatives_per_account=2)
    changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in seeded.items() for c in cs]
    await kakao.moment.creatives.set_configs(changes)
    assert len(await kakao.quota_snapshot()) == 3  # cooling down
    await asyncio.sleep(INTERVAL * 3)
    assert await kakao.quota_snapshot() == ()  # cooled: evicted, nothing pinned


def test_a_limiter_of_another_event_loop_fails_each_item_and_the_job_ends() -> None:
    """The lane's hold cannot be had (the limiter serves another running loop): every item
    reports the limiter's error, as when each call takes its own hold; the job itself ends."""
    import threading

    limiter = ka.MemoryRateLimiter(interval=0.05, margin=0)
    holding = threading.Event()
    release = threading.Event()

    async def other_loop() -> None:
        async with limiter.hold("k"):
            holding.set()
            while not release.is_set():  # noqa: ASYNC110 - a thread's event, not asyncio's
                await asyncio.sleep(0.01)

    async def bulk() -> ka.BulkResult[ka.ConfigChange, ka.Config]:
        answer = ka.HttpResponse(200, {}, b"")
        async with ka.KakaoClient(
            "t", ad_account_id=1, rate_limiter=limiter, transport=ka.MockTransport(lambda r: answer)
        ) as kakao:
            return await kakao.moment.creatives.set_configs([(11, "OFF"), (12, "OFF")])

    thread = threading.Thread(target=asyncio.run, args=(other_loop(),))
    thread.start()
    try:
        assert holding.wait(5)
        result = asyncio.run(asyncio.wait_for(bulk(), 5))
    finally:
        release.set()
        thread.join(5)
    assert len(result) == 2
    for item in result:
        assert isinstance(item.error, RuntimeError)
        assert "belongs to the event loop" in str(item.error)


async def test_a_job_cancelled_before_its_lanes_ran_releases_their_keys(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    seeded = fake.seed(ad_accounts=[1, 2, 3], creatives_per_account=2)
    changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in seeded.items() for c in cs]
    job = kakao.moment.creatives.start_set_configs(changes)
    await asyncio.sleep(0)  # the job plans its lanes (their keys pinned); no lane has run yet
    job.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await job
    assert fake.on_off_calls == []
    assert await kakao.quota_snapshot() == ()  # nothing sent, nothing pinned: no key kept
