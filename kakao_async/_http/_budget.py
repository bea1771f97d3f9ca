"""A call's deadline and its count of failures: what one :meth:`Requester.send` carries
from attempt to attempt."""

from __future__ import annotations

import time

from ..errors import KakaoTimeoutError
from ._request import Request

__all__ = ["Budget", "Tries", "call_timeout"]


class Tries:
    """How often one call has failed so far, by kind."""

    __slots__ = ("quota", "refreshed", "transient")

    def __init__(self) -> None:
        self.transient = 0
        self.quota = 0
        self.refreshed = False


class Budget:
    """A call's deadline: set at its first go, pushed back by the time it waits for a quota
    turn, so only its own work (its access token, attempts, backoff, Retry-After) counts
    against ``timeout``."""

    __slots__ = ("deadline", "timeout")

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.deadline: float | None = None

    def start(self) -> None:
        if self.deadline is None:
            self.deadline = time.monotonic() + self.timeout

    def resume(self, waiting_since: float) -> None:
        """The turn came: the wait since ``waiting_since`` does not count."""
        now = time.monotonic()
        self.deadline = (
            now + self.timeout if self.deadline is None else (self.deadline + now - waiting_since)
        )

    def left(self) -> float:
        self.start()  # a failure before the first go (the limiter's) starts the clock too
        assert self.deadline is not None
        return self.deadline - time.monotonic()


def call_timeout(request: Request, timeout: float, waiting_for: str = "") -> KakaoTimeoutError:
    """The call's own timeout error (``timeout`` as the caller gave it), saying what it was
    still waiting for when that is not the response."""
    why = f" (still waiting for {waiting_for})" if waiting_for else ""
    return KakaoTimeoutError(
        f"{request.method} {request.path}: no complete response within {timeout:g}s{why}"
    )
