"""``--quota NAME=SECONDS`` / ``$KAKAO_QUOTAS``: any quota's interval, as ``quotas=`` sets it."""

from __future__ import annotations

import pytest

from kakao_async.testing import FakeKakaoServer, SeededAccount
from tests.cli.conftest import CLI


@pytest.fixture
def world(cli_env: FakeKakaoServer) -> SeededAccount:
    """Three campaigns in ad account 1; the fake holds campaigns.onOff to Kakao's 1 s."""
    cli_env.set_quota_interval("campaigns.onOff", 1.0)
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
