"""``BulkJob.map(..., stop_on=...)``: after an error of those classes, no more calls."""

from __future__ import annotations

import asyncio

import pytest

import kakao_async as ka


class Refused(Exception):
    pass


async def test_items_not_yet_started_fail_with_the_stopping_error_unsent() -> None:
    called: list[int] = []

    async def fn(item: int) -> int:
        called.append(item)
        await asyncio.sleep(0)
        if item == 3:
            raise Refused(f"no more ({item})")
        return item * 10

    result = await ka.BulkJob.map(range(20), fn, concurrency=1, stop_on=Refused)
    assert called == [0, 1, 2, 3]
    assert [item.value for item in result.succeeded] == [0, 10, 20]
    errors = {id(item.error) for item in result.failed}
    assert len(result.failed) == 17 and len(errors) == 1  # the one error, shared
    assert str(result.failed[-1].error) == "no more (3)"
    assert result.failed[-1].item == 19


async def test_calls_in_flight_finish_and_other_errors_stop_nothing() -> None:
    release = asyncio.Event()

    async def fn(item: int) -> int:
        await asyncio.sleep(0)  # the three workers each start an item before any ends
        if item == 0:
            raise Refused("first")
        if item == 1:
            raise KeyError(item)  # not a stopping error
        await release.wait() if item == 2 else None
        return item

    job = ka.BulkJob.map(range(10), fn, concurrency=3, stop_on=(Refused,))
    await asyncio.sleep(0.01)
    release.set()
    result = await job
    # Items 0, 1 and 2 started together; 2 was in flight when 0 stopped the run and finishes.
    assert [item.item for item in result.succeeded] == [2]
    assert isinstance(result[1].error, KeyError)
    assert all(isinstance(result[i].error, Refused) for i in [0, *range(3, 10)])


async def test_without_stop_on_every_item_is_called() -> None:
    async def fn(item: int) -> int:
        raise Refused(str(item))

    result = await ka.BulkJob.map(range(5), fn, concurrency=2)
    assert [str(item.error) for item in result] == ["0", "1", "2", "3", "4"]


@pytest.mark.parametrize(
    "stop_on", ["KakaoAuthError", Refused("x"), [Refused, "x"], int, [BaseException], None]
)
async def test_stop_on_takes_exception_classes_only(stop_on: object) -> None:
    async def fn(item: int) -> int:
        return item

    with pytest.raises(ka.KakaoInputTypeError, match="stop_on must be an exception class"):
        ka.BulkJob.map([1], fn, stop_on=stop_on)  # type: ignore[arg-type]


async def test_the_library_s_stopping_errors_are_importable() -> None:
    assert (ka.KakaoAuthError, ka.KakaoQuotaExhaustedError) == ka.errors.STOPPING_ERRORS

    async def fn(item: int) -> int:
        raise ka.KakaoQuotaExhaustedError(status=429, code=-11, method="GET", path="/x")

    result = await ka.BulkJob.map(range(4), fn, concurrency=1, stop_on=ka.errors.STOPPING_ERRORS)
    assert len({id(item.error) for item in result}) == 1


async def test_reporting_many_unsent_items_lets_other_tasks_run() -> None:
    async def fn(item: int) -> int:
        raise Refused("no")

    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.ensure_future(ticker())
    await asyncio.sleep(0)
    before = ticks
    result = await ka.BulkJob.map(range(20_000), fn, concurrency=1, stop_on=Refused)
    task.cancel()
    assert len(result.failed) == 20_000
    assert ticks - before >= 10  # the ticker ran while the 19,999 unsent items were reported
