"""docs/testing.md, "In another process": ``fake_server_process(on_off_interval=..., args=...)``
checks its arguments before starting a process; a process that exits instead of listening is
reported with what it said."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import fake_server_process


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"args": "--seed-accounts 2"}, ka.KakaoInputTypeError),  # not one flag per character
        ({"args": ["--seed-accounts", 2]}, ka.KakaoInputTypeError),
        ({"on_off_interval": -1}, ka.KakaoInputError),
        ({"on_off_interval": "5"}, ka.KakaoInputTypeError),
    ],
)
def test_wrong_arguments_are_refused_before_a_process_starts(
    options: dict[str, Any], error: type
) -> None:
    with pytest.raises(error), fake_server_process(**options):
        pass


def test_a_process_that_refuses_its_options_says_why() -> None:
    with (
        pytest.raises(RuntimeError, match="seed-creatives"),
        fake_server_process(args=["--seed-creatives", "3"]),
    ):
        pass
