"""The one cattrs converter: camelCase JSON <-> snake_case attrs models.

Built once by :func:`make_converter`. Leniency is deliberate and narrow:

* unknown keys are ignored and unknown enum values kept (see ``_enums``): Kakao adds both;
* ``null`` means "absent", so the field's default applies;
* ids may be JSON strings (Keyword Ad sends ``"id": "66666666661"``);
* amounts sent as JSON strings (carousel prices) are exact :class:`~decimal.Decimal`\\ s;
* but a wrong *shape* (an object where a list belongs, text where a number belongs) is an error,
  never silently coerced: ``bool("false")`` and iterating a string into a tuple are the bugs the
  custom hooks below exist to prevent.
"""

from __future__ import annotations

import functools
import operator
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar, overload

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ..errors import KakaoDecodeError
from ._base import Resource, set_raw
from ._creative_kind import MESSAGE_FORMATS, is_message_creative, moment_creative_hook
from ._enums import OpenEnum
from ._moment import DisplayCreative, MessageCreative, MomentCreative
from ._quirks import QUIRKS, quirk_hook
from ._reports import ReportRow, structure_report_row, unstructure_report_row

__all__ = [
    "MESSAGE_FORMATS",
    "converter",
    "decode",
    "decode_moment_creative",
    "make_converter",
    "to_camel",
    "unstructure",
]

T = TypeVar("T")
Hook = Callable[[Any, Any], Any]

_CAMEL = re.compile(r"_([a-z0-9])")
#: A decimal number as Kakao writes amounts: ASCII digits, an optional sign and fraction.
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?", re.ASCII)


def to_camel(name: str) -> str:
    """``rspv_landing_url`` -> ``rspvLandingUrl``."""
    return _CAMEL.sub(lambda m: m.group(1).upper(), name)


