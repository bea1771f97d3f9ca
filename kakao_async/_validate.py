"""Argument checks that run before any request is sent."""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Collection, Iterable, Sized
from enum import Enum
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from .errors import KakaoInputError, KakaoInputTypeError
from .models import Config, Pacing

__all__ = [
    "base_url",
    "configs",
    "flag",
    "is_many",
    "list_configs",
    "list_states",
    "listen_port",
    "loopback_host",
    "on_off_config",
    "pacing",
    "positive_id",
    "positive_ids",
    "positive_int",
    "positive_number",
    "shown",
    "text",
    "won",
]


#: Kakao ids are Java Longs: at most this many decimal digits.
_LONG_DIGITS = 19

#: A rejected text up to this long is quoted whole, a longer one by its start and length only:
#: a credential passed by mistake (a token where an id belongs) must not reach logs through an
#: error's message, and redaction knows no token here.
_QUOTED_WHOLE = 16


def shown(value: object) -> str:
    """A rejected argument as an error message quotes it (see :data:`_QUOTED_WHOLE`)."""
    if isinstance(value, (str, bytes)) and len(value) > _QUOTED_WHOLE:
        return f"{value[:4]!r}... ({len(value)} characters)"
    quoted = repr(value)
    if len(quoted) > _QUOTED_WHOLE + 2 and not isinstance(value, Enum) and _quotes_text(quoted):
        # Text inside a value ([token], {token: 1}, bytearray(token)) would reach the message
        # through its repr: the value is described instead. An enum's text is the library's.
        size = f" of {len(value)}" if isinstance(value, Sized) else ""
        return f"<{type(value).__name__}{size}, text not shown>"
    return quoted if len(quoted) <= 40 else f"{quoted[:40]}..."


def _quotes_text(quoted: str) -> bool:
    return "'" in quoted or '"' in quoted


#: A single text is iterable, character by character, but never a collection of items.
_TEXTS = (str, bytes, bytearray, memoryview)


def is_many(value: object) -> TypeGuard[Iterable[Any]]:
    """Whether ``value`` can be a collection of items: iterable, and not a single text (read
    character by character, ``"123"`` would be 1, 2, 3)."""
    return isinstance(value, Iterable) and not isinstance(value, _TEXTS)


def positive_id(name: str, value: object) -> int:
    """An id Kakao accepts: a positive ``int`` below 2**63, or a string of ASCII digits 0-9.

    The one id check of the library. Nothing else is an id: not ``True`` (a bool is an int in
    Python), not ``1.0``, not ``"²"``, ``"١٢"`` or fullwidth digits (``str.isdigit`` and ``int()``
    accept those), not ``" 12"`` or ``"+12"``: a :class:`KakaoInputTypeError`. An id out of
    range is a :class:`KakaoInputError`. Always returns a plain ``int``: an ``int`` subclass can
    render as any text (``1/../x``) where the id is put into a URL.
    """
    if type(value) is not int:
        if isinstance(value, bool):
            raise KakaoInputTypeError(f"{name} must be an integer, got {shown(value)}")
        if isinstance(value, str):
            value = _digits(name, str.__str__(value))  # a plain str: no overridden methods
        elif isinstance(value, int):
            value = int.__int__(value)
        else:
            raise KakaoInputTypeError(
                f"{name} must be an integer or a string of ASCII digits, "
                f"got {type(value).__name__} {shown(value)}"
            )
    if value <= 0:
        raise KakaoInputError(f"{name} must be a positive integer, got {value}")
    if value >= 2**63:
        raise KakaoInputError(f"{name} is larger than a Kakao Long: {value}")
    return value


def _digits(name: str, text: str) -> int:
    # str.isdigit() also accepts '²' and Arabic-Indic or fullwidth digits; int() reads most.
    if not (text.isascii() and text.isdigit()):
        raise KakaoInputTypeError(
            f"{name} must be an integer or a string of ASCII digits 0-9, got {shown(text)}"
        )
    significant = text.lstrip("0")
    if len(significant) > _LONG_DIGITS:
        # Before int(): Python refuses to convert more than 4300 digits, with its own message.
        raise KakaoInputError(f"{name} is larger than a Kakao Long: {text[:40]}...")
    return int(significant or "0")


