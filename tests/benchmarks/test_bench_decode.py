"""The hand-written decoders the benchmarks compare cattrs with must decode the whole model.

A decoder that skips fields the model declares is cheaper, and wrong for any payload carrying
them (real responses carry ``adGroupId``, ``bidAmount``, ...): it would make the baseline of
"hand-written attrs construction of the same models" a cheaper job than the library's.
"""

from __future__ import annotations

import enum
import json
import typing
from collections.abc import Callable
from datetime import datetime, timedelta
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


class Values:
    """Values for a payload with every field set: each one other than its field's default and
    than every other field's, so a hand decoder that skips a field, or reads it from another
    field's key, gives a different model. Booleans have two values only: the ``i``-th boolean
    is bit ``bit`` of ``i + 1``, and payloads for bits 0, 1, 2 tell apart any two of the first
    seven."""

    def __init__(self, bit: int) -> None:
        self.bit = bit
        self.count = 0
        self.booleans = 0

    def next(self) -> int:
        self.count += 1
        return self.count

    def of(self, tp: Any) -> Any:
        args = typing.get_args(tp)
        if type(None) in args:  # X | None
            (tp,) = [a for a in args if a is not type(None)]
            args = typing.get_args(tp)
        if typing.get_origin(tp) is tuple:
            return (self.of(args[0]), self.of(args[0]))
        if attrs.has(tp):
            return self.full(tp)
        n = self.next()
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            members = list(tp)
            return members[n % len(members)]
        if tp is bool:
            self.booleans += 1
            return bool(self.booleans >> self.bit & 1)
        if tp is int:
            return 1000 + n
        if tp is float:
            return n + 0.5
        if tp is Decimal:
            return Decimal(f"{n}.99")
        if tp is datetime:
            return datetime(2021, 6, 23, 13, 26, 53) + timedelta(minutes=n)
        assert tp is str, tp
        return f"text {n}"

    def full(self, cls: type[Any]) -> Any:
        """``cls`` with every field set."""
        fields = attrs.fields(attrs.resolve_types(cls))
        return cls(**{f.name: self.of(f.type) for f in fields if f.init})


def differences(got: Any, want: Any, path: str = "") -> list[str]:
    """Where ``got`` differs from ``want``, types included: an OpenEnum member equals its text,
    so ``==`` alone would pass a decoder that leaves ``"ON"`` a string."""
    if type(got) is not type(want):
        return [f"{path}: {type(got).__name__} {got!r:.60}, want {type(want).__name__}"]
    if attrs.has(type(want)):
        return [
            d
            for f in attrs.fields(type(want))
            if f.init
            for d in differences(getattr(got, f.name), getattr(want, f.name), f"{path}.{f.name}")
        ]
    if isinstance(want, tuple):
        if len(got) != len(want):
            return [f"{path}: {len(got)} items, want {len(want)}"]
        return [
            d
            for i, (g, w) in enumerate(zip(got, want, strict=True))
            for d in differences(g, w, f"{path}[{i}]")
        ]
    return [] if got == want else [f"{path}: {got!r:.60}, want {want!r:.60}"]


CASES: list[tuple[type[Any], Callable[[dict[str, Any]], Any]]] = [
    (ka.DisplayCreative, display_by_hand),
    (ka.MessageCreative, message_by_hand),
    (ka.KeywordCreative, keyword_by_hand),
    (ka.KeywordCreativeSummary, keyword_summary_by_hand),
]


@pytest.mark.parametrize("bit", [0, 1, 2])
@pytest.mark.parametrize(("cls", "hand"), CASES, ids=[c.__name__ for c, _ in CASES])
def test_each_hand_decoder_reads_every_field_its_model_declares(
    cls: type[Any], hand: Callable[[dict[str, Any]], Any], bit: int
) -> None:
    model = Values(bit).full(cls)
    # Through JSON text, as a response arrives: unstructure leaves enum members (str
    # subclasses) in place, which a decoder that never converts them would pass on as they are.
    payload = json.loads(json.dumps(unstructure(model)))
    expected = decode(cls, payload)
    assert differences(expected, model) == []  # the payload holds every field
    assert differences(hand(payload), expected) == []


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


def _without(payload: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k != key}


def test_the_hand_decoders_read_what_the_library_s_quirks_read() -> None:
    # Real message creatives may carry only creativeId; keyword creatives may name their landing
    # info landingUrl (kakao_async.models._quirks): the library reads both, so must the baseline.
    message = json.loads(json.dumps(unstructure(Values(0).full(ka.MessageCreative))))
    message = _without(message, "id")
    keyword = json.loads(json.dumps(unstructure(Values(0).full(ka.KeywordCreative))))
    keyword = {**_without(keyword, "landingInfo"), "landingUrl": keyword["landingInfo"]}
    for cls, hand, payload in [
        (ka.MessageCreative, message_by_hand, message),
        (ka.KeywordCreative, keyword_by_hand, keyword),
    ]:
        assert differences(hand(payload), decode(cls, payload)) == []


@pytest.mark.parametrize("value", ["SOMETHING_NEW", ""])
def test_the_hand_decoders_keep_enum_values_kakao_adds_later(value: str) -> None:
    payload = {"id": 1, "config": value, "reviewStatus": value, "creativeStatus": value}
    assert differences(display_by_hand(payload), decode(ka.DisplayCreative, payload)) == []


def test_the_hand_decoders_read_an_empty_object_as_the_library_does() -> None:
    # {} is a model with nothing set, not an absent one.
    cases: list[tuple[type[Any], Callable[[dict[str, Any]], Any], dict[str, Any]]] = [
        (
            ka.DisplayCreative,
            display_by_hand,
            {"id": 1, "image": {}, "landingInfo": {}, "profileImage": {}, "video": {}},
        ),
        (ka.MessageCreative, message_by_hand, {"id": 1, "messageElement": {}}),
        (
            ka.KeywordCreative,
            keyword_by_hand,
            {
                "id": 1,
                "landingInfo": {},
                "license": {},
                "assets": {"thumbnail": {}, "subject": {}, "calculate": {}},
            },
        ),
    ]
    for cls, hand, payload in cases:
        assert differences(hand(payload), decode(cls, payload)) == []
