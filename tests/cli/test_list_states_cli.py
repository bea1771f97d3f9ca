"""The CLI's ``--config`` of each list offers the states its declaration names
(``Endpoint.states``) and refuses any other before a request (exit 2)."""

from __future__ import annotations

import pytest

from kakao_async.endpoints import ENDPOINTS
from kakao_async.testing import FakeKakaoServer

from .conftest import CLI

#: The CLI line of each list, before ``--config``.
LINES = {
    "moment.campaigns.list": ["campaigns", "list"],
    "moment.ad_groups.list": ["ad-groups", "list", "--campaign", "1"],
    "moment.creatives.list": ["moment", "list", "--ad-group", "1"],
    "keyword.creatives.list": ["keyword", "list", "--biz-channel", "1"],
    "keyword.keywords.list": ["keyword", "keywords", "--ad-group", "1"],
}


@pytest.mark.parametrize("name", sorted(LINES))
def test_the_cli_offers_the_declared_states_and_refuses_others(
    cli: CLI, cli_env: FakeKakaoServer, name: str
) -> None:
    endpoint = next(e for e in ENDPOINTS if e.name == name)
    shown = cli(*LINES[name], "--help")
    assert "[" + "|".join(endpoint.states) + "]" in shown.out.replace("\n", "")
    undeclared = next(s for s in ("OFF", "PAUSED") if s not in endpoint.states)
    refused = cli(*LINES[name], "--config", undeclared)
    assert refused.code == 2, refused.err
    assert undeclared in refused.err
    assert len(cli_env.requests) == 0


def test_every_list_with_states_but_the_ad_accounts_has_a_cli_line() -> None:
    listed = {e.name for e in ENDPOINTS if e.states} - {"moment.ad_accounts.list"}
    assert set(LINES) == listed
