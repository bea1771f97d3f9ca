"""What a transport takes and gives: one HTTP exchange, ready for the wire, and its answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Protocol, runtime_checkable

from .._secret import Secret
from ..errors import KakaoTimeoutError

__all__ = ["HttpRequest", "HttpResponse", "Transport", "bearer_secrets", "timeout_error"]

#: Bytes of a body an :class:`HttpResponse`'s repr shows (a body may be 16 MiB).
_PREVIEW = 64


class HttpRequest(NamedTuple):
    """One HTTP exchange, ready for the wire."""

    method: str
    url: str
    headers: Mapping[str, str]
    params: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    #: Seconds the whole exchange (connect, send, the full body back) may take.
    timeout: float = 30.0
    #: For error messages: the path without host or query.
    path: str = ""


class HttpResponse(NamedTuple):
    """What came back: status, headers and the whole (decompressed) body."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def __repr__(self) -> str:
        body = self.body
        if isinstance(body, bytes) and len(body) > _PREVIEW:
            shown = f"{body[:_PREVIEW]!r}... ({len(body)} bytes)"
        else:
            shown = repr(body)
        return f"HttpResponse(status={self.status!r}, headers={self.headers!r}, body={shown})"


@runtime_checkable
class Transport(Protocol):
    """Sends :class:`HttpRequest`\\ s. Raise ``KakaoTransportError`` (or its subclass
    ``KakaoTimeoutError``) when no complete answer came back, ``KakaoConnectError`` when the
    request was never sent (no connection); return any answer that did come back."""

    async def send(self, request: HttpRequest) -> HttpResponse:
        """The answer to ``request``, whatever its status."""
        ...

    async def aclose(self) -> None:
        """Release connections; no ``send`` follows."""
        ...


def timeout_error(request: HttpRequest) -> KakaoTimeoutError:
    """No complete answer to ``request`` within its timeout."""
    return KakaoTimeoutError(
        f"{request.method} {request.path}: no complete response within {request.timeout:g}s"
    )


def bearer_secrets(request: HttpRequest) -> tuple[Secret, ...]:
    """The token ``request`` carries, to scrub from the text of an error about it."""
    value = request.headers.get("Authorization", "")
    return (Secret(value[7:]),) if value.startswith("Bearer ") else ()
