"""README's sentences on a job's BaseException, whose TimeoutError, and Keyword Ad landings, each
checked as a user reads it.

- Bulk operations: "A ``BaseException`` of your own that is not an ``Exception``, raised inside
  a job's work (a ``MockTransport`` handler, a ``BulkJob.map`` function, an ``on_progress``
  callback), is no item's failure ... ``KeyboardInterrupt`` and ``SystemExit`` are different:
  asyncio lets them out of the event loop from any task, so ``asyncio.run()`` raises them, and
  the job is cancelled as the loop shuts down".
- Reliability: "``KakaoTimeoutError`` is not the builtin ``TimeoutError``: ``except
  TimeoutError`` around a call catches your own ``asyncio.timeout()`` / ``asyncio.wait_for()``,
  which cancels the call (its ``CallEnded`` says ``cancelled``; a call already sent still counts
  as its key's quota turn)".
- Keyword Ad table: a landing "that sets Kakao Moment's fields ... is refused before sending"
  (the suite checked the refusals; here every legitimate shape still goes out).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import kakao_async as ka
from kakao_async import events
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import INTERVAL

README = Path(__file__).resolve().parent.parent / "README.md"


class Shutdown(BaseException):
    """One of your own, not an ``Exception``."""


# --- A BaseException inside a job's work ----------------------------------------------------


def _job(where: str, exc: type[BaseException]) -> ka.BulkJob[int, int]:
    """A job of 5 items, one at a time, whose second item raises ``exc`` from ``where``."""

    async def fn(item: int) -> int:
        await asyncio.sleep(0)
        if where == "map" and item == 2:
            raise exc
        return item

    def progress(p: ka.Progress) -> None:
        if where == "on_progress" and p.done == 2:
            raise exc

    return ka.BulkJob.map([1, 2, 3, 4, 5], fn, concurrency=1, on_progress=progress)


@pytest.mark.parametrize("where", ["map", "on_progress"])
async def test_a_base_exception_of_your_own_in_map_or_on_progress_ends_the_job(
    where: str,
) -> None:
    job = _job(where, Shutdown)
    with pytest.raises(Shutdown):
        await job
    with pytest.raises(Shutdown):
        await job.result()
    assert [p.done async for p in job.watch()] == [job.progress.done]
    assert job.done() and not job.cancelled()
    # The item whose report raised has its result; every later one stays None.
    finished = 1 if where == "map" else 2
    assert [r is not None for r in job.results] == [True] * finished + [False] * (5 - finished)


def _readme() -> str:
    """README.md with its line breaks and runs of spaces as single spaces."""
    return " ".join(README.read_text(encoding="utf-8").split())


@pytest.mark.parametrize("exc", [KeyboardInterrupt, SystemExit])
@pytest.mark.parametrize("where", ["map", "on_progress"])
def test_keyboard_interrupt_or_system_exit_in_a_job_leaves_the_loop(
    where: str, exc: type[BaseException]
) -> None:
    """What asyncio does with these two from any task (``Task.__step`` re-raises them out of
    the event loop): ``asyncio.run()`` raises them, the job is cancelled as the loop shuts
    down, ``await job`` there raises ``CancelledError``. The same on 3.10, 3.11 and 3.12. Its
    own loop, so what leaves ``asyncio.run()`` leaves only this test."""
    seen: dict[str, Any] = {}

    async def main() -> None:
        job = _job(where, exc)
        try:
            await job
        except BaseException as error:
            seen["await job"] = type(error)
            seen["cancelled"] = job.cancelled()
            raise

    try:
        asyncio.run(main())
    except BaseException as error:  # what asyncio.run() let out, whatever it is
        seen["asyncio.run"] = type(error)
    assert seen == {
        "await job": asyncio.CancelledError,
        "cancelled": True,
        "asyncio.run": exc,
    }


def test_readme_tells_keyboard_interrupt_from_a_base_exception_of_your_own() -> None:
    text = _readme()
    assert "(`KeyboardInterrupt`, `SystemExit`, one of your own)" not in text
    assert "`KeyboardInterrupt` and `SystemExit` are different" in text
    assert "`asyncio.run()` raises them" in text


# --- whose TimeoutError ---------------------------------------------------------------------


def _hanging() -> ka.KakaoClient:
    async def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    return ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, transport=ka.MockTransport(handler))


@pytest.mark.skipif(
    sys.version_info >= (3, 11), reason="3.11+: asyncio.TimeoutError is the builtin TimeoutError"
)
async def test_except_timeout_error_catches_wait_for_around_a_call() -> None:
    async with _hanging() as kakao:
        try:
            await asyncio.wait_for(kakao.moment.creatives.list(ad_group_id=1), 0.05)
        except TimeoutError:
            caught = True
        except asyncio.TimeoutError:
            caught = False
    assert caught or "Python 3.10, `asyncio.wait_for()` raises `asyncio.TimeoutError`" in (
        _readme()
    )


async def test_wait_for_around_a_call_says_cancelled_and_keeps_the_turn() -> None:
    """The call cut short by ``asyncio.wait_for`` ends as ``cancelled``; it was sent, so it
    took its key's turn: the key is cooling down right after, and the next call is no 429."""
    seen: list[events.Event] = []
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        fake.stall_next(1, seconds=5, path="/openapi/v4/creatives/onOff")
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            on_off_interval=INTERVAL,
            observers=[seen.append],
        ) as kakao:
            with pytest.raises(asyncio.TimeoutError):  # the builtin on 3.11+
                await asyncio.wait_for(kakao.moment.creatives.set_config(ids[0], "OFF"), 0.05)
            limiter = kakao.rate_limiter
            assert isinstance(limiter, ka.MemoryRateLimiter)
            key = kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
            assert await limiter.ready_in(key) > 0  # sent, so it counted
            assert await kakao.moment.creatives.set_config(ids[1], "OFF") is True
        ended = [e.outcome for e in seen if isinstance(e, events.CallEnded)]
        assert ended == ["cancelled", "ok"]
        assert fake.on_off_rejections == 0


