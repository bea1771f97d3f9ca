"""The limiter interface every quota backend implements, and what a snapshot of it reports."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol, runtime_checkable

import attrs

from .._validate import is_many, text
from ..endpoints import Quota
from ..errors import KakaoInputTypeError

__all__ = [
    "DEFAULT_MARGIN",
    "EndingQuietly",
    "Hold",
    "QuotaKeyState",
    "QuotaLimiter",
    "give_back",
    "snapshot_keys",
]

logger = logging.getLogger("kakao_async.ratelimit")

#: Added to the interval after each completion. Small, because the completion-to-start rule
#: already absorbs network jitter; it only covers clock granularity on Kakao's side.
DEFAULT_MARGIN = 0.01


@attrs.frozen(kw_only=True)
class QuotaKeyState:
    """One quota key as a limiter sees it now (a record of :meth:`QuotaLimiter.snapshot`)."""

    #: The scheduler key: ``<quota name>:<user>:<ad account>``, ``<quota name>:<ad account>``
    #: or ``<quota name>:app`` for a client's calls (see ``KakaoClient.quota_key``).
    key: str
    #: Name of the quota of the key's last call (``None``: a hold that named no quota).
    quota: str | None
    #: Seconds between two calls of the key, as its last call was spaced (without the margin).
    interval: float | None
    #: Seconds from now until a call of the key could start if nobody else were waiting; while
    #: a call is in flight, more than 0 (memory: one interval, the soonest, were it to end now;
    #: Redis: until its hold expires).
    ready_in: float
    #: Calls waiting for the key's turn (in this process for Redis).
    waiting: int
    #: Whether a call holds the key right now (in any process, for Redis).
    in_flight: bool
    #: Quota rejections (HTTP 429 / code -10) fed back on the key since it was last idle.
    rejections: int


class Hold(Protocol):
    """The right to send one quota'd request for a key, held while it is in flight.

    A hold may also offer ``finish_by(deadline: float) -> None`` (a Redis hold does; an
    in-memory one never waits for a backend):
    once the call's clock runs, the client passes it the call's deadline (a
    :func:`time.monotonic` value), and leaving the block waits for the backend (recording the
    call's end in Redis during an outage) until then at most, recording the rest in the
    background. It is not part of this protocol, so holds written for 0.2 still fit; a hold
    without it may keep a call past its ``timeout`` while its backend is slow.

    It may also offer ``unused() -> None``: nothing was sent under the hold (the change was
    superseded, or no connection could be opened), so no cooldown. The client calls it only if
    the hold has it; a hold without it (0.2's, ``defer`` alone) counts every turn as a call. Not
    part of this protocol either, so a type checker takes such a hold too.
    """

    def defer(self, seconds: float) -> None:
        """Keep the key closed for at least ``seconds`` after this hold ends (429 feedback:
        also counted as one of the key's ``rejections``)."""


class EndingQuietly:
    """A hold of the user's limiter whose end fails (its store could not record the call's
    end) is logged, not raised: the call's result or its own error stands, as Kakao may have
    applied it. The key's cooldown is the limiter's to keep."""

    __slots__ = ("_holding", "_key")

    def __init__(self, holding: AbstractAsyncContextManager[Hold], key: str) -> None:
        self._holding = holding
        self._key = key

    async def __aenter__(self) -> Hold:
        return await self._holding.__aenter__()

    async def __aexit__(self, *exc_info: Any) -> bool | None:
        try:
            return await self._holding.__aexit__(*exc_info)
        except Exception as failure:
            # Not suppressing: a call that failed on its own keeps its own error.
            logger.warning(
                "%s: the limiter failed to end its hold (%s); the call's result stands",
                self._key,
                type(failure).__name__,
            )
            return None


def give_back(hold: Hold) -> None:
    """``hold.unused()``: nothing was sent under it. Optional, like ``finish_by``: a hold
    written for 0.2 has only ``defer``, and its turn then counts as a call (a cooldown nobody
    needed: the safe side) instead of failing the call with an AttributeError."""
    unused = getattr(hold, "unused", None)
    if unused is not None:
        unused()


@runtime_checkable
class QuotaLimiter(Protocol):
    """Gate for quota'd endpoints: per key, one call in flight, and the next one only
    ``interval + margin`` seconds after the previous call's response (or failure) arrived,
    ``interval`` being the hold's quota's (keys of different quotas keep their own spacing).

    Use ``async with limiter.hold(key, quota=quota) as hold: <send>``. Leaving the block counts
    as a call, whatever happened inside; cancelling while still *waiting* for the hold does not.

    A limiter may also offer ``lane(key, *, quota=None)``, a hold that one task enters for each
    of its consecutive calls of ``key`` and then closes (``close()``), under the same rules as
    a new hold per call (:class:`MemoryRateLimiter` does): a bulk lane uses it when it exists.
    It is not part of this protocol, so limiters written for 0.2 still fit.
    """

    @property
    def interval(self) -> float:
        """The interval of a hold that names no quota. A :class:`~kakao_async.KakaoClient`
        given this limiter also takes its ``creatives.onOff`` interval from it, unless the client
        sets that quota itself (``quotas=`` or ``on_off_interval=``)."""

    @property
    def margin(self) -> float:
        """Extra seconds added to every interval."""

    def hold(
        self, key: str, *, quota: Quota | None = None, deadline: float | None = None
    ) -> AbstractAsyncContextManager[Hold]:
        """Wait for ``key``'s turn and hold it for one call.

        ``quota`` spaces this call (its ``interval``; its ``name`` shows in :meth:`snapshot`);
        ``None`` uses the limiter's own ``interval``. ``deadline`` is a :func:`time.monotonic`
        value until which a limiter may keep retrying its backend (e.g. Redis during a short
        outage) before it raises :class:`~kakao_async.KakaoLimiterError`; ``None`` leaves it to
        the limiter's own tolerance. It never lets a call through without the backend's consent.
        """

    async def ready_in(self, key: str) -> float:
        """Seconds until ``key`` could start a call if nobody else were waiting (0 if now;
        more than 0 while a call of the key is in flight)."""

    async def snapshot(self, keys: Iterable[str] | None = None) -> tuple[QuotaKeyState, ...]:
        """The state of ``keys`` (default: every key the limiter tracks), sorted by key."""

    async def aclose(self) -> None:
        """Release resources (connections); the limiter is unusable afterwards."""


def snapshot_keys(keys: Iterable[str] | None) -> list[str] | None:
    """The distinct ``keys`` a snapshot asks about, sorted (``None``: every tracked key).

    Checked before any backend is asked: one key's text is refused rather than read letter by
    letter (``"creatives.onOff:1"`` is not ``"c"``, ``"r"``, ...), and so is anything but
    non-empty text in the iterable.
    """
    if keys is None:
        return None
    if not is_many(keys):
        raise KakaoInputTypeError(
            "keys must be an iterable of quota keys (e.g. a list), "
            f"not a single {type(keys).__name__}"
        )
    # Both limiters refuse the same keys, so code tried against memory meets no new error on Redis.
    wanted = {text("each of keys", key) for key in keys}
    return sorted(wanted)
