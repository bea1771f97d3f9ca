"""A BulkJob's callbacks are checked when they are given, as README says every refused argument
is: a :class:`KakaoInputTypeError` at once, not a plain TypeError, nor a log line when the job
ends."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka


async def _async_callback(progress: ka.Progress) -> None: ...


NOT_PLAIN_CALLABLES: list[Any] = [_async_callback, "print", None]


@pytest.mark.parametrize("callback", NOT_PLAIN_CALLABLES)
async def test_add_progress_callback_refuses_what_it_cannot_call(callback: Any) -> None:
    job: ka.BulkJob[int, int] = ka.BulkJob([1])
    with pytest.raises(ka.KakaoInputTypeError, match="plain"):
        job.add_progress_callback(callback)


@pytest.mark.parametrize("callback", ["print", None])
async def test_add_done_callback_refuses_what_it_cannot_call(callback: Any) -> None:
    job: ka.BulkJob[int, int] = ka.BulkJob([1])
    with pytest.raises(ka.KakaoInputTypeError, match="callable"):
        job.add_done_callback(callback)