def _int(value: Any, _: Any) -> int:
    if type(value) is int:  # the common cases first: a number, or an id sent as a string
        return value
    if type(value) is str and value.isdigit() and value.isascii():
        return int(value)
    if isinstance(value, bool):
        raise TypeError(f"expected an integer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    # ASCII only: int() also reads Arabic-Indic and fullwidth digits, which Kakao never sends.
    if isinstance(value, str) and value.isascii() and value.strip().lstrip("-").isdigit():
        return int(value)
    raise TypeError(f"expected an integer, got {type(value).__name__}")


def _float(value: Any, _: Any) -> float:
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return float(value)
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _decimal(value: Any, _: Any) -> Decimal:
    if type(value) is str and _DECIMAL.fullmatch(value):
        return Decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return Decimal(repr(value))  # the shortest repr, not the binary expansion
    # Decimal() alone would also take "NaN", "1e400" and Arabic-Indic digits.
    raise TypeError(f"expected a decimal number, got {type(value).__name__}")


def _str(value: Any, _: Any) -> str:
    if type(value) is str or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected text, got {type(value).__name__}")


def _bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise TypeError(f"expected a boolean, got {type(value).__name__}")


def _datetime(value: Any, _: Any) -> datetime:
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


def _open_enum(value: Any, cls: type[OpenEnum]) -> OpenEnum:
    if not isinstance(value, str):
        raise TypeError(f"expected text for {cls.__name__}, got {type(value).__name__}")
    # The member map first: calling the enum class is several times slower.
    member = cls._value2member_map_.get(value)
    return member if member is not None else cls(value)  # type: ignore[return-value]


def _is_optional(tp: Any) -> bool:
    """``X | None``, also where ``X`` is itself a union (``MomentCreative | None``)."""
    args = typing.get_args(tp)
    return (
        typing.get_origin(tp) in (typing.Union, types.UnionType)
        and len(args) >= 2
        and type(None) in args
    )


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def make_converter() -> cattrs.Converter:
    """Build a converter configured for Kakao's JSON."""
    # Not detailed: the first error's own text ("expected an integer...") is what ``decode``
    # reports; detailed validation would wrap it in a ClassValidationError group.
    conv = cattrs.Converter(detailed_validation=False)
    _register_scalars(conv)
    _register_containers(conv)
    conv.register_structure_hook_factory(attrs.has, lambda cls: _model_hook(conv, cls))
    conv.register_unstructure_hook_factory(attrs.has, lambda cls: _model_unstructure(conv, cls))
    _register_quirks(conv)
    # After the quirks: the message model's hook must be the one that fills ``id``.
    conv.register_structure_hook(MomentCreative, moment_creative_hook(conv))
    # Report rows are open-ended (any metric Kakao adds, numbers sent as strings): hand-written.
    conv.register_structure_hook(ReportRow, structure_report_row)
    conv.register_unstructure_hook(ReportRow, unstructure_report_row)
    return conv


def _register_scalars(conv: cattrs.Converter) -> None:
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(float, _float)
    # Type registrations match subclasses, and enums subclass str: the OpenEnum registration
    # below is the more specific one for them.
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(datetime, _datetime)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_structure_hook(OpenEnum, _open_enum)
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    # Back to the JSON string Kakao sends; str() keeps "49.90" as "49.90".
    conv.register_unstructure_hook(Decimal, str)


def _register_containers(conv: cattrs.Converter) -> None:
    conv.register_structure_hook_factory(_is_homogeneous_tuple, lambda tp: _tuple_hook(conv, tp))
    conv.register_structure_hook_factory(_is_optional, lambda tp: _optional_hook(conv, tp))


def _tuple_hook(conv: cattrs.Converter, tp: Any) -> Hook:
    (item_type, _) = typing.get_args(tp)
    item = conv.get_structure_hook(item_type)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise TypeError(f"expected a JSON array, got {type(value).__name__}")
        if item_type is str and all(type(v) is str for v in value):
            return tuple(value)  # e.g. assetTypes: nothing to convert
        return tuple([item(v, item_type) for v in value])

    return structure


def _optional_hook(conv: cattrs.Converter, tp: Any) -> Hook:
    # Nearly every model field is ``X | None``; cattrs' own Optional hook dispatches on the
    # inner type at every call: detail decodes were 1.3-1.5x slower with it, measured A/B.
    # The union without None: ``MomentCreative | None`` flattens into three members, and only
    # the two-member union has a hook that tells them apart.
    inner_type = functools.reduce(
        operator.or_, [a for a in typing.get_args(tp) if a is not type(None)]
    )
    inner = conv.get_structure_hook(inner_type)
    fused = _fused_optional(inner, inner_type)
    if fused is not None:
        return fused

    def structure(value: Any, _: Any) -> Any:
        return None if value is None else inner(value, inner_type)

    return structure


#: Hooks whose work is nothing when the value already has this exact type.
_EXACT: dict[Hook, type] = {_str: str, _int: int, _bool: bool}


def _fused_optional(inner: Hook, inner_type: Any) -> Hook | None:
    """For text, numbers and booleans (most fields), ``None`` and an already right value are
    answered in the field's one hook call, not a second one. (Enums and dates gain little:
    their own hooks already try the common case first.)"""
    exact = _EXACT.get(inner)
    if exact is not None:

        def scalar(value: Any, _: Any) -> Any:
            if value is None or type(value) is exact:
                return value
            return inner(value, inner_type)

        return scalar
    return None


def _model_hook(conv: cattrs.Converter, cls: type[Any]) -> Hook:
    """cattrs' generated hook for an attrs model, behind a check that the value is an object;
    a :class:`Resource` also keeps the object as its ``raw``."""
    overrides = {
        a.name: _field_override(conv, a) for a in attrs.fields(attrs.resolve_types(cls)) if a.init
    }
    generated = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=False, **overrides)
    name = cls.__name__

    def structure(value: Any, _: Any) -> Any:
        # cattrs' hook only tests ``key in value``: a list or a string would pass.
        if type(value) is not dict and not isinstance(value, Mapping):
            raise TypeError(f"expected a JSON object for {name}, got {type(value).__name__}")
        return generated(value)

    if not issubclass(cls, Resource):
        return structure

    def structure_resource(value: Any, _: Any) -> Any:
        if type(value) is not dict and not isinstance(value, Mapping):
            raise TypeError(f"expected a JSON object for {name}, got {type(value).__name__}")
        result = generated(value)
        set_raw(result, "raw", value)  # one store; the JSON is already parsed and kept as is
        return result

    return structure_resource


def _field_override(conv: cattrs.Converter, field: attrs.Attribute[Any]) -> Any:
    """The camelCase key, and for fields whose type does not admit ``None``: null == absent."""
    key = to_camel(field.name)
    if field.default is None:  # an ``X | None = None`` field: its hook already maps null to None
        return override(rename=key)
    hook = conv.get_structure_hook(field.type)
    if field.default is attrs.NOTHING:
        return override(rename=key, struct_hook=_null_is_missing(hook, key))
    return override(rename=key, struct_hook=_null_is_default(hook, field.default))


