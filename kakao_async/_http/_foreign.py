"""A transport of the user's, held to what the library's own transports promise.

:class:`~kakao_async.AiohttpTransport` and :class:`~kakao_async.MockTransport` end each exchange
at its request's timeout and never quote a token in an error. A ``transport=`` of one's own may
do neither (an httpx client without a timeout; an error quoting a status line a broken server
echoed the Authorization header into), so the client sends through this wrapper, and README's
guarantees (no call outlasts its timeout, no token in an exception) hold whatever it is.
"""

from __future__ import annotations

import asyncio

from .._secret import Secret, redact, scrub_text
from ..errors import KakaoConnectError, KakaoError, KakaoTimeoutError, KakaoTransportError
from ._deadlines import Deadlines
from ._exchange import HttpRequest, HttpResponse, Transport, bearer_secrets, timeout_error

__all__ = ["ForeignTransport"]


class ForeignTransport:
    """Sends through ``inner`` (a transport of the user's), each exchange ended at its
    request's timeout, and each error it raises scrubbed of the request's token."""

    __slots__ = ("inner",)

    def __init__(self, inner: Transport) -> None:
        #: The user's transport, as given (``KakaoClient.transport`` shows it).
        self.inner = inner

    async def send(self, request: HttpRequest) -> HttpResponse:
        """``inner.send(request)``, within ``request.timeout``."""
        deadlines = Deadlines()
        try:
            try:
                with deadlines.scope(request.timeout):
                    return await self.inner.send(request)
            finally:
                deadlines.close()
        except KakaoError as exc:
            secrets = bearer_secrets(request)
            if scrub_text(exc, secrets):
                raise
            # Its text still shows the token: an error of the library's own of the same kind,
            # with the text scrubbed, instead (and not chained to it).
            raise _replacement(exc, secrets) from None
        except (asyncio.TimeoutError, TimeoutError) as exc:
            raise timeout_error(request) from exc

    async def aclose(self) -> None:
        """Close ``inner``."""
        await self.inner.aclose()

    def __repr__(self) -> str:
        return f"<ForeignTransport {self.inner!r}>"


def _replacement(exc: KakaoError, secrets: tuple[Secret, ...]) -> KakaoError:
    """An error of the library's own, of ``exc``'s kind, with ``exc``'s text scrubbed."""
    kinds = (KakaoTimeoutError, KakaoConnectError, KakaoTransportError, KakaoError)
    kind = next(c for c in kinds if isinstance(exc, c))
    try:
        text = redact(str(exc), secrets)
    except Exception:
        text = type(exc).__name__
    return kind(text)
