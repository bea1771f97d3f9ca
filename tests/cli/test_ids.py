"""Only ASCII digits are ids: anything else is refused, naming where it was typed, unsent."""

from __future__ import annotations

from pathlib import Path

import pytest

from kakao_async.testing import FakeKakaoServer
from tests.cli.conftest import CLI
from tests.cli.test_errors import one_line

NOT_IDS = [
    "\u00b2",  # superscript two: str.isdigit() says yes
    "\u0661\u0662",  # Arabic-Indic 12: int() reads it
    "\uff11",  # fullwidth 1
    "1e400",  # float() reads it as inf
    "-3",
    "0",
    "+5",
    "1_000",  # int() reads it
    "9" * 20,  # larger than a Kakao Long
    "12abc",
]

#: (argv with X where the bad id goes, the name the message must use)
PLACES = [
    (["moment", "get", "X"], "IDS"),
    (["moment", "off", "5", "X"], "IDS"),
    (["moment", "on", "X"], "IDS"),
    (["moment", "delete", "X"], "IDS"),
    (["moment", "history", "X"], "CREATIVE_ID"),
    (["moment", "list", "--ad-group", "X"], "--ad-group"),
    (["keyword", "list", "--biz-channel", "X"], "--biz-channel"),
    (["keyword", "get", "X"], "CREATIVE_ID"),
    (["keyword", "delete", "X"], "CREATIVE_ID"),
    (["--ad-account", "X", "moment", "get", "1"], "--ad-account"),
]


@pytest.mark.parametrize("bad", NOT_IDS)
@pytest.mark.parametrize(("argv", "name"), PLACES, ids=[" ".join(a) for a, _ in PLACES])
def test_only_ascii_digits_are_ids(
    cli: CLI, cli_env: FakeKakaoServer, argv: list[str], name: str, bad: str
) -> None:
    if bad.startswith("-") and argv[-1] == "X" and argv[-2] not in ("--ad-group", "--biz-channel"):
        argv = [*argv[:-1], "--", "X"]  # also without "--": see the next test
    proc = cli(*[bad if a == "X" else a for a in argv])
    assert proc.code == 2
    line = one_line(proc)
    assert name in line and repr(bad)[1:-1] in line
    assert "id" in line
    assert len(cli_env.requests) == 0


@pytest.mark.parametrize("argv", [["moment", "get", "-3"], ["moment", "history", "-3"]])
def test_a_negative_id_is_not_taken_for_an_option(cli: CLI, argv: list[str]) -> None:
    line = one_line(cli(*argv))
    assert "'-3' is not an id" in line and ("IDS" in line or "CREATIVE_ID" in line)


def test_the_environment_variable_is_named(
    cli: CLI, cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAKAO_AD_ACCOUNT_ID", "\u0661")
    proc = cli("moment", "get", "1")
    assert proc.code == 2 and "KAKAO_AD_ACCOUNT_ID" in one_line(proc)
    assert len(cli_env.requests) == 0


def test_ids_in_a_file_are_checked_with_their_line(
    cli: CLI, cli_env: FakeKakaoServer, tmp_path: Path
) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("1001\n1002, 1003\n\u00b2\n", encoding="utf-8")
    proc = cli("moment", "off", "--from-file", str(ids))
    assert proc.code == 2
    line = one_line(proc)
    assert "--from-file" in line and "line 3" in line and "'²'" in line
    stdin = cli("moment", "off", "--from-file", "-", stdin="7 8\n0\n")
    assert stdin.code == 2 and "line 2" in one_line(stdin) and "stdin" in one_line(stdin)
    assert len(cli_env.requests) == 0