# --- Keyword Ad create: every legitimate landing still goes out -----------------------------


async def test_every_keyword_landing_shape_goes_out_as_given() -> None:
    """Empty landings, ``None`` landings, the three URLs alone or with ``None`` beside them,
    in ``landing_info`` and in every asset that takes one: none is refused, and the body holds
    exactly the URLs given (an empty landing as ``{}``, a ``None`` one left out)."""
    bodies: list[dict[str, Any]] = []

    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        assert request.body is not None
        bodies.append(json.loads(request.body))
        return ka.HttpResponse(200, {}, b'{"id": "1"}')

    url = ka.LandingInfo(rspv_landing_url="https://www.daum.net")
    both = ka.LandingInfo(pc_landing_url="https://pc.daum.net", mobile_landing_url=None)
    empty = ka.LandingInfo()
    assets = ka.Assets(
        thumbnail=ka.Thumbnail(image_id=1, text="t"),
        multi_thumbnails=(
            ka.MultiThumbnail(image_id=2, landing_info=empty),
            ka.MultiThumbnail(image_id=3),
            ka.MultiThumbnail(image_id=4, landing_info=url),
        ),
        additional_links=(
            ka.AdditionalLink(text="a"),
            ka.AdditionalLink(text="b", landing_info=both),
        ),
        subject=ka.Subject(subject="DISCOUNT", text="s", landing_info=None),
        price_tables=(ka.PriceTable(text="p", price=1000, range="STATIC", landing_info=url),),
        calculate=ka.Calculate(landing_info=empty),
        phone_number="010-1234-5678",
    )
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, transport=ka.MockTransport(answer)
    ) as kakao:
        for landing_info in (None, empty, url, both):
            await kakao.keyword.creatives.create(
                biz_channel_id=7,
                name="소재",
                title="타이틀",
                description="설명",
                landing_info=landing_info,
                assets=assets,
            )
    assert ["landingInfo" in b for b in bodies] == [False, True, True, True]
    assert [b.get("landingInfo") for b in bodies[1:]] == [
        {},
        {"rspvLandingUrl": "https://www.daum.net"},
        {"pcLandingUrl": "https://pc.daum.net"},
    ]
    sent = bodies[0]["assets"]
    assert [t.get("landingInfo") for t in sent["multiThumbnails"]] == [
        {},
        None,
        {"rspvLandingUrl": "https://www.daum.net"},
    ]
    assert sent["additionalLinks"][1]["landingInfo"] == {"pcLandingUrl": "https://pc.daum.net"}
    assert "landingInfo" not in sent["subject"] and sent["calculate"] == {"landingInfo": {}}
