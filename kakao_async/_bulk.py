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
    Iterator,
    Sequence,
)
from typing import Any, Generic, TypeVar, overload

import attrs

from ._validate import on_off_config, positive_id
from .models import Config

__all__ = [
    "BulkJob",
    "BulkResult",
    "ConfigChange",
    "ItemResult",
    "Progress",
    "ProgressCallback",
    "config_changes",
    "run_bounded",
]

logger = logging.getLogger("kakao_async")

#: Seconds an ETA estimate is reused (counting down) before it is computed again.
_ETA_REFRESH = 0.1

I = TypeVar("I")  # noqa: E741 - the item type, as in BulkResult[I, V]
V = TypeVar("V")


@attrs.frozen(kw_only=True)
class ItemResult(Generic[I, V]):
    """What happened to one item of a bulk call."""

    #: The input item, as given.
    item: I
    #: The result (a model, or the applied :class:`Config`), when ``ok``.
    value: V | None = None
    #: The exception that item ended with, when not ``ok``.
    error: BaseException | None = None
    #: Nothing was sent: the creative was already in that state (``skip_unchanged=True``).
    skipped: bool = False
    #: Nothing was sent: a newer change to the same object, submitted while this one waited or
    #: was being retried, replaced it (last write wins). Not an error.
    superseded: bool = False

    @property
    def ok(self) -> bool:
        """The item did not fail (it was applied, skipped or superseded)."""
        return self.error is None

    @property
    def applied(self) -> bool:
        """This item's own request was sent and succeeded."""
        return self.error is None and not self.skipped and not self.superseded


class BulkResult(Sequence[ItemResult[I, V]]):
    """One :class:`ItemResult` per input item, in input order. Never raises for an item."""

    __slots__ = ("_results",)

    def __init__(self, results: Sequence[ItemResult[I, V]]) -> None:
        self._results = tuple(results)

    @overload
    def __getitem__(self, index: int) -> ItemResult[I, V]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ItemResult[I, V]]: ...
    def __getitem__(self, index: int | slice) -> ItemResult[I, V] | Sequence[ItemResult[I, V]]:
        return self._results[index]

    def __len__(self) -> int:
        return len(self._results)

    def __iter__(self) -> Iterator[ItemResult[I, V]]:
        return iter(self._results)

    @property
    def failed(self) -> list[ItemResult[I, V]]:
        """The items that ended with an error."""
        return [r for r in self._results if r.error is not None]

    @property
    def succeeded(self) -> list[ItemResult[I, V]]:
        """The items that worked."""
        return [r for r in self._results if r.error is None]

    @property
    def ok(self) -> bool:
        """Whether every item worked."""
        return all(r.error is None for r in self._results)

    def values(self) -> list[V | None]:
        """Each item's value (``None`` for failures), in input order."""
        return [r.value for r in self._results]

    def __repr__(self) -> str:
        return f"<BulkResult {len(self)} items, {len(self.failed)} failed>"


@attrs.frozen(kw_only=True)
class Progress:
    """A snapshot of a bulk job."""

    #: Input items in the job.
    total: int
    #: Items finished, successfully or not.
    done: int
    #: Items finished with an error.
    failed: int
    #: Seconds since the job started.
    elapsed: float
    #: Estimated seconds until the last item finishes (``None`` before there is a basis).
    eta: float | None

    @property
    def remaining(self) -> int:
        return self.total - self.done

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0

    def __str__(self) -> str:
        eta = "?" if self.eta is None else f"{self.eta:.1f}s"
        return (
            f"{self.done}/{self.total} done, {self.failed} failed, {self.elapsed:.1f}s, ETA {eta}"
        )


#: Called with a fresh :class:`Progress` after every finished item.
ProgressCallback = Callable[[Progress], object]


