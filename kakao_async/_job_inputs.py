"""What a bulk job is given, checked before it starts: its items, its work, its callbacks, and
the running loop it needs."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Coroutine, Iterable, Sequence
from typing import Any, TypeVar

from ._progress import ProgressCallback
from ._validate import is_many
from .errors import KakaoInputTypeError

__all__ = [
    "NO_LOOP",
    "job_coroutine",
    "job_items",
    "progress_callback",
    "require_running_loop",
    "stop_errors",
]

I = TypeVar("I")  # noqa: E741 - the item type, as in BulkJob[I, V]

#: What starting a job outside a running event loop says, whichever ``start_*`` was called.
NO_LOOP = "a bulk job must be started from a running event loop (inside async code)"


def progress_callback(name: str, callback: object) -> ProgressCallback:
    """``callback`` if it is a plain callable: it is called synchronously after every item, so
    an async function would never be awaited."""
    if not callable(callback) or inspect.iscoroutinefunction(callback):
        raise KakaoInputTypeError(
            f"{name} must be a plain (not async) callable taking a Progress; "
            "to await something per update, iterate job.watch() instead"
        )
    return callback


def stop_errors(value: object) -> tuple[type[Exception], ...]:
    """``stop_on`` as a tuple of exception classes (one class, or any iterable of them)."""
    classes = (value,) if isinstance(value, type) else value
    if is_many(classes):
        classes = tuple(classes)
        if all(isinstance(c, type) and issubclass(c, Exception) for c in classes):
            return classes
    raise KakaoInputTypeError(
        f"stop_on must be an exception class or several, got {type(value).__name__}"
    )


def require_running_loop() -> None:
    """Raise the one clear :class:`RuntimeError` when no event loop is running: a job's task
    belongs to a loop, and asyncio's own "no running event loop" does not say so."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        raise RuntimeError(NO_LOOP) from None


def job_items(items: Iterable[I]) -> Sequence[I]:
    """The items of a job, indexable: a sequence as given, any other iterable (a generator)
    read into a tuple once, as the library's own bulk calls take them; as they do, a single
    text is refused rather than split into its characters."""
    if not is_many(items):
        kind = type(items).__name__
        raise KakaoInputTypeError(
            "items must be an iterable of items (a list, say), "
            + (f"got {kind}" if not isinstance(items, Iterable) else f"not a single {kind}")
        )
    return items if isinstance(items, Sequence) else tuple(items)


def job_coroutine(work: object) -> Coroutine[Any, Any, None]:
    """``work`` if it is a coroutine; refused now, not as a TypeError inside the job's task."""
    if inspect.iscoroutine(work):
        return work
    name = getattr(work, "__name__", None)
    if inspect.iscoroutinefunction(work) and name:
        hint = f"call the async function: start({name}()), not start({name})"
    else:
        hint = "e.g. start(work()) with work an async function"
    raise KakaoInputTypeError(
        f"BulkJob.start() takes a coroutine ({hint}), got {type(work).__name__}"
    )
