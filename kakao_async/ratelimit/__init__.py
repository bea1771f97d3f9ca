"""Quota limiters: per key one call in flight, each spaced by its quota's interval."""

from ._base import DEFAULT_MARGIN, Hold, QuotaKeyState, QuotaLimiter
from ._memory import MemoryRateLimiter
from ._redis import RedisRateLimiter

__all__ = [
    "DEFAULT_MARGIN",
    "Hold",
    "MemoryRateLimiter",
    "QuotaKeyState",
    "QuotaLimiter",
    "RedisRateLimiter",
]
