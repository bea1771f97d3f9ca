"""README, Reliability: bulk onOff of many creatives of one ad account against a server that
refuses every connection. Nothing reaches Kakao, so no attempt spends the key's quota turn:
every item fails as ``KakaoConnectError`` after its retries and their backoff alone, not a quota
interval per attempt, and every attempt's RequestSent has its ResponseReceived."""

from __future__ import annotations

import collections
import socket
import time

import kakao_async as ka
import kakao_async.events as ev

INTERVAL = 2.0
ITEMS = 20


def refused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def test_every_item_fails_fast_as_a_connect_error() -> None:
    seen: list[object] = []
    async with ka.KakaoClient(
        "dead-server-token",
        ad_account_id=1,
        moment_base_url=refused_url(),
        quotas=dict.fromkeys(ka.endpoints.QUOTAS, INTERVAL),
        retry=ka.RetryPolicy(attempts=3, base=0.01, cap=0.02),
        observers=[seen.append],
    ) as kakao:
        began = time.monotonic()
        result = await kakao.moment.creatives.set_configs([(i, "OFF") for i in range(1, ITEMS + 1)])
        took = time.monotonic() - began
        [state] = await kakao.quota_snapshot([kakao.quota_key("creatives.onOff", 1)])
    assert len(result) == ITEMS
    assert all(isinstance(r.error, ka.KakaoConnectError) for r in result.failed)
    assert len(result.failed) == ITEMS
    # 60 attempts; a quota interval for any of them would be 2 s.
    assert took < INTERVAL
    assert state.ready_in == 0
    kinds = collections.Counter(type(e) for e in seen)
    assert kinds[ev.RequestSent] == kinds[ev.ResponseReceived] == 3 * ITEMS
    assert kinds[ev.RetryScheduled] == 2 * ITEMS
    assert kinds[ev.CallEnded] == ITEMS
