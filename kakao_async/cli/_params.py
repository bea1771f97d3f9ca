"""What the user types, checked before anything is sent: ids, amounts, dates, seconds, URLs,
input files.

Ids are read here and nowhere else in the CLI (:func:`parse_id`), amounts of won likewise
(:func:`parse_amount`): only ASCII digits, from 1 to the largest Kakao Long. Python's own readers
are too generous: ``int()`` takes ``'١٢'``, ``'+5'`` and ``'1_000'``, ``str.isdigit()`` takes
``'²'``, ``float()`` takes ``'1e400'``; ``date.fromisoformat()`` takes ``'20260101'`` and
``'2026-W01'``, so dates are read as ``YYYY-MM-DD`` only (:data:`DAY`).
"""

from __future__ import annotations

import errno
import math
import re
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem

from .._quotas import declared_quotas
from .._validate import base_url

__all__ = [
    "BASE_URL",
    "DAY",
    "ID",
    "IDS",
    "MAX_ID",
    "QUOTA",
    "Amount",
    "Names",
    "OneOf",
    "QuotaSetting",
    "Seconds",
    "collect_ids",
    "ids_in_text",
    "parse_amount",
    "parse_id",
    "read_input",
]

#: The largest id Kakao can hold (a Java ``Long``).
MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")
_SEPARATORS = re.compile(r"[\s,]+")


def _whole(text: str, *, a: str, plural: str) -> int:
    """``text`` as a whole number from 1 to :data:`MAX_ID` in ASCII digits; a ``ValueError``
    saying that it is not ``a`` (``"an id"``) otherwise."""
    shown = f"'{text[:40]}'"
    if text.startswith("-") and _DIGITS.fullmatch(text[1:]):
        raise ValueError(f"{shown} is not {a}: {plural} start at 1")
    if not _DIGITS.fullmatch(text):
        raise ValueError(f"{shown} is not {a}: {plural} are written with the digits 0-9 only")
    value = int(text)
    if value == 0:
        raise ValueError(f"{shown} is not {a}: {plural} start at 1")
    if value > MAX_ID:
        raise ValueError(f"{shown} is not {a}: {plural} go up to {MAX_ID}")
    return value


def parse_id(text: str) -> int:
    """``text`` as an id; a ``ValueError`` in the user's words when it is not one."""
    return _whole(text, a="an id", plural="ids")


def parse_amount(text: str) -> int:
    """``text`` as an amount of won (a budget, a bid), read like an id: ASCII digits, no
    separators, at least 1. Kakao's own rules (minimums, steps) are Kakao's to enforce."""
    return _whole(text, a="an amount of won", plural="amounts")


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


def collect_ids(
    words: Iterable[Iterable[int]],
    from_file: str | None = None,
    *,
    what: str = "creative",
    files: bool = False,
) -> list[int]:
    """The ids of the IDS arguments, then of ``--from-file``, each once, in the order first
    typed; at least one (``what`` names them in the error when there are none; ``files``: the
    command has ``--from-file``). An id typed twice names one object: one row, one request (a
    second DELETE of it would fail, and a summary would count it twice)."""
    ids = [i for word in words for i in word]
    if from_file is not None:
        source = "--from-file " + ("stdin" if from_file == "-" else from_file)
        try:
            ids += ids_in_text(read_input(from_file, option="--from-file"), source=source)
        except ValueError as exc:
            message = str(exc).removeprefix(source + ", ")
            raise click.BadParameter(message, param_hint=f"'{source}'") from None
    if not ids:
        # IDS may be there and still hold no id (","): say the ways this command takes ids.
        empty = f" ({from_file} holds none)" if from_file is not None else ""
        ways = "IDS or --from-file FILE" if files else "IDS"
        raise click.UsageError(f"no {what} ids: give {ways}{empty}")
    return list(dict.fromkeys(ids))


if TYPE_CHECKING:  # generic in recent click only: subscripting fails at run time on 8.1
    _IdType = click.ParamType[int, object]
    _IdsType = click.ParamType[tuple[int, ...], object]
    _FloatType = click.ParamType[float, object]
    _StrType = click.ParamType[str, object]
    _DateType = click.ParamType[date, object]
    _NamesType = click.ParamType[tuple[str, ...], object]
    _AmountType = click.ParamType[int | None, object]
    _QuotaType = click.ParamType[tuple[str, float], object]
else:
    _IdType = _IdsType = _FloatType = _StrType = _DateType = _NamesType = _AmountType = (
        _QuotaType
    ) = click.ParamType


