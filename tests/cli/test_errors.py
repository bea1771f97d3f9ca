"""One error renderer: a line in user words; exit 2 for usage, 1 for Kakao; --debug for more."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from kakao_async.moment import MomentCreatives
from kakao_async.testing import FakeKakaoServer
from tests.cli.conftest import CLI, Run

#: What Python, not the user, would call things: exception class names and tracebacks.
PYTHON_WORDS = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception)\b|\bKakaoClient\(")


def one_line(proc: Run) -> str:
    (line,) = proc.err_lines
    assert line.startswith("error: "), line
    assert not PYTHON_WORDS.search(proc.err), proc.err
    return line


def test_kakao_errors_are_one_line_in_words_with_kakaos_codes(
    cli: CLI, cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = cli("keyword", "get", "999999")
    assert missing.code == 1
    line = one_line(missing)
    assert "not found" in line and "소재가 존재하지 않습니다." in line
    assert "code -813" in line and "detailCode 33003" in line

    monkeypatch.setenv("KAKAO_ACCESS_TOKEN", "not-the-token")
    refused = cli("moment", "list", "--ad-group", "1")
    assert refused.code == 1
    line = one_line(refused)
    assert "access token" in line and "code -401" in line and "KAKAO_ACCESS_TOKEN" in line


def test_a_server_down_is_one_line(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAKAO_BASE_URL", "http://127.0.0.1:9")  # discard port: nobody listens
    proc = cli("moment", "list", "--ad-group", "1")
    assert proc.code == 1
    assert "could not reach" in one_line(proc)


def test_usage_errors_are_one_line_exit_2(cli: CLI, cli_env: FakeKakaoServer) -> None:
    for argv in (
        ["moment", "off", "abc"],
        ["moment", "off"],
        ["moment", "list"],
        ["moment", "lst"],
        ["--nope"],
        ["moment", "list", "--ad-group", "1", "--config", "MAYBE"],
    ):
        proc = cli(*argv)
        assert proc.code == 2, argv
        assert "--help" in one_line(proc), argv
    assert len(cli_env.requests) == 0


def test_debug_shows_the_traceback(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAKAO_ACCESS_TOKEN", "not-the-token")
    for argv in (
        ["--debug", "moment", "list", "--ad-group", "1"],
        ["moment", "list", "--ad-group", "1", "--debug"],
    ):
        proc = cli(*argv)
        assert proc.code == 1
        assert "Traceback" in proc.err and "KakaoAuthError" in proc.err
        assert proc.err_lines[-1].startswith("error: ")


def test_an_unexpected_failure_is_one_line_and_says_debug(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(self: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(MomentCreatives, "list", broken)
    proc = cli("moment", "list", "--ad-group", "1")
    assert proc.code == 1
    (line,) = proc.err_lines
    assert line.startswith("error: ") and "--debug" in line and "Traceback" not in proc.err
    debug = cli("--debug", "moment", "list", "--ad-group", "1")
    assert "Traceback" in debug.err and "ZeroDivisionError" in debug.err


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--interval", "1e400"],
        ["demo", "--interval", "nan"],
        ["demo", "--jitter", "1e400"],
        ["demo", "--accounts", "\u00b2"],
        ["demo", "--accounts", "100000"],
    ],
)
def test_demo_refuses_what_it_cannot_show(argv: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kakao_async", *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    (line,) = [x for x in proc.stderr.splitlines() if x.strip()]
    assert argv[1] in line and not PYTHON_WORDS.search(proc.stderr)


@pytest.mark.parametrize(
    "argv",
    [
        ("--json", "moment", "get", "abc"),  # a bad id, --json before the command
        ("moment", "get", "0", "--json"),  # ... and after it
        ("--json", "moment", "frob"),  # no such command
        ("--json", "moment", "on", "1", "--nope"),  # no such option
    ],
)
def test_json_usage_errors_are_one_envelope_too(cli: CLI, argv: tuple[str, ...]) -> None:
    # A script reading --json output parses stdout whatever happened; exit 2 still says
    # "nothing was sent", and the line on stderr stays for the person watching.
    proc = cli(*argv)
    assert proc.code == 2
    body = proc.json()
    assert body["results"] == []
    (failure,) = body["errors"]
    assert failure["id"] is None
    assert failure["error"]["kind"] == "usage"
    assert failure["error"]["message"] and "Error" not in failure["error"]["message"]
    assert one_line(proc).startswith("error: ")


def test_json_group_without_its_command_is_an_envelope_and_the_help(cli: CLI) -> None:
    proc = cli("--json", "moment")
    assert proc.code == 2
    (failure,) = proc.json()["errors"]
    assert failure["id"] is None and failure["error"]["kind"] == "usage"
    assert failure["error"]["message"] == "Missing command."
    assert "Usage:" in proc.err  # the person still gets the help


def test_json_usage_error_of_the_environment_is_an_envelope(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KAKAO_ACCESS_TOKEN")
    proc = cli("--json", "moment", "get", "1")
    assert proc.code == 2
    (failure,) = proc.json()["errors"]
    assert (
        failure["error"]["kind"] == "usage" and "KAKAO_ACCESS_TOKEN" in failure["error"]["message"]
    )


def test_without_json_a_usage_error_prints_nothing_on_stdout(cli: CLI) -> None:
    proc = cli("moment", "get", "abc")
    assert proc.code == 2 and proc.out == ""
