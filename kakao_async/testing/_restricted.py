"""``fake.restricted_ad_accounts``: the ad accounts every API call for which answers 403.

A set of ad account ids that checks what goes in: the fake compares the ``adAccountId`` header's
number with it, so ``add("9")`` would restrict nothing, and a test expecting 403 would fail far
from its mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import TypeVar

from .._validate import is_many, shown
from ..errors import KakaoInputError, KakaoInputTypeError

__all__ = ["AccountSet", "Restrictions"]

_NAME = "restricted_ad_accounts"
_Self = TypeVar("_Self", bound="AccountSet")


def _account(value: object) -> int:
    # The number the header carries: a plain positive int (not "9", not True).
    if type(value) is not int:
        raise KakaoInputTypeError(f"{_NAME} takes ad account ids (int), got {shown(value)}")
    if value <= 0:
        raise KakaoInputError(f"{_NAME} takes positive ad account ids, got {value}")
    return value


def _accounts(values: object) -> list[int]:
    if not is_many(values):
        raise KakaoInputTypeError(f"{_NAME} takes a set of ad account ids, got {shown(values)}")
    return [_account(v) for v in values]


class AccountSet(set[int]):
    """A ``set`` of ad account ids whose additions are checked (all of them before any). Each
    way in is overridden: a ``set``'s ``|=`` and ``update`` do not go through ``add``."""

    def __init__(self, values: Iterable[int] = ()) -> None:
        super().__init__(_accounts(values))

    def add(self, value: int) -> None:
        super().add(_account(value))

    def update(self, *others: Iterable[int]) -> None:
        checked = [_accounts(other) for other in others]
        for accounts in checked:
            super().update(accounts)

    def symmetric_difference_update(self, other: Iterable[int]) -> None:
        super().symmetric_difference_update(_accounts(other))

    # typeshed types set's in-place operators as its binary ones, which return a plain set.
    def __ior__(self: _Self, other: Set[int]) -> _Self:  # type: ignore[misc, override]
        self.update(other)
        return self

    def __ixor__(self: _Self, other: Set[int]) -> _Self:  # type: ignore[misc, override]
        self.symmetric_difference_update(other)
        return self


class Restrictions:
    """The ``restricted_ad_accounts`` attribute of :class:`FakeKakaoServer`."""

    _restricted: AccountSet

    @property
    def restricted_ad_accounts(self) -> set[int]:
        """Ad accounts every API call for which answers HTTP 403 (detail code 30002)."""
        return self._restricted

    @restricted_ad_accounts.setter
    def restricted_ad_accounts(self, values: Iterable[int]) -> None:
        self._restricted = AccountSet(values)
