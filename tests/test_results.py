"""Bulk results: every result is an ItemSucceeded or an ItemFailed, whoever built it."""

from __future__ import annotations

import pickle

import attrs
import pytest

import kakao_async as ka
from kakao_async._results import succeeded


def test_plain_item_results_are_settled_into_the_two_kinds() -> None:
    error = ValueError("boom")
    result: ka.BulkResult[int, str] = ka.BulkResult(
        [ka.ItemResult(item=1, value="a"), ka.ItemResult(item=2, error=error)]
    )
    first, second = result
    assert isinstance(first, ka.ItemSucceeded) and first.ok is True and first.value == "a"
    assert isinstance(second, ka.ItemFailed) and second.ok is False and second.error is error
    assert result.succeeded == [first] and result.failed == [second] and not result.ok
    assert isinstance(first, ka.ItemResult) and first.applied and not second.applied


def test_skipped_and_superseded_survive_settling() -> None:
    (skipped, superseded) = ka.BulkResult(
        [
            ka.ItemResult(item=1, value="ON", skipped=True),
            ka.ItemResult(item=2, value="OFF", superseded=True),
        ]
    )
    assert skipped.ok and skipped.skipped and not skipped.applied
    assert superseded.ok and superseded.superseded and not superseded.applied


async def test_a_custom_job_reporting_plain_results_hands_out_the_two_kinds() -> None:
    job: ka.BulkJob[int, int] = ka.BulkJob([1, 2])

    async def work() -> None:
        job.report(0, ka.ItemResult(item=1, value=10))
        job.report(1, ka.ItemResult(item=2, error=KeyError(2)))

    result = await job.start(work())
    assert [type(r) for r in result] == [ka.ItemSucceeded, ka.ItemFailed]
    assert [type(r) for r in job.results] == [ka.ItemSucceeded, ka.ItemFailed]


def test_a_result_built_for_the_hot_path_is_the_class_built_one() -> None:
    """``succeeded()`` sets the slots itself: the instance is the same in every respect a user
    sees (equality, hash, repr, pickling, attrs.evolve, the frozen fields)."""
    for superseded in (False, True):
        built = succeeded(7, "OFF", superseded=superseded)
        expected = ka.ItemSucceeded(item=7, value="OFF", superseded=superseded)
        assert type(built) is ka.ItemSucceeded
        assert built == expected
        assert hash(built) == hash(expected)
        assert repr(built) == repr(expected)
        assert pickle.loads(pickle.dumps(built)) == expected
        assert attrs.evolve(built, item=8) == ka.ItemSucceeded(
            item=8, value="OFF", superseded=superseded
        )
        assert (built.ok, built.applied, built.error, built.skipped) == (
            True,
            not superseded,
            None,
            False,
        )
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            built.value = "ON"  # type: ignore[misc]


@attrs.frozen(kw_only=True)
class _NotedResult(ka.ItemResult[int, str]):
    """A user's own result class, with a field of its own (attrs gives it its own __eq__)."""

    note: str = ""


def test_a_user_subclass_with_fields_of_its_own_is_equal_only_where_it_hashes_alike() -> None:
    """Results equal field-wise across the library's own classes only (088c4dc compared any
    ItemResult: a plain result equalled two unequal user results, hashing apart from both)."""
    plain = ka.ItemResult(item=1, value="ON")
    first, second = _NotedResult(item=1, value="ON", note="a"), _NotedResult(item=1, value="ON")
    assert first != second  # its own attrs __eq__ compares note
    for noted in (first, second):
        # Python's rule: equal objects hash alike (else sets and dicts break).
        assert plain != noted or hash(plain) == hash(noted)
    # Equality stays transitive: plain cannot equal both of two unequal results.
    assert not (plain == first and plain == second)


def test_results_of_the_library_s_classes_still_equal_field_wise() -> None:
    plain = ka.ItemResult(item=1, value="ON")
    settled = ka.ItemSucceeded(item=1, value="ON")
    assert plain == settled and settled == plain and hash(plain) == hash(settled)
    assert len({plain, settled, succeeded(1, "ON")}) == 1
    assert plain != ka.ItemResult(item=1, value="OFF") and plain != (1, "ON")
