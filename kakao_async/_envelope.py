"""The fields of Kakao's error envelope, read tolerantly.

``{"code": -813, "msg": "...", "extras": {"detailCode": 33003, "detailMsg": "..."}}``: a field
that is missing or of the wrong type reads as ``None``, never as an error of its own, so an odd
answer still becomes the right :mod:`~kakao_async.errors` class by its status.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from ._secret import Secret, redact

__all__ = ["EnvelopeFields", "as_int", "envelope_fields", "quoted_reason"]

#: Characters of Kakao's reason a message quotes (the error's attributes keep it whole).
REASON_QUOTED = 1000


class EnvelopeFields(NamedTuple):
    """What an error body says; the texts already scrubbed of the request's secrets."""

    code: int | None
    msg: str | None
    detail_code: int | None
    detail_msg: str | None


def envelope_fields(body: Any, secrets: Collection[Secret]) -> EnvelopeFields:
    """The envelope's fields of a decoded JSON ``body`` (all ``None`` if it is no mapping),
    with ``msg`` and ``detailMsg`` scrubbed of ``secrets``: a server that echoes the token
    must not put it into exception text."""
    code = msg = detail_code = detail_msg = None
    if isinstance(body, Mapping):
        code = as_int(body.get("code"))
        msg = _as_str(body.get("msg"))
        extras = body.get("extras")
        if isinstance(extras, Mapping):
            detail_code = as_int(extras.get("detailCode"))
            detail_msg = _as_str(extras.get("detailMsg"))
    if secrets:
        msg = None if msg is None else redact(msg, secrets)
        detail_msg = None if detail_msg is None else redact(detail_msg, secrets)
    return EnvelopeFields(code, msg, detail_code, detail_msg)


def as_int(value: Any) -> int | None:
    """An envelope code: an ``int`` (not a ``bool``) or a string of one; else ``None``."""
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _as_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def quoted_reason(reason: str | None) -> str | None:
    """Kakao's reason as an error message or a CLI line quotes it: a log line, not a server's
    whole page (a 1 MB ``detailMsg`` would make a 1 MB message)."""
    if reason is None or len(reason) <= REASON_QUOTED:
        return reason
    return f"{reason[:REASON_QUOTED]}... ({len(reason)} characters)"
