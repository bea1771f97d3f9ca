"""README "Bulk operations and background jobs": your own bulk operations get the BulkJob handle
(``BulkJob(items)``, ``start(coroutine)``, ``report(index, ItemResult)``, ``set_eta``,
``BulkJob.map(items, fn, concurrency=...)``). The obvious wrong inputs get a clear typed error
at once, never a bare TypeError / AttributeError from inside the job or its task later; and
``map`` takes any iterable of items, as the library's own bulk calls do."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka


async def _nothing() -> None:
    pass


async def _double(x: int) -> int:
    return 2 * x


@pytest.mark.parametrize("items", [3, None, 2.5])
def test_items_that_are_not_a_collection_are_a_typed_error(items: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="items"):
        ka.BulkJob(items)


@pytest.mark.parametrize("items", ["1001", b"1001"])
async def test_a_single_text_is_not_taken_for_its_characters(items: Any) -> None:
    # As the library's own bulk calls: "1001" is not the items "1", "0", "0", "1".
    with pytest.raises(ka.KakaoInputTypeError, match="not a single"):
        ka.BulkJob(items)
    with pytest.raises(ka.KakaoInputTypeError, match="not a single"):
        ka.BulkJob.map(items, _double)


async def test_map_takes_any_iterable_of_items_in_order() -> None:
    result = await ka.BulkJob.map((x for x in [1, 2, 3]), _double, concurrency=2)
    assert result.values() == [2, 4, 6]
    assert [r.item for r in result] == [1, 2, 3]


@pytest.mark.parametrize("fn", [None, 3, "name_of"])
async def test_map_refuses_a_function_that_is_not_callable(fn: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="fn"):
        ka.BulkJob.map([1, 2], fn)


async def test_start_refuses_what_is_not_a_coroutine() -> None:
    job: ka.BulkJob[int, int] = ka.BulkJob([1])
    # The async function itself, not called: the usual slip.
    with pytest.raises(ka.KakaoInputTypeError, match=r"coroutine.*_nothing\(\)"):
        job.start(_nothing)  # type: ignore[arg-type]
    with pytest.raises(ka.KakaoInputTypeError, match="coroutine"):
        job.start(None)  # type: ignore[arg-type]
    assert not job.done()  # not started: it can still be started properly


def test_start_outside_a_loop_with_a_wrong_argument_is_still_a_typed_error() -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="coroutine"):
        ka.BulkJob([1]).start(None)  # type: ignore[arg-type]


async def test_report_refuses_an_index_or_a_result_of_the_wrong_kind() -> None:
    job: ka.BulkJob[int, int] = ka.BulkJob([1, 2])
    with pytest.raises(ka.KakaoInputTypeError, match="index"):
        job.report("0", ka.ItemResult(item=1, value=1))  # type: ignore[arg-type]
    with pytest.raises(ka.KakaoInputTypeError, match="index"):
        job.report(True, ka.ItemResult(item=2, value=2))  # type: ignore[arg-type]
    with pytest.raises(ka.KakaoInputTypeError, match="ItemResult"):
        job.report(0, 5)  # type: ignore[arg-type]
    assert job.results == (None, None) and job.completed == 0


async def test_set_eta_refuses_what_is_not_callable() -> None:
    job: ka.BulkJob[int, int] = ka.BulkJob([1])
    with pytest.raises(ka.KakaoInputTypeError, match="estimate"):
        job.set_eta(5.0)  # type: ignore[arg-type]
    assert job.progress.eta is None  # the job's own estimate is untouched


class _CountedJob(ka.BulkJob[int, int]):
    """A user's job class (say, one that registers itself somewhere)."""


async def test_map_on_a_subclass_builds_that_subclass() -> None:
    """map is a classmethod: it builds cls (8506add built BulkJob, to bind its own types)."""
    job = _CountedJob.map([1, 2], _double)
    try:
        assert isinstance(job, _CountedJob)
    finally:
        await job
