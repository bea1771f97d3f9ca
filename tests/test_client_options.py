"""README "Client options": every option is checked when the client is built, with a typed
error (KakaoInputError / KakaoInputTypeError), never a bare TypeError from inside the library."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka


def _events(_event: ka.events.Event) -> None:
    pass


@pytest.mark.parametrize("observers", [_events, 3, "on_event"])
def test_observers_that_are_not_an_iterable_of_callables_are_a_typed_error(observers: Any) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="observers"):
        ka.KakaoClient("token", observers=observers)


def test_observers_accepts_any_iterable_of_plain_callables_and_none() -> None:
    client = ka.KakaoClient("token", observers=(f for f in [_events]))
    client.remove_observer(_events)  # it was registered
    ka.KakaoClient("token", observers=None)
