"""A setting of the fake that a test may also change by assignment: checked either way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["Checked"]

T = TypeVar("T")


class Checked(Generic[T]):
    """A class attribute that runs ``check(name, value)`` on every assignment, the constructor's
    included: ``fake.record_bodies = "no"`` is refused as ``record_bodies="no"`` is, instead of
    reading as true."""

    def __init__(self, check: Callable[[str, object], T]) -> None:
        self._check = check
        self._name = ""
        self._slot = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name, self._slot = name, f"_checked_{name}"

    def __get__(self, instance: object, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]  # the class's own attribute: for docs
        value: T = getattr(instance, self._slot)
        return value

    def __set__(self, instance: object, value: Any) -> None:
        setattr(instance, self._slot, self._check(self._name, value))
