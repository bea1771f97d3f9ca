"""``demo`` runs its own fake: the client's settings (root options, KAKAO_* variables) are not
its own. README exports KAKAO_* for the other commands and then runs the demo in the same
shell, so a value meant for them (or a stale, malformed one) must not stop it; typed before
``demo``, one of those options would be silently ignored, so it is refused instead."""

from __future__ import annotations

import os
import subprocess
import sys

from click.shell_completion import ShellComplete

from kakao_async.cli._app import cli as root

TINY = ["--accounts", "1", "--creatives", "2", "--interval", "0.1", "--campaigns", "0"]
DONE = "Done: 2 ok, 0 failed; 2/2 OFF at the server."


def cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KAKAO_")}
    return subprocess.run(
        [sys.executable, "-m", "kakao_async", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env=clean | (env or {}),
    )


def test_demo_ignores_the_clients_environment_even_when_malformed() -> None:
    env = {
        "KAKAO_QUOTAS": "campaigns.onOff=0.2,reports.account=0.2",  # commas: not the format
        "KAKAO_ON_OFF_INTERVAL": "5",
        "KAKAO_AD_ACCOUNT_ID": "x",
        "KAKAO_BASE_URL": "http://example.com",
        "KAKAO_ACCESS_TOKEN": "fake-kakao-token",
    }
    proc = cli("demo", *TINY, env=env)
    assert proc.returncode == 0, proc.stderr
    assert DONE in proc.stdout
    assert "fake-kakao-token" not in proc.stdout + proc.stderr


def test_client_options_typed_before_demo_are_refused() -> None:
    for option in (
        ["--quota", "campaigns.onOff=1"],
        ["--on-off-interval", "3"],
        ["--ad-account", "1"],
        ["--base-url", "https://example.com"],
        ["--token-file", "token.txt"],
    ):
        proc = cli(*option, "demo", *TINY)
        assert proc.returncode == 2, (option, proc.stdout)
        assert proc.stdout == "", option
        assert f"demo takes no {option[0]}" in proc.stderr, (option, proc.stderr)
        assert "--interval" in proc.stderr, option


def test_other_commands_still_read_and_check_the_environment() -> None:
    proc = cli("moment", "list", "--ad-group", "1", env={"KAKAO_QUOTAS": "bogus=1"})
    assert proc.returncode == 2
    assert "(from KAKAO_QUOTAS): 'bogus' is not a quota" in proc.stderr


def test_a_client_option_before_demo_does_not_break_shell_completion() -> None:
    # Completing parses leniently (click's resilient parsing): the refusal is for running the
    # command, not for the shell asking what demo takes.
    completion = ShellComplete(root, {}, "kakao-async", "_KAKAO_ASYNC_COMPLETE")
    offered = completion.get_completions(["--ad-account", "1", "demo"], "--acc")
    assert [c.value for c in offered] == ["--accounts"]


def test_a_malformed_variable_does_not_stop_a_commands_help() -> None:
    # The help is where the user learns the format; the variable is checked when the command
    # runs (as above), not when its help is asked for.
    for argv in (["campaigns", "--help"], ["moment", "list", "-h"], ["demo", "--help"]):
        proc = cli(*argv, env={"KAKAO_QUOTAS": "campaigns.onOff=0.2,reports.account=0.2"})
        assert proc.returncode == 0, (argv, proc.stderr)
        assert proc.stdout.startswith("Usage: kakao-async"), argv
