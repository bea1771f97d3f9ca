"""The limiter interface every quota backend implements."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol, runtime_checkable

__all__ = ["DEFAULT_MARGIN", "Hold", "QuotaLimiter"]

#: Added to the interval after each completion. Small, because the completion-to-start rule
#: already absorbs network jitter; it only covers clock granularity on Kakao's side.
DEFAULT_MARGIN = 0.01


class Hold(Protocol):
    """The right to send one quota'd request for a key, held while it is in flight."""

    def defer(self, seconds: float) -> None:
        """Keep the key closed for at least ``seconds`` after this hold ends (429 feedback)."""

    def unused(self) -> None:
        """Nothing was sent under this hold (the change was superseded): no cooldown."""


@runtime_checkable
class QuotaLimiter(Protocol):
    """Gate for quota'd endpoints: per key, one call in flight, and the next one only
    ``interval + margin`` seconds after the previous call's response (or failure) arrived.

    Use ``async with limiter.hold(key) as hold: <send>``. Leaving the block counts as a call,
    whatever happened inside; cancelling while still *waiting* for the hold does not.
    """

    @property
    def interval(self) -> float:
        """Seconds the quota demands between two calls of one key."""

    @property
    def margin(self) -> float:
        """Extra seconds added to every interval."""

    def hold(self, key: str, *, deadline: float | None = None) -> AbstractAsyncContextManager[Hold]:
        """Wait for ``key``'s turn and hold it for one call.

        ``deadline`` is a :func:`time.monotonic` value until which a limiter may keep retrying
        its backend (e.g. Redis during a short outage) before it raises
        :class:`~kakao_async.KakaoLimiterError`; ``None`` leaves it to the limiter's own
        tolerance. It never lets a call through without the backend's consent.
        """

    async def ready_in(self, key: str) -> float:
        """Seconds until ``key`` could start a call if nobody else were waiting (0 if now)."""

    async def aclose(self) -> None:
        """Release resources (connections); the limiter is unusable afterwards."""