def positive_ids(name: str, values: Iterable[object]) -> list[int]:
    """Every id of an iterable of ids, checked by :func:`positive_id`.

    A string is refused rather than read character by character (``"123"`` is not 1, 2, 3).
    """
    if isinstance(values, _TEXTS):
        raise KakaoInputTypeError(
            f"{name} must be an iterable of ids (e.g. a list), not a single {type(values).__name__}"
        )
    if not isinstance(values, Iterable):
        raise KakaoInputTypeError(f"{name} must be an iterable of ids, got {type(values).__name__}")
    return [positive_id(name, value) for value in values]


def on_off_config(value: object) -> Config:
    """``ON`` or ``OFF`` (the only states onOff accepts), as a :class:`Config`."""
    if isinstance(value, str):
        text = value.value if isinstance(value, Config) else value
        if text in ("ON", "OFF"):
            # The member by equality, as ``in`` just matched it, not by hash: a str subclass
            # may hash differently or not at all. (Not Config(text): ~1 us per item of a bulk.)
            return Config.ON if text == "ON" else Config.OFF
        raise KakaoInputError(f"config must be 'ON' or 'OFF', got {shown(value)}")
    raise KakaoInputTypeError(f"config must be 'ON' or 'OFF' (text), got {shown(value)}")


def configs(value: Iterable[Config | str], *, allowed: Collection[str]) -> list[Config]:
    """A non-empty list of states, each one of ``allowed``."""
    if isinstance(value, str):
        value = [value]
    # Bytes are not a list of states: iterated, they would be refused by their first byte.
    if isinstance(value, _TEXTS) or not isinstance(value, Iterable):
        raise KakaoInputTypeError(f"config must be a state or a list of states, got {shown(value)}")
    result: list[Config] = []
    for item in value:
        text = item.value if isinstance(item, Config) else item
        if not isinstance(text, str):
            raise KakaoInputTypeError(f"config must hold states (text), got {shown(item)}")
        # The plain text, as on_off_config compares by equality: a str subclass may hash
        # differently or not at all.
        text = str.__str__(text)
        if text not in allowed:
            raise KakaoInputError(f"config must be among {sorted(allowed)}, got {shown(item)}")
        result.append(Config(text))
    if not result:
        raise KakaoInputError("config must name at least one state")
    return list(dict.fromkeys(result))


def positive_number(name: str, value: object, *, allow_zero: bool = False) -> float:
    """A finite number of seconds (or a rate): ``> 0``, or ``>= 0`` with ``allow_zero``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise KakaoInputTypeError(f"{name} must be a number, got {shown(value)}")
    bound = ">= 0" if allow_zero else "> 0"
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int beyond any float (its text may be too long to show)
        raise KakaoInputError(
            f"{name} must be a finite number {bound}, got an integer too large for a float"
        ) from None
    if not finite or value < 0 or (value == 0 and not allow_zero):
        raise KakaoInputError(f"{name} must be a finite number {bound}, got {value}")
    return float(value)


def flag(name: str, value: object) -> bool:
    """A switch: ``True`` or ``False`` only. A text such as ``"no"`` is truthy, so taking any
    value's truth would turn the switch on when the caller meant off."""
    if type(value) is not bool:
        raise KakaoInputTypeError(f"{name} must be True or False, got {shown(value)}")
    return value


