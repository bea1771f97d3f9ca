"""Papercuts: --version, the user's option names in messages, input files, help everywhere."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

import kakao_async
from kakao_async.cli._app import cli as root
from kakao_async.testing import FakeKakaoServer
from tests.cli.conftest import CLI
from tests.cli.test_errors import one_line

#: Library names a CLI user never typed.
LIBRARY_NAMES = re.compile(
    r"ad_account_id|moment_base_url|keyword_base_url|\binterval must|KakaoClient"
)


def test_version(cli: CLI) -> None:
    proc = cli("--version")
    assert proc.code == 0 and proc.out.strip() == f"kakao-async {kakao_async.__version__}"
    entry = subprocess.run(
        [sys.executable, "-m", "kakao_async", "--version"], capture_output=True, text=True
    )
    assert entry.returncode == 0 and kakao_async.__version__ in entry.stdout


@pytest.mark.parametrize(
    ("env", "argv", "names"),
    [
        ({"KAKAO_AD_ACCOUNT_ID": None}, [], ["--ad-account", "KAKAO_AD_ACCOUNT_ID"]),
        ({}, ["--base-url", "ftp://example.com"], ["--base-url"]),
        ({"KAKAO_BASE_URL": "http://example.com"}, [], ["--base-url", "KAKAO_BASE_URL", "https"]),
        ({}, ["--on-off-interval", "-1"], ["--on-off-interval"]),
        ({}, ["--on-off-interval", "0"], ["--on-off-interval"]),
        ({}, ["--on-off-interval", "nan"], ["--on-off-interval"]),
        ({}, ["--on-off-interval", "1e400"], ["--on-off-interval"]),
        ({"KAKAO_ON_OFF_INTERVAL": "soon"}, [], ["KAKAO_ON_OFF_INTERVAL"]),
        ({"KAKAO_ACCESS_TOKEN": None}, [], ["KAKAO_ACCESS_TOKEN", "--token-file"]),
        ({"KAKAO_ACCESS_TOKEN": "tok\u00e9n"}, [], ["access token", "KAKAO_ACCESS_TOKEN"]),
    ],
)
def test_usage_errors_name_what_the_user_typed(
    cli: CLI,
    cli_env: FakeKakaoServer,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str | None],
    argv: list[str],
    names: list[str],
) -> None:
    for key, value in env.items():
        if value is None:
            monkeypatch.delenv(key)
        else:
            monkeypatch.setenv(key, value)
    proc = cli(*argv, "moment", "off", "5")
    assert proc.code == 2
    line = one_line(proc)
    assert all(name in line for name in names), line
    assert not LIBRARY_NAMES.search(line), line
    assert len(cli_env.requests) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["moment", "off", "--from-file", "{missing}"],
        ["moment", "off", "--from-file", "{dir}"],
        ["moment", "off", "--from-file", "{latin1}"],
        ["keyword", "create", "--file", "{missing}"],
        ["keyword", "create", "--file", "{dir}"],
        ["keyword", "create", "--file", "{latin1}"],
        ["--token-file", "{missing}", "moment", "get", "1"],
    ],
)
def test_input_files_that_cannot_be_read(
    cli: CLI, cli_env: FakeKakaoServer, tmp_path: Path, argv: list[str]
) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(b"caf\xe9 1001\n")
    paths = {"missing": str(tmp_path / "idz.txt"), "dir": str(tmp_path), "latin1": str(latin1)}
    proc = cli(*[a.format(**paths) for a in argv])
    assert proc.code == 2
    line = one_line(proc)
    option = next(a for a in argv if a.startswith("--"))
    assert option in line and Path(argv[argv.index(option) + 1].format(**paths)).name in line
    assert len(cli_env.requests) == 0


def commands(group: click.Group, path: str = "kakao-async") -> Iterator[tuple[str, click.Command]]:
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from commands(command, f"{path} {name}")
        else:
            yield f"{path} {name}", command


def test_every_option_and_argument_is_explained() -> None:
    for path, command in commands(root):
        assert command.help and command.short_help != "", path
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{path} {param.opts}"
            else:  # arguments have no help of their own: the command's text explains them
                assert (param.human_readable_name.rstrip(".")) in command.help, (path, param.name)


def test_environment_variables_are_listed_in_help(cli: CLI) -> None:
    text = cli("--help").out
    read = {"KAKAO_ACCESS_TOKEN"}
    for _, command in commands(root):
        for param in command.params:
            if isinstance(param, click.Option) and param.envvar:
                read.add(str(param.envvar))
    assert len(read) >= 4
    for name in read:
        assert name in text, name


@pytest.mark.parametrize(
    ("argv", "ways"),
    [
        (["moment", "get", ","], "give IDS"),
        (["campaigns", "get", ","], "give IDS"),
        (["report", "creatives", ",", "--preset", "TODAY"], "give IDS"),
        (["moment", "off", ","], "give IDS or --from-file FILE"),
        (["ad-groups", "on", ","], "give IDS or --from-file FILE"),
    ],
)
def test_no_ids_names_only_the_ways_the_command_takes(
    cli: CLI, cli_env: FakeKakaoServer, argv: list[str], ways: str
) -> None:
    proc = cli(*argv)
    assert proc.code == 2
    line = one_line(proc)
    assert line.rstrip().split(" (see")[0].endswith(ways), line
    assert len(cli_env.requests) == 0
