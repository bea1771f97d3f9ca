"""Kakao Moment report rows, the choices a report request makes, and the rows as read from JSON.

A report answers ``{"data": [{"start", "end", "dimensions": {...}, "metrics": {...}}, ...]}``.
Kakao adds metrics without notice, so a row keeps every metric it was sent, known or not; each
becomes a number (``int`` or ``float``), also when Kakao writes it as a JSON string.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, TypeVar

import attrs

from ._enums import OpenEnum

__all__ = [
    "DatePreset",
    "MetricsGroup",
    "ReportDimension",
    "ReportRow",
    "TimeUnit",
    "structure_report_row",
    "unstructure_report_row",
]

V = TypeVar("V")


class DatePreset(OpenEnum):
    """A relative report period (``datePreset``). Every one but ``TODAY`` ends yesterday."""

    TODAY = "TODAY"
    YESTERDAY = "YESTERDAY"
    LAST_7DAY = "LAST_7DAY"
    LAST_14DAY = "LAST_14DAY"
    LAST_30DAY = "LAST_30DAY"
    THIS_MONTH = "THIS_MONTH"
    LAST_MONTH = "LAST_MONTH"


class ReportDimension(OpenEnum):
    """What a report's rows are broken down by (``dimension``), besides the reported object.

    Age, gender, location, device and placement carry values for display campaigns only.
    """

    CREATIVE_FORMAT = "CREATIVE_FORMAT"
    PLACEMENT = "PLACEMENT"
    DEVICE_TYPE = "DEVICE_TYPE"
    AGE = "AGE"
    GENDER = "GENDER"
    AGE_GENDER = "AGE_GENDER"
    LOCATION = "LOCATION"
    HOUR = "HOUR"


class MetricsGroup(OpenEnum):
    """A group of metrics a report includes (``metricsGroup``; several may be asked for).

    Display campaigns have no ``MESSAGE*`` metrics; message campaigns have only those.
    """

    BASIC = "BASIC"
    ADDITION = "ADDITION"
    MESSAGE = "MESSAGE"
    MESSAGE_ADDITION = "MESSAGE_ADDITION"
    MESSAGE_CLICK = "MESSAGE_CLICK"
    PLUS_FRIEND = "PLUS_FRIEND"
    PIXEL_CONVERSION = "PIXEL_CONVERSION"
    SDK_CONVERSION = "SDK_CONVERSION"
    VIDEO = "VIDEO"


class TimeUnit(OpenEnum):
    """The period one row covers (``timeUnit``): ``DAY`` gives a row per day. Without it, a row
    covers the whole requested period."""

    DAY = "DAY"


class ReadOnlyFields(Mapping[str, V]):
    """A row's dimensions or metrics: a read-only mapping that compares equal to a dict."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, V] | None = None) -> None:
        self._data: dict[str, V] = dict(data or {})

    def __getitem__(self, key: str) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._data,))


def _dimensions(value: Mapping[str, str | None] | None) -> ReadOnlyFields[str | None]:
    return value if isinstance(value, ReadOnlyFields) else ReadOnlyFields(value)


def _metrics(value: Mapping[str, int | float | None] | None) -> ReadOnlyFields[int | float | None]:
    return value if isinstance(value, ReadOnlyFields) else ReadOnlyFields(value)


@attrs.frozen(kw_only=True)
class ReportRow:
    """One row of a report: the period it covers, what it is broken down by, and its metrics.

    ``dimensions`` holds Kakao's keys as sent (e.g. ``{"campaign_id": "1234", "device_type":
    "ANDROID"}``); ``metrics`` holds every metric Kakao sent, as numbers (e.g. ``{"imp": 4,
    "click": 1, "ctr": 25.0, "cost": 150}``), unknown ones included.
    """

    start: date
    end: date
    dimensions: Mapping[str, str | None] = attrs.field(
        factory=ReadOnlyFields, converter=_dimensions, hash=False
    )
    metrics: Mapping[str, int | float | None] = attrs.field(
        factory=ReadOnlyFields, converter=_metrics, hash=False
    )


_INT = re.compile(r"[+-]?[0-9]+")

#: A name shaped like Kakao's metrics and dimensions (``imp``, ``video_play_3s``): short
#: lowercase words joined by underscores. A token (mixed case, dashes) or a hex key (one long
#: word) is not, and a decode error must not quote it: names are keys of the body.
_KAKAO_NAME = re.compile(r"[a-z][a-z0-9]{0,15}(?:_[a-z0-9]{1,15}){0,7}")


def _named(kind: str, name: str) -> str:
    """``metric 'imp'``, or just ``a metric`` for a name Kakao would not send."""
    return f"{kind} {name!r}" if _KAKAO_NAME.fullmatch(name) else f"a {kind} (name not shown)"


def metric_value(name: str, value: Any) -> int | float | None:
    """A metric as a number: JSON numbers as they are, numeric strings parsed, ``null`` (and
    the ``""``/``"-"`` of "no value") as None. Anything else is not a metric."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"{_named('metric', name)} is a boolean, not a number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if text in ("", "-"):
            return None
        # ASCII only: int() and float() also read fullwidth digits, which no report sends.
        if text.isascii() and _INT.fullmatch(text):
            return int(text)
        try:
            number = float(text) if text.isascii() else math.nan
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return number
    # The value is not quoted: a decode error's text never carries a body's values.
    raise TypeError(f"{_named('metric', name)} is not a number ({type(value).__name__})")


def _dimension_value(name: str, value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"{_named('dimension', name)} is not a scalar: {type(value).__name__}")


def report_date(value: Any, field: str) -> date:
    """``2026-09-01``, ``20260901`` or a date-time string's date."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 8 and text.isascii() and text.isdigit():
            text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            pass
    raise TypeError(f"{field} is not a date ({type(value).__name__})")


def _object(value: Any, what: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a JSON object, got {type(value).__name__}")
    return value


def structure_report_row(value: Any, _: Any = None) -> ReportRow:
    """One element of a report's ``data`` as a :class:`ReportRow` (the converter's hook)."""
    row = _object(value, "a report row")
    if "start" not in row or "end" not in row:
        raise KeyError("start" if "start" not in row else "end")
    dimensions = _object(row.get("dimensions"), "dimensions")
    metrics = _object(row.get("metrics"), "metrics")
    return ReportRow(
        start=report_date(row["start"], "start"),
        end=report_date(row["end"], "end"),
        dimensions={str(k): _dimension_value(k, v) for k, v in dimensions.items()},
        metrics={str(k): metric_value(k, v) for k, v in metrics.items()},
    )


def unstructure_report_row(row: ReportRow) -> dict[str, Any]:
    """A row as JSON-ready data: ISO dates, plain dicts."""
    return {
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "dimensions": dict(row.dimensions),
        "metrics": dict(row.metrics),
    }
