"""The one cattrs converter: camelCase JSON <-> snake_case attrs models.

Built once by :func:`make_converter`. Leniency is deliberate and narrow:

* unknown keys are ignored and unknown enum values kept (see ``_enums``): Kakao adds both;
* ``null`` means "absent", so the field's default applies;
* ids may be JSON strings (Keyword Ad sends ``"id": "66666666661"``);
* amounts sent as JSON strings (carousel prices) are exact :class:`~decimal.Decimal`\\ s;
* but a wrong *shape* (an object where a list belongs, text where a number belongs) is an error,
  never silently coerced: ``bool("false")`` and iterating a string into a tuple are the bugs the
  custom hooks (``_scalars``) exist to prevent.
"""

from __future__ import annotations

import functools
import operator
import re
import types
import typing
import weakref
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
from ._scalars import (
    EXACT,
    Hook,
    or_none,
    structure_bool,
    structure_datetime,
    structure_decimal,
    structure_float,
    structure_int,
    structure_open_enum,
    structure_str,
)

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

_CAMEL = re.compile(r"_([a-z0-9])")


def to_camel(name: str) -> str:
    """``rspv_landing_url`` -> ``rspvLandingUrl``."""
    return _CAMEL.sub(lambda m: m.group(1).upper(), name)


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
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(float, structure_float)
    # Type registrations match subclasses, and enums subclass str: the OpenEnum registration
    # below is the more specific one for them.
    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(bool, structure_bool)
    conv.register_structure_hook(datetime, structure_datetime)
    conv.register_structure_hook(Decimal, structure_decimal)
    conv.register_structure_hook(OpenEnum, structure_open_enum)
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    # Back to the JSON string Kakao sends; str() keeps "49.90" as "49.90".
    conv.register_unstructure_hook(Decimal, str)


def _register_containers(conv: cattrs.Converter) -> None:
    conv.register_structure_hook_factory(_is_homogeneous_tuple, lambda tp: _tuple_hook(conv, tp))
    conv.register_structure_hook_factory(_is_optional, lambda tp: _optional_hook(conv, tp))


#: Hooks of models and arrays -> the same hook for a field that may be null: ``X | None`` (a
#: model), ``tuple[X, ...] = ()`` (an array). One call for such a field, not a wrapper's and
#: then the hook's (each present field's hook call costs ~1,000 instructions).
_OR_NONE: weakref.WeakKeyDictionary[Hook, Hook] = weakref.WeakKeyDictionary()
_OR_EMPTY: weakref.WeakKeyDictionary[Hook, Hook] = weakref.WeakKeyDictionary()


def _tuple_hook(conv: cattrs.Converter, tp: Any) -> Hook:
    (item_type, _) = typing.get_args(tp)
    item = conv.get_structure_hook(item_type)
    hook = _array_hook(item, item_type, null_is_empty=False)
    _OR_EMPTY[hook] = _array_hook(item, item_type, null_is_empty=True)
    return hook


def _array_hook(item: Hook, item_type: Any, *, null_is_empty: bool) -> Hook:
    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            if value is None and null_is_empty:
                return ()
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
    fused = or_none(inner, inner_type) or _OR_NONE.get(inner)
    if fused is not None:
        return fused

    def structure(value: Any, _: Any) -> Any:
        return None if value is None else inner(value, inner_type)

    return structure


def _model_hook(conv: cattrs.Converter, cls: type[Any]) -> Hook:
    """cattrs' generated hook for an attrs model, behind a check that the value is an object;
    a :class:`Resource` also keeps the object as its ``raw``."""
    overrides = {
        a.name: _field_override(conv, a) for a in attrs.fields(attrs.resolve_types(cls)) if a.init
    }
    generated = make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=False, **overrides)
    keep = issubclass(cls, Resource)
    hook = _object_hook(generated, cls.__name__, keep_raw=keep, null_is_none=False)
    _OR_NONE[hook] = _object_hook(generated, cls.__name__, keep_raw=keep, null_is_none=True)
    return hook


