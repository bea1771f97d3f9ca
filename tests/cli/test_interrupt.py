"""Ctrl-C during a command other than ``on``/``off`` (a call stalled at the server): exit 130,
the one ``error: ...`` line README promises for every error, and with ``--json`` still the one
object on stdout, its error of kind ``interrupted``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.cli.interruptible import start_cli


def interrupted(fake: FakeKakaoServer, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI until its first request is stalled at the fake, then press Ctrl-C."""
    fake.stall_next(1, seconds=20)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAKAO_")}
    env |= {
        "KAKAO_ACCESS_TOKEN": DEFAULT_TOKEN,
        "KAKAO_AD_ACCOUNT_ID": "1",
        "KAKAO_BASE_URL": fake.base_url,
        "KAKAO_ON_OFF_INTERVAL": "0.05",
    }
    sent = len(fake.requests)
    proc = start_cli(list(argv), env)
    deadline = time.monotonic() + 30
    while len(fake.requests) == sent and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(fake.requests) > sent, "the command sent nothing"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


COMMANDS = [
    ["moment", "get", "1001"],
    ["moment", "list", "--ad-group", "1"],
    ["campaigns", "budget", "1001", "5000"],
]


@pytest.mark.parametrize("command", COMMANDS)
def test_ctrl_c_is_one_error_line_and_exit_130(
    kakao_fake: FakeKakaoServer, command: list[str]
) -> None:
    proc = interrupted(kakao_fake, *command)
    assert proc.returncode == 130, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: interrupted"), proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize("command", COMMANDS)
def test_ctrl_c_with_json_still_prints_the_object(
    kakao_fake: FakeKakaoServer, command: list[str]
) -> None:
    proc = interrupted(kakao_fake, "--json", *command)
    assert proc.returncode == 130, proc.stderr
    body = json.loads(proc.stdout)
    assert body["results"] == []
    (entry,) = body["errors"]
    assert entry["id"] is None and entry["error"]["kind"] == "interrupted"
    assert entry["error"]["status"] is None


@pytest.mark.skipif(sys.version_info < (3, 11), reason="asyncio.run cancels on Ctrl-C from 3.11")
@pytest.mark.parametrize(
    ("level", "quota"), [("campaigns", "campaigns.onOff"), ("ad-groups", "adGroups.onOff")]
)
def test_ctrl_c_during_on_off_lists_every_id_at_each_level(
    kakao_fake: FakeKakaoServer, level: str, quota: str
) -> None:
    """README: Ctrl-C during on/off (creatives, campaigns, ad groups) still gives a row per id."""
    kakao_fake.set_quota(quota, 1.0)
    seeded = kakao_fake.seed_hierarchy(ad_accounts=[1], campaigns_per_account=4)[1]
    ids = list(seeded.campaigns if level == "campaigns" else seeded.ad_groups)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAKAO_")}
    env |= {
        "KAKAO_ACCESS_TOKEN": DEFAULT_TOKEN,
        "KAKAO_AD_ACCOUNT_ID": "1",
        "KAKAO_BASE_URL": kakao_fake.base_url,
    }
    proc = start_cli(["--json", level, "off", *map(str, ids)], env)
    deadline = time.monotonic() + 30
    while not kakao_fake.quota_calls and time.monotonic() < deadline:
        time.sleep(0.02)
    # The fake counts a call when it accepts it, before the client has read the answer: a
    # signal sent at once can catch that call in flight (reported interrupted, none switched).
    time.sleep(0.4)
    proc.send_signal(signal.SIGINT)  # the next call is due 1 s after the first
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (err, out)
    body = json.loads(out)
    switched = [r["id"] for r in body["results"]]
    stopped = [e["id"] for e in body["errors"]]
    assert switched and stopped and sorted(switched + stopped) == sorted(ids)
    assert {e["error"]["kind"] for e in body["errors"]} == {"interrupted"}