class BulkJob(Generic[I, V]):
    """A bulk operation running in the background: progress now, the result when awaited.

    ``await job`` (or ``await job.result()``) gives the :class:`BulkResult`; ``job.progress`` is
    the latest snapshot; ``async for p in job.watch()`` follows it; ``job.cancel()`` stops it and
    ``job.results`` keeps what finished before.
    """

    def __init__(self, items: Sequence[I], *, on_progress: ProgressCallback | None = None) -> None:
        self._items = items
        self._results: list[ItemResult[I, V] | None] = [None] * len(items)
        self._done = 0
        self._failed = 0
        self._on_progress = on_progress
        self._started = time.monotonic()
        self._changed = asyncio.Event()
        self._eta: Callable[[], float | None] = lambda: None
        self._eta_cache: tuple[float, float | None] = (-1.0, None)
        self._task: asyncio.Task[BulkResult[I, V]] | None = None

    def _start(self, work: Coroutine[Any, Any, None]) -> BulkJob[I, V]:
        async def run() -> BulkResult[I, V]:
            await work
            missing = [i for i, r in enumerate(self._results) if r is None]
            if missing:  # a bug, not a user error: every runner reports every item
                raise RuntimeError(f"bulk job lost items {missing[:5]}")
            return BulkResult([r for r in self._results if r is not None])

        self._task = asyncio.ensure_future(run())
        self._task.add_done_callback(lambda _: self._changed.set())
        return self

    def _set_eta(self, eta: Callable[[], float | None]) -> None:
        self._eta = eta
        self._eta_cache = (-1.0, None)

    def _finish(self, index: int, result: ItemResult[I, V]) -> None:
        if self._results[index] is not None:
            return
        self._results[index] = result
        self._done += 1
        if result.error is not None:
            self._failed += 1
        self._changed.set()
        if self._on_progress is not None:
            try:
                self._on_progress(self.progress)
            except Exception:  # a broken progress callback must not break the job
                logger.exception("on_progress callback failed")

    @property
    def total(self) -> int:
        return len(self._items)

    def _current_eta(self, now: float) -> float | None:
        if self._done == self.total:
            return 0.0
        computed_at, eta = self._eta_cache
        age = now - computed_at
        # Estimating walks every lane; once per 0.1 s keeps huge jobs linear, and in between
        # the estimate simply counts down.
        if eta is None or age >= _ETA_REFRESH:
            eta = self._eta()
            self._eta_cache = (now, eta)
            return eta
        return None if eta is None else max(0.0, eta - age)

    @property
    def progress(self) -> Progress:
        """The job's progress now."""
        now = time.monotonic()
        return Progress(
            total=self.total,
            done=self._done,
            failed=self._failed,
            elapsed=now - self._started,
            eta=self._current_eta(now),
        )

    @property
    def results(self) -> tuple[ItemResult[I, V] | None, ...]:
        """Results so far, in input order; ``None`` where an item has not finished."""
        return tuple(self._results)

    def done(self) -> bool:
        return self._task is not None and self._task.done()

    def cancel(self) -> bool:
        """Stop the job; items already sent count, finished results stay in :attr:`results`."""
        return self._task is not None and self._task.cancel()

    async def result(self) -> BulkResult[I, V]:
        """Wait for the result. Cancelling this wait leaves the job running (``await job``
        instead ties the job to the awaiting task, so cancelling that cancels the job)."""
        assert self._task is not None
        return await asyncio.shield(self._task)

    def __await__(self) -> Generator[Any, None, BulkResult[I, V]]:
        assert self._task is not None
        return self._task.__await__()

    async def watch(self) -> AsyncIterator[Progress]:
        """Yield the progress now and after each change, until the job ends."""
        while True:
            self._changed.clear()
            yield self.progress
            if self.done():
                return
            await self._changed.wait()

    def __repr__(self) -> str:
        state = "done" if self.done() else "running"
        return f"<BulkJob {state}: {self.progress}>"


def _config(value: Config | str) -> Config:
    return on_off_config(value)


def _creative_id(value: int) -> int:
    return positive_id("creative_id", value)


def _optional_account(value: int | None) -> int | None:
    return None if value is None else positive_id("ad_account_id", value)


@attrs.frozen
class ConfigChange:
    """Switch one Moment creative ``ON`` or ``OFF``; validated when built."""

    creative_id: int = attrs.field(converter=_creative_id)
    config: Config = attrs.field(converter=_config)
    #: Falls back to the client's ``ad_account_id``.
    ad_account_id: int | None = attrs.field(default=None, kw_only=True, converter=_optional_account)


def config_changes(
    changes: Iterable[ConfigChange | tuple[int, Config | str]],
) -> list[ConfigChange]:
    """``changes`` as :class:`ConfigChange`\\ s; a ``(creative_id, config)`` pair is one too.

    A string or a single pair where the iterable belongs is refused, not taken apart.
    """
    if isinstance(changes, (str, bytes, bytearray, memoryview)) or not isinstance(
        changes, Iterable
    ):
        raise TypeError(
            f"changes must be an iterable of ConfigChange or (creative_id, config) pairs, "
            f"got {type(changes).__name__}"
        )
    items = []
    for change in changes:
        if isinstance(change, ConfigChange):
            items.append(change)
        elif isinstance(change, (tuple, list)) and len(change) == 2:
            items.append(ConfigChange(*change))
        else:
            raise TypeError(
                "changes must hold ConfigChange or (creative_id, config) pairs, "
                f"got {type(change).__name__} {change!r:.40}"
            )
    return items


def run_bounded(
    job: BulkJob[I, V],
    fn: Callable[[I], Awaitable[V]],
    *,
    concurrency: int,
) -> Coroutine[Any, Any, None]:
    """Work for ``job``: ``fn`` over its items, at most ``concurrency`` in flight.

    A fixed pool of workers pulls indices, so 100,000 items cost ``concurrency`` tasks. The ETA is
    the observed throughput applied to what is left.
    """
    items = job._items
    next_index = iter(range(len(items)))

    def eta() -> float | None:
        elapsed = time.monotonic() - job._started
        return elapsed / job._done * (job.total - job._done) if job._done else None

    job._set_eta(eta)

    async def worker() -> None:
        for i in next_index:
            item = items[i]
            try:
                result: ItemResult[I, V] = ItemResult(item=item, value=await fn(item))
            except Exception as exc:  # one item's failure is that item's result
                result = ItemResult(item=item, error=exc)
            job._finish(i, result)

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
