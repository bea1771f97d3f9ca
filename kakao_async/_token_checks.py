"""The checks every token and ``user_key`` passes: header-safe text, never a secret shown."""

from __future__ import annotations

import hashlib

from ._secret import PIECE, Secret
from .errors import KakaoInputError, KakaoInputTypeError

__all__ = [
    "as_secret",
    "check_header_value",
    "check_secret",
    "fingerprint",
    "holds_no_secret",
    "quota_user",
]


def fingerprint(secret: str | Secret) -> str:
    """A short, stable, one-way name for a secret (for quota keys and logs)."""
    text = secret.reveal() if isinstance(secret, Secret) else secret
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_header_value(name: str, value: str, *, header: bool = True) -> str:
    """Refuse values that are empty, padded, or hold control characters (CR/LF would split the
    request; any other one fails deep inside aiohttp). ``header=True`` (the value is sent as an
    HTTP header) also refuses non-ASCII text, which a header cannot carry as is."""
    if not isinstance(value, str):
        raise KakaoInputTypeError(f"{name} must be a string, got {type(value).__name__}")
    problem = _header_problem(value, header=header)
    if problem is not None:
        raise KakaoInputError(f"{name} {problem}")
    return value


def quota_user(user_key: str | None, secret: Secret, *others: Secret | None) -> str:
    """The user part of quota keys: ``user_key`` if given (never sent, so any printable text),
    else a fingerprint of ``secret``; see :func:`holds_no_secret`."""
    if user_key is None:
        return fingerprint(secret)
    return holds_no_secret(check_header_value("user_key", user_key, header=False), secret, *others)


def holds_no_secret(user_key: str, *secrets: Secret | None) -> str:
    """``user_key``, refused if it is or holds one of ``secrets``: it shows in reprs, quota keys
    and snapshots. (A built-in provider checks when built; a custom one, at each new token.)"""
    # Held too ("user-<token>"); a secret shorter than PIECE is a test's "t", held by chance.
    revealed = (s.reveal() for s in secrets if s is not None)  # repr shows no text
    if any(r == user_key or (len(r) >= PIECE and r in user_key) for r in revealed):
        raise KakaoInputError(
            "user_key is or holds one of this provider's secrets (a token?); it names the user "
            "in reprs, quota keys and snapshots: pass a stable non-secret name (the Kakao user id)"
        )
    return user_key


def as_secret(name: str, value: str | Secret) -> Secret:
    """``value`` wrapped (unchecked: see :func:`check_secret`)."""
    if isinstance(value, Secret):
        return value
    if isinstance(value, str):
        return Secret(value)
    raise KakaoInputTypeError(f"{name} must be a string or a Secret, got {type(value).__name__}")


def check_secret(name: str, secret: Secret) -> Secret:
    """:func:`check_header_value` for a secret. Callers wrap first and rebind the plain name to
    the :class:`Secret`, so no frame of a traceback rendered with locals holds the plain text."""
    problem = _header_problem(secret.reveal())
    if problem is not None:
        raise KakaoInputError(f"{name} {problem}")
    return secret


def _header_problem(value: str, *, header: bool = True) -> str | None:
    if not value or value != value.strip():
        return "must be non-empty and have no surrounding whitespace"
    # isprintable() is False for every control character (C0, DEL, C1) and the line separators.
    if not value.isprintable():
        return "must not contain control characters (CR, LF, NUL, ESC, ...)"
    if header and not value.isascii():
        return "must be ASCII text (it is sent as an HTTP header)"
    return None
