"""``kakao-async report <command> --help``: each command's usage, description word for word and
its options in order (every report command takes the same ones, --csv and --json/--debug last)."""

from __future__ import annotations

import re

import pytest

from .conftest import CLI

OPTIONS = ["--preset", "--start", "--end", "--dimension", "--metrics", "--daily", "--csv"]
OPTIONS += ["--json", "--debug", "-h"]

TAIL = (
    "The period is --preset, or --start and --end; calls go one after another at the quota "
    "(one call per 5 s per {scope}). Prints a table, one JSON object with the rows in "
    '"results" (--json), or CSV (--csv).'
)

COMMANDS = {
    "account": (
        "",
        "Ad account report: GET /openapi/v4/adAccounts/report.",
        "The ad account is --ad-account (KAKAO_AD_ACCOUNT_ID). " + TAIL.format(scope="ad account"),
    ),
    "accounts": (
        " IDS...",
        "Multi-account report: GET /openapi/v4/adAccounts/report.",
        "IDS are ad account ids (spaces or commas between them), at most 5 per call. No "
        "--ad-account is needed: IDS name the accounts. " + TAIL.format(scope="app"),
    ),
    "campaigns": (
        " IDS...",
        "Campaign report: GET /openapi/v4/campaigns/report.",
        "IDS are campaign ids (spaces or commas between them), at most 5 per call. "
        + TAIL.format(scope="ad account"),
    ),
    "ad-groups": (
        " IDS...",
        "Ad group report: GET /openapi/v4/adGroups/report.",
        "IDS are ad group ids (spaces or commas between them), at most 40 per call. "
        + TAIL.format(scope="ad account"),
    ),
    "creatives": (
        " IDS...",
        "Creative report: GET /openapi/v4/creatives/report.",
        "IDS are creative ids (spaces or commas between them), at most 100 per call. "
        + TAIL.format(scope="ad account"),
    ),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_report_help_word_for_word(cli: CLI, command: str) -> None:
    arguments, summary, description = COMMANDS[command]
    run = cli("report", command, "--help")
    assert run.code == 0
    text, _, options = run.out.partition("\nOptions:\n")
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    assert paragraphs == [
        f"Usage: kakao-async report {command} [OPTIONS]{arguments}",
        summary,
        description,
    ]
    assert re.findall(r"^  (-[-\w]+)", options, re.MULTILINE) == OPTIONS
