"""What a piece of the user's must look like, checked when the client is built.

A ``TokenProvider``, ``Transport`` or ``QuotaLimiter`` of one's own passes ``isinstance`` with
its methods' names alone. Written with a plain ``def`` where the protocol awaits, or with 0.2's
``hold(key)``, it would fail on the first call with a bare ``TypeError``: refused here instead.
"""

from __future__ import annotations

import functools
import inspect

from .errors import KakaoInputTypeError

__all__ = ["coroutine_methods", "hold_keywords"]


def coroutine_methods(what: str, plugin: object, names: tuple[str, ...]) -> None:
    """Refuse ``plugin`` unless each of ``names`` is a coroutine function (``async def``)."""
    for name in names:
        if not _awaitable_method(getattr(plugin, name)):
            raise KakaoInputTypeError(
                f"{what}'s {name}() must be a coroutine function (async def), "
                f"as in {type(plugin).__name__}"
            )


def _awaitable_method(method: object) -> bool:
    """Whether ``method`` is an ``async def``: itself, behind ``functools.wraps`` decorators,
    or as the ``__call__`` of an object."""
    target = inspect.unwrap(method)  # type: ignore[arg-type]
    while isinstance(target, functools.partial):  # a partial is what it wraps
        target = inspect.unwrap(target.func)
    if inspect.iscoroutinefunction(target):
        return True
    if inspect.isroutine(target):
        return False
    return callable(target) and inspect.iscoroutinefunction(type(target).__call__)


def hold_keywords(limiter: object) -> None:
    """Refuse a limiter whose ``hold`` cannot take ``quota=`` and ``deadline=``."""
    try:
        parameters = inspect.signature(limiter.hold).parameters  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return  # a callable whose signature Python cannot read: taken on trust
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return
    by_name = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    missing = [
        name
        for name in ("quota", "deadline")
        if name not in parameters or parameters[name].kind not in by_name
    ]
    if missing:
        raise KakaoInputTypeError(
            f"rate_limiter.hold() must take {' and '.join(n + '=' for n in missing)} "
            "(QuotaLimiter.hold(key, *, quota=None, deadline=None))"
        )
