"""``kakao-async`` as a shell script, a cron job or a CI step runs it (README "Command line"):
real processes with a cron-like environment, stdout piped into a JSON reader, ids from files
and stdin as other tools write them, exit codes per outcome, and typed options over exports."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.cli.conftest import CLI
from tests.cli.interruptible import start_cli
from tests.conftest import sample

#: The keys of every ``errors`` entry's ``error`` (README's example object).
ERROR_KEYS = {"kind", "message", "status", "code", "detailCode", "detailMsg"}
#: A UTF-8 byte order mark: Windows editors and spreadsheet exports start text files with one.
BOM = "\ufeff"


@pytest.fixture
def ids(cli_env: FakeKakaoServer) -> list[int]:
    return cli_env.seed(ad_accounts=[1], creatives_per_account=4)[1]


def cron(fake: FakeKakaoServer, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m kakao_async *argv`` as cron starts it: no HOME, TERM, LANG or COLUMNS, only
    PATH and the ``KAKAO_*`` variables a crontab line sets (``env`` adds or replaces them)."""
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "KAKAO_ACCESS_TOKEN": DEFAULT_TOKEN,
        "KAKAO_AD_ACCOUNT_ID": "1",
        "KAKAO_BASE_URL": fake.base_url,
        "KAKAO_ON_OFF_INTERVAL": "0.05",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "kakao_async", *argv],
        capture_output=True,
        text=True,
        encoding=env.get("PYTHONIOENCODING", "utf-8"),  # what a pipe's reader would decode
        env=base | env,
        timeout=120,
    )
    assert DEFAULT_TOKEN not in proc.stdout + proc.stderr
    return proc


