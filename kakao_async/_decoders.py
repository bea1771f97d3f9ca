"""What a call returns, made from its JSON body: each :class:`~kakao_async.endpoints.Endpoint`
declares its decoder as ``response``, and the requester runs it inside the call, so a body
that does not fit its model ends the call as an error (``CallEnded``, metrics, spans), not as a
success followed by an exception.

Each decoder's ``__qualname__`` says what it returns, for reprs and the generated reference.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .errors import KakaoDecodeError
from .models import ReportRow
from .models._converter import decode, decode_moment_creative

__all__ = [
    "Decoder",
    "array",
    "content",
    "model",
    "model_or_none",
    "moment_creative",
    "nothing",
    "rows",
]

#: ``decoder(body, method, path)``: the decoded JSON body (``None`` when empty) -> the result.
Decoder = Callable[[Any, str, str], Any]


def _named(name: str) -> Callable[[Decoder], Decoder]:
    def name_it(decoder: Decoder) -> Decoder:
        decoder.__qualname__ = decoder.__name__ = name
        return decoder

    return name_it


@functools.cache
def model(cls: Any) -> Decoder:
    """The body as ``cls``."""

    @_named(cls.__name__)
    def read(body: Any, method: str, path: str) -> Any:
        return decode(cls, body, method=method, path=path)

    return read


@functools.cache
def model_or_none(cls: Any) -> Decoder:
    """The body as ``cls``; ``None`` for an empty body (Kakao's "no such record yet")."""

    @_named(f"{cls.__name__} | None")
    def read(body: Any, method: str, path: str) -> Any:
        return None if body is None else decode(cls, body, method=method, path=path)

    return read


@functools.cache
def array(cls: Any) -> Decoder:
    """A JSON array as a list of ``cls``; an empty body as ``[]``."""
    many = tuple[cls, ...]

    @_named(f"list[{cls.__name__}]")
    def read(body: Any, method: str, path: str) -> Any:
        return [] if body is None else list(decode(many, body, method=method, path=path))

    return read


@functools.cache
def content(cls: Any) -> Decoder:
    """The list of ``cls`` under the body's ``content`` (Kakao Moment's list answers); an empty
    body or a null ``content`` as ``[]``. An object without ``content`` is not a list answer."""
    many = tuple[cls, ...]

    @_named(f"list[{cls.__name__}] (from content)")
    def read(body: Any, method: str, path: str) -> Any:
        if body is None:
            return []  # Kakao's "no such record yet", as array() and the paged lists read it
        if not isinstance(body, dict) or "content" not in body:
            # What came, never its values (they may echo a token).
            kind = type(body).__name__
            shape = f"a {kind} without 'content'" if isinstance(body, dict) else kind
            raise KakaoDecodeError(
                f"expected a JSON object with 'content', got {shape}", method=method, path=path
            )
        found = body["content"]
        if found is None:
            return []  # a null list is an empty one, as inside every model (README, Models)
        return list(decode(many, found, method=method, path=path))

    return read


@_named("None")
def nothing(body: Any, method: str, path: str) -> None:
    """No result, whatever the body: a call whose success is all it says (a delete)."""
    return None


@_named("DisplayCreative | MessageCreative")
def moment_creative(body: Any, method: str, path: str) -> Any:
    """A display or a message creative, as the body's format says."""
    return decode_moment_creative(body, method=method, path=path)


@_named("tuple[ReportRow, ...] (from data)")
def rows(body: Any, method: str, path: str) -> Any:
    """The rows of one report response, ``{"data": [...]}``; an empty body has none."""
    if body is None:
        return ()
    # Kakao's envelope without data ({"code": 200, ...}) has no rows; an object that is neither
    # would silently drop a window's days from a report that must never be partial.
    if not isinstance(body, dict) or ("data" not in body and "code" not in body):
        kind = type(body).__name__
        shape = f"a {kind} without 'data'" if isinstance(body, dict) else kind
        raise KakaoDecodeError(
            f"expected a JSON object with 'data', got {shape}", method=method, path=path
        )
    data = body.get("data")
    if data is None:
        return ()
    return decode(tuple[ReportRow, ...], data, method=method, path=path)
