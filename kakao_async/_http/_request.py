"""A call as the services hand it to the requester."""

from __future__ import annotations

from types import TracebackType
from typing import Any, NamedTuple, Protocol

from .._decoders import Decoder
from .._latest import Ticket
from ..endpoints import Endpoint, Quota
from ..ratelimit import Hold

__all__ = ["SUPERSEDED", "Decoder", "LaneHold", "Request", "Turn"]


class LaneHold(Protocol):
    """A limiter's hold for one task's consecutive calls of one key (``MemoryRateLimiter.lane``):
    entered once per call, closed after the last."""

    async def __aenter__(self) -> Hold: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def close(self) -> None: ...


class Turn(NamedTuple):
    """A bulk lane's way to its quota key (see :meth:`Requester.lane`): the effective quota, the
    key, and the limiter's hold that every call of the lane enters in turn (``None``: a new
    hold per call)."""

    quota: Quota
    key: str
    hold: LaneHold | None


class Request(NamedTuple):
    """A call, fully validated, ready to send. (A named tuple: one is built per call, and that
    is several times cheaper than a frozen attrs instance.)"""

    endpoint: Endpoint
    base_url: str
    #: The endpoint's path with its placeholders filled in.
    path: str
    #: The ``adAccountId`` header; None for the one call without it (the user's ad accounts).
    ad_account_id: int | None
    params: tuple[tuple[str, str], ...] = ()
    #: JSON-able body, JSON the library encoded itself (``bytes``, sent as is), or None.
    body: Any = None
    #: Seconds the call may take once it has its quota turn: attempts, backoff, Retry-After.
    timeout: float | None = None
    #: A state change of one object: it is not sent once a newer change to the object exists.
    ticket: Ticket | None = None
    #: Turns the body into the call's result (a model), inside the call: a body that does not
    #: fit ends the call as an error in its events and metrics. ``None``: the body as is.
    #: Services pass the endpoint's declared ``response`` unless a call needs its own.
    decode: Decoder | None = None
    #: A bulk lane's quota, key and hold, found once for all its calls (``None``: worked out
    #: per call, with a new hold from the limiter, as for every other call).
    turn: Turn | None = None

    @property
    def method(self) -> str:
        return self.endpoint.method


class _Superseded:
    __slots__ = ()

    def __repr__(self) -> str:
        return "SUPERSEDED"


#: What the requester returns for a change that a newer one made unnecessary.
SUPERSEDED: Any = _Superseded()
