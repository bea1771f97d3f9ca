"""Commands over one id (`keyword get/delete`, `moment history`, budgets and bids) report
Kakao's error as that id's, as README says of commands over ids: with ``--json`` an entry that
names the id and nothing on stderr; without, ``error: <noun> <id>: ...``. Exit 1 either way."""

from __future__ import annotations

import pytest

from tests.cli.conftest import CLI

MISSING = 99999

COMMANDS = [
    (("keyword", "get", str(MISSING)), "creative"),
    (("keyword", "delete", str(MISSING)), "creative"),
    (("moment", "history", str(MISSING)), "creative"),
    (("moment", "history", "--all", str(MISSING)), "creative"),
    (("campaigns", "budget", str(MISSING), "50000"), "campaign"),
    (("ad-groups", "budget", str(MISSING), "50000"), "ad group"),
    (("ad-groups", "bid", str(MISSING), "100"), "ad group"),
]


@pytest.mark.parametrize(("argv", "noun"), COMMANDS)
def test_json_names_the_id_that_failed(cli: CLI, argv: tuple[str, ...], noun: str) -> None:
    proc = cli("--json", *argv)
    assert proc.code == 1, proc.err
    assert proc.err_lines == []
    body = proc.json()
    assert body["results"] == []
    (entry,) = body["errors"]
    assert entry["id"] == MISSING
    assert entry["error"]["kind"] == "not_found" and entry["error"]["code"] == -813


@pytest.mark.parametrize(("argv", "noun"), COMMANDS)
def test_text_names_the_id_that_failed(cli: CLI, argv: tuple[str, ...], noun: str) -> None:
    proc = cli(*argv)
    assert proc.code == 1
    (line,) = proc.err_lines
    assert line.startswith(f"error: {noun} {MISSING}: not found"), line
