"""Access tokens: providers, validation, and keeping the token text out of sight."""

from __future__ import annotations

import hashlib
from typing import Protocol, runtime_checkable

__all__ = ["StaticToken", "TokenProvider", "check_header_value", "fingerprint"]


def fingerprint(secret: str) -> str:
    """A short, stable, one-way name for a secret (for quota keys and logs)."""
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


def check_header_value(name: str, value: str) -> str:
    """Refuse header values that could split the request (CR/LF) or are empty."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value or value != value.strip():
        raise ValueError(f"{name} must be non-empty and have no surrounding whitespace")
    if any(c in value for c in "\r\n\x00"):
        raise ValueError(f"{name} must not contain CR, LF or NUL characters")
    return value


@runtime_checkable
class TokenProvider(Protocol):
    """Where the client gets its access token.

    ``user_key`` names the Kakao user for quota purposes and must not change when the token is
    refreshed. ``refresh`` is called after a 401 with the token that failed.
    """

    @property
    def user_key(self) -> str:
        """Stable identity of the token's user (never the token itself)."""

    async def token(self) -> str:
        """The access token to send now."""

    async def refresh(self, failed: str) -> str | None:
        """A new token after ``failed`` was rejected; ``None`` if this provider cannot refresh."""


class StaticToken:
    """A fixed access token. Its ``repr`` never shows it."""

    __slots__ = ("_token", "_user_key")

    def __init__(self, token: str, *, user_key: str | None = None) -> None:
        self._token = check_header_value("token", token)
        self._user_key = user_key or fingerprint(token)

    @property
    def user_key(self) -> str:
        return self._user_key

    async def token(self) -> str:
        return self._token

    async def refresh(self, failed: str) -> str | None:
        return None

    def __repr__(self) -> str:
        return f"StaticToken(user_key={self._user_key!r})"
