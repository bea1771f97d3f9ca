"""README "Command line", line by line: the promises no other test of tests/cli/ pins.

Each test does what the text says, through ``kakao_async.cli.main`` (the console script's entry
point) against the fake over loopback. Which quota interval the CLI used is read from the fake's
429 count: a client spacing ``campaigns.onOff`` closer than the fake's 1 s meets 429s, one at
1 s never does (as tests/cli/test_quota_option.py reads it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, SeededAccount
from tests.cli.conftest import CLI


@pytest.fixture
def world(cli_env: FakeKakaoServer) -> SeededAccount:
    """Two campaigns in ad account 1; the fake holds campaigns.onOff to Kakao's 1 s."""
    cli_env.set_quota("campaigns.onOff", 1.0)
    return cli_env.seed_hierarchy(ad_accounts=[1], campaigns_per_account=2)[1]


def test_a_quota_named_twice_takes_the_last_value(
    cli: CLI, cli_env: FakeKakaoServer, world: SeededAccount
) -> None:
    # "a name given twice takes the last value": 0.05 s first, then Kakao's 1 s, so no 429.
    ids = [str(c) for c in world.campaigns]
    argv = ["--quota", "campaigns.onOff=0.05", "--quota", "campaigns.onOff=1"]
    run = cli(*argv, "--json", "campaigns", "off", *ids)
    assert run.code == 0, run.err
    assert cli_env.quota_rejections["campaigns.onOff"] == 0


