"""Results, progress and background handles of bulk operations, and the bounded fan-out."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Generator,
    Iterable,
    Sequence,
)
from typing import Any, Generic, TypeVar, cast

from ._job_inputs import (
    job_coroutine,
    job_items,
    progress_callback,
    require_running_loop,
    stop_errors,
)
from ._progress import Progress, ProgressCallback, eta_seconds
from ._results import (
    OUTCOMES,
    BulkResult,
    ItemFailed,
    ItemOutcome,
    ItemResult,
    ItemSucceeded,
    caught,
    settled,
    succeeded,
)
from ._tasks import being_cancelled
from ._validate import positive_int, shown
from .errors import KakaoInputTypeError

__all__ = [
    "BulkJob",
    "BulkResult",
    "ItemFailed",
    "ItemOutcome",
    "ItemResult",
    "ItemSucceeded",
    "Progress",
    "ProgressCallback",
    "require_running_loop",
    "run_bounded",
]

logger = logging.getLogger("kakao_async.bulk")

#: Seconds an ETA estimate is reused (counting down) before it is computed again.
_ETA_REFRESH = 0.1

I = TypeVar("I")  # noqa: E741 - the item type, as in BulkResult[I, V]
V = TypeVar("V")
# map's own: bound per call, as the class's I and V are not when map is called on BulkJob itself.
MI = TypeVar("MI")
MV = TypeVar("MV")


def _unknown() -> float | None:  # the ETA of a job with no estimate, or whose estimate failed
    return None


class BulkJob(Generic[I, V]):
    """A bulk operation running in the background: progress now, the result when awaited.

    ``await job`` (or ``await job.result()``) gives the :class:`BulkResult`; ``job.progress`` is
    the latest snapshot; ``async for p in job.watch()`` follows it; ``job.cancel()`` stops it and
    ``job.results`` keeps what finished before.

    Your own bulk operations use the same handle: build ``BulkJob(items)``, then
    ``job.start(work)`` with a coroutine that calls ``job.report(index, ItemResult(...))`` once
    per item (and may give an estimate with ``job.set_eta``). :meth:`map` does that for a
    function applied to every item.
    """

    def __init__(self, items: Iterable[I], *, on_progress: ProgressCallback | None = None) -> None:
        if on_progress is not None:
            progress_callback("on_progress", on_progress)
        self._items = items = job_items(items)
        self._results: list[ItemOutcome[I, V] | None] = [None] * len(items)
        self._done = 0
        self._failed = 0
        #: on_progress first, then those of add_progress_callback.
        self._on_progress: list[ProgressCallback] = [] if on_progress is None else [on_progress]
        self._started = time.monotonic()
        #: Set at the next change, then dropped: each change has its own event, so no watcher
        #: can clear another's notification (``None`` while nobody watches).
        self._changed: asyncio.Event | None = None
        self._eta: Callable[[], float | None] = _unknown
        self._eta_cache: tuple[float, float | None] = (-1.0, None)
        self._task: asyncio.Task[BulkResult[I, V]] | None = None
        #: time.monotonic() when the work ended: progress stops counting then.
        self._ended: float | None = None
        self._work: Coroutine[Any, Any, None] | None = None
        self._began = False
        self._callbacks: list[Callable[[BulkJob[I, V]], object]] = []

    def start(self, work: Coroutine[Any, Any, None]) -> BulkJob[I, V]:
        """Run ``work`` as this job's background task; it must :meth:`report` every item.

        Call it from a running event loop (the task belongs to it); returns the job.
        """
        work = job_coroutine(work)
        if self._task is not None:
            work.close()
            raise RuntimeError("this BulkJob was already started")
        try:
            require_running_loop()
        except RuntimeError:
            work.close()  # never awaited otherwise, and Python would warn about it
            raise

        async def run() -> BulkResult[I, V]:
            self._began = True
            try:
                await work
            finally:
                self._ended = time.monotonic()
            missing = [i for i, r in enumerate(self._results) if r is None]
            if missing:  # a bug, not a user error: every runner reports every item
                raise RuntimeError(f"bulk job lost items {missing[:5]}")
            return BulkResult([r for r in self._results if r is not None])

        self._work = work
        self._task = asyncio.ensure_future(run())
        self._task.add_done_callback(self._on_done)
        return self

    def add_done_callback(self, callback: Callable[[BulkJob[I, V]], object]) -> None:
        """Call ``callback(job)`` once the job has ended, however (also when it was cancelled
        before it ever ran): for releasing what its work would have released."""
        if not callable(callback):  # refused now, not logged when the job ends
            raise KakaoInputTypeError(f"callback must be callable, got {shown(callback)}")
        self._callbacks.append(callback)
        if self.done():
            self._run_callbacks()

    def _on_done(self, task: asyncio.Task[BulkResult[I, V]]) -> None:
        if not self._began and self._work is not None:
            self._work.close()  # cancelled before it ever ran: never awaited, on purpose
        if self._ended is None:
            self._ended = time.monotonic()
        # An ended job's ETA is 0 and never asks its estimate again; the estimate often closes
        # over the job (map's does): let go of it, and the job and its results go by reference
        # counting, not at the collector's next walk (-6,000 instructions per get_many GET).
        self._eta = _unknown
        self._notify()
        self._run_callbacks()

    def _notify(self) -> None:
        """Wake every watcher waiting for a change (see :meth:`watch`)."""
        changed = self._changed
        if changed is not None:
            self._changed = None
            changed.set()

    def _run_callbacks(self) -> None:
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            try:
                callback(self)
            except Exception:
                logger.exception("BulkJob done callback failed")

    @classmethod
    def map(
        cls,
        items: Iterable[MI],
        fn: Callable[[MI], Awaitable[MV]],
        *,
        concurrency: int = 10,
        on_progress: ProgressCallback | None = None,
        stop_on: type[Exception] | Iterable[type[Exception]] = (),
    ) -> BulkJob[MI, MV]:
        """Start a job applying ``fn`` (an async function) to every item (any iterable), at
        most ``concurrency`` at once; an item whose call raises gets that error as its result.

        Once a call raises one of ``stop_on`` (e.g. :class:`~kakao_async.KakaoAuthError`: every
        further call would be refused too), the items not yet started get that same error as
        their result, unsent; calls already in flight finish as they do."""
        if not callable(fn):
            raise KakaoInputTypeError(f"fn must be an async function, got {type(fn).__name__}")
        stops = stop_errors(stop_on)
        concurrency = positive_int("concurrency", concurrency)
        # cls, so a subclass's map builds that subclass; cast: the class's I and V are not map's.
        job = cast("Callable[..., BulkJob[MI, MV]]", cls)(items, on_progress=on_progress)
        return job.start(run_bounded(job, fn, concurrency=concurrency, stop_on=stops))

    @property
    def items(self) -> Sequence[I]:
        """The input items, as the call took them (see :attr:`ItemResult.item`)."""
        return self._items

    def set_eta(self, estimate: Callable[[], float | None]) -> None:
        """Use ``estimate()`` (seconds left, or None when unknown) for :attr:`progress`; ignored
        once the job has ended (its ETA is then 0)."""
        if not callable(estimate):  # refused now, not when progress is next read
            raise KakaoInputTypeError(
                f"estimate must be a callable giving seconds left (or None), got {shown(estimate)}"
            )
        if self._ended is not None:
            return  # its ETA is 0 for good; kept, the estimate would keep what it closes over
        self._eta = estimate
        self._eta_cache = (-1.0, None)

    def report(self, index: int, result: ItemResult[I, V]) -> None:
        """Record item ``index``'s result (the first report of an item wins; a report after the
        job has ended is ignored)."""
        if type(index) is not int:  # a bool or a text index would be taken or fail obscurely
            raise KakaoInputTypeError(f"index must be an int, got {shown(index)}")
        if not isinstance(result, ItemResult):
            raise KakaoInputTypeError(
                f"report() takes a kakao_async.ItemResult, got {type(result).__name__}"
            )
        results = self._results
        if not 0 <= index < len(results):
            raise IndexError(f"item index {index} is outside this job's {self.total} items")
        if results[index] is not None or self._ended is not None:
            return
        results[index] = result if isinstance(result, OUTCOMES) else settled(result)
        self._done += 1
        if result.error is not None:
            self._failed += 1
        if self._changed is not None:  # someone watches (see _notify)
            self._notify()
        if self._on_progress:
            progress = self.progress
            for callback in self._on_progress:
                try:
                    callback(progress)
                except Exception:  # a broken progress callback must not break the job
                    logger.exception("on_progress callback failed")

    def add_progress_callback(self, callback: ProgressCallback) -> None:
        """Also call ``callback(progress)`` after every finished item, like ``on_progress``
        (several observers may watch one job)."""
        self._on_progress.append(progress_callback("callback", callback))

    @property
    def total(self) -> int:
        """How many items the job has."""
        return len(self._items)

    @property
    def completed(self) -> int:
        """How many items have a result (cheaper than ``progress.done``: no estimate)."""
        return self._done

    def _current_eta(self, now: float) -> float | None:
        if self._done == self.total or self._ended is not None:
            return 0.0
        computed_at, eta = self._eta_cache
        age = now - computed_at
        # Estimating walks every lane; once per 0.1 s keeps huge jobs linear, and in between
        # the estimate simply counts down.
        if eta is None or age >= _ETA_REFRESH:
            try:
                eta = eta_seconds(self._eta())
            except Exception:  # the ETA is a display: a broken estimate must not cost items
                logger.exception("BulkJob estimate failed; the ETA is unknown from now on")
                self._eta = _unknown
                eta = None
            self._eta_cache = (now, eta)
            return eta
        return None if eta is None else max(0.0, eta - age)

    @property
    def progress(self) -> Progress:
        """The job's progress now (frozen once the job has ended)."""
        now = time.monotonic() if self._ended is None else self._ended
        return Progress(
            total=self.total,
            done=self._done,
            failed=self._failed,
            elapsed=now - self._started,
            eta=self._current_eta(now),
        )

    @property
    def results(self) -> tuple[ItemOutcome[I, V] | None, ...]:
        """Results so far, in input order; ``None`` where an item has not finished."""
        return tuple(self._results)

    def done(self) -> bool:
        """Whether the job has ended (finished, failed or cancelled)."""
        return self._task is not None and self._task.done()

    def cancelled(self) -> bool:
        """Whether the job was cancelled before it finished."""
        return self._task is not None and self._task.cancelled()

    def cancel(self) -> bool:
        """Stop the job; items already sent count, finished results stay in :attr:`results`."""
        return self._task is not None and self._task.cancel()

    async def result(self) -> BulkResult[I, V]:
        """Wait for the result. Cancelling this wait leaves the job running (``await job``
        instead ties the job to the awaiting task, so cancelling that cancels the job)."""
        return await asyncio.shield(self._started_task())

    def __await__(self) -> Generator[Any, None, BulkResult[I, V]]:
        return self._started_task().__await__()

    def _started_task(self) -> asyncio.Task[BulkResult[I, V]]:
        if self._task is None:
            raise RuntimeError("this BulkJob was never started (see BulkJob.start)")
        return self._task

    async def watch(self) -> AsyncIterator[Progress]:
        """Yield the progress now and after each change, until the job ends."""
        while True:
            # Taken before yielding: a change while the caller works on this snapshot sets it.
            changed = self._changed
            if changed is None:
                changed = self._changed = asyncio.Event()
            ended = self.done()  # read before yielding: the job may end while the caller works
            yield self.progress
            if ended:
                return
            await changed.wait()

    def __repr__(self) -> str:
        state = "done" if self.done() else "running"
        return f"<BulkJob {state}: {self.progress}>"


