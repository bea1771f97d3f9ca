"""``Requester.aclose()`` (``KakaoClient.aclose()``) against calls made inside other calls of the
same task: a ``MockTransport`` handler awaits in the call's own task (3efa4e4), so a handler that
calls the client again runs a nested call in the outer call's task.

Over the shipped ``MockTransport``. No wall clock: "at once" is counted in loop iterations."""

from __future__ import annotations

import asyncio

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN


async def _iterations(n: int = 30) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


async def test_aclose_ends_a_call_whose_handler_called_the_client_before() -> None:
    """A handler that looks something up through the client (another endpoint, its own quota),
    then waits: ``aclose()`` ends the outer call with ``KakaoClosedError``, as it does any call
    in flight (before 3efa4e4 the handler ran in a task of its own on 3.11 and it did)."""
    looked_up = asyncio.Event()
    kakao: ka.KakaoClient | None = None

    async def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        if request.url.endswith("/creatives"):
            assert kakao is not None
            await kakao.moment.campaigns.list()
            looked_up.set()
            await asyncio.Event().wait()
        return ka.HttpResponse(200, {}, b'{"content": []}')

    kakao = ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, transport=ka.MockTransport(handler), timeout=600
    )
    call = asyncio.ensure_future(kakao.moment.creatives.list(ad_group_id=1))
    try:
        await looked_up.wait()
        await kakao.aclose()
        await _iterations()
        assert call.done(), "aclose() returned with the call still in flight"
        assert isinstance(call.exception(), ka.KakaoClosedError)
    finally:
        call.cancel()
        await asyncio.gather(call, return_exceptions=True)
