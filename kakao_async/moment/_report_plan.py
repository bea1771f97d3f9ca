"""What a report asks for, checked before any request, and how it is cut into calls Kakao takes.

A ``start``..``end`` range longer than Kakao's window (31 days) becomes consecutive windows; a
list of ids longer than one call may name becomes batches. Every (window, batch) pair is one
call, made in that order: window by window, oldest first, and batch by batch within a window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TypeVar

import attrs

from .._validate import positive_ids, positive_int, shown
from ..endpoints import REPORT_WINDOW_DAYS, kakao_today
from ..errors import KakaoInputError, KakaoInputTypeError
from ..models import DatePreset, MetricsGroup, OpenEnum, ReportDimension, TimeUnit

__all__ = [
    "Groups",
    "ReportQuery",
    "Window",
    "as_date",
    "batches",
    "choice",
    "report_query",
    "unique_ids",
    "windows",
]

E = TypeVar("E", bound=OpenEnum)
#: A (start, end) period of one call, both days included; None for a ``datePreset`` query.
Window = tuple[date, date] | None


@attrs.frozen(kw_only=True)
class ReportQuery:
    """A report's period, breakdown and metrics, validated."""

    date_preset: DatePreset | None = None
    start: date | None = None
    end: date | None = None
    dimension: ReportDimension | None = None
    metrics_groups: tuple[MetricsGroup, ...] = ()
    time_unit: TimeUnit | None = None

    def windows(self) -> list[Window]:
        """The periods of the calls: Kakao's window at most each, oldest first."""
        if self.start is None or self.end is None:
            return [None]
        return list(windows(self.start, self.end))

    def params(self, window: Window) -> list[tuple[str, str]]:
        """The query parameters of one call for ``window`` (ids are the caller's to add)."""
        params: list[tuple[str, str]] = []
        if window is None:
            assert self.date_preset is not None
            params.append(("datePreset", self.date_preset.value))
        else:
            params += [("start", _yyyymmdd(window[0])), ("end", _yyyymmdd(window[1]))]
        if self.time_unit is not None:
            params.append(("timeUnit", self.time_unit.value))
        if self.dimension is not None:
            params.append(("dimension", self.dimension.value))
        if self.metrics_groups:
            params.append(("metricsGroup", ",".join(g.value for g in self.metrics_groups)))
        return params


def _yyyymmdd(day: date) -> str:
    return day.strftime("%Y%m%d")


def report_query(
    *,
    date_preset: DatePreset | str | None,
    start: date | str | None,
    end: date | str | None,
    dimension: ReportDimension | str | None,
    metrics_groups: Groups,
    time_unit: TimeUnit | str | None,
) -> ReportQuery:
    """Check a report's arguments; every mistake raises here, before any request."""
    if date_preset is not None:
        if start is not None or end is not None:
            raise KakaoInputError("pass date_preset or start/end, not both")
        preset: DatePreset | None = choice("date_preset", DatePreset, date_preset)
        first = last = None
    else:
        if start is None or end is None:
            raise KakaoInputError("pass date_preset=..., or both start= and end= (dates)")
        preset = None
        first, last = as_date("start", start), as_date("end", end)
        if first > last:
            raise KakaoInputError(f"start ({first}) is after end ({last})")
        today = kakao_today()
        if last > today:
            # Kakao has no figures for a day that has not begun in Korea (and leaves today out
            # of start/end queries): such a range could only come back short or empty.
            raise KakaoInputError(
                f"end ({last}) is after today in Korea ({today}, KST): Kakao reports days up "
                "to yesterday with start/end (date_preset='TODAY' for today's figures)"
            )
        unit = None if time_unit is None else choice("time_unit", TimeUnit, time_unit)
        if unit != TimeUnit.DAY and (last - first).days >= REPORT_WINDOW_DAYS:
            # Kakao takes at most 31 days a call; without a row per day, each call's row (or
            # a week or month Kakao may add as a unit) would be cut at a window the library
            # chose, which is not what was asked for.
            raise KakaoInputError(
                f"{first} to {last} is longer than Kakao's {REPORT_WINDOW_DAYS} days: pass "
                "time_unit='DAY' for a row per day, or ask for at most "
                f"{REPORT_WINDOW_DAYS} days at a time"
            )
    return ReportQuery(
        date_preset=preset,
        start=first,
        end=last,
        dimension=None if dimension is None else choice("dimension", ReportDimension, dimension),
        metrics_groups=_groups(metrics_groups),
        time_unit=None if time_unit is None else choice("time_unit", TimeUnit, time_unit),
    )


def choice(name: str, cls: type[E], value: object) -> E:
    """One of ``cls``'s members, given as itself or as its text (any case). An unknown text is
    refused; a value Kakao added later passes as ``cls("NEW_VALUE")``, which is deliberate."""
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        member = cls._value2member_map_.get(value.upper())
        if member is not None:
            return member  # type: ignore[return-value]
        known = ", ".join(cls.__members__)
        # Quoted through shown (a token passed here must not reach logs); a short value is
        # quoted whole, so the hint can be copied.
        got = shown(value)
        example = got if got == repr(value) else "'NEW_VALUE'"
        raise KakaoInputError(
            f"{name} must be one of {known}; got {got}. For a value Kakao added "
            f"after this release, pass {cls.__name__}({example})"
        )
    raise KakaoInputTypeError(
        f"{name} must be a {cls.__name__} or a string, got {type(value).__name__}"
    )


Groups = Iterable[MetricsGroup | str] | MetricsGroup | str | None


def _groups(value: Groups) -> tuple[MetricsGroup, ...]:
    if value is None:
        return ()
    items: object = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        raise KakaoInputTypeError(
            f"metrics_groups must be a list of groups, got {type(value).__name__}"
        )
    groups = tuple(dict.fromkeys(choice("metrics_groups", MetricsGroup, g) for g in items))
    if not groups:
        raise KakaoInputError("metrics_groups must name at least one group (or be left out)")
    return groups


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def as_date(name: str, value: object) -> date:
    """A :class:`datetime.date`, or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, datetime):
        # A datetime is a date subclass; which day it means depends on its time zone.
        raise KakaoInputTypeError(
            f"{name} must be a date, not a datetime: pass {name}=value.date()"
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            # fromisoformat alone would also read 20260101 and 2026-W02-1 (Python 3.11).
            if _ISO_DAY.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        raise KakaoInputError(f"{name} must be a date or 'YYYY-MM-DD', got {shown(value)}")
    raise KakaoInputTypeError(f"{name} must be a datetime.date, got {type(value).__name__}")


def windows(start: date, end: date, days: int = REPORT_WINDOW_DAYS) -> Iterable[tuple[date, date]]:
    """Consecutive periods of at most ``days`` days covering ``start``..``end`` (both
    included), oldest first."""
    step = timedelta(days=positive_int("days", days))
    one = timedelta(days=1)
    while True:
        # Counted back from ``end``, so no step ever goes past date.max.
        last = end if (end - start) < step else start + step - one
        yield start, last
        if last == end:
            return
        start = last + one


def unique_ids(name: str, values: Iterable[object]) -> list[int]:
    """Checked ids, each once, in first-seen order; at least one."""
    ids = list(dict.fromkeys(positive_ids(name, values)))
    if not ids:
        raise KakaoInputError(f"{name} must name at least one id")
    return ids


def batches(ids: list[int], size: int) -> list[list[int]]:
    """``ids`` in consecutive lists of at most ``size``."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]
