"""The base of every model a call returns: it keeps the JSON object it was read from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

__all__ = ["Resource", "set_raw"]

#: How the converter sets ``raw`` on a frozen model: ``set_raw(model, "raw", data)``.
set_raw = object.__setattr__


@attrs.frozen(kw_only=True)
class Resource:
    """Base of the models a call returns: a creative, a list row, a page, a history record.

    ``raw`` is the JSON object this model was decoded from, exactly as Kakao sent it (keys in
    camelCase, ids as Kakao spelled them, fields kakao_async does not model yet included). It
    is ``None`` on a model you built yourself. A nested model that is itself a ``Resource`` (an
    ad group's ``campaign``, a page's rows) has its own; other nested parts (``Image``,
    ``LandingInfo``, ...) have none: reach theirs through the parent's ``raw``. It takes no
    part in ``==``, ``hash`` or ``repr``, and :func:`~kakao_async.models.unstructure` leaves it
    out. See :func:`~kakao_async.models.unknown_fields` for the fields this version does not
    model.

    Keeping it costs one attribute store per returned object, and memory: a model you keep
    keeps its JSON alive too.
    """

    # No default: __init__ does not store it (a second store on the decode path), a decoded
    # model gets it from the converter, and __getattr__ answers None for every other model.
    raw: Mapping[str, Any] | None = attrs.field(init=False, eq=False, repr=False)

    if not TYPE_CHECKING:  # hidden from type checkers: they would accept any attribute name

        def __getattr__(self, name: str) -> Any:
            # Only called when normal lookup failed, i.e. for an unset ``raw`` slot.
            if name == "raw":
                return None
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
