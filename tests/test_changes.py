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