def envelope(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    """stdout as one JSON document (what ``| jq`` reads): nothing before or after it."""
    body: dict[str, Any] = json.loads(proc.stdout)
    assert set(body) == {"results", "errors"}, body
    for entry in body["errors"]:
        assert set(entry) == {"id", "error"} and set(entry["error"]) == ERROR_KEYS, entry
    return body


def test_a_cron_job_switches_ids_from_a_windows_file_and_stdout_is_only_the_json(
    cli_env: FakeKakaoServer, ids: list[int], tmp_path: Path
) -> None:
    # README: ids "commas or spaces between them; --from-file also takes one per line"; an id
    # given twice is taken once, in the order first typed. A file saved on Windows ends its
    # lines with CRLF and often has blank lines and a trailing separator.
    a, b, c, d = ids
    listed = tmp_path / "ids.txt"
    listed.write_bytes(f"{b}\r\n\r\n{a}, {c},\r\n  {b}\r\n\r\n".encode())
    proc = cron(cli_env, "--json", "moment", "off", str(d), "--from-file", str(listed))
    assert proc.returncode == 0, proc.stderr
    assert envelope(proc) == {
        "results": [{"id": i, "config": "OFF", "outcome": "switched"} for i in (d, b, a, c)],
        "errors": [],
    }
    # the progress bar and the summary go to stderr, once (no terminal: no redrawing)
    assert proc.stderr.count("4 switched OFF, 0 failed") == 1
    assert sum(1 for r in cli_env.requests if r.method == "PUT") == 4
    assert {cli_env.moment_creative(i).config for i in ids} == {"OFF"}


def test_debug_with_json_logs_on_stderr_and_leaves_stdout_the_json(
    cli_env: FakeKakaoServer, ids: list[int]
) -> None:
    proc = cron(cli_env, "--debug", "--json", "moment", "off", str(ids[0]))
    assert proc.returncode == 0, proc.stderr
    assert envelope(proc)["results"] == [{"id": ids[0], "config": "OFF", "outcome": "switched"}]
    assert "PUT /openapi/v4/creatives/onOff" in proc.stderr  # the library's debug log


@pytest.mark.parametrize(
    ("argv", "env", "code", "kind"),
    [
        (["moment", "get", "{a}"], {}, 0, None),
        (["moment", "get", "{a}", "999999"], {}, 1, "not_found"),
        (["moment", "get", "0"], {}, 2, "usage"),
        (["moment", "list", "--ad-group", "1"], {"KAKAO_ACCESS_TOKEN": "not-the-token"}, 1, "auth"),
        # the discard port: nobody listens there
        (
            ["moment", "list", "--ad-group", "1"],
            {"KAKAO_BASE_URL": "http://127.0.0.1:9"},
            1,
            "transport",
        ),
    ],
    ids=["all-ok", "some-failed", "bad-input", "auth-refused", "network-down"],
)
def test_each_outcome_has_its_exit_code_and_its_kind(
    cli_env: FakeKakaoServer,
    ids: list[int],
    argv: list[str],
    env: dict[str, str],
    code: int,
    kind: str | None,
) -> None:
    # README: exit 0 done; 1 Kakao, the network or at least one item failed; 2 usage error
    # (nothing was sent); with --json one object on stdout in every case.
    proc = cron(cli_env, "--json", *(word.format(a=ids[0]) for word in argv), **env)
    assert proc.returncode == code, proc.stderr
    body = envelope(proc)
    assert [e["error"]["kind"] for e in body["errors"]] == ([] if kind is None else [kind])
    if code == 2:
        assert list(cli_env.requests) == []
    if kind in ("usage", "auth", "transport"):  # the command failed as a whole
        assert body["errors"][0]["id"] is None
        assert proc.stderr.startswith("error: ") and len(proc.stderr.splitlines()) == 1
    if kind == "not_found":
        assert body["errors"][0]["id"] == 999999 and "error:" not in proc.stderr


@pytest.mark.parametrize(
    ("variable", "exported", "option", "typed"),
    [
        ("KAKAO_AD_ACCOUNT_ID", "abc", "--ad-account", "1"),
        ("KAKAO_BASE_URL", "http://example.com", "--base-url", None),
        ("KAKAO_ON_OFF_INTERVAL", "soon", "--on-off-interval", "0.05"),
    ],
)
def test_an_option_typed_wins_over_its_malformed_export(
    cli: CLI,
    cli_env: FakeKakaoServer,
    ids: list[int],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    exported: str,
    option: str,
    typed: str | None,
) -> None:
    # README: "as any option typed wins over its own" variable; a script that types the
    # option is not stopped by a stale or broken export in the crontab's environment.
    monkeypatch.setenv(variable, exported)
    value = cli_env.base_url if typed is None else typed
    proc = cli(option, value, "--json", "moment", "off", str(ids[0]))
    assert proc.code == 0, proc.err
    assert proc.json()["results"] == [{"id": ids[0], "config": "OFF", "outcome": "switched"}]


def test_ids_in_a_file_with_a_byte_order_mark_are_read(
    cli: CLI, cli_env: FakeKakaoServer, ids: list[int], tmp_path: Path
) -> None:
    # Notepad and spreadsheet exports start UTF-8 files with a BOM; it is no part of the first
    # id. Refused, the user read "'1001' is not an id" (the mark does not show).
    listed = tmp_path / "ids.txt"
    listed.write_text(f"{BOM}{ids[0]}\n{ids[1]}\n", encoding="utf-8")
    proc = cli("--json", "moment", "off", "--from-file", str(listed))
    assert proc.code == 0, proc.err
    assert [r["id"] for r in proc.json()["results"]] == ids[:2]


def test_ids_on_stdin_with_a_byte_order_mark_are_read(
    cli: CLI, cli_env: FakeKakaoServer, ids: list[int]
) -> None:
    # `cat ids.txt | kakao-async moment off --from-file -` passes the file's BOM on.
    proc = cli("--json", "moment", "off", "--from-file", "-", stdin=f"{BOM}{ids[2]}\n")
    assert proc.code == 0, proc.err
    assert [r["id"] for r in proc.json()["results"]] == [ids[2]]


def test_a_token_file_with_a_byte_order_mark_is_read(
    cli: CLI,
    cli_env: FakeKakaoServer,
    ids: list[int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Refused, the user read that the token "must not contain control characters".
    monkeypatch.delenv("KAKAO_ACCESS_TOKEN")
    token = tmp_path / "token"
    token.write_text(f"{BOM}{DEFAULT_TOKEN}\r\n", encoding="utf-8")
    proc = cli("--token-file", str(token), "--json", "moment", "get", str(ids[0]))
    assert proc.code == 0, proc.err
    assert [c["id"] for c in proc.json()["results"]] == [ids[0]]


def test_a_keyword_create_file_with_a_byte_order_mark_is_read(
    cli: CLI, cli_env: FakeKakaoServer, tmp_path: Path
) -> None:
    # Refused, the user read "'creative.json' is not JSON: Unexpected UTF-8 BOM".
    body = tmp_path / "creative.json"
    body.write_text(BOM + json.dumps(sample("keyword_create_request.json")), encoding="utf-8")
    proc = cli("--json", "keyword", "create", "--file", str(body))
    assert proc.code == 0, proc.err
    assert [r.method for r in cli_env.requests] == ["POST"]


@pytest.mark.parametrize("exported", ["1\r", " 1 ", "1\n"])
def test_an_ad_account_exported_with_whitespace_around_it_is_read(
    cli: CLI,
    cli_env: FakeKakaoServer,
    ids: list[int],
    monkeypatch: pytest.MonkeyPatch,
    exported: str,
) -> None:
    # An env file saved on Windows (docker --env-file, a CI secret pasted with its newline)
    # carries "1\r"; KAKAO_ON_OFF_INTERVAL=" 0.05 " and the token already read through it, and
    # the id itself is still only ASCII digits.
    monkeypatch.setenv("KAKAO_AD_ACCOUNT_ID", exported)
    proc = cli("--json", "moment", "off", str(ids[0]))
    assert proc.code == 0, proc.err
    assert proc.json()["results"] == [{"id": ids[0], "config": "OFF", "outcome": "switched"}]


@pytest.mark.parametrize("variable", ["KAKAO_BASE_URL", "KAKAO_AD_ACCOUNT_ID", "KAKAO_QUOTAS"])
def test_an_env_file_saved_with_crlf_line_ends_is_read(
    cli: CLI,
    cli_env: FakeKakaoServer,
    ids: list[int],
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    # docker --env-file and CI secrets keep a Windows line's "\r"; KAKAO_ACCESS_TOKEN and
    # KAKAO_ON_OFF_INTERVAL were already read through it, the base URL was refused for it.
    exported = {"KAKAO_BASE_URL": cli_env.base_url, "KAKAO_AD_ACCOUNT_ID": "1"}
    exported["KAKAO_QUOTAS"] = "creatives.onOff=0.05"
    monkeypatch.setenv(variable, exported[variable] + "\r")
    proc = cli("--json", "moment", "off", str(ids[0]))
    assert proc.code == 0, proc.err
    assert proc.json()["results"] == [{"id": ids[0], "config": "OFF", "outcome": "switched"}]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("argv", [["list", "--ad-group", "1"], ["get", "{id}"]])
def test_korean_names_on_a_stdout_that_cannot_encode_them_are_escaped(
    kakao_fake: FakeKakaoServer, encoding: str, argv: list[str]
) -> None:
    # A cron job, a Windows console or a container without a UTF-8 locale may give the process
    # a stdout that cannot write Hangul: the table still prints (names escaped), exit 0.
    creative = kakao_fake.add_moment_creative(ad_account_id=1, name="여름 세일 배너")
    argv = [a.format(id=creative.id) for a in argv]
    proc = cron(kakao_fake, "moment", *argv, PYTHONIOENCODING=encoding)
    assert proc.returncode == 0, proc.stderr
    assert str(creative.id) in proc.stdout and "\\uc5ec\\ub984" in proc.stdout
    assert proc.stderr == ""


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp949"])
def test_json_on_a_stdout_that_cannot_encode_a_name_is_still_json_with_the_name(
    kakao_fake: FakeKakaoServer, encoding: str
) -> None:
    # What jq reads back is the name Kakao holds, whatever the process's stdout could encode.
    name = "여름 세일 🌊 café"
    creative = kakao_fake.add_moment_creative(ad_account_id=1, name=name)
    proc = cron(kakao_fake, "--json", "moment", "get", str(creative.id), PYTHONIOENCODING=encoding)
    assert proc.returncode == 0, proc.stderr
    assert [r["name"] for r in envelope(proc)["results"]] == [name]


def test_korean_names_on_a_c_locale_stdout_are_escaped(kakao_fake: FakeKakaoServer) -> None:
    # Python gives the C/POSIX locale's stdout ASCII with errors="surrogateescape", not
    # "strict", when neither UTF-8 mode nor locale coercion is on: Hangul fails there too.
    creative = kakao_fake.add_moment_creative(ad_account_id=1, name="여름 세일 배너")
    c_locale = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    proc = cron(kakao_fake, "moment", "get", str(creative.id), **c_locale)
    assert proc.returncode == 0, proc.stderr
    assert "\\uc5ec\\ub984" in proc.stdout and proc.stderr == ""


def test_the_streams_keep_their_own_error_handlers_after_a_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # main() run in-process (a test, a notebook) hands the streams back as it found them.
    from kakao_async.cli import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="surrogateescape")
    monkeypatch.setattr(sys, "stdout", out)
    for _ in range(2):
        assert main(["--version"]) == 0
        assert out.errors == "surrogateescape"


def _stopping_env(fake: FakeKakaoServer, **more: str) -> dict[str, str]:
    """This process's environment with the fake's ``KAKAO_*`` settings (``more`` added)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAKAO_")}
    env |= {"KAKAO_ACCESS_TOKEN": DEFAULT_TOKEN, "KAKAO_AD_ACCOUNT_ID": "1"}
    return env | {"KAKAO_BASE_URL": fake.base_url, **more}


def _sigterm_mid_off(fake: FakeKakaoServer, *, sigint_ignored: bool) -> None:
    """``--json moment off`` four creatives of one account at 1 s apart, SIGTERM after the first
    has been switched: exit 143 and every id listed, switched or interrupted."""
    fake.set_quota("creatives.onOff", 1.0)
    ids = fake.seed(ad_accounts=[1], creatives_per_account=4)[1]
    env = _stopping_env(fake, KAKAO_ON_OFF_INTERVAL="1")
    argv = ["--json", "moment", "off", *map(str, ids)]
    proc = start_cli(argv, env, sigint_ignored=sigint_ignored)
    deadline = time.monotonic() + 30
    while not fake.on_off_calls and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.4)  # the first call answered; the next is due 1 s after it
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, (proc.returncode, err)
    body = json.loads(out)
    switched = [r["id"] for r in body["results"]]
    stopped = [e["id"] for e in body["errors"]]
    assert switched and sorted(switched + stopped) == sorted(ids), (out, err)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="the Ctrl-C list needs Python 3.11+")
def test_sigterm_during_on_off_still_lists_every_id(kakao_fake: FakeKakaoServer) -> None:
    # README promises the list for Ctrl-C; a script is stopped with SIGTERM (timeout(1), a CI
    # job cancelled, a container stopped), and the switched creatives are live at Kakao all
    # the same. It used to end the process at once: exit -15, nothing on stdout. Now as for
    # Ctrl-C, with the shell's 128 + 15.
    _sigterm_mid_off(kakao_fake, sigint_ignored=False)


def test_sigterm_during_any_other_command_is_one_error_line_and_exit_143(
    kakao_fake: FakeKakaoServer,
) -> None:
    kakao_fake.stall_next(1, seconds=20)
    proc = start_cli(["moment", "list", "--ad-group", "1"], _stopping_env(kakao_fake))
    deadline = time.monotonic() + 30
    while not kakao_fake.requests and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert out == "" and len(lines) == 1 and lines[0].startswith("error: interrupted"), err
    assert "SIGTERM" in lines[0]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="the Ctrl-C list needs Python 3.11+")
def test_sigterm_to_a_background_job_of_a_script_still_lists_every_id(
    kakao_fake: FakeKakaoServer,
) -> None:
    """``kakao-async moment off ... &`` in a shell script, stopped with ``kill``: sh starts a
    background job with SIGINT ignored, so SIGTERM is the only way to stop it, and it must do
    what it does in the foreground (README: the list of what was switched, exit 143)."""
    _sigterm_mid_off(kakao_fake, sigint_ignored=True)
