"""The fake's added latency and its one random generator (latency, chaos, issued tokens).

One seed replays them all; both settings are checked before the fake uses them.
"""

from __future__ import annotations

import random

from .._validate import is_many, positive_number, shown
from ..errors import KakaoInputError, KakaoInputTypeError

__all__ = ["latency_range", "seeded_random"]


def seeded_random(seed: object) -> random.Random:
    """The fake's one generator (latency, chaos, issued tokens), from ``seed=``: what
    ``random.Random`` takes, checked first (its own error is a bare TypeError)."""
    if seed is not None and not isinstance(seed, (int, float, str, bytes, bytearray)):
        raise KakaoInputTypeError(f"seed must be a number, text or None, got {shown(seed)}")
    return random.Random(seed)


def latency_range(value: object) -> tuple[float, float]:
    """``(low, high)`` seconds of added latency: two finite numbers, ``0 <= low <= high``. The
    one check of ``latency=``, ``fake.latency``, ``POST /_fake/config`` and ``--latency``."""
    if not is_many(value):
        raise KakaoInputTypeError(f"latency must be (low, high) seconds, got {shown(value)}")
    bounds = tuple(value)
    if len(bounds) != 2:
        raise KakaoInputError(f"latency must be (low, high) seconds, got {shown(value)}")
    low, high = (positive_number("latency", b, allow_zero=True) for b in bounds)
    if low > high:
        raise KakaoInputError(f"latency low {low:g} is above high {high:g}")
    return low, high