class _Id(_IdType):
    """One id (an option's value, or a single-id argument)."""

    name = "id"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value  # a default, already an int
        try:
            # Whitespace around one id is no part of it: an env file saved on Windows gives
            # KAKAO_AD_ACCOUNT_ID "1\r" (IDS arguments already split on whitespace).
            return parse_id(str(value).strip())
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class Amount(_AmountType):
    """An amount of won (a budget, a bid), read like an id; with ``none_ok``, also the word
    ``none`` (no amount: a campaign without a daily budget), as None."""

    name = "amount"

    def __init__(self, *, none_ok: bool = False) -> None:
        self.none_ok = none_ok

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int | None:
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if self.none_ok and str(value).lower() == "none":
            return None
        try:
            return parse_amount(str(value))
        except ValueError as exc:
            hint = " (or 'none': no daily budget)" if self.none_ok else ""
            self.fail(f"{exc}{hint}", param, ctx)


_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class _Day(_DateType):
    """A calendar day written ``YYYY-MM-DD`` (ASCII digits), and only that."""

    name = "date"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> date:
        if isinstance(value, date):
            return value
        shown = f"'{str(value)[:40]}'"
        match = _ISO_DAY.fullmatch(str(value))
        if match is None:
            self.fail(f"{shown} is not a date: write it as YYYY-MM-DD, e.g. 2026-01-31", param, ctx)
        try:
            return date(*map(int, match.groups()))
        except ValueError as exc:  # 2026-02-30: Python's reason (day out of range) is clear
            self.fail(f"{shown} is not a date: {exc}", param, ctx)


class Names(_NamesType):
    """One or more of ``choices`` (any case), separated by commas: ``BASIC,ADDITION``."""

    name = "names"

    def __init__(self, choices: Iterable[str], *, what: str) -> None:
        self.choices = tuple(choices)
        self.what = what

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        names = []
        for word in _SEPARATORS.split(str(value)):
            if not word:
                continue
            if word.upper() not in self.choices:
                known = ", ".join(self.choices)
                self.fail(f"'{word[:40]}' is not {self.what}: one of {known}", param, ctx)
            names.append(word.upper())
        if not names:
            self.fail(f"name at least one {self.what.removeprefix('a ')}", param, ctx)
        return tuple(names)


class OneOf(_StrType):
    """One of ``choices`` in any case (``off``), given back as Kakao writes it (``OFF``).

    ``click.Choice(case_sensitive=False)`` would do the same, but from click 8.2 on it shows the
    choices casefolded in help and errors (``[on|off|del]``, ``'last_7day'``): names README and
    Kakao never use.
    """

    name = "choice"

    def __init__(self, choices: Iterable[str], *, what: str) -> None:
        self.choices = tuple(choices)
        self.what = what

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.choices) + "]"

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        """The choices starting with ``incomplete`` (in any case), as ``click.Choice`` offers."""
        typed = incomplete.upper()
        return [CompletionItem(c) for c in self.choices if c.startswith(typed)]

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        if str(value).upper() in self.choices:
            return str(value).upper()
        known = ", ".join(self.choices)
        self.fail(f"'{str(value)[:40]}' is not {self.what}: one of {known}", param, ctx)


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
            # Whitespace around it is no part of it (an env file saved on Windows: "...\r"),
            # as for the token and the intervals; inside a URL it is still refused.
            return base_url("the URL", str(value).strip())
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class QuotaSetting(_QuotaType):
    """``NAME=SECONDS``: the interval of a quota the endpoints declare (``campaigns.onOff=0.2``),
    as the client's ``quotas=`` and the fake server's ``--quota`` take it."""

    name = "quota"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, float]:
        name, equals, seconds = str(value).partition("=")
        if not equals:
            self.fail(
                f"'{str(value)[:40]}' is not NAME=SECONDS, e.g. campaigns.onOff=0.2", param, ctx
            )
        known = declared_quotas()
        if name not in known:
            self.fail(
                f"'{name[:40]}' is not a quota; the quotas are: {', '.join(known)}", param, ctx
            )
        return name, Seconds(maximum=3600).convert(seconds, param, ctx)


ID = _Id()
IDS = _Ids()
QUOTA = QuotaSetting()
DAY = _Day()
BASE_URL = _BaseUrl()


def read_input(path: str, *, option: str) -> str:
    """The text of an input file (``'-'``: stdin), without a leading byte order mark; a usage
    error naming ``option`` if unreadable."""
    # Notepad and spreadsheet exports start UTF-8 files with a BOM: it is no part of the first
    # id, the token or the JSON, and as text it is invisible in the error that would refuse it.
    try:
        if path != "-":
            return Path(path).read_text(encoding="utf-8-sig")
        if sys.stdin is None:  # closed by the caller ("<&-", a service manager)
            raise OSError(errno.EBADF, "stdin is closed")
        binary = getattr(sys.stdin, "buffer", None)
        if binary is None:  # a text-only stream (a caller's StringIO): already text
            return sys.stdin.read().removeprefix("\ufeff")
        # UTF-8, as a file is, whatever the console's encoding (cp949, latin-1): read with the
        # console's, Korean text would reach Kakao garbled.
        return bytes(binary.read()).decode("utf-8-sig")
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
