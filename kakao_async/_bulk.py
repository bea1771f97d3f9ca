"""Results of bulk operations, and the bounded fan-out they share."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Generic, TypeVar, overload

import attrs

from ._validate import on_off_config, positive_id
from .models import Config

__all__ = ["BulkResult", "ConfigChange", "ItemResult", "run_bounded"]

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

    @property
    def ok(self) -> bool:
        return self.error is None


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


async def run_bounded(
    items: Sequence[I],
    fn: Callable[[I], Awaitable[V]],
    *,
    concurrency: int,
    on_done: Callable[[int, ItemResult[I, V]], None] | None = None,
) -> BulkResult[I, V]:
    """Run ``fn`` over ``items`` with at most ``concurrency`` in flight; one result per item.

    A fixed pool of workers pulls indices, so 100,000 items cost ``concurrency`` tasks, not 100,000.
    """
    results: list[ItemResult[I, V] | None] = [None] * len(items)
    next_index = iter(range(len(items)))

    async def worker() -> None:
        for i in next_index:
            item = items[i]
            try:
                result: ItemResult[I, V] = ItemResult(item=item, value=await fn(item))
            except Exception as exc:  # one item's failure is that item's result
                result = ItemResult(item=item, error=exc)
            results[i] = result
            if on_done is not None:
                on_done(i, result)

    workers = [asyncio.ensure_future(worker()) for _ in range(min(concurrency, len(items)))]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        # Cancelled from outside: stop the pool and wait for it, so no task outlives the call.
        for w in workers:
            w.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    return BulkResult([r for r in results if r is not None])
