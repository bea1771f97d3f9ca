"""Secret: a credential that never shows itself in reprs, logs or traceback locals."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Any, NoReturn, SupportsIndex

__all__ = ["MaskedStr", "Secret", "redact"]

#: What a secret looks like wherever it would otherwise be shown.
MASK = "***"


class Secret:
    """A secret string (access token, refresh token, client secret) that hides its value.

    ``repr`` is ``Secret('***')`` and ``str`` is ``***``, so neither a log line, an f-string by
    mistake, nor a traceback rendered with locals (rich, Sentry, ``capture_locals``) shows it.
    :meth:`reveal` (alias :meth:`get_secret_value`) returns the value; kakao_async calls it only
    where a header or the OAuth form is built. Two secrets are equal when their values are
    (compared in constant time); a secret never equals a plain ``str``. Secrets are not
    hashable (a hash is derived from the value) and refuse to be pickled (pickles are often
    stored or sent in clear); ``copy`` returns the same immutable object.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"Secret wraps a str, got {type(value).__name__}")
        self._value = value

    def reveal(self) -> str:
        """The secret value itself."""
        return self._value

    get_secret_value = reveal  # the name pydantic users know

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    def __str__(self) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled; pickle reveal() yourself if you must")

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: Any) -> Secret:
        return self


class MaskedStr(str):
    """A ``str`` that is its real value everywhere (``str()``, f-strings, the bytes aiohttp
    sends) except ``repr``, which is ``'***'``: header and form values holding a secret use it,
    so the dicts and multidicts that carry them stay clean in traceback locals. Slices stay
    masked, because rich shortens long strings by slicing before it calls ``repr``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(MASK)

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        return MaskedStr(str.__getitem__(self, key))


def redact(text: str, secrets: Iterable[Secret | None]) -> str:
    """``text`` with every occurrence of each secret's value replaced by ``***``."""
    for secret in secrets:
        if secret is not None and secret.reveal() and secret.reveal() in text:
            text = text.replace(secret.reveal(), MASK)
    return text
