"""What a piece of the user's must look like, checked when the client is built.

A ``TokenProvider``, ``Transport`` or ``QuotaLimiter`` of one's own passes ``isinstance`` with
its methods' names alone. Written with a plain ``def`` where the protocol awaits, or with 0.2's
``hold(key)``, it would fail on the first call with a bare ``TypeError``: refused here instead.
"""

from __future__ import annotations

import inspect

from .errors import KakaoInputTypeError

__all__ = ["coroutine_methods", "hold_keywords"]


def coroutine_methods(what: str, plugin: object, names: tuple[str, ...]) -> None:
    """Refuse ``plugin`` unless each of ``names`` is a coroutine function (``async def``)."""
    for name in names:
        if not inspect.iscoroutinefunction(getattr(plugin, name)):
            raise KakaoInputTypeError(
                f"{what}'s {name}() must be a coroutine function (async def), "
                f"as in {type(plugin).__name__}"
            )


def hold_keywords(limiter: object) -> None:
    """Refuse a limiter whose ``hold`` cannot take ``quota=`` and ``deadline=``."""
    try:
        parameters = inspect.signature(limiter.hold).parameters  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return  # a callable whose signature Python cannot read: taken on trust
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return
    missing = [name for name in ("quota", "deadline") if name not in parameters]
    if missing:
        raise KakaoInputTypeError(
            f"rate_limiter.hold() must take {' and '.join(n + '=' for n in missing)} "
            "(QuotaLimiter.hold(key, *, quota=None, deadline=None))"
        )
