"""Creatives named across ad accounts: what bulk ``get_many``/``delete_many`` take as items."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, TypeVar

from ._validate import is_many, positive_id, shown
from .errors import KakaoInputTypeError

__all__ = [
    "CreativeRef",
    "IdOrPair",
    "creative_refs",
    "needs_account",
]


class CreativeRef(NamedTuple):
    """A creative of a given ad account: ``CreativeRef(ad_account_id, creative_id)``.

    A tuple, so a plain ``(ad_account_id, creative_id)`` pair does the same where bulk calls
    take one; results report each pair as a :class:`CreativeRef` (equal to the pair).
    """

    ad_account_id: int
    creative_id: int


#: The item type of bulk calls by creative: plain ids (``int``; ``"123"`` works at run time too),
#: ``(ad_account_id, creative_id)`` pairs or :class:`CreativeRef`\\ s, or a list annotated as
#: holding both. Results report each item as given (a pair as a :class:`CreativeRef`).
IdOrPair = TypeVar("IdOrPair", int, CreativeRef, tuple[int, int], int | tuple[int, int])


def needs_account(items: Iterable[int | CreativeRef]) -> bool:
    """Whether any item is a plain id, which needs the call's (or the client's) ad account."""
    return any(not isinstance(item, CreativeRef) for item in items)


def creative_refs(name: str, values: Iterable[object]) -> list[int | CreativeRef]:
    """Every item of ``values``, checked: a creative id (a plain ``int``, for the call's ad
    account) or an ``(ad_account_id, creative_id)`` pair (a :class:`CreativeRef`)."""
    if not is_many(values):
        raise KakaoInputTypeError(
            f"{name} must be an iterable of ids or (ad_account_id, creative_id) pairs, "
            f"got {type(values).__name__}"
        )
    items: list[int | CreativeRef] = []
    for value in values:
        if isinstance(value, (tuple, list)):
            if len(value) != 2:
                raise KakaoInputTypeError(
                    f"{name} must hold ids or (ad_account_id, creative_id) pairs, "
                    f"got a {type(value).__name__} of {len(value)}"
                )
            account, creative = value
            items.append(
                CreativeRef(
                    positive_id("ad_account_id", account), positive_id("creative_id", creative)
                )
            )
        elif isinstance(value, (int, str)):
            items.append(positive_id("creative_id", value))
        else:
            raise KakaoInputTypeError(
                f"{name} must hold ids or (ad_account_id, creative_id) pairs, "
                f"got {type(value).__name__} {shown(value)}"
            )
    return items
