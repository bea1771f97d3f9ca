"""``python -m kakao_async.testing`` as a user runs it: clean refusals, no tracebacks."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault, fake_server_process

KINDS = ("status", "body", "reset", "stall", "truncate", "trickle")


def standalone(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kakao_async.testing", *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_taken_port_is_a_clean_message() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        proc = standalone("--port", port)
    assert proc.returncode == 1
    (line,) = proc.stderr.strip().splitlines()
    assert port in line and "--port" in line and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["--port", "70000"],
        ["--port", "-1"],
        ["--on-off-interval", "-1"],
        ["--on-off-interval", "nan"],
        ["--latency", "0.2", "0.1"],
        ["--latency", "-1", "0"],
        ["--seed-accounts", "-2"],
        ["--host", "8.8.8.8"],
    ],
)
def test_bad_options_are_refused(argv: list[str]) -> None:
    proc = standalone(*argv)
    assert proc.returncode == 2
    assert argv[0] in proc.stderr and "Traceback" not in proc.stderr


def test_an_unknown_fault_kind_is_refused_with_the_list() -> None:
    with pytest.raises(ValueError, match=r"fault kind must be one of .*'bogus'") as info:
        Fault(kind="bogus")
    assert all(kind in str(info.value) for kind in KINDS)
    fake = FakeKakaoServer()
    with pytest.raises(ValueError, match=r"chaos kinds must be among .*bogus"):
        fake.chaos(0.5, kinds=["status", "bogus"])
    fake.chaos(0.5, kinds=["status", "429"])  # 429 is a chaos-only kind


def test_the_standalone_control_api_refuses_an_unknown_fault_kind() -> None:
    async def post(url: str, path: str, body: object) -> tuple[int, str]:
        async with aiohttp.ClientSession() as s, s.post(url + path, json=body) as r:
            return r.status, await r.text()

    with fake_server_process(on_off_interval=0.05) as url:
        status, text = asyncio.run(post(url, "/_fake/faults", {"kind": "bogus"}))
        assert status == 400 and "bogus" in text and all(kind in text for kind in KINDS)
        status, text = asyncio.run(
            post(url, "/_fake/config", {"chaos": {"rate": 0.5, "kinds": ["nope"]}})
        )
        assert status == 400 and "nope" in text
        status, _ = asyncio.run(post(url, "/_fake/faults", {"kind": "stall", "seconds": 0.01}))
        assert status == 200


def test_seed_accounts_alone_seeds_the_default_creatives() -> None:
    with fake_server_process(args=["--port", "0", "--seed-accounts", "2"]) as url:

        async def listed(account: int) -> int:
            headers = {"Authorization": "Bearer fake-kakao-token", "adAccountId": str(account)}
            async with aiohttp.ClientSession() as session:
                async with session.get(
                    f"{url}/openapi/v4/creatives", params={"adGroupId": "1"}, headers=headers
                ) as resp:
                    assert resp.status == 200
                    return len((await resp.json())["content"])

        counts = [asyncio.run(listed(account)) for account in (1, 2)]
    assert counts == [10, 10]


def test_seed_campaigns_and_keyword_seed_every_account_after_its_creatives() -> None:
    # The README's command-line examples run against exactly such a fake.
    argv = ["--port", "0", "--seed-accounts", "2", "--seed-creatives", "2"]
    argv += ["--seed-campaigns", "1", "--seed-keyword", "2"]
    with fake_server_process(args=argv) as url:

        async def listed(account: int) -> tuple[list[int], list[int], list[int], list[int]]:
            async with ka.KakaoClient(
                DEFAULT_TOKEN, ad_account_id=account, moment_base_url=url, keyword_base_url=url
            ) as kakao:
                creatives = await kakao.moment.creatives.list(ad_group_id=1)
                campaigns = await kakao.moment.campaigns.list()
                groups = await kakao.moment.ad_groups.list(campaign_id=campaigns[0].id)
                keyword = await kakao.keyword.creatives.list(biz_channel_id=1)
            return (
                [c.id for c in creatives],
                [c.id for c in campaigns],
                [g.id for g in groups],
                [k.id for k in keyword.content],
            )

        first, second = asyncio.run(listed(1)), asyncio.run(listed(2))
    # Ids run on in seeding order: creatives, then a campaign and its ad group per account,
    # then the keyword creatives.
    assert first == ([1001, 1002], [1005], [1006], [1009, 1010])
    assert second == ([1003, 1004], [1007], [1008], [1011, 1012])


@pytest.mark.parametrize("flag", ["--seed-creatives", "--seed-campaigns", "--seed-keyword"])
def test_seeding_anything_in_accounts_needs_seed_accounts(flag: str) -> None:
    # Silently ignored otherwise: the fake would start empty, and the ids asked for not exist.
    proc = standalone(flag, "1")
    assert proc.returncode == 2
    assert f"argument {flag}: needs --seed-accounts" in proc.stderr
    assert "Traceback" not in proc.stderr
