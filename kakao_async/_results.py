"""What a bulk call gives back: one result per item, typed so that ``if r.ok:`` narrows.

:class:`ItemResult` is the shape every result has (and what a custom bulk job may report).
Results a :class:`BulkResult` holds are always one of its two subclasses, :class:`ItemSucceeded`
(``ok`` is ``True``, ``value`` is set) or :class:`ItemFailed` (``ok`` is ``False``, ``error`` is
set), so a type checker knows ``r.value`` is not ``None`` inside ``if r.ok:``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Generic, Literal, TypeAlias, TypeVar, overload

import attrs

__all__ = [
    "OUTCOMES",
    "BulkResult",
    "ItemFailed",
    "ItemOutcome",
    "ItemResult",
    "ItemSucceeded",
    "caught",
    "settled",
    "succeeded",
]

I = TypeVar("I")  # noqa: E741 - the item type, as in BulkResult[I, V]
V = TypeVar("V")


# eq=False: ItemResult defines equality itself, for its subclasses too (see __eq__).
@attrs.frozen(kw_only=True, eq=False)
class ItemResult(Generic[I, V]):
    """What happened to one item of a bulk call."""

    #: The input item, as the call took it: a change given as an ``(id, config)`` pair is the
    #: :class:`~kakao_async.ConfigChange` it stands for, an id given as text its ``int``.
    item: I
    #: The result (a model, or the applied :class:`Config`), when ``ok``.
    value: V | None = None
    #: The exception that item ended with, when not ``ok``.
    error: BaseException | None = None
    #: Nothing was sent: the object was already in that state (``skip_unchanged=True``).
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

    def __eq__(self, other: object) -> bool:
        """Equal to any ``ItemResult`` with the same fields, whichever of the classes: 0.2.0
        handed out plain ``ItemResult``s, and tests written for it compare results with them
        (attrs' own ``__eq__`` would also require the same class)."""
        if not isinstance(other, ItemResult):
            return NotImplemented
        mine, theirs = type(self), type(other)
        # Field-wise across the library's three classes only: a user's subclass may add fields
        # (and its own hash), so it equals its own class alone, as attrs has it.
        if mine is not theirs and (mine not in _FIELD_WISE or theirs not in _FIELD_WISE):
            return NotImplemented
        return _fields(self) == _fields(other)

    def __hash__(self) -> int:
        return hash(_fields(self))


def _fields(result: ItemResult[Any, Any]) -> tuple[Any, ...]:
    # ItemResult's fields: its subclasses add none (they only narrow the types).
    return tuple(getattr(result, field.name) for field in attrs.fields(ItemResult))


@attrs.frozen(kw_only=True, eq=False)
class ItemSucceeded(ItemResult[I, V]):
    """An item that did not fail: ``value`` holds its result."""

    value: V
    error: None = None

    @property
    def ok(self) -> Literal[True]:
        """Always ``True``."""
        return True


@attrs.frozen(kw_only=True, eq=False)
class ItemFailed(ItemResult[I, V]):
    """An item that ended with ``error``."""

    error: BaseException
    value: None = None

    @property
    def ok(self) -> Literal[False]:
        """Always ``False``."""
        return False


#: The classes whose instances equal each other field by field (see ItemResult.__eq__).
_FIELD_WISE = frozenset({ItemResult, ItemSucceeded, ItemFailed})

#: Each field's slot setter (the member descriptor's ``__set__``; the subclasses add no slots).
_set_item, _set_value, _set_error, _set_skipped, _set_superseded = (
    getattr(ItemResult, name).__set__
    for name in ("item", "value", "error", "skipped", "superseded")
)


def succeeded(item: I, value: V, *, superseded: bool = False) -> ItemSucceeded[I, V]:
    """``ItemSucceeded(item=item, value=value, superseded=superseded)``, built for a bulk's hot
    path: a frozen attrs ``__init__`` (keyword arguments, each field through
    ``object.__setattr__``) costs ~8,700 instructions, this ~5,100 (the same instance: the
    class's own ``__init__`` has no validator or converter to skip)."""
    result: ItemSucceeded[I, V] = object.__new__(ItemSucceeded)
    _set_item(result, item)
    _set_value(result, value)
    _set_error(result, None)
    _set_skipped(result, False)
    _set_superseded(result, superseded)
    return result


def caught(item: I, exc: BaseException) -> ItemFailed[I, V]:
    """``ItemFailed(item=item, error=exc)`` for an ``exc`` just caught by a bulk's runner, less
    its traceback's first entry: the runner's own frame, whose cells hold the job (or what
    reports to it). Kept, the job's results would hold the job, a cycle only the collector
    frees; the frames ``exc`` was raised through stay."""
    tb = exc.__traceback__
    if tb is not None:
        exc.__traceback__ = tb.tb_next
    return ItemFailed(item=item, error=exc)


#: A result as :class:`BulkResult` hands it out: ``if r.ok:`` tells the two apart.
ItemOutcome: TypeAlias = ItemSucceeded[I, V] | ItemFailed[I, V]


#: The two subclasses a result is handed out as (see :func:`settled`).
OUTCOMES = (ItemSucceeded, ItemFailed)


def settled(result: ItemResult[I, V]) -> ItemOutcome[I, V]:
    """``result`` as one of the two subclasses (a plain :class:`ItemResult` is converted).
    Callers that mostly hold outcomes already check ``isinstance(result, OUTCOMES)`` first:
    a call per item of a bulk costs more than the check."""
    if isinstance(result, OUTCOMES):
        return result
    if result.error is not None:
        return ItemFailed(item=result.item, error=result.error)
    # A plain result with neither value nor error is a success whose value is None.
    value: V = result.value  # type: ignore[assignment]
    return ItemSucceeded(
        item=result.item, value=value, skipped=result.skipped, superseded=result.superseded
    )


class BulkResult(Sequence[ItemOutcome[I, V]]):
    """One result per input item, in input order. Never raises for an item."""

    __slots__ = ("_results",)

    def __init__(self, results: Sequence[ItemResult[I, V]]) -> None:
        self._results = tuple(r if isinstance(r, OUTCOMES) else settled(r) for r in results)

    @overload
    def __getitem__(self, index: int) -> ItemOutcome[I, V]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ItemOutcome[I, V]]: ...
    def __getitem__(self, index: int | slice) -> ItemOutcome[I, V] | Sequence[ItemOutcome[I, V]]:
        return self._results[index]

    def __len__(self) -> int:
        return len(self._results)

    def __iter__(self) -> Iterator[ItemOutcome[I, V]]:
        return iter(self._results)

    @property
    def failed(self) -> list[ItemFailed[I, V]]:
        """The items that ended with an error."""
        return [r for r in self._results if isinstance(r, ItemFailed)]

    @property
    def succeeded(self) -> list[ItemSucceeded[I, V]]:
        """The items that worked."""
        return [r for r in self._results if isinstance(r, ItemSucceeded)]

    @property
    def ok(self) -> bool:
        """Whether every item worked."""
        return all(r.error is None for r in self._results)

    def values(self) -> list[V | None]:
        """Each item's value (``None`` for failures), in input order."""
        return [r.value for r in self._results]

    def __repr__(self) -> str:
        return f"<BulkResult {len(self)} items, {len(self.failed)} failed>"
