"""The fake's report figures: deterministic per (object, day, breakdown value), so a test can
fetch a report twice, or in different windows, and compare.

Counts of one day are drawn from a CRC of (kind, id, day, value); a row covering several days
sums their counts and computes its ratios from the sums, as a real report would. The ``BASIC``
metric names (``imp``, ``click``, ``ctr``, ``cost``) are those of Kakao's samples; the other
groups' names are the fake's own, for illustration.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

__all__ = ["DIMENSION_VALUES", "GROUP_METRICS", "days", "preset_range", "report_rows"]

#: The breakdown values the fake reports for each dimension.
DIMENSION_VALUES: dict[str, tuple[str, ...]] = {
    "CREATIVE_FORMAT": ("IMAGE_BANNER", "IMAGE_NATIVE"),
    "PLACEMENT": ("KAKAO_TALK", "DAUM"),
    "DEVICE_TYPE": ("ANDROID", "IOS", "PC"),
    "AGE": ("20~24", "25~29", "30~34"),
    "GENDER": ("MALE", "FEMALE"),
    "AGE_GENDER": ("20~24_MALE", "20~24_FEMALE"),
    "LOCATION": ("SEOUL", "BUSAN"),
    "HOUR": tuple(f"{h:02d}" for h in range(24)),
}

#: Count metrics of each metrics group (ratios are derived, see ``_ratios``).
GROUP_METRICS: dict[str, tuple[str, ...]] = {
    "BASIC": ("imp", "click", "cost"),
    "ADDITION": ("reach",),
    "MESSAGE": ("msg_send", "msg_open"),
    "MESSAGE_ADDITION": ("msg_share",),
    "MESSAGE_CLICK": ("msg_click",),
    "PLUS_FRIEND": ("plus_friend_add",),
    "PIXEL_CONVERSION": ("conv_purchase_1d",),
    "SDK_CONVERSION": ("conv_app_install_1d",),
    "VIDEO": ("video_play_3s",),
}


def _counts(kind: str, entity: int, day: date, value: str) -> dict[str, int]:
    """One day's counts of one object for one breakdown value."""
    h = zlib.crc32(f"{kind}:{entity}:{day.isoformat()}:{value}".encode())
    imp = 100 + h % 9_900
    click = imp * (1 + (h >> 8) % 50) // 1000
    return {
        "imp": imp,
        "click": click,
        "cost": click * (50 + (h >> 14) % 450),
        "reach": imp * (50 + (h >> 4) % 50) // 100,
        "msg_send": 10 + (h >> 6) % 500,
        "msg_open": 5 + (h >> 7) % 200,
        "msg_share": (h >> 9) % 20,
        "msg_click": (h >> 10) % 50,
        "plus_friend_add": (h >> 11) % 10,
        "conv_purchase_1d": (h >> 12) % 5,
        "conv_app_install_1d": (h >> 13) % 7,
        "video_play_3s": imp // (2 + (h >> 5) % 4),
    }


def _ratios(groups: Sequence[str], counts: dict[str, int]) -> dict[str, float]:
    ratios: dict[str, float] = {}
    if "BASIC" in groups:
        ratios["ctr"] = round(100 * counts["click"] / counts["imp"], 2) if counts["imp"] else 0.0
    if "ADDITION" in groups:
        click = counts["click"]
        ratios["cost_per_click"] = round(counts["cost"] / click, 2) if click else 0.0
    return ratios


def days(start: date, end: date) -> list[date]:
    """Every day from ``start`` to ``end``, both included."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def preset_range(preset: str, today: date) -> tuple[date, date] | None:
    """The period a ``datePreset`` means on ``today``; None when it is empty (``THIS_MONTH`` on
    the first of a month). Every preset but ``TODAY`` ends yesterday."""
    yesterday = today - timedelta(days=1)
    if preset == "TODAY":
        return today, today
    if preset == "YESTERDAY":
        return yesterday, yesterday
    if preset.startswith("LAST_") and preset.endswith("DAY"):
        return today - timedelta(days=int(preset[5:-3])), yesterday
    if preset == "THIS_MONTH":
        first = today.replace(day=1)
        return (first, yesterday) if first <= yesterday else None
    assert preset == "LAST_MONTH", preset
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def report_rows(
    *,
    kind: str,
    ids: Iterable[int],
    period: tuple[date, date],
    daily: bool,
    dimension: str | None,
    groups: Sequence[str],
) -> list[dict[str, Any]]:
    """The ``data`` rows: one per (day or whole period, object, breakdown value), in that order."""
    ids = list(ids)
    periods = [(d, d) for d in days(*period)] if daily else [period]
    values = DIMENSION_VALUES[dimension] if dimension is not None else ("",)
    key = f"{kind}_id"
    rows = []
    for first, last in periods:
        for entity in ids:
            for value in values:
                totals: dict[str, int] = {}
                for day in days(first, last):
                    for name, count in _counts(kind, entity, day, value).items():
                        totals[name] = totals.get(name, 0) + count
                metrics: dict[str, Any] = {
                    name: totals[name] for group in groups for name in GROUP_METRICS[group]
                }
                metrics.update(_ratios(groups, totals))
                dimensions = {key: str(entity)}
                if dimension is not None:
                    dimensions[dimension.lower()] = value
                rows.append(
                    {
                        "start": first.isoformat(),
                        "end": last.isoformat(),
                        "dimensions": dimensions,
                        "metrics": metrics,
                    }
                )
    return rows