def _null_is_missing(hook: Hook, key: str) -> Hook:
    exact = _EXACT.get(hook)

    def structure(value: Any, tp: Any) -> Any:
        if type(value) is exact:  # e.g. the ``id`` of every model: nothing else to do
            return value
        if value is None:
            raise KeyError(key)
        return hook(value, tp)

    return structure


def _null_is_default(hook: Hook, default: Any) -> Hook:
    factory = default.factory if isinstance(default, attrs.Factory) else None  # type: ignore[arg-type]

    def structure(value: Any, tp: Any) -> Any:
        if value is None:
            return default if factory is None else factory()
        return hook(value, tp)

    return structure


def _model_unstructure(conv: cattrs.Converter, cls: type[Any]) -> Callable[[Any], Any]:
    overrides = {
        # ``raw`` (not an __init__ argument) is what was read, not part of the model.
        a.name: override(omit=True)
        if not a.init
        else override(rename=to_camel(a.name), omit_if_default=a.default is None)
        for a in attrs.fields(cls)
    }
    return make_dict_unstructure_fn(cls, conv, **overrides)  # type: ignore[arg-type]


def _register_quirks(conv: cattrs.Converter) -> None:
    """Field names Kakao's documents and responses disagree on: read both (see ``_quirks``)."""
    for cls, fix in QUIRKS.items():
        conv.register_structure_hook(cls, quirk_hook(conv.get_structure_hook(cls), fix))


#: The process-wide converter. Build your own with :func:`make_converter` to customise.
converter = make_converter()


@overload
def decode(cls: type[T], data: Any, *, method: str = "", path: str = "") -> T: ...
@overload
def decode(cls: types.UnionType, data: Any, *, method: str = "", path: str = "") -> Any: ...
def decode(cls: Any, data: Any, *, method: str = "", path: str = "") -> Any:
    """Structure ``data`` (decoded JSON) into ``cls``; the inverse of :func:`unstructure`.

    Any failure becomes :class:`KakaoDecodeError`. A :class:`Resource` keeps ``data`` as its
    ``raw``. ``cls`` may be a model, ``MomentCreative`` (the display or message model, as
    ``creatives.get`` picks it) or ``tuple[Model, ...]``.
    """
    try:
        return converter.structure(data, cls)
    except Exception as exc:  # cattrs, ValueError, TypeError, KeyError...: all mean "bad shape"
        problem = _short(exc)
        if not isinstance(exc, (KeyError, TypeError)):
            # The cause stays (its frames locate the field) but says no value either.
            exc.args = (problem,)
        raise KakaoDecodeError(
            f"cannot read {_type_name(cls)}: {problem}", method=method, path=path
        ) from exc


def decode_moment_creative(data: Any, *, method: str = "", path: str = "") -> MomentCreative:
    """Pick the display or message model for a ``GET /openapi/v4/creatives/{id}`` body."""
    if is_message_creative(data):
        return decode(MessageCreative, data, method=method, path=path)
    return decode(DisplayCreative, data, method=method, path=path)


def unstructure(obj: Any) -> Any:
    """Model -> JSON-ready value with camelCase keys, as Kakao writes it: ``None`` fields are
    left out, dates are ISO 8601 text, decimals are strings, ``raw`` is not included.

    ``decode(type(m), unstructure(m)) == m`` for every model ``m`` (tested on every sample).
    Use it to send a model back to Kakao, to store it, or to log it.
    """
    return converter.unstructure(obj)


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp)


#: A quoted value in an error's text (a repr, possibly cut short before its closing quote).
_QUOTED = re.compile(r"""'(?:[^'\\]|\\.)*(?:'|$)|"(?:[^"\\]|\\.)*(?:"|$)""")


def _short(exc: BaseException) -> str:
    """The reason, without the values it quotes: a server may echo the access token (or other
    secrets) into any field, and a decode error's text must not carry it (README, Security).
    The hooks' TypeErrors name types and fields only (a report's metric, say), never a value;
    other errors (``int()``'s, ``fromisoformat``'s ValueError) quote it, so quotes go."""
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"[:200]  # one of our models' field names
    text = str(exc) or type(exc).__name__
    return (text if isinstance(exc, TypeError) else _QUOTED.sub("'…'", text))[:200]
