"""The fake's ``/_fake/*`` control API: defaults, 400 with a message for a bad body, no
tracebacks; and faults that end quietly (#13.13)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.testing import (
    DEFAULT_CREATIVES_PER_ACCOUNT,
    DEFAULT_TOKEN,
    FakeKakaoServer,
    Fault,
)


async def post(
    fake: FakeKakaoServer, path: str, body: Any = None, raw: bytes | None = None
) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as s:
        data = raw if raw is not None else None
        kwargs: dict[str, Any] = {"data": data} if raw is not None else {"json": body}
        async with s.post(fake.base_url + path, **kwargs) as r:
            return r.status, await r.json()


@pytest.fixture
def server_errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """What aiohttp's server logs at WARNING or above (a handler's traceback, say)."""
    caplog.set_level(logging.WARNING, logger="aiohttp")
    return caplog.records


BAD_BODIES: list[tuple[str, Any, str]] = [
    ("/_fake/seed", b"{not json", "not JSON"),
    ("/_fake/seed", [1, 2], "JSON object"),
    ("/_fake/seed", {}, "adAccounts"),
    ("/_fake/seed", {"adAccounts": "1,2"}, "adAccounts"),
    ("/_fake/seed", {"adAccounts": [1, "\u00b2"]}, "adAccounts"),
    ("/_fake/seed", {"adAccounts": [0]}, "adAccounts"),
    ("/_fake/seed", {"adAccounts": [1], "creativesPerAccount": "3"}, "creativesPerAccount"),
    ("/_fake/seed", {"adAccounts": [1], "creativesPerAccount": -1}, "creativesPerAccount"),
    ("/_fake/seed", {"adAccounts": [1], "creativesPerAcount": 3}, "creativesPerAcount"),
    ("/_fake/seed-keyword", {"bizChannelId": 1}, "adAccount"),
    ("/_fake/seed-keyword", {"adAccount": 1, "count": 1.5}, "count"),
    ("/_fake/faults", {}, "kind"),
    ("/_fake/faults", {"kind": "explode"}, "explode"),
    ("/_fake/faults", {"kind": "status", "status": "503"}, "status"),
    ("/_fake/faults", {"kind": "stall", "seconds": -1}, "seconds"),
    ("/_fake/faults", {"kind": "body", "body": {"a": 1}}, "body"),
    ("/_fake/config", {"onOffInterval": "fast"}, "onOffInterval"),
    ("/_fake/config", {"latency": 0.1}, "latency"),
    ("/_fake/config", {"latency": [0.2, 0.1]}, "latency"),
    ("/_fake/config", {"tokens": "abc"}, "tokens"),
    # Checked with the other fields, before any is applied (the interval must stay 0.1).
    ("/_fake/config", {"onOffInterval": 1, "tokens": [""]}, "token"),
    ("/_fake/config", {"chaos": {"rate": 2}}, "rate"),
    ("/_fake/config", {"chaos": {"rate": 0.1, "kinds": ["boom"]}}, "boom"),
    ("/_fake/config", {"chaos": 0.1}, "chaos"),
]


@pytest.mark.parametrize(("path", "body", "message"), BAD_BODIES)
async def test_a_bad_control_body_is_a_400_with_a_message(
    fake: FakeKakaoServer,
    server_errors: list[logging.LogRecord],
    path: str,
    body: Any,
    message: str,
) -> None:
    raw = body if isinstance(body, bytes) else None
    status, answer = await post(fake, path, body, raw)
    assert status == 400
    assert set(answer) == {"error"} and message in answer["error"], answer
    assert fake.state.moment == {} and fake.faults == [] and fake.fault_queue.chaos is None
    assert fake.on_off_interval == 0.1 and fake.latency == (0.0, 0.0)
    assert not server_errors


async def test_control_defaults(fake: FakeKakaoServer) -> None:
    status, seeded = await post(fake, "/_fake/seed", {"adAccounts": [1, 2]})
    assert status == 200
    assert {k: len(v) for k, v in seeded.items()} == {
        "1": DEFAULT_CREATIVES_PER_ACCOUNT,
        "2": DEFAULT_CREATIVES_PER_ACCOUNT,
    }
    status, keyword = await post(fake, "/_fake/seed-keyword", {"adAccount": 3})
    assert status == 200 and keyword["count"] == DEFAULT_CREATIVES_PER_ACCOUNT
    assert len(fake.state.keyword_by_channel[(3, 1)]) == DEFAULT_CREATIVES_PER_ACCOUNT
    # An empty body is an empty object: reset, or a fault with every default but the kind.
    assert (await post(fake, "/_fake/reset", raw=b""))[0] == 200
    assert (await post(fake, "/_fake/faults", {"kind": "status"}))[0] == 200
    (fault,) = fake.faults
    assert (fault.status, fault.remaining, fault.method, fault.path) == (503, 1, None, None)


def test_in_process_seeding_defaults_and_checks(fake: FakeKakaoServer) -> None:
    seeded = fake.seed(ad_accounts=[5])
    assert len(seeded[5]) == DEFAULT_CREATIVES_PER_ACCOUNT
    with pytest.raises(ka.KakaoInputError, match="creatives_per_account"):
        fake.seed(ad_accounts=[5], creatives_per_account=-1)
    with pytest.raises(ka.KakaoInputError, match="explode"):
        Fault(kind="explode")
    with pytest.raises(ka.KakaoInputError, match="boom"):
        fake.chaos(0.5, kinds=["boom"])


async def test_a_trickle_the_client_gives_up_on_ends_without_a_traceback(
    fake: FakeKakaoServer, server_errors: list[logging.LogRecord]
) -> None:
    fake.add_moment_creative(ad_account_id=1, id=5)
    fake.inject(Fault(kind="trickle", seconds=0.02))
    fake.inject(Fault(kind="truncate"))
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        retry=ka.RetryPolicy(attempts=1),
    ) as kakao:
        with pytest.raises(ka.KakaoTimeoutError):
            await kakao.moment.creatives.get(5, timeout=0.2)
        with pytest.raises(ka.KakaoTransportError):
            await kakao.moment.creatives.get(5)
    await asyncio.sleep(0.1)  # the trickle's next write meets the closed connection
    assert not server_errors, [r.getMessage() for r in server_errors]


async def test_fake_quotas_answers_an_onoff_interval_of_0_as_0() -> None:
    async with FakeKakaoServer(on_off_interval=0) as fake:
        assert fake.on_off_interval == 0
        async with aiohttp.ClientSession() as s:
            async with s.get(fake.base_url + "/_fake/quotas") as r:
                answer = await r.json()
        assert answer["creatives.onOff"]["interval"] == 0