def positive_int(name: str, value: object, *, allow_zero: bool = False) -> int:
    """A count or a size: a plain ``int`` >= 1, or >= 0 with ``allow_zero``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise KakaoInputTypeError(f"{name} must be an integer, got {type(value).__name__}")
    value = int.__int__(value)  # an int subclass's arithmetic and text are not to be trusted
    if value < (0 if allow_zero else 1):
        kind = "a non-negative" if allow_zero else "a positive"
        raise KakaoInputError(f"{name} must be {kind} integer, got {value}")
    return value


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def loopback_host(name: str, value: object) -> str:
    """A loopback host (``localhost``, ``127.0.0.0/8``, ``::1``): where a fake server may listen,
    since the client sends plain ``http`` nowhere else."""
    if not isinstance(value, str):
        raise KakaoInputTypeError(f"{name} must be a string, got {type(value).__name__}")
    if not _is_loopback(value):
        raise KakaoInputError(
            f"{name} must be a loopback host (127.0.0.1, ::1), got {shown(value)}"
        )
    return value


def text(name: str, value: object) -> str:
    """Non-empty text, as a plain ``str``. The message never quotes the value: it may be a
    credential."""
    if not isinstance(value, str):
        raise KakaoInputTypeError(f"{name} must be text, got {type(value).__name__}")
    if not value:
        raise KakaoInputError(f"{name} must be non-empty text")
    return str.__str__(value)


def listen_port(name: str, value: object) -> int:
    """A TCP port to listen on: 0 (any free one) to 65535; also as ASCII digits, as a port read
    from the environment is (aiohttp takes that too)."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    port = positive_int(name, value, allow_zero=True)
    if port > 65535:
        raise KakaoInputError(f"{name} must be from 0 to 65535, got {port}")
    return port


def base_url(name: str, value: str) -> str:
    """An ``https`` URL, or ``http`` to a loopback host (for the fake server)."""
    if not isinstance(value, str):
        raise KakaoInputTypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value.isprintable() or any(c.isspace() for c in value):
        raise KakaoInputError(f"{name} must not contain whitespace or control characters")
    parts = urlsplit(value)
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise KakaoInputError(f"{name} must be an absolute http(s) URL, got {shown(value)}")
    try:
        port = parts.port  # raises for a port that is not a number in 0..65535
    except ValueError:
        port = 0
    if port == 0:
        raise KakaoInputError(
            f"{name} must have a port from 1 to 65535 (or none), got {shown(value)}"
        )
    if parts.scheme == "http" and not _is_loopback(host):
        raise KakaoInputError(
            f"{name} must use https (plain http is allowed only for loopback hosts), "
            f"got {shown(value)}"
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise KakaoInputError(f"{name} must not carry credentials, a query or a fragment")
    return value.rstrip("/")


def won(name: str, value: object) -> int:
    """An amount of KRW (a budget, a bid): a plain positive ``int``, within a Kakao Long.

    Kakao's own range rules (minimums, steps of 10 won) are left to Kakao: they differ by
    campaign type and change over time, and its 400 names the rule.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise KakaoInputTypeError(
            f"{name} must be a whole number of won (an int), got {shown(value)}"
        )
    value = int.__int__(value)
    if value <= 0:
        raise KakaoInputError(f"{name} must be a positive number of won, got {value}")
    if value >= 2**63:
        raise KakaoInputError(f"{name} is larger than a Kakao Long: {value}")
    return value


def list_configs(
    value: object, *, allowed: Collection[str], default: tuple[str, ...] | None
) -> str | None:
    """A list filter of states (each one of ``allowed``: the endpoint's declared ``states``) as
    Kakao's comma-separated text, or ``default`` (``None``: send no filter, Kakao's own default
    applies)."""
    states = list_states(value, allowed=allowed, default=default)
    return None if states is None else ",".join(states)


def list_states(
    value: object, *, allowed: Collection[str], default: tuple[str, ...] | None
) -> tuple[str, ...] | None:
    """The distinct states (each one of ``allowed``) of a list filter, in the order given, or
    ``default``."""
    if value is None:
        return default
    return tuple(c.value for c in configs(value, allowed=allowed))  # type: ignore[arg-type]


def pacing(value: object) -> Pacing:
    """``NORMAL`` or ``QUICK``, as a :class:`Pacing`."""
    if isinstance(value, str):
        text = value.value if isinstance(value, Pacing) else value
        if text in ("NORMAL", "QUICK"):
            return Pacing(text)
        raise KakaoInputError(f"pacing must be 'NORMAL' or 'QUICK', got {shown(value)}")
    raise KakaoInputTypeError(f"pacing must be 'NORMAL' or 'QUICK' (text), got {shown(value)}")
