"""The CLI's commands over many ids stop sending once Kakao refuses the token (README "Bulk
operations": the ids not yet sent fail with the refusal, unsent), and still print every id."""

from __future__ import annotations

import pytest

from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.cli.conftest import CLI

COUNT = 30


def _sent(fake: FakeKakaoServer, method: str, prefix: str) -> int:
    return sum(1 for r in fake.requests if r.method == method and r.path.startswith(prefix))


@pytest.mark.parametrize(
    ("argv", "method", "prefix", "at_most"),
    [
        (("moment", "get"), "GET", "/openapi/v4/creatives/", 10),
        (("moment", "delete"), "DELETE", "/openapi/v4/creatives/", 5),
    ],
)
def test_creative_commands_over_many_ids_stop_at_a_refused_token(
    cli: CLI,
    cli_env: FakeKakaoServer,
    argv: tuple[str, ...],
    method: str,
    prefix: str,
    at_most: int,
) -> None:
    ids = cli_env.seed(ad_accounts=[1], creatives_per_account=COUNT)[1]
    cli_env.revoke_token(DEFAULT_TOKEN)
    run = cli(*argv, *map(str, ids), "--json")
    assert run.code == 1
    assert len(run.json()["errors"]) == COUNT  # every id reported
    assert _sent(cli_env, method, prefix) <= at_most


def test_campaigns_get_over_many_ids_stops_at_a_refused_token(
    cli: CLI, cli_env: FakeKakaoServer
) -> None:
    campaigns = cli_env.seed_hierarchy(ad_accounts=[1], campaigns_per_account=COUNT)[1].campaigns
    cli_env.revoke_token(DEFAULT_TOKEN)
    run = cli("campaigns", "get", *map(str, campaigns), "--json")
    assert run.code == 1
    assert len(run.json()["errors"]) == COUNT
    assert _sent(cli_env, "GET", "/openapi/v4/campaigns/") <= 10
