"""Options with a fixed set of values (``--config``, ``--preset``, ``--dimension``) take any case
and name their values in help and errors as README and Kakao write them (``ON/OFF/DEL``,
``LAST_7DAY``), whatever click's version; a value outside the set is refused before sending."""

from __future__ import annotations

import pytest
from click.shell_completion import ShellComplete

from kakao_async.cli._app import cli as root
from kakao_async.testing import FakeKakaoServer
from tests.cli.conftest import CLI
from tests.cli.test_errors import one_line

CONFIG_FILTERS = [
    (["moment", "list", "--ad-group", "1"], "[ON|OFF|DEL]"),
    (["campaigns", "list"], "[ON|OFF|DEL]"),
    (["ad-groups", "list", "--campaign", "1"], "[ON|OFF|DEL]"),
    (["keyword", "list", "--biz-channel", "1"], "[ON|DEL]"),
]


@pytest.mark.parametrize(("command", "shown"), CONFIG_FILTERS)
def test_config_filters_show_kakaos_names(cli: CLI, command: list[str], shown: str) -> None:
    helped = cli(*command[:2], "--help")
    assert f"--config {shown}" in helped.out


@pytest.mark.parametrize(("command", "shown"), CONFIG_FILTERS)
def test_an_unknown_state_is_refused_in_kakaos_names(
    cli: CLI, cli_env: FakeKakaoServer, command: list[str], shown: str
) -> None:
    proc = cli(*command, "--config", "paused")
    assert proc.code == 2
    line = one_line(proc)
    assert "'paused'" in line and ", ".join(shown.strip("[]").split("|")) in line
    assert len(cli_env.requests) == 0


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [("--preset", "last_week", "LAST_7DAY"), ("--dimension", "weekday", "DEVICE_TYPE")],
)
def test_report_choices_are_refused_in_kakaos_names(
    cli: CLI, cli_env: FakeKakaoServer, option: str, value: str, named: str
) -> None:
    extra = [] if option == "--preset" else ["--preset", "YESTERDAY"]
    proc = cli("report", "account", option, value, *extra)
    assert proc.code == 2
    line = one_line(proc)
    assert f"'{value}'" in line and named in line and named.lower() not in line
    assert len(cli_env.requests) == 0


def test_any_case_is_still_taken(cli: CLI, cli_env: FakeKakaoServer) -> None:
    ids = cli_env.seed(ad_accounts=[1], creatives_per_account=1)[1]
    listed = cli("--json", "moment", "list", "--ad-group", "1", "--config", "oN")
    assert [r["id"] for r in listed.json()["results"]] == ids
    assert "config=ON" in cli_env.requests[-1].query
    report = cli("--json", "report", "account", "--preset", "yesterday", "--dimension", "hour")
    assert report.code == 0, report.err


@pytest.mark.parametrize(
    ("args", "incomplete", "offered"),
    [
        (["moment", "list", "--config"], "o", ["ON", "OFF"]),
        (["keyword", "list", "--config"], "", ["ON", "DEL"]),
        (["report", "account", "--preset"], "last_7", ["LAST_7DAY"]),
    ],
)
def test_choices_complete_in_a_shell(args: list[str], incomplete: str, offered: list[str]) -> None:
    """Shell completion (``_KAKAO_ASYNC_COMPLETE=bash_source``) offers the values, as
    ``click.Choice`` did before these options got their own type."""
    completion = ShellComplete(root, {}, "kakao-async", "_KAKAO_ASYNC_COMPLETE")
    assert [c.value for c in completion.get_completions(args, incomplete)] == offered
