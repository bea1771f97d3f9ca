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


async def test_the_documented_defaults() -> None:
    """timeout 30 s per call (a call's own timeout= wins), margin 0.01 s, the declared 5 s
    onOff interval, a given limiter's interval when there is one."""
    seen: list[ka.HttpRequest] = []

    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        seen.append(request)
        return ka.HttpResponse(200, {}, b'{"content": []}')

    transport = ka.MockTransport(answer)
    async with ka.KakaoClient("t", ad_account_id=1, transport=transport) as kakao:
        await kakao.moment.creatives.list(ad_group_id=1)
        await kakao.moment.creatives.list(ad_group_id=1, timeout=2.5)
        assert kakao.rate_limiter.margin == 0.01
        assert kakao.quotas["creatives.onOff"].interval == 5.0
    assert [r.timeout for r in seen] == [30.0, 2.5]
    shared = ka.MemoryRateLimiter(interval=2.0)
    assert ka.KakaoClient("t", rate_limiter=shared).quotas["creatives.onOff"].interval == 2.0


async def test_user_key_is_never_sent() -> None:
    seen: list[ka.HttpRequest] = []

    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        seen.append(request)
        return ka.HttpResponse(200, {}, b'{"content": []}')

    transport = ka.MockTransport(answer)
    async with ka.KakaoClient(
        "t", ad_account_id=1, user_key="team-a-user", transport=transport
    ) as kakao:
        await kakao.moment.creatives.list(ad_group_id=1)
        assert kakao.user_key == "team-a-user"
    [request] = seen
    assert "team-a-user" not in repr(request) + request.url + str(dict(request.headers))
