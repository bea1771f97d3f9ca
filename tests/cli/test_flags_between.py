"""``--json`` / ``--debug`` between a command group and its command (``moment --json list``):
the README and ``--help`` say they go before or after the command, and click refused them
there as unknown options of the group."""

from __future__ import annotations

import pytest

from kakao_async.testing import FakeKakaoServer
from tests.cli.conftest import CLI

GROUPS = [
    ["moment", "list", "--ad-group", "1"],
    ["campaigns", "list"],
    ["ad-groups", "list", "--campaign", "{campaign}"],
    ["keyword", "list", "--biz-channel", "1"],
    ["report", "account", "--preset", "YESTERDAY"],
]


@pytest.mark.parametrize("argv", GROUPS, ids=lambda a: a[0])
def test_json_between_the_group_and_its_command(
    cli: CLI, cli_env: FakeKakaoServer, argv: list[str]
) -> None:
    cli_env.seed(ad_accounts=[1], creatives_per_account=1)
    cli_env.seed_keyword(ad_account_id=1, count=1)
    (campaign,) = cli_env.seed_hierarchy(ad_accounts=[1])[1].campaigns
    argv = [a.format(campaign=campaign) for a in argv]
    between = cli(argv[0], "--json", *argv[1:])
    assert between.code == 0, between.err
    assert between.json()["errors"] == []
    assert between.json() == cli(*argv, "--json").json()


def test_debug_between_the_group_and_its_command(cli: CLI, cli_env: FakeKakaoServer) -> None:
    cli_env.seed(ad_accounts=[1], creatives_per_account=1)
    run = cli("moment", "--debug", "list", "--ad-group", "1")
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
