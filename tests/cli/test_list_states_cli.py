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


# review23: each list takes a state in any case, and refuses in the words it used before.
@pytest.mark.parametrize("name", sorted(LINES))
def test_the_cli_takes_a_declared_state_in_any_case_and_sends_it_as_kakao_writes_it(
    cli: CLI, cli_env: FakeKakaoServer, name: str
) -> None:
    kakao_fake = cli_env
    run = cli(*LINES[name], "--config", "dEl")
    code, err = run.code, run.err
    assert code == 0, err
    assert [r.query.rsplit("config=", 1)[-1] for r in kakao_fake.requests] == ["DEL"]


@pytest.mark.parametrize(
    ("name", "word", "known"),
    [
        ("moment.campaigns.list", "paused", "ON, OFF, DEL"),
        ("moment.ad_groups.list", "ON,OFF", "ON, OFF, DEL"),
        ("moment.creatives.list", "", "ON, OFF, DEL"),
        ("keyword.creatives.list", "off", "ON, DEL"),
        ("keyword.keywords.list", "PAUSED", "ON, OFF, DEL"),
    ],
)
def test_the_cli_refuses_in_the_same_words(
    cli: CLI, cli_env: FakeKakaoServer, name: str, word: str, known: str
) -> None:
    kakao_fake = cli_env
    run = cli(*LINES[name], "--config", word)
    code, err = run.code, run.err
    assert code == 2
    command = " ".join(w for w in LINES[name] if not w.startswith("-") and not w.isdigit())
    assert err.strip() == (
        f"error: Invalid value for '--config': '{word}' is not a state: one of {known}"
        f" (see 'kakao-async {command} --help')"
    )
    assert len(kakao_fake.requests) == 0
