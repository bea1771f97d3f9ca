"""The hand-written decoders the benchmarks compare cattrs with must decode the whole model.

A decoder that skips fields the model declares is cheaper, and wrong for any payload carrying
them (real responses carry ``adGroupId``, ``bidAmount``, ...): it would make the baseline of
"hand-written attrs construction of the same models" a cheaper job than the library's.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from pydantic import BaseModel

import kakao_async as ka
from benchmarks.bench_decode import (
    PDisplay,
    PKeywordSummary,
    display_by_hand,
    keyword_by_hand,
    keyword_summary_by_hand,
    message_by_hand,
)
from kakao_async.models import decode, unstructure


def _value(tp: Any, depth: int) -> Any:
    """A value of type ``tp`` other than its default, every nested field set too."""
    args = typing.get_args(tp)
    if type(None) in args:  # X | None
        (tp,) = [a for a in args if a is not type(None)]
        args = typing.get_args(tp)
    if typing.get_origin(tp) is tuple:
        return (_value(args[0], depth), _value(args[0], depth + 1))
    if attrs.has(tp):
        return full(tp, depth + 1)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return list(tp)[-1]
    if tp is bool:
        return True
    if tp is int:
        return 40 + depth
    if tp is float:
        return 2.5
    if tp is Decimal:
        return Decimal("12.99")
    if tp is datetime:
        return datetime(2021, 6, 23, 13, 26, 53)
    assert tp is str, tp
    return f"text {depth}"


def full(cls: type[Any], depth: int = 0) -> Any:
    """``cls`` with every field set to a non-default value."""
    fields = attrs.fields(attrs.resolve_types(cls))
    return cls(**{f.name: _value(f.type, depth) for f in fields if f.init})


CASES: list[tuple[type[Any], Callable[[dict[str, Any]], Any]]] = [
    (ka.DisplayCreative, display_by_hand),
    (ka.MessageCreative, message_by_hand),
    (ka.KeywordCreative, keyword_by_hand),
    (ka.KeywordCreativeSummary, keyword_summary_by_hand),
]


@pytest.mark.parametrize(("cls", "hand"), CASES, ids=[c.__name__ for c, _ in CASES])
def test_each_hand_decoder_reads_every_field_its_model_declares(
    cls: type[Any], hand: Callable[[dict[str, Any]], Any]
) -> None:
    payload = unstructure(full(cls))
    expected = decode(cls, payload)
    assert expected == full(cls)  # the payload holds every field
    assert hand(payload) == expected


def to_camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def _keys(model: Any) -> Any:
    """The JSON keys a model reads, nested ones under their parent's key."""
    if attrs.has(model):
        fields = attrs.fields(attrs.resolve_types(model))
        return {to_camel(f.name): _keys(_inner(f.type)) for f in fields if f.init}
    if isinstance(model, type) and issubclass(model, BaseModel):
        fields = model.model_fields
        return {(f.alias or name): _keys(_inner(f.annotation)) for name, f in fields.items()}
    return None


def _inner(tp: Any) -> Any:
    """``Model`` of ``Model | None`` or ``tuple[Model, ...]``; anything else as is."""
    for arg in typing.get_args(tp):
        if attrs.has(arg) or (isinstance(arg, type) and issubclass(arg, BaseModel)):
            return arg
    return tp


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [(ka.DisplayCreative, PDisplay), (ka.KeywordCreativeSummary, PKeywordSummary)],
    ids=["DisplayCreative", "KeywordCreativeSummary"],
)
def test_the_pydantic_equivalents_read_the_same_keys(ours: type[Any], theirs: type[Any]) -> None:
    assert _keys(theirs) == _keys(ours)
