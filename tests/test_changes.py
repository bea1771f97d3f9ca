"""The change records bulk ``set_configs`` takes: the ``config`` they accept, as a user's type
checker sees it and as it is converted."""

from __future__ import annotations

import inspect

import pytest

import kakao_async as ka

CHANGES = [
    ka.ConfigChange,
    ka.CampaignConfigChange,
    ka.AdGroupConfigChange,
    ka.AdAccountConfigChange,
]


@pytest.mark.parametrize("change", CHANGES)
def test_config_is_typed_as_a_config_or_its_text(change: type[object]) -> None:
    # attrs gives a field's __init__ parameter the type of its converter's argument: a
    # converter taking ``object`` would let mypy accept ConfigChange(1, 42).
    parameter = inspect.signature(change).parameters["config"]
    assert parameter.annotation == "Config | str"


class _Text(str):
    """A str subclass that defines ``__eq__`` (and so, by Python's rule, has no hash)."""

    def __eq__(self, other: object) -> bool:
        return str.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]


class _Rehashed(str):
    """A str subclass hashed unlike the str it equals."""

    def __hash__(self) -> int:
        return 1


@pytest.mark.parametrize("kind", [_Text, _Rehashed])
@pytest.mark.parametrize("text", ["ON", "OFF"])
def test_a_str_subclass_equal_to_on_or_off_is_that_member(kind: type[str], text: str) -> None:
    change = ka.ConfigChange(1, kind(text))
    assert change.config is ka.Config[text]
