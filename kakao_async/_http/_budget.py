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
    against ``timeout``.

    A wait for the access token before the first go does not start the clock: it is charged
    (:meth:`charge`), and the clock starts that much lower when it does. Starting the clock
    there would count the pacer's wait, and hand the limiter a deadline before the quota turn
    that the wait for the turn never pushes back.
    """

    __slots__ = ("deadline", "spent", "timeout")

    def __init__(self, timeout: float, *, started: float | None = None) -> None:
        self.timeout = timeout
        #: ``started``: the clock already started then (``time.monotonic()``), at a first
        #: attempt sent without a budget (see ``Requester.send``).
        self.deadline: float | None = None if started is None else started + timeout
        #: Seconds spent waiting for the access token before the clock started.
        self.spent = 0.0

    def resume(self, waiting_since: float) -> None:
        """The turn came: the wait since ``waiting_since`` does not count (the clock starts now
        if it has not started)."""
        now = time.monotonic()
        if self.deadline is None:
            self.deadline = now + self.timeout - self.spent
        else:
            self.deadline += now - waiting_since

    def charge(self, since: float) -> None:
        """The wait since ``since`` (for the access token) counts, started clock or not."""
        if self.deadline is None:
            self.spent += time.monotonic() - since

    def remaining(self) -> float:
        """What :meth:`left` would say, without starting the clock."""
        if self.deadline is None:
            return self.timeout - self.spent
        return self.deadline - time.monotonic()

    def attempt(self, request: Request) -> float:
        """The seconds the next attempt of ``request`` may take (its exchange's timeout),
        starting the clock if it has not started; the call's timeout error if none are left."""
        left = self.left()
        if left <= 0:
            raise call_timeout(request, self.timeout)
        # The full timeout when the call's clock has just started (one ClientTimeout is
        # reused then), what is left of it on later attempts.
        return self.timeout if left > self.timeout - 0.001 else left

    def left(self) -> float:
        """Seconds until the deadline, starting the clock if it has not started: at the first
        go, or at a failure before it (the limiter's). One clock read either way."""
        if self.deadline is None:
            left = self.timeout - self.spent
            self.deadline = time.monotonic() + left
            return left
        return self.deadline - time.monotonic()


def call_timeout(request: Request, timeout: float, waiting_for: str = "") -> KakaoTimeoutError:
    """The call's own timeout error (``timeout`` as the caller gave it), saying what it was
    still waiting for when that is not the response."""
    why = f" (still waiting for {waiting_for})" if waiting_for else ""
    return KakaoTimeoutError(
        f"{request.method} {request.path}: no complete response within {timeout:g}s{why}"
    )
