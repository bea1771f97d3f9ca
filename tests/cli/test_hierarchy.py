"""``campaigns`` and ``ad-groups``: list, get, on/off at each level's quota, budget, bid."""

from __future__ import annotations

from pathlib import Path

import pytest

from kakao_async.endpoints import QUOTAS
from kakao_async.testing import FakeKakaoServer, SeededAccount
from tests.cli.conftest import CLI
from tests.cli.test_errors import one_line
from tests.cli.test_output import ENVELOPE, ERROR


@pytest.fixture
def world(cli_env: FakeKakaoServer) -> SeededAccount:
    """Three campaigns with an ad group each in ad account 1; every quota at the CLI's 0.05 s
    (KAKAO_ON_OFF_INTERVAL), so nothing waits for Kakao's real intervals."""
    for name in QUOTAS:
        cli_env.set_quota(name, 0.05)
    return cli_env.seed_hierarchy(ad_accounts=[1], campaigns_per_account=3)[1]


def quota_calls(fake: FakeKakaoServer, quota: str) -> list[int]:
    return [c.object_id for c in fake.quota_calls if c.quota == quota]


def test_campaigns_list_and_get(cli: CLI, world: SeededAccount) -> None:
    listed = cli("--json", "campaigns", "list")
    assert listed.code == 0 and set(listed.json()) == ENVELOPE
    assert [c["id"] for c in listed.json()["results"]] == list(world.campaigns)
    assert cli("campaigns", "list", "--config", "OFF", "--json").json()["results"] == []
    table = cli("campaigns", "list")
    assert table.code == 0 and "campaign-1" in table.out and "DISPLAY" in table.out

    a, b, _ = world.campaigns
    got = cli("--json", "campaigns", "get", f"{a},{b}")
    assert got.code == 0
    assert [c["id"] for c in got.json()["results"]] == [a, b]
    assert got.json()["results"][0]["dailyBudgetAmount"] == 100_000


def test_a_campaign_that_fails_is_listed_and_exits_1(cli: CLI, world: SeededAccount) -> None:
    a = world.campaigns[0]
    mixed = cli("--json", "campaigns", "get", str(a), "999999")
    assert mixed.code == 1
    body = mixed.json()
    assert [c["id"] for c in body["results"]] == [a]
    (failure,) = body["errors"]
    assert failure["id"] == 999999 and set(failure["error"]) == ERROR
    assert failure["error"]["kind"] == "not_found" and failure["error"]["detailCode"] == 31001
    table = cli("campaigns", "get", str(a), "999999")
    assert table.code == 1 and f"campaign {a}" in table.out
    assert "error: campaign 999999: not found" in table.err and "31001" in table.err


def test_campaigns_off_from_stdin_then_on_skipping_unchanged(
    cli: CLI, cli_env: FakeKakaoServer, world: SeededAccount
) -> None:
    ids = list(world.campaigns)
    off = cli("--json", "campaigns", "off", "--from-file", "-", stdin="\n".join(map(str, ids)))
    assert off.code == 0, off.err
    assert off.json() == {
        "results": [{"id": i, "config": "OFF", "outcome": "switched"} for i in ids],
        "errors": [],
    }
    assert "3/3" in off.err and "3 switched OFF, 0 failed" in off.err  # progress on stderr
    assert all(cli_env.campaign(i).config == "OFF" for i in ids)
    assert quota_calls(cli_env, "campaigns.onOff") == ids  # its own quota, one call each

    cli("campaigns", "on", str(ids[0]))
    again = cli("campaigns", "on", "--skip-unchanged", *map(str, ids))
    assert again.code == 0, again.err
    assert "2 switched ON, 1 skipped (already ON), 0 failed" in again.err
    rows = {line.split()[1]: line for line in again.out.splitlines() if line[2:3].isdigit()}
    assert "skipped" in rows[str(ids[0])] and "switched ON" in rows[str(ids[1])]
    assert quota_calls(cli_env, "campaigns.onOff") == [*ids, ids[0], ids[1], ids[2]]


def test_ad_groups_list_get_and_switch(
    cli: CLI, cli_env: FakeKakaoServer, world: SeededAccount
) -> None:
    campaign, group = world.campaigns[1], world.ad_groups[1]
    listed = cli("ad-groups", "list", "--campaign", str(campaign), "--json")
    assert [g["id"] for g in listed.json()["results"]] == [group]
    (detail,) = cli("--json", "ad-groups", "get", str(group)).json()["results"]
    assert detail["id"] == group and detail["bidAmount"] == 500

    off = cli("ad-groups", "off", str(group), "999999")
    assert off.code == 1
    assert "1 switched OFF, 1 failed" in off.err
    assert "999999" in off.out and "failed" in off.out and "not found" in off.out
    assert cli_env.ad_group(group).config == "OFF"
    assert quota_calls(cli_env, "adGroups.onOff") == [group]
    on = cli("--json", "ad-groups", "on", str(group))
    assert on.json()["results"] == [{"id": group, "config": "ON", "outcome": "switched"}]


