"""Request bodies: ``dumps`` writes the same bytes whichever encoder it takes."""

from __future__ import annotations

import enum
import json
from decimal import Decimal
from typing import Any

import pytest

import kakao_async as ka
from kakao_async._http._interpret import dumps


class Level(enum.IntEnum):
    HIGH = 3


#: What the stdlib alone writes: the reference for every body.
STDLIB = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))

CONTROL_AND_UNICODE = "".join(chr(c) for c in range(0x80)) + "광고\u2028\u2029\ufeff😀"

BODIES: list[Any] = [
    {"id": 7, "config": "OFF"},  # the onOff body
    {"id": 7, "dailyBudgetAmount": None},
    {"name": CONTROL_AND_UNICODE, CONTROL_AND_UNICODE: [1, True, False, None]},
    {"nested": {"deeper": [{"a": []}, {}]}, "list": [[], [[]]]},
    {"edge": [-(2**63), 2**64 - 1, 0, -1]},
    [1, "two", None],
    "text",
    12,
    None,
    # Everything below is not plain: the stdlib encoder writes it, as before.
    {"big": 2**64, "small": -(2**63) - 1},
    {"amount": 1.5, "exp": 1e16, "tiny": 5e-324},
    {"config": ka.Config.OFF},  # an enum member: its text
    {"pair": (1, 2)},
    {1: "int key", None: "null key", 2.5: "float key"},
    {"int subclass": Level.HIGH},
]


def test_a_body_is_compact_utf8_json_and_nan_is_refused() -> None:
    body = {"name": "광고 소재", "ids": [1, 2], "config": ka.Config.OFF}
    assert dumps(body) == '{"name":"광고 소재","ids":[1,2],"config":"OFF"}'.encode()
    with pytest.raises(ValueError, match="JSON"):
        dumps({"amount": float("nan")})  # never sent as NaN (invalid JSON) or null


@pytest.mark.parametrize("body", BODIES)
def test_dumps_writes_what_the_stdlib_encoder_writes(body: Any) -> None:
    assert dumps(body) == STDLIB.encode(body).encode()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"amount": float("nan")}, ValueError),
        ({"amount": float("inf")}, ValueError),
        ({"amount": Decimal("1.5")}, TypeError),
        ({"set": {1, 2}}, TypeError),
        ("\ud800", UnicodeEncodeError),  # a lone surrogate is no UTF-8
    ],
)
def test_dumps_refuses_what_the_stdlib_refuses(body: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        dumps(body)


def test_a_cycle_is_refused_by_the_stdlib_not_a_recursion_error() -> None:
    cyclic: dict[str, Any] = {"id": 1}
    cyclic["self"] = cyclic
    with pytest.raises(ValueError, match="Circular reference"):
        dumps(cyclic)
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(RecursionError):
        dumps(deep)


def test_nesting_orjson_refuses_but_the_stdlib_writes_is_written() -> None:
    deep: list[Any] = [1]
    for _ in range(300):  # past orjson's limit (~255 levels), well within Python's
        deep = [deep]
    assert dumps(deep) == STDLIB.encode(deep).encode()