def run_bounded(
    job: BulkJob[I, V],
    fn: Callable[[I], Awaitable[V]],
    *,
    concurrency: int,
    stop_on: tuple[type[Exception], ...] = (),
) -> Coroutine[Any, Any, None]:
    """Work for ``job``: ``fn`` over its items, at most ``concurrency`` in flight; after an
    error of ``stop_on``, the items not yet started fail with it, unsent.

    A fixed pool of workers pulls indices, so 100,000 items cost ``concurrency`` tasks. The ETA is
    the observed throughput applied to what is left.
    """
    items = job.items
    next_index = iter(range(len(items)))
    started = time.monotonic()

    def eta() -> float | None:
        done = job.completed
        elapsed = time.monotonic() - started
        return elapsed / done * (job.total - done) if done else None

    job.set_eta(eta)
    stopped: Exception | None = None

    async def worker() -> None:
        nonlocal stopped
        for i in next_index:
            item = items[i]
            if stopped is not None:
                # The one error as it is: caught() would trim its traceback once per item.
                job.report(i, ItemFailed(item=item, error=stopped))
                if i % 1024 == 0:  # 200,000 reports are ~2 s: the loop's other tasks go between
                    await asyncio.sleep(0)
                continue
            try:
                result: ItemOutcome[I, V] = succeeded(item, await fn(item))
            except Exception as exc:  # one item's failure is that item's result
                result = caught(item, exc)
                if isinstance(exc, stop_on) and stopped is None:
                    stopped = exc
            except asyncio.CancelledError as exc:
                if being_cancelled():
                    raise
                # Not this worker's cancellation (a task fn awaited was cancelled by someone
                # else): that item's failure, as any other error.
                result = caught(item, exc)
            job.report(i, result)

    async def run() -> None:
        workers = [asyncio.ensure_future(worker()) for _ in range(min(concurrency, len(items)))]
        try:
            await asyncio.gather(*workers)
        except BaseException:
            # Cancelled from outside: stop the pool and wait for it, so no task outlives the job.
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            raise

    return run()
