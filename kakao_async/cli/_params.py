"""What the user types, checked before anything is sent: ids, seconds, URLs, input files.

Ids are read here and nowhere else in the CLI (:func:`parse_id`): only ASCII digits, from 1 to
the largest Kakao Long. Python's own readers are too generous for ids: ``int()`` takes ``'١٢'``,
``'+5'`` and ``'1_000'``, ``str.isdigit()`` takes ``'²'``, ``float()`` takes ``'1e400'``.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .._validate import base_url

__all__ = [
    "BASE_URL",
    "ID",
    "IDS",
    "MAX_ID",
    "Seconds",
    "ids_in_text",
    "parse_id",
    "read_input",
]

#: The largest id Kakao can hold (a Java ``Long``).
MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")
_SEPARATORS = re.compile(r"[\s,]+")


def parse_id(text: str) -> int:
    """``text`` as an id; a ``ValueError`` in the user's words when it is not one."""
    shown = f"'{text[:40]}'"
    if text.startswith("-") and _DIGITS.fullmatch(text[1:]):
        raise ValueError(f"{shown} is not an id: ids start at 1")
    if not _DIGITS.fullmatch(text):
        raise ValueError(f"{shown} is not an id: ids are written with the digits 0-9 only")
    value = int(text)
    if value == 0:
        raise ValueError(f"{shown} is not an id: ids start at 1")
    if value > MAX_ID:
        raise ValueError(f"{shown} is not an id: ids go up to {MAX_ID}")
    return value


def ids_in_text(text: str, *, source: str) -> list[int]:
    """Ids separated by spaces, commas or newlines; an error names ``source`` and the line."""
    ids = []
    for number, line in enumerate(text.splitlines(), start=1):
        for token in _SEPARATORS.split(line):
            if token:
                try:
                    ids.append(parse_id(token))
                except ValueError as exc:
                    raise ValueError(f"{source}, line {number}: {exc}") from None
    return ids


if TYPE_CHECKING:  # generic in recent click only: subscripting fails at run time on 8.1
    _IdType = click.ParamType[int, object]
    _IdsType = click.ParamType[tuple[int, ...], object]
    _FloatType = click.ParamType[float, object]
    _StrType = click.ParamType[str, object]
else:
    _IdType = _IdsType = _FloatType = _StrType = click.ParamType


class _Id(_IdType):
    """One id (an option's value, or a single-id argument)."""

    name = "id"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value  # a default, already an int
        try:
            return parse_id(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class _Ids(_IdsType):
    """One command-line word of ids: ``1001`` or ``1001,1002``."""

    name = "ids"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[int, ...]:
        if isinstance(value, tuple):
            return value
        try:
            return tuple(parse_id(t) for t in _SEPARATORS.split(str(value)) if t)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class Seconds(_FloatType):
    """A finite number of seconds, ``> 0`` (or ``>= 0`` with ``zero_ok``), at most ``maximum``."""

    name = "seconds"

    def __init__(self, *, maximum: float, zero_ok: bool = False) -> None:
        self.maximum = maximum
        self.zero_ok = zero_ok

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            seconds = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            seconds = math.nan
        low = seconds >= 0 if self.zero_ok else seconds > 0
        if not (low and seconds <= self.maximum):  # also false for nan
            bound = ">= 0" if self.zero_ok else "> 0"
            self.fail(
                f"'{str(value)[:40]}' is not a number of seconds {bound} and <= {self.maximum:g}",
                param,
                ctx,
            )
        return seconds


class _BaseUrl(_StrType):
    """An https URL, or http to a loopback host (a fake server): the library's own check."""

    name = "url"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        try:
            return base_url("the URL", str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


ID = _Id()
IDS = _Ids()
BASE_URL = _BaseUrl()


def read_input(path: str, *, option: str) -> str:
    """The text of an input file (``'-'``: stdin); a usage error naming ``option`` if unreadable."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
    except IsADirectoryError:
        reason = "it is a directory"
    except FileNotFoundError:
        reason = "no such file"
    except PermissionError:
        reason = "permission denied"
    except OSError as exc:
        reason = exc.strerror or "it cannot be read"
    raise click.BadParameter(f"cannot read '{path}': {reason}", param_hint=f"'{option}'")
