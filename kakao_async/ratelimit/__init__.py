"""Quota limiters for Kakao's rate-limited endpoints (creative onOff)."""

from ._base import DEFAULT_MARGIN, Hold, QuotaLimiter
from ._memory import MemoryRateLimiter

__all__ = ["DEFAULT_MARGIN", "Hold", "MemoryRateLimiter", "QuotaLimiter"]