def test_a_typed_quota_replaces_kakao_quotas_as_a_whole(
    cli: CLI, cli_env: FakeKakaoServer, world: SeededAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The export scales campaigns.onOff down; a --quota typed for another name drops the whole
    # export, so campaigns.onOff is back at its declared 1 s: no 429 from a 1 s fake.
    monkeypatch.setenv("KAKAO_QUOTAS", "campaigns.onOff=0.05")
    ids = [str(c) for c in world.campaigns]
    run = cli("--quota", "adGroups.onOff=0.05", "--json", "campaigns", "off", *ids)
    assert run.code == 0, run.err
    assert cli_env.quota_rejections["campaigns.onOff"] == 0


def test_a_typed_quota_is_not_stopped_by_a_malformed_export(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAKAO_QUOTAS", "reports.app=soon")
    run = cli("--quota", "campaigns.onOff=1", "--json", "campaigns", "list")
    assert run.code == 0, run.err


@pytest.mark.parametrize(
    "argv",
    [["--quota", "reports.app=3600"], ["--on-off-interval", "3600"]],
    ids=["quota", "on-off-interval"],
)
def test_an_hour_is_still_a_quota_interval(cli: CLI, argv: list[str]) -> None:
    # "(> 0, at most 3600)": 3600 itself is taken (a list sends no quota'd call).
    assert cli(*argv, "campaigns", "list").code == 0


@pytest.mark.parametrize(
    "argv",
    [["--on-off-interval", "3601"], ["--quota", "creatives.onOff=3600.5"]],
    ids=["on-off-interval", "quota"],
)
def test_more_than_an_hour_is_a_usage_error_for_either_spelling(
    cli: CLI, cli_env: FakeKakaoServer, argv: list[str]
) -> None:
    before = cli_env.stats()["requests"]
    run = cli(*argv, "campaigns", "list")
    assert run.code == 2, run.out + run.err
    assert cli_env.stats()["requests"] == before


def test_the_token_file_wins_over_the_exported_token(
    cli: CLI, cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # "KAKAO_ACCESS_TOKEN | --token-file FILE (the file wins)": a stale export does not matter.
    cli_env.add_token("the-file-token-0123456789")
    monkeypatch.setenv("KAKAO_ACCESS_TOKEN", "stale-exported-token-9876543210")
    token_file = tmp_path / "token"
    token_file.write_text("the-file-token-0123456789\n")
    run = cli("--token-file", str(token_file), "--debug", "--json", "campaigns", "list")
    assert run.code == 0, run.err
    # never printed, not even by --debug's log
    for secret in ("the-file-token-0123456789", "stale-exported-token-9876543210"):
        assert secret not in run.out + run.err


def test_a_refused_token_from_a_file_is_never_printed_even_with_debug(
    cli: CLI, tmp_path: Path
) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("refused-file-token-5555555555\n")
    run = cli("--token-file", str(token_file), "--debug", "campaigns", "list")
    assert run.code == 1
    assert "error:" in run.err
    assert "refused-file-token-5555555555" not in run.out + run.err


def test_report_accounts_needs_no_ad_account(
    cli: CLI, cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "every one but demo and report accounts (whose ids name the accounts) an ad account"
    monkeypatch.delenv("KAKAO_AD_ACCOUNT_ID")
    cli_env.seed_hierarchy(ad_accounts=[1, 2], campaigns_per_account=0)
    run = cli("--json", "report", "accounts", "1", "2", "--preset", "YESTERDAY")
    assert run.code == 0, run.err
    assert cli("campaigns", "list").code == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["--accounts", "201"],
        ["--creatives", "0"],
        ["--creatives", "101"],
        ["--campaigns", "-1"],
        ["--campaigns", "21"],
        ["--interval", "60.5"],
        ["--interval", "0"],
        ["--jitter", "1.5"],
        ["--jitter", "-0.1"],
    ],
)
def test_demo_bounds_are_usage_errors(cli: CLI, argv: list[str]) -> None:
    # the demo table: --accounts 1-200, --creatives 1-100, --campaigns 0-20, interval at most
    # 60, jitter at most 1. Out of range is refused before the embedded fake starts.
    run = cli("demo", *argv)
    assert run.code == 2, run.out + run.err
    assert argv[0] in run.err


def test_a_second_process_right_after_the_first_meets_at_most_one_429_and_succeeds(
    cli: CLI, cli_env: FakeKakaoServer
) -> None:
    # "Each command is a new process that does not know when the previous one called: ... its
    # first call may meet one 429 ..., which it waits out and retries."
    cli_env.on_off_interval = 0.3
    ids = [str(c) for c in cli_env.seed(ad_accounts=[1], creatives_per_account=2)[1]]
    first = cli("--on-off-interval", "0.3", "--json", "moment", "off", *ids)
    second = cli("--on-off-interval", "0.3", "--json", "moment", "on", *ids)
    assert first.code == second.code == 0, first.err + second.err
    assert [r["outcome"] for r in second.json()["results"]] == ["switched", "switched"]
    assert cli_env.on_off_rejections <= 1
    assert DEFAULT_TOKEN not in first.err + second.err


def test_the_demos_help_gives_every_bound_the_readme_gives(cli: CLI) -> None:
    # README: "interval 1 s (at most 60), jitter 0.02 s (at most 1)", beside the ranges of
    # --accounts, --creatives and --campaigns that the help already shows; an operator reading
    # only `kakao-async demo --help` should not have to find the upper bounds by trial.
    text = " ".join(cli("demo", "--help").out.split())
    assert "1<=x<=200" in text and "1<=x<=100" in text and "0<=x<=20" in text
    assert "in seconds, at most 60 (Kakao's is 5). [default: 1.0]" in text
    assert "in seconds, 0 to at most 1. [default: 0.02]" in text


@pytest.mark.parametrize(
    "url",
    [
        "http://user:hunter2-secret@127.0.0.1:9",
        "ftp://user:hunter2-secret@127.0.0.1:9",
        "http://user:hunter2-secret@kakao.invalid",
        "http://127.0.0.1:9/?token=hunter2-secret",
        "http://127.0.0.1:9/#hunter2-secret",
    ],
)
@pytest.mark.parametrize("where", ["option", "environment"])
def test_a_refused_base_url_never_echoes_what_it_carries(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, url: str, where: str
) -> None:
    # Errors are one line on stderr, and no secret may appear in any output: a base URL with
    # credentials, a query or a fragment is refused (exit 2) without printing them, not even
    # in --debug's traceback or the --json envelope.
    argv = ["--base-url", url] if where == "option" else []
    if where == "environment":
        monkeypatch.setenv("KAKAO_BASE_URL", url)
    for flags in (["--debug"], ["--json", "--debug"]):
        run = cli(*flags, *argv, "moment", "get", "1")
        assert run.code == 2
        assert "hunter2" not in run.out + run.err


@pytest.mark.parametrize("level", ["moment", "campaigns", "ad-groups"])
def test_get_fetches_at_most_ten_at_a_time(cli: CLI, cli_env: FakeKakaoServer, level: str) -> None:
    # "`moment get IDS...` | creatives in detail (10 at a time)", and so campaigns and ad groups
    seeded = cli_env.seed_hierarchy(ad_accounts=[1], campaigns_per_account=25)[1]
    if level == "moment":
        ids = cli_env.seed(ad_accounts=[1], creatives_per_account=25)[1]
    elif level == "campaigns":
        ids = list(seeded.campaigns)
    else:
        ids = list(seeded.ad_groups)
    cli_env.latency = (0.02, 0.02)  # so that the calls overlap at the fake
    cli_env.peak_in_flight = 0
    run = cli("--json", level, "get", *(str(i) for i in ids))
    assert run.code == 0, run.err
    assert len(run.json()["results"]) == 25
    assert 1 <= cli_env.peak_in_flight <= 10, cli_env.peak_in_flight
