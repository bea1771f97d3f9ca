"""Last write wins per creative, whatever failed and was retried in between (issue #10.7)."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import Callable

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer
from tests.conftest import INTERVAL

ON_OFF = "/openapi/v4/creatives/onOff"


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll the fake's logs: they have no event to wait on."""

    async def poll() -> None:
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.002)

    await asyncio.wait_for(poll(), timeout)


def one_creative(fake: FakeKakaoServer, config: str) -> int:
    creative_id = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.moment_creative(creative_id).config = config
    return creative_id


async def test_a_retried_change_does_not_overtake_a_later_one_after_a_503(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    creative_id = one_creative(fake, "OFF")
    # Retry-After makes the retry wait long enough for the user's OFF to come in meanwhile.
    fake.fail_next(1, status=503, retry_after=0.3, path=ON_OFF)
    on = asyncio.ensure_future(kakao.moment.creatives.set_config(creative_id, "ON"))
    await until(lambda: any(r.status == 503 for r in fake.requests))
    off = asyncio.ensure_future(kakao.moment.creatives.set_config(creative_id, "OFF"))
    assert await on is False  # superseded: not sent again, not an error
    assert await off is True
    assert fake.moment_creative(creative_id).config == "OFF"
    assert [c.config for c in fake.on_off_calls] == ["OFF"]


async def test_a_change_rejected_with_429_does_not_overtake_one_submitted_while_in_flight(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    creative_id = one_creative(fake, "OFF")
    fake.latency = (0.05, 0.05)
    fake.fail_next(1, status=429, code=-813, path=ON_OFF)
    on = asyncio.ensure_future(kakao.moment.creatives.set_config(creative_id, "ON"))
    await until(lambda: len(fake.requests) == 1)  # ON is at the server now
    off = asyncio.ensure_future(kakao.moment.creatives.set_config(creative_id, "OFF"))
    assert await on is False and await off is True
    assert fake.moment_creative(creative_id).config == "OFF"


async def test_a_bulk_item_overtaken_by_a_later_change_reports_superseded(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    creative_id = one_creative(fake, "OFF")
    fake.fail_next(1, status=503, retry_after=0.3, path=ON_OFF)
    job = kakao.moment.creatives.start_set_configs([(creative_id, "ON")])
    await until(lambda: any(r.status == 503 for r in fake.requests))
    later = await kakao.moment.creatives.set_configs([(creative_id, "OFF")])
    result = await job
    assert later[0].applied and later[0].ok
    (item,) = result
    assert item.ok and item.superseded and not item.applied and item.error is None
    assert fake.moment_creative(creative_id).config == "OFF"


async def test_a_queued_bulk_item_is_superseded_by_a_later_single_call(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    # The job's third item waits two intervals in its lane; the user's ON for it comes first.
    job = kakao.moment.creatives.start_set_configs([(c, "OFF") for c in ids])
    await until(lambda: len(fake.on_off_calls) == 1)
    assert await kakao.moment.creatives.set_config(ids[2], "ON") is True
    result = await job
    assert [r.superseded for r in result] == [False, False, True]
    assert fake.moment_creative(ids[2]).config == "ON"
    assert [c.creative_id for c in fake.on_off_calls] == [ids[0], ids[2], ids[1]] or [
        c.creative_id for c in fake.on_off_calls
    ] == [ids[0], ids[1], ids[2]]


async def test_a_change_superseded_while_it_queued_costs_no_quota_turn(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    creative_id = one_creative(fake, "ON")
    calls = [kakao.moment.creatives.set_config(creative_id, c) for c in ("OFF", "ON", "OFF")]
    assert await asyncio.gather(*calls) == [True, False, True]
    first, last = fake.on_off_calls
    # One interval between the two calls sent, not two: the superseded ON took no turn.
    assert last.arrived_at - first.arrived_at < INTERVAL * 1.8
    assert len(kakao._requester.latest) == 0


async def test_skip_unchanged_never_skips_a_change_behind_an_older_one_in_flight(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    creative_id = one_creative(fake, "ON")
    fake.latency = (0.05, 0.05)  # the older OFF is still on its way when the read happens
    older = asyncio.ensure_future(kakao.moment.creatives.set_config(creative_id, "OFF"))
    await until(lambda: len(fake.requests) >= 1)
    (item,) = await kakao.moment.creatives.set_configs([(creative_id, "ON")], skip_unchanged=True)
    assert await older is True
    assert item.applied and not item.skipped
    assert fake.moment_creative(creative_id).config == "ON"


async def test_a_refused_call_supersedes_nothing(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    first = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[0], "OFF"))
    pending = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[1], "OFF"))
    await asyncio.sleep(0.01)
    with pytest.raises(ValueError, match="timeout"):
        await kakao.moment.creatives.set_config(ids[1], "ON", timeout=-1)
    with pytest.raises(ValueError, match="timeout"):
        kakao.moment.creatives.start_set_configs([(ids[1], "ON")], timeout=0)
    assert await first is True and await pending is True
    assert fake.moment_creative(ids[1]).config == "OFF"


async def test_a_job_cancelled_before_it_ran_leaves_no_pending_change(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=5)[1]
    job = kakao.moment.creatives.start_set_configs([(c, "OFF") for c in ids])
    assert job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    assert len(kakao._requester.latest) == 0 and fake.requests == collections.deque()
