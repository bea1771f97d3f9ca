"""``--quota NAME=SECONDS`` / ``$KAKAO_QUOTAS``: any quota's interval, as ``quotas=`` sets it."""

from __future__ import annotations

import pytest

from kakao_async.testing import FakeKakaoServer, SeededAccount
from tests.cli.conftest import CLI


@pytest.fixture
def world(cli_env: FakeKakaoServer) -> SeededAccount:
    """Three campaigns in ad account 1; the fake holds campaigns.onOff to Kakao's 1 s."""
    cli_env.set_quota("campaigns.onOff", 1.0)
    return cli_env.seed_hierarchy(ad_accounts=[1], campaigns_per_account=3)[1]


def campaign_calls(fake: FakeKakaoServer) -> list[int]:
    return [c.object_id for c in fake.quota_calls if c.quota == "campaigns.onOff"]


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_quota_interval_reaches_the_client(
    cli: CLI,
    cli_env: FakeKakaoServer,
    world: SeededAccount,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    # The client spaces campaigns.onOff by 0.05 s, as told, and so trips a fake that demands
    # 1 s: at the declared 1 s it never would. (Each 429 is retried at the key's next turn.)
    ids = [str(c) for c in world.campaigns]
    if how == "option":
        run = cli("--quota", "campaigns.onOff=0.05", "--json", "campaigns", "off", *ids)
    else:
        monkeypatch.setenv("KAKAO_QUOTAS", "adGroups.onOff=0.05  campaigns.onOff=0.05")
        run = cli("--json", "campaigns", "off", *ids)
    assert cli_env.quota_rejections["campaigns.onOff"] >= 1, run.err
    assert run.code in (0, 1) and len(run.json()["results"]) + len(run.json()["errors"]) == 3


def test_without_a_quota_setting_the_declared_interval_holds(
    cli: CLI, cli_env: FakeKakaoServer, world: SeededAccount
) -> None:
    a, b = world.campaigns[:2]
    run = cli("--json", "campaigns", "off", str(a), str(b))
    assert run.code == 0, run.err
    assert cli_env.quota_rejections["campaigns.onOff"] == 0
    assert campaign_calls(cli_env) == [a, b]


@pytest.mark.parametrize(
    ("argv", "env", "says"),
    [
        (["--quota", "campaigns.onOf=1"], {}, "'campaigns.onOf' is not a quota; the quotas are:"),
        (["--quota", "campaigns.onOff"], {}, "is not NAME=SECONDS"),
        (["--quota", "campaigns.onOff=0"], {}, "is not a number of seconds > 0"),
        (["--quota", "campaigns.onOff=nan"], {}, "is not a number of seconds > 0"),
        (["--quota", "reports.app=3601"], {}, "<= 3600"),
        ([], {"KAKAO_QUOTAS": "reports.app=x"}, "'--quota' (from KAKAO_QUOTAS)"),
        (
            ["--on-off-interval", "0.2", "--quota", "creatives.onOff=0.1"],
            {},
            "--on-off-interval 0.2 contradicts --quota creatives.onOff=0.1",
        ),
    ],
)
def test_a_bad_quota_setting_is_a_usage_error_before_anything_is_sent(
    cli: CLI,
    cli_env: FakeKakaoServer,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    env: dict[str, str],
    says: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("KAKAO_ON_OFF_INTERVAL")
    run = cli(*argv, "campaigns", "list")
    assert run.code == 2 and says in run.err, run.err
    assert "Traceback" not in run.err and len(run.err_lines) == 1
    assert len(cli_env.requests) == 0


def test_the_same_interval_given_both_ways_is_accepted(cli: CLI, cli_env: FakeKakaoServer) -> None:
    cli_env.seed_hierarchy(ad_accounts=[1], campaigns_per_account=1)
    run = cli("--on-off-interval", "0.1", "--quota", "creatives.onOff=0.1", "campaigns", "list")
    assert run.code == 0, run.err


def test_a_quota_typed_on_the_command_line_beats_the_on_off_interval_exported(
    cli: CLI, cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # README exports KAKAO_ON_OFF_INTERVAL for every command; a --quota typed on one command
    # wins over it, as any option typed wins over its variable (the error named an
    # --on-off-interval nobody had typed). The fake holds onOff to 1 s: the client's 0.05 s,
    # if it is the one used, meets a 429.
    cli_env.on_off_interval = 1.0
    monkeypatch.setenv("KAKAO_ON_OFF_INTERVAL", "1")
    a, b = cli_env.seed(ad_accounts=[1], creatives_per_account=2)[1]
    run = cli("--quota", "creatives.onOff=0.05", "--json", "moment", "off", str(a), str(b))
    assert run.code in (0, 1) and "contradicts" not in run.err, run.err
    assert cli_env.on_off_rejections >= 1  # (retried at the client's 0.05 s, it may run out)


def test_an_on_off_interval_typed_beats_the_creatives_quota_exported(
    cli: CLI, cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli_env.seed_hierarchy(ad_accounts=[1], campaigns_per_account=1)
    monkeypatch.setenv("KAKAO_QUOTAS", "creatives.onOff=5 campaigns.onOff=0.05")
    run = cli("--on-off-interval", "0.05", "campaigns", "list")
    assert run.code == 0, run.err


def test_both_variables_contradicting_name_the_variables(
    cli: CLI, cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAKAO_QUOTAS", "creatives.onOff=5")
    run = cli("campaigns", "list")
    assert run.code == 2
    assert "KAKAO_ON_OFF_INTERVAL 0.05 contradicts KAKAO_QUOTAS creatives.onOff=5" in run.err
    assert len(cli_env.requests) == 0
