"""The base of every model a call returns: it keeps the JSON object it was read from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["Resource", "set_raw"]

#: How the converter sets ``raw`` on a frozen model: ``set_raw(model, "raw", data)``.
set_raw = object.__setattr__


@attrs.frozen(kw_only=True)
class Resource:
    """Base of the models a call returns: a creative, a list row, a page, a history record.

    ``raw`` is the JSON object this model was decoded from, exactly as Kakao sent it (keys in
    camelCase, ids as Kakao spelled them, fields kakao_async does not model yet included). It
    is ``None`` on a model you built yourself and on nested parts (reach theirs through the
    parent's ``raw``). It takes no part in ``==``, ``hash`` or ``repr``, and
    :func:`~kakao_async.models.unstructure` leaves it out. See
    :func:`~kakao_async.models.unknown_fields` for the fields this version does not model.

    Keeping it costs one attribute store per returned object, and memory: a model you keep
    keeps its JSON alive too.
    """

    raw: Mapping[str, Any] | None = attrs.field(default=None, init=False, eq=False, repr=False)