def _object_hook(
    generated: Callable[[Any], Any], name: str, *, keep_raw: bool, null_is_none: bool
) -> Hook:
    """``generated`` behind the check that the value is an object (``None`` for a null, if
    ``null_is_none``); ``keep_raw``: the model keeps the object as its ``raw``."""

    def structure(value: Any, _: Any) -> Any:
        # cattrs' hook only tests ``key in value``: a list or a string would pass.
        if type(value) is not dict and not isinstance(value, Mapping):
            if value is None and null_is_none:
                return None
            raise TypeError(f"expected a JSON object for {name}, got {type(value).__name__}")
        result = generated(value)
        if keep_raw:
            set_raw(result, "raw", value)  # one store; the JSON is already parsed and kept as is
        return result

    return structure


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
    exact = EXACT.get(hook)

    def structure(value: Any, tp: Any) -> Any:
        if type(value) is exact:  # e.g. the ``id`` of every model: nothing else to do
            return value
        if value is None:
            raise KeyError(key)
        return hook(value, tp)

    return structure


def _null_is_default(hook: Hook, default: Any) -> Hook:
    if type(default) is tuple and not default and hook in _OR_EMPTY:
        return _OR_EMPTY[hook]  # an array field: null is its empty default, in the one call
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
        if cls == MomentCreative:  # named as creatives.get names it: the model, the field
            raise _moment_creative_error(data, exc, method=method, path=path) from exc
        raise _decode_error(cls, data, exc, method=method, path=path) from exc


def _decode_error(
    cls: Any, data: Any, exc: Exception, *, method: str, path: str
) -> KakaoDecodeError:
    """What :func:`decode` raises (from ``exc``) when ``data`` could not be read as ``cls``."""
    problem = _short(exc)
    if not isinstance(exc, (KeyError, TypeError)):
        # The cause stays (its frames locate the field) but says no value either.
        exc.args = (problem,)
    try:
        where = _failed_field(cls, data)
    except Exception:  # the walk only adds a name: it must not replace the error
        where = None
    at = "" if where is None else f"field {where!r}: "  # our names and positions only
    return KakaoDecodeError(
        f"cannot read {_type_name(cls)}: {at}{problem}", method=method, path=path
    )


def _failed_field(cls: Any, data: Any) -> str | None:
    """The camelCase path of the first field of ``data`` that ``cls`` cannot read
    (``assetGroups[1].title``); ``None`` when no one field is to blame. Walked only after a
    decode failed: keeping a path while decoding would cost every successful one."""
    if not (isinstance(cls, type) and attrs.has(cls)) or not isinstance(data, Mapping):
        return None
    for field in attrs.fields(attrs.resolve_types(cls)):
        key = to_camel(field.name)
        value = data.get(key)
        if not field.init or value is None:
            continue  # absent (or null, read as absent): a missing field names itself
        try:
            converter.structure(value, field.type)
        except Exception:
            return key + _failed_inside(field.type, value)
    return None


def _failed_inside(tp: Any, value: Any) -> str:
    """The rest of the path inside a field that failed: its list's item, then that model."""
    if _is_optional(tp):
        (tp, *others) = [a for a in typing.get_args(tp) if a is not type(None)]
        if others:
            return ""  # a union: which member was meant is not to be told
    if _is_homogeneous_tuple(tp) and isinstance(value, list):
        item_type = typing.get_args(tp)[0]
        for index, item in enumerate(value):
            try:
                converter.structure(item, item_type)
            except Exception:
                inner = _failed_field(item_type, item)
                return f"[{index}]" + ("" if inner is None else f".{inner}")
        return ""
    inner = _failed_field(tp, value)
    return "" if inner is None else f".{inner}"


def decode_moment_creative(data: Any, *, method: str = "", path: str = "") -> MomentCreative:
    """Pick the display or message model for a ``GET /openapi/v4/creatives/{id}`` body."""
    try:
        return _structure_moment_creative(data, MomentCreative)  # type: ignore[no-any-return]
    except Exception as exc:  # cattrs, ValueError, TypeError, KeyError...: as in decode()
        raise _moment_creative_error(data, exc, method=method, path=path) from exc


#: ``MomentCreative``'s hook (it picks the display or the message model), looked up once:
#: through :func:`decode` (``converter.structure``'s dispatch, more frames) every creative
#: cost ~2,000 instructions more. Like every hook a model's hook calls, it is the one this
#: converter had when built: customise with your own :func:`make_converter`.
_structure_moment_creative = converter.get_structure_hook(MomentCreative)


def _moment_creative_error(
    data: Any, exc: Exception, *, method: str, path: str
) -> KakaoDecodeError:
    """:func:`_decode_error` of a creative body, naming the model it was read as."""
    cls = MessageCreative if is_message_creative(data) else DisplayCreative
    return _decode_error(cls, data, exc, method=method, path=path)


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
