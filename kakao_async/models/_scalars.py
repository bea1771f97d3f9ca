"""The converter's hooks for single values, and their ``X | None`` forms.

Each hook checks the value's type, never coerces a wrong shape (``bool("false")``), and raises a
TypeError that names types, never the value (a server may echo a secret into any field).

Nearly every model field is ``X | None``, and each present field costs a Python call of its
hook, ~1,000 instructions (callgrind): :func:`or_none` gives a hook that answers ``None`` and the
common case itself, in that one call, instead of a union hook calling the type's own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from ._enums import OpenEnum

__all__ = [
    "Hook",
    "or_none",
    "structure_bool",
    "structure_datetime",
    "structure_decimal",
    "structure_float",
    "structure_int",
    "structure_open_enum",
    "structure_str",
]

Hook = Callable[[Any, Any], Any]

#: A decimal number as Kakao writes amounts: ASCII digits, an optional sign and fraction.
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?", re.ASCII)


def structure_int(value: Any, _: Any) -> int:
    if type(value) is int:  # the common cases first: a number, or an id sent as a string
        return value
    if type(value) is str and value.isdigit() and value.isascii():
        return int(value)
    if isinstance(value, bool):
        raise TypeError(f"expected an integer, got {value!r}")
    if isinstance(value, int):
        return value
    # Past 2**53 a float is not the integer the server wrote (orjson reads a number past 64 bits
    # as one): refused rather than rounded into another id.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    # ASCII only: int() also reads Arabic-Indic and fullwidth digits, which Kakao never sends.
    if isinstance(value, str) and value.isascii() and value.strip().lstrip("-").isdigit():
        return int(value)
    raise TypeError(f"expected an integer, got {type(value).__name__}")


def structure_float(value: Any, _: Any) -> float:
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    # Text: ASCII and finite only; float() also reads "NaN", "Infinity" and Arabic-Indic digits.
    if isinstance(value, str) and value.isascii():
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return number
    raise TypeError(f"expected a number, got {type(value).__name__}")


def structure_decimal(value: Any, _: Any) -> Decimal:
    if type(value) is str and _DECIMAL.fullmatch(value):
        return Decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return Decimal(repr(value))  # the shortest repr, not the binary expansion
    # Decimal() alone would also take "NaN", "1e400" and Arabic-Indic digits.
    raise TypeError(f"expected a decimal number, got {type(value).__name__}")


def structure_str(value: Any, _: Any) -> str:
    if type(value) is str or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected text, got {type(value).__name__}")


def structure_bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise TypeError(f"expected a boolean, got {type(value).__name__}")


def structure_datetime(value: Any, _: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a date-time string, got {type(value).__name__}")
    try:
        return datetime.fromisoformat(value)  # Kakao's usual "2021-06-23T13:26:53"
    except ValueError:
        pass
    text = value.strip()
    # Kakao writes "+0000"; Python 3.10's fromisoformat only reads "+00:00".
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit():
        text = f"{text[:-2]}:{text[-2:]}"
    text = text.replace("Z", "+00:00")
    return datetime.fromisoformat(text)


def structure_open_enum(value: Any, cls: type[OpenEnum]) -> OpenEnum:
    if not isinstance(value, str):
        raise TypeError(f"expected text for {cls.__name__}, got {type(value).__name__}")
    # The member map first: calling the enum class is several times slower.
    member = cls._value2member_map_.get(value)
    return member if member is not None else cls(value)  # type: ignore[return-value]


#: Hooks whose work is nothing when the value already has this exact type.
EXACT: dict[Hook, type] = {structure_str: str, structure_int: int, structure_bool: bool}


def or_none(hook: Hook, tp: Any) -> Hook | None:
    """``hook`` (the hook of ``tp``) for ``tp | None`` in one call, or ``None`` when ``hook`` is
    not one of these: ``None`` and a value that needs no work are answered here, anything else
    goes on to ``hook`` (which raises what it raises for ``tp`` alone)."""
    if hook is structure_int:
        return _int_or_none
    exact = EXACT.get(hook)
    if exact is not None:

        def scalar(value: Any, _: Any) -> Any:
            if value is None or type(value) is exact:
                return value
            return hook(value, tp)

        return scalar
    if hook is structure_datetime:
        return _datetime_or_none
    if hook is structure_open_enum:
        return _member_or_none(tp)
    return None


def _int_or_none(value: Any, _: Any) -> int | None:
    if value is None or type(value) is int:
        return value
    if type(value) is str and value.isdigit() and value.isascii():
        return int(value)  # an id sent as text (Keyword Ad's): as common as a number there
    return structure_int(value, int)


def _datetime_or_none(value: Any, _: Any) -> datetime | None:
    if type(value) is str:
        try:
            return datetime.fromisoformat(value)  # Kakao's usual "2021-06-23T13:26:53"
        except ValueError:
            pass
    return None if value is None else structure_datetime(value, datetime)


def _member_or_none(cls: type[OpenEnum]) -> Hook:
    # The enum's own value map (the same dict, so always current): a known value is one lookup.
    members = cls._value2member_map_

    def member(value: Any, _: Any) -> Any:
        if type(value) is str:
            found = members.get(value)
            if found is not None:
                return found
        return None if value is None else structure_open_enum(value, cls)

    return member
