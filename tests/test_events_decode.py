"""README, Metrics: a call whose answer does not decode into its model ended in an error.

Events and metrics must say so: a schema change on Kakao's side that breaks every call must not
show as a dashboard of successes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

import kakao_async as ka
import kakao_async.events as ev

BAD_CAMPAIGN = b'{"id": "not a number", "name": "c"}'
BAD_LIST = b'{"content": [{"id": {}}]}'


def client(body: bytes, seen: list[object]) -> ka.KakaoClient:
    mock = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, body))
    return ka.KakaoClient("t", ad_account_id=3, transport=mock, observers=[seen.append])


CALLS: dict[str, Callable[[ka.KakaoClient], Awaitable[object]]] = {
    "campaign": lambda kakao: kakao.moment.campaigns.get(5),
    "creatives": lambda kakao: kakao.moment.creatives.list(ad_group_id=5),
    "keyword": lambda kakao: kakao.keyword.creatives.get(5),
}


async def ended(call: str, body: bytes) -> ev.CallEnded:
    seen: list[object] = []
    async with client(body, seen) as kakao:
        with pytest.raises(ka.KakaoDecodeError):
            await CALLS[call](kakao)
    [end] = [e for e in seen if isinstance(e, ev.CallEnded)]
    return end


@pytest.mark.parametrize(
    ("call", "body"),
    [("campaign", BAD_CAMPAIGN), ("creatives", BAD_LIST), ("keyword", BAD_CAMPAIGN)],
)
async def test_a_body_that_does_not_decode_ends_the_call_as_an_error(
    call: str, body: bytes
) -> None:
    end = await ended(call, body)
    assert (end.outcome, end.error, end.status) == ("error", "KakaoDecodeError", 200)


async def test_a_decode_error_is_not_retried() -> None:
    seen: list[object] = []
    async with client(BAD_CAMPAIGN, seen) as kakao:
        with pytest.raises(ka.KakaoDecodeError) as caught:
            await kakao.moment.campaigns.get(5)
    assert caught.value.path == "/openapi/v4/campaigns/5"
    assert [type(e).__name__ for e in seen].count("RequestSent") == 1


async def test_a_model_decode_error_carries_the_answers_status_and_its_attempt_says_so() -> None:
    seen: list[object] = []
    async with client(BAD_CAMPAIGN, seen) as kakao:
        with pytest.raises(ka.KakaoDecodeError) as caught:
            await kakao.moment.campaigns.get(5)
    assert caught.value.status == 200  # the answer's, as for a body that is not JSON
    [answered] = [e for e in seen if isinstance(e, ev.ResponseReceived)]
    assert (answered.status, answered.error) == (200, "KakaoDecodeError")
