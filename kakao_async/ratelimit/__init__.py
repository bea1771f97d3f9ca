"""Quota limiters for Kakao's rate-limited endpoints (creative onOff)."""

from ._base import DEFAULT_MARGIN, Hold, QuotaLimiter
from ._memory import MemoryRateLimiter
from ._redis import RedisRateLimiter

__all__ = ["DEFAULT_MARGIN", "Hold", "MemoryRateLimiter", "QuotaLimiter", "RedisRateLimiter"]
