"""README "Metrics, tracing and logs": every RequestSent is answered by one ResponseReceived
("the attempt's answer, or none"), also when the attempt never ends on its own: the client closed
under it, the call cancelled, a transport that raised something else. An observer counting
requests in flight must come back to zero."""

from __future__ import annotations

import asyncio

import pytest

import kakao_async as ka
from kakao_async import events as ev
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.test_events import Recorder


class Watcher(Recorder):
    """A recorder that also says when the first request went out."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = asyncio.Event()

    def __call__(self, event: ev.Event) -> None:
        super().__call__(event)
        if isinstance(event, ev.RequestSent):
            self.sent.set()


def client(fake: FakeKakaoServer, seen: Recorder) -> ka.KakaoClient:
    return ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, observers=[seen]
    )


def attempts_answered(seen: Recorder) -> list[tuple[str, int | None, str | None]]:
    sent = seen.of(ev.RequestSent)
    answered = seen.of(ev.ResponseReceived)
    assert [(e.call_id, e.attempt) for e in sent] == [(e.call_id, e.attempt) for e in answered]
    # The answer comes before the call's end.
    assert seen.kinds()[-2:] == ["ResponseReceived", "CallEnded"]
    return [(e.endpoint, e.status, e.error) for e in answered]


async def test_an_attempt_cut_short_by_aclose_is_answered_with_no_status(
    fake: FakeKakaoServer,
) -> None:
    seen = Watcher()
    creative = fake.add_moment_creative(ad_account_id=1)
    kakao = client(fake, seen)
    fake.stall_next(1, seconds=2.0)
    call = asyncio.ensure_future(kakao.moment.creatives.get(creative.id))
    await seen.sent.wait()
    await kakao.aclose()
    with pytest.raises(ka.KakaoClosedError):
        await call
    assert attempts_answered(seen) == [("moment.creatives.get", None, "KakaoClosedError")]
    [ended] = seen.of(ev.CallEnded)
    assert (ended.outcome, ended.error, ended.status) == ("error", "KakaoClosedError", None)


async def test_an_attempt_of_a_cancelled_call_is_answered_with_no_status(
    fake: FakeKakaoServer,
) -> None:
    seen = Watcher()
    creative = fake.add_moment_creative(ad_account_id=1)
    async with client(fake, seen) as kakao:
        fake.stall_next(1, seconds=2.0)
        call = asyncio.ensure_future(kakao.moment.creatives.get(creative.id))
        await seen.sent.wait()
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
    assert attempts_answered(seen) == [("moment.creatives.get", None, "CancelledError")]
    assert seen.of(ev.CallEnded)[0].outcome == "cancelled"


async def test_an_attempt_whose_transport_raised_is_answered_with_that_error() -> None:
    seen = Recorder()

    def broken(request: ka.HttpRequest) -> ka.HttpResponse:
        raise RuntimeError("the test's handler is broken")

    transport = ka.MockTransport(broken)
    async with ka.KakaoClient("t", ad_account_id=1, transport=transport, observers=[seen]) as kakao:
        with pytest.raises(RuntimeError):
            await kakao.moment.creatives.get(5)
    assert attempts_answered(seen) == [("moment.creatives.get", None, "RuntimeError")]
