"""What a call returns, made from its JSON body: the :data:`~kakao_async._http.Decoder`\\ s the
services hand the requester with each :class:`~kakao_async._http.Request`.

The requester runs them inside the call, so a body that does not fit its model ends the call
as an error (``CallEnded``, metrics, spans), not as a success followed by an exception.
"""

from __future__ import annotations

import functools
from typing import Any

from ._http import Decoder
from .models._converter import decode, decode_moment_creative

__all__ = ["array", "content", "model", "model_or_none", "moment_creative"]


@functools.cache
def model(cls: Any) -> Decoder:
    """The body as ``cls`` (a model, or ``tuple[Model, ...]``)."""

    def read(body: Any, method: str, path: str) -> Any:
        return decode(cls, body, method=method, path=path)

    return read


@functools.cache
def model_or_none(cls: Any) -> Decoder:
    """The body as ``cls``; ``None`` for an empty body (Kakao's "no such record yet")."""

    def read(body: Any, method: str, path: str) -> Any:
        return None if body is None else decode(cls, body, method=method, path=path)

    return read


@functools.cache
def array(cls: Any) -> Decoder:
    """A JSON array as a list of ``cls``; an empty body as ``[]``."""
    many = tuple[cls, ...]

    def read(body: Any, method: str, path: str) -> Any:
        return [] if body is None else list(decode(many, body, method=method, path=path))

    return read


@functools.cache
def content(cls: Any) -> Decoder:
    """The list of ``cls`` under the body's ``content`` (Kakao Moment's list answers)."""
    many = tuple[cls, ...]

    def read(body: Any, method: str, path: str) -> Any:
        rows = body.get("content") if isinstance(body, dict) else None
        return list(decode(many, rows, method=method, path=path))

    return read


def moment_creative(body: Any, method: str, path: str) -> Any:
    """A display or a message creative, as the body's format says."""
    return decode_moment_creative(body, method=method, path=path)
