"""The kakao-async commands end to end: subprocesses against the fake server in its own process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kakao_async.testing import DEFAULT_TOKEN, control, fake_server_process
from tests.cli.interruptible import start_cli
from tests.conftest import DATA


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, dict[str, list[int]]]]:
    with fake_server_process(on_off_interval=0.05) as url:
        seeded = asyncio.run(
            control(url, "POST", "/_fake/seed", {"adAccounts": [1], "creativesPerAccount": 4})
        )
        asyncio.run(
            control(
                url, "POST", "/_fake/seed-keyword", {"adAccount": 1, "bizChannelId": 7, "count": 25}
            )
        )
        yield url, seeded


def kakao(
    url: str, *args: str, stdin: str | None = None, token: str | None = DEFAULT_TOKEN
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAKAO_")}
    if token is not None:
        env["KAKAO_ACCESS_TOKEN"] = token
    env["KAKAO_AD_ACCOUNT_ID"] = "1"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "kakao_async",
            "--base-url",
            url,
            "--on-off-interval",
            "0.05",
            *args,
        ],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def as_json(proc: subprocess.CompletedProcess[str]) -> Any:
    """The ``results`` of a --json answer that had no errors."""
    assert proc.returncode == 0, proc.stderr
    assert DEFAULT_TOKEN not in proc.stdout + proc.stderr
    body = json.loads(proc.stdout)
    assert body["errors"] == []
    return body["results"]


def test_moment_list_and_get(server: tuple[str, dict[str, list[int]]]) -> None:
    url, seeded = server
    rows = as_json(kakao(url, "--json", "moment", "list", "--ad-group", "1"))
    assert [r["id"] for r in rows] == seeded["1"]
    details = as_json(kakao(url, "--json", "moment", "get", *map(str, seeded["1"][:2])))
    assert [d["id"] for d in details] == seeded["1"][:2] and details[0]["format"] == "IMAGE_BANNER"
    table = kakao(url, "moment", "list", "--ad-group", "1")
    assert table.returncode == 0 and "creative-1" in table.stdout


def test_moment_off_from_stdin_then_on(server: tuple[str, dict[str, list[int]]]) -> None:
    url, seeded = server
    ids = seeded["1"]
    off = kakao(url, "--json", "moment", "off", "--from-file", "-", stdin="\n".join(map(str, ids)))
    result = as_json(off)
    assert result == [{"id": i, "config": "OFF", "outcome": "switched"} for i in ids]
    assert "4/4" in off.stderr  # the progress bar went to stderr
    rows = as_json(kakao(url, "--json", "moment", "list", "--ad-group", "1", "--config", "OFF"))
    assert sorted(r["id"] for r in rows) == sorted(ids)
    on = kakao(url, "moment", "on", str(ids[0]))
    assert on.returncode == 0 and "1 switched ON, 0 failed" in on.stderr
    assert str(ids[0]) in on.stdout and "switched ON" in on.stdout


def test_bulk_failures_exit_non_zero_and_are_listed(
    server: tuple[str, dict[str, list[int]]],
) -> None:
    url, seeded = server
    proc = kakao(url, "moment", "off", str(seeded["1"][1]), "999999")
    assert proc.returncode == 1
    assert "999999" in proc.stdout and "failed" in proc.stdout and "not found" in proc.stdout
    assert "1 switched OFF, 1 failed" in proc.stderr


def test_moment_history_and_delete(server: tuple[str, dict[str, list[int]]]) -> None:
    url, seeded = server
    assert as_json(kakao(url, "--json", "moment", "history", str(seeded["1"][2]))) == []
    assert as_json(kakao(url, "--json", "moment", "history", "--all", str(seeded["1"][2]))) == []
    deleted = as_json(kakao(url, "--json", "moment", "delete", str(seeded["1"][3])))
    assert deleted == [{"id": seeded["1"][3], "outcome": "deleted"}]
    rows = as_json(kakao(url, "--json", "moment", "list", "--ad-group", "1", "--config", "DEL"))
    assert [r["id"] for r in rows] == [seeded["1"][3]]


def test_keyword_list_get_create_delete(
    server: tuple[str, dict[str, list[int]]], tmp_path: Path
) -> None:
    url, _ = server
    rows = as_json(kakao(url, "--json", "keyword", "list", "--biz-channel", "7"))
    assert len(rows) == 25
    (one,) = as_json(kakao(url, "--json", "keyword", "get", str(rows[0]["id"])))
    assert one["id"] == rows[0]["id"] and one["bizChannelId"] == 7
    body = tmp_path / "creative.json"
    body.write_text(
        (DATA / "keyword_create_request.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (created,) = as_json(kakao(url, "--json", "keyword", "create", "--file", str(body)))
    assert created["name"] == "소재이름" and created["assets"]["priceTables"][2]["price"] == 3000
    assert as_json(kakao(url, "--json", "keyword", "delete", str(created["id"]))) == [
        {"id": created["id"], "outcome": "deleted"}
    ]
    gone = as_json(
        kakao(url, "--json", "keyword", "list", "--biz-channel", "2222222221", "--config", "DEL")
    )
    assert [r["id"] for r in gone] == [created["id"]]


def test_token_problems(server: tuple[str, dict[str, list[int]]], tmp_path: Path) -> None:
    url, _ = server
    missing = kakao(url, "moment", "list", "--ad-group", "1", token=None)
    assert missing.returncode == 2 and "KAKAO_ACCESS_TOKEN" in missing.stderr
    wrong = kakao(url, "moment", "list", "--ad-group", "1", token="wrong-secret-token")
    assert wrong.returncode == 1 and "refused the access token" in wrong.stderr
    assert "wrong-secret-token" not in wrong.stdout + wrong.stderr
    token_file = tmp_path / "token"
    token_file.write_text(DEFAULT_TOKEN + "\n")
    from_file = kakao(
        url,
        "--json",
        "--token-file",
        str(token_file),
        "moment",
        "list",
        "--ad-group",
        "1",
        token=None,
    )
    assert from_file.returncode == 0


def test_bad_input_is_a_usage_error(server: tuple[str, dict[str, list[int]]]) -> None:
    url, _ = server
    assert kakao(url, "moment", "off", "abc").returncode == 2
    assert kakao(url, "moment", "off").returncode == 2
    assert kakao(url, "moment", "list").returncode == 2  # --ad-group is required


@pytest.mark.parametrize(
    "args",
    [
        ("moment", "get", "\u0661\u0662"),
        ("moment", "off", "5", "\u00b2"),
        ("moment", "delete", "\uff11"),
        ("moment", "list", "--ad-group", "\u0663"),
        ("moment", "history", "\u0663"),
        ("keyword", "list", "--biz-channel", "\u00b2"),
        ("keyword", "get", "\u0661"),
        ("keyword", "delete", "\u0661"),
        ("--ad-account", "\u0661", "moment", "get", "1"),
    ],
)
def test_unicode_digits_are_not_ids(
    server: tuple[str, dict[str, list[int]]], args: tuple[str, ...]
) -> None:
    url, _ = server
    before = asyncio.run(control(url, "GET", "/_fake/stats"))["requests"]
    proc = kakao(url, *args)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert asyncio.run(control(url, "GET", "/_fake/stats"))["requests"] == before


def test_missing_cli_extra_has_a_clear_message() -> None:
    code = (
        "import sys; sys.modules['click'] = None; "
        "from kakao_async.cli import main; sys.exit(main(['demo']))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "pip install 'kakao-async[cli]'" in proc.stderr


@pytest.mark.parametrize(
    ("status", "content_type", "body"),
    [
        (
            400,
            "application/json",
            json.dumps(
                {"code": -813, "msg": "x", "extras": {"detailMsg": f"bad token {DEFAULT_TOKEN}"}}
            ),
        ),
        (200, "text/html", f"<html><body>token {DEFAULT_TOKEN} expired</body></html>"),
    ],
    ids=["envelope", "html"],
)
def test_a_token_echoed_by_kakao_is_not_on_stderr(
    server: tuple[str, dict[str, list[int]]], status: int, content_type: str, body: str
) -> None:
    url, _ = server
    fault = {"kind": "body", "status": status, "contentType": content_type, "body": body}
    asyncio.run(control(url, "POST", "/_fake/faults", {**fault, "path": "/openapi/v4"}))
    proc = kakao(url, "moment", "list", "--ad-group", "1")
    assert proc.returncode == 1 and "error:" in proc.stderr and "***" in proc.stderr
    assert DEFAULT_TOKEN not in proc.stdout + proc.stderr


def test_campaigns_ad_groups_and_reports_end_to_end(
    server: tuple[str, dict[str, list[int]]],
) -> None:
    url, _ = server
    # The fake and the client (--quota) run these quotas at 0.05 s, as the onOff one.
    quotas = {"campaigns.onOff": 0.05, "adGroups.onOff": 0.05, "reports.campaigns": 0.05}
    asyncio.run(control(url, "POST", "/_fake/config", {"quotas": quotas}))
    scaled = [f"--quota={name}={seconds}" for name, seconds in quotas.items()]
    seeded = asyncio.run(
        control(url, "POST", "/_fake/seed-hierarchy", {"adAccounts": [1], "campaignsPerAccount": 2})
    )["1"]
    campaigns = [str(c) for c in seeded["campaigns"]]
    off = kakao(url, *scaled, "campaigns", "off", *campaigns)
    assert off.returncode == 0, off.stderr
    assert "2/2" in off.stderr and "2 switched OFF, 0 failed" in off.stderr
    listed = as_json(kakao(url, "--json", "campaigns", "list", "--config", "OFF"))
    assert [c["id"] for c in listed] == seeded["campaigns"]
    groups = as_json(kakao(url, *scaled, "ad-groups", "on", str(seeded["adGroups"][0]), "--json"))
    assert groups == [{"id": seeded["adGroups"][0], "config": "ON", "outcome": "switched"}]

    csv_text = kakao(
        url, *scaled, "report", "campaigns", *campaigns, "--preset", "YESTERDAY", "--csv"
    )
    assert csv_text.returncode == 0, csv_text.stderr
    assert csv_text.stdout.splitlines()[0] == "start,end,campaign_id,imp,click,cost,ctr"
    assert len(csv_text.stdout.splitlines()) == 3
    bad = kakao(url, "report", "campaigns", "1", "--start", "2026-01-01", "--end", "2025-12-31")
    assert bad.returncode == 2 and "after" in bad.stderr and "Traceback" not in bad.stderr


def _interrupted_off(url: str, ids: list[int], *flags: str) -> subprocess.CompletedProcess[str]:
    """``moment off`` at a 5 s quota, Ctrl-C once the first switch has landed.

    The signal must come before the job ends, 3 intervals after the first switch: at 0.4 s and
    at 1 s, loaded full runs sometimes sent it after the job had ended (exit 1). Ctrl-C cancels
    the waits, so the interval does not lengthen the run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAKAO_")}
    env |= {"KAKAO_ACCESS_TOKEN": DEFAULT_TOKEN, "KAKAO_AD_ACCOUNT_ID": "1"}
    argv = ["--base-url", url, "--on-off-interval", "5", *flags, "moment", "off"]

    def switches_of_first() -> int:
        calls = asyncio.run(control(url, "GET", "/_fake/on-off-calls"))
        return sum(c["creative_id"] == ids[0] for c in calls)

    before = switches_of_first()
    proc = start_cli([*argv, *map(str, ids)], env)
    started = time.monotonic()
    while time.monotonic() < started + 30 and switches_of_first() == before:
        time.sleep(0.02)
    noticed = time.monotonic() - started
    # The fake logs a switch when it accepts it, before the client has read the answer: a
    # signal sent at once can catch that switch in flight (a loaded CI run reported it as
    # interrupted, leaving nothing switched). The next switch is 5 s away.
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    # When the signal comes too late, the streams say when the first switch was noticed.
    err += f"\n(test: first switch noticed {noticed:.2f} s after start)"
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="asyncio.run cancels on Ctrl-C from 3.11")
def test_ctrl_c_during_on_off_lists_what_was_switched(
    server: tuple[str, dict[str, list[int]]],
) -> None:
    url, seeded = server
    ids = seeded["1"]  # one account: 4 switches, 5 s apart
    proc = _interrupted_off(url, ids, "--json")
    # stdout too: when this fails, the rows say which switch failed and why.
    assert proc.returncode == 130, (proc.stderr, proc.stdout)
    body = json.loads(proc.stdout)
    switched = [r["id"] for r in body["results"]]
    interrupted = [e["id"] for e in body["errors"]]
    assert switched and interrupted and sorted(switched + interrupted) == sorted(ids)
    assert {e["error"]["kind"] for e in body["errors"]} == {"interrupted"}
    assert "interrupted" in proc.stderr

    table = _interrupted_off(url, ids)
    assert table.returncode == 130, (table.stderr, table.stdout)
    assert "switched OFF" in table.stdout and "interrupted" in table.stdout
