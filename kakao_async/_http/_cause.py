"""aiohttp's error, kept as a transport error's cause, without the request's credentials.

aiohttp's ``ClientResponseError`` (a bad status line, a body cut short) keeps the request it
answered, headers and all. The ``Authorization`` value is masked in ``repr`` only: ``str()`` of
those headers, or a JSON dump of an error report that walks ``__cause__``, would show the token.
"""

from __future__ import annotations

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy

__all__ = ["without_credentials"]


def without_credentials(exc: BaseException) -> BaseException:
    """``exc``, its chained errors included, with ``Authorization`` dropped from every request
    aiohttp keeps on them (``request_info``, which is also the error's first argument)."""
    seen: set[int] = set()
    error: BaseException | None = exc
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        info = getattr(error, "request_info", None)
        if isinstance(info, aiohttp.RequestInfo):
            kept = CIMultiDict(
                (name, value)
                for name, value in info.headers.items()
                if name.lower() != "authorization"
            )
            clean = aiohttp.RequestInfo(
                url=info.url,
                method=info.method,
                headers=CIMultiDictProxy(kept),
                real_url=info.real_url,
            )
            error.request_info = clean  # type: ignore[attr-defined]
            if error.args and error.args[0] is info:
                error.args = (clean, *error.args[1:])
        error = error.__cause__ or error.__context__
    return exc
