"""``--help`` says what README says, in the same names: each group's one-line summary lists
exactly its commands, and every on/off names its quota's scope as README does."""

from __future__ import annotations

import re

import pytest

from tests.cli.conftest import CLI


@pytest.mark.parametrize("name", ["moment", "campaigns", "ad-groups", "keyword", "report"])
def test_a_group_summary_lists_exactly_its_commands(cli: CLI, name: str) -> None:
    helped = cli(name, "--help").out
    summary = " ".join(helped.split("Options:")[0].split("\n\n", 1)[1].split())
    listed = re.split(r",\s*", summary.split(": ", 1)[1].rstrip("."))
    commands = [line.split()[0] for line in helped.split("Commands:")[1].splitlines() if line]
    assert sorted(listed) == sorted(commands), summary


@pytest.mark.parametrize("level", ["moment", "campaigns", "ad-groups"])
@pytest.mark.parametrize("config", ["on", "off"])
def test_on_off_help_names_the_quota_scope_as_readme(cli: CLI, level: str, config: str) -> None:
    helped = " ".join(cli(level, config, "--help").out.split())
    assert "per (user, ad account)" in helped