def test_ad_group_ids_from_a_file(
    cli: CLI, cli_env: FakeKakaoServer, world: SeededAccount, tmp_path: Path
) -> None:
    ids = tmp_path / "ad-groups.txt"
    ids.write_text(f"{world.ad_groups[0]}, {world.ad_groups[1]}\n{world.ad_groups[2]}\n")
    proc = cli("ad-groups", "off", "--from-file", str(ids))
    assert proc.code == 0 and "3 switched OFF, 0 failed" in proc.err
    assert all(cli_env.ad_group(g).config == "OFF" for g in world.ad_groups)


def test_budgets_and_bids(cli: CLI, cli_env: FakeKakaoServer, world: SeededAccount) -> None:
    campaign, group = world.campaigns[0], world.ad_groups[0]
    set_budget = cli("campaigns", "budget", str(campaign), "50000")
    assert set_budget.code == 0, set_budget.err
    assert f"campaign {campaign}: daily budget set to 50,000 won" in set_budget.out
    assert cli_env.campaign(campaign).daily_budget_amount == 50_000

    removed = cli("--json", "campaigns", "budget", str(campaign), "none")
    assert removed.json() == {
        "results": [{"id": campaign, "dailyBudgetAmount": None, "outcome": "set"}],
        "errors": [],
    }
    assert cli_env.campaign(campaign).daily_budget_amount is None

    assert cli("ad-groups", "budget", str(group), "20000").code == 0
    bid = cli("ad-groups", "bid", str(group), "300", "--json")
    assert bid.json()["results"] == [{"id": group, "bidAmount": 300, "outcome": "set"}]
    assert cli_env.ad_group(group).daily_budget_amount == 20_000
    assert cli_env.ad_group(group).bid_amount == 300
    assert quota_calls(cli_env, "campaigns.dailyBudgetAmount") == [campaign, campaign]
    assert quota_calls(cli_env, "adGroups.bidAmount") == [group]


def test_a_budget_kakao_refuses_exits_1_in_words(cli: CLI, world: SeededAccount) -> None:
    missing = cli("ad-groups", "bid", "999999", "300")
    assert missing.code == 1
    line = one_line(missing)
    assert "not found" in line and "detailCode 32026" in line
    body = cli("--json", "campaigns", "budget", "999999", "1000").json()
    assert body["results"] == [] and body["errors"][0]["id"] == 999999
    assert body["errors"][0]["error"]["kind"] == "not_found"


NOT_AMOUNTS = ["0", "-5", "1,000", "1e3", "50000.0", "+5", "\u00b2", "\uff15", "9" * 20, "5won"]


@pytest.mark.parametrize("bad", NOT_AMOUNTS)
@pytest.mark.parametrize(
    "command", [["campaigns", "budget"], ["ad-groups", "budget"], ["ad-groups", "bid"]]
)
def test_amounts_are_ascii_digits_or_nothing_is_sent(
    cli: CLI, cli_env: FakeKakaoServer, command: list[str], bad: str
) -> None:
    proc = cli(*command, "1", bad)
    assert proc.code == 2
    line = one_line(proc)
    assert "AMOUNT" in line and "amount" in line and repr(bad)[1:-1] in line
    assert len(cli_env.requests) == 0


def test_none_is_a_campaign_budget_only(cli: CLI, cli_env: FakeKakaoServer) -> None:
    proc = cli("ad-groups", "budget", "1", "none")
    assert proc.code == 2 and "AMOUNT" in one_line(proc)
    assert len(cli_env.requests) == 0


def test_every_new_command_answers_the_json_shape_wherever_json_goes(
    cli: CLI, world: SeededAccount
) -> None:
    c, g = str(world.campaigns[2]), str(world.ad_groups[2])
    for command in (
        ["campaigns", "list"],
        ["campaigns", "get", c],
        ["campaigns", "off", c],
        ["campaigns", "budget", c, "30000"],
        ["ad-groups", "list", "--campaign", c],
        ["ad-groups", "get", g],
        ["ad-groups", "off", g],
        ["ad-groups", "budget", g, "30000"],
        ["ad-groups", "bid", g, "400"],
    ):
        for argv in (["--json", *command], [*command, "--json"]):
            proc = cli(*argv)
            assert proc.code == 0, (argv, proc.err)
            body = proc.json()
            assert set(body) == ENVELOPE and body["errors"] == [], argv
            assert isinstance(body["results"], list) and body["results"], argv
