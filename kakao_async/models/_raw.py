"""What Kakao sent that this version of kakao_async does not model.

Computed on demand from a model's ``raw``, so decoding pays nothing for it.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import attrs

from ..errors import KakaoDecodeError, KakaoInputTypeError
from ._base import Resource
from ._converter import decode, to_camel
from ._quirks import ALIASES

__all__ = ["unknown_fields"]


def unknown_fields(model: Resource) -> dict[str, Any]:
    """The JSON fields of ``model.raw`` that no model field reads, nested ones included.

    Keys are paths in Kakao's spelling: ``"serviceContent"``,
    ``"messageElement.itemAssetGroups[0].badge"``. Values are exactly as Kakao sent them.
    Empty when everything Kakao sent is modelled, or when ``model`` has no ``raw`` (you built
    it). A nested ``Resource`` (an ad group's ``campaign``, a page's rows) answers for itself;
    other nested parts (``LandingInfo``, ``Image``, ...) are no ``Resource`` and are refused:
    ask their parent. Cheap enough to log after each call while you watch for fields Kakao adds.
    """
    if not isinstance(model, Resource):
        raise KakaoInputTypeError(f"expected a model a call returned, got {type(model).__name__}")
    found: dict[str, Any] = {}
    if isinstance(model.raw, Mapping):
        _walk(model, model.raw, "", found)
    return found


def _walk(model: Any, raw: Mapping[str, Any], prefix: str, found: dict[str, Any]) -> None:
    known = _known_keys(type(model))
    aliases = ALIASES.get(type(model))
    for key, value in raw.items():
        if key in known:
            continue
        field = aliases.get(key) if aliases is not None else None
        if field is None:
            found[f"{prefix}{key}"] = value
        elif value is not None:  # a null under a second name carries nothing
            _second_name(model, field, value, f"{prefix}{key}", found)
    for field_name, key in _nested_fields(type(model)):
        child, sub = getattr(model, field_name), raw.get(key)
        if attrs.has(type(child)) and isinstance(sub, Mapping):
            _walk(child, sub, f"{prefix}{key}.", found)
        elif isinstance(child, tuple) and isinstance(sub, list):
            for i, (item, item_raw) in enumerate(zip(child, sub, strict=False)):
                if attrs.has(type(item)) and isinstance(item_raw, Mapping):
                    _walk(item, item_raw, f"{prefix}{key}[{i}].", found)


def _second_name(model: Any, field: str, value: Any, path: str, found: dict[str, Any]) -> None:
    """A value under a second name of ``field``: nothing new when it decodes to what the field
    holds (the same landing with a null left out or an id as text; or the value the fix took),
    though its own unknown keys are listed; else listed whole, as no field holds it."""
    held = getattr(model, field)
    try:
        same = decode(_hints(type(model))[field], value) == held
    except KakaoDecodeError:  # a text where an object belongs: nothing reads it
        same = False
    if not same:
        found[path] = value
    elif attrs.has(type(held)) and isinstance(value, Mapping):
        _walk(held, value, f"{path}.", found)


_KNOWN: dict[type[Any], frozenset[str]] = {}
_NESTED: dict[type[Any], tuple[tuple[str, str], ...]] = {}
_HINTS: dict[type[Any], dict[str, Any]] = {}


def _known_keys(cls: type[Any]) -> frozenset[str]:
    known = _KNOWN.get(cls)
    if known is None:
        names = {to_camel(a.name) for a in attrs.fields(cls) if a.init}
        known = _KNOWN[cls] = frozenset(names)
    return known


def _hints(cls: type[Any]) -> dict[str, Any]:
    # Resolved once per model class: get_type_hints() re-evaluates every annotation (~120 us a
    # model), which made each creative with a landingUrl ~50x dearer to check than one without.
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def _nested_fields(cls: type[Any]) -> tuple[tuple[str, str], ...]:
    """(attribute, JSON key) of the fields that hold models or tuples of models."""
    nested = _NESTED.get(cls)
    if nested is None:
        hints = _hints(cls)
        nested = _NESTED[cls] = tuple(
            (a.name, to_camel(a.name))
            for a in attrs.fields(cls)
            if a.init and _holds_models(hints[a.name])
        )
    return nested


def _holds_models(tp: Any) -> bool:
    # Arguments first: on Python 3.10 ``isinstance(tuple[X, ...], type)`` is True (a generic
    # alias passes for its class), which hid every tuple of models there.
    args = typing.get_args(tp)
    if args:
        return any(map(_holds_models, args))
    return isinstance(tp, type) and attrs.has(tp)
