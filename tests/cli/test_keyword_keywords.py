"""``kakao-async keyword keywords --ad-group ID``: an ad group's keywords, as a table or the
``--json`` envelope, against the fake over loopback."""

from __future__ import annotations

from kakao_async.testing import FakeKakaoServer
from tests.cli.conftest import CLI


def test_lists_an_ad_groups_keywords_as_json_and_as_a_table(
    cli: CLI, cli_env: FakeKakaoServer
) -> None:
    one = cli_env.add_keyword(ad_account_id=1, ad_group_id=7, text="꽃배달", bid_amount=500)
    gone = cli_env.add_keyword(ad_account_id=1, ad_group_id=7, config="DEL")
    proc = cli("--json", "keyword", "keywords", "--ad-group", "7")
    assert proc.code == 0, proc.err
    (row,) = proc.json()["results"]
    assert (row["id"], row["text"], row["bidStrategy"]) == (
        one.id,
        "꽃배달",
        {"type": "MANUAL", "bidAmount": 500},
    )
    deleted = cli("--json", "keyword", "keywords", "--ad-group", "7", "--config", "DEL")
    assert [r["id"] for r in deleted.json()["results"]] == [gone.id]
    table = cli("keyword", "keywords", "--ad-group", "7")
    assert table.code == 0 and "꽃배달" in table.out and "MANUAL" in table.out
    assert [r.query for r in cli_env.requests] == [
        "adGroupId=7",
        "adGroupId=7&config=DEL",
        "adGroupId=7",
    ]


def test_a_bad_state_or_ad_group_is_refused_before_sending(
    cli: CLI, cli_env: FakeKakaoServer
) -> None:
    assert cli("keyword", "keywords", "--ad-group", "7", "--config", "PAUSED").code == 2
    assert cli("keyword", "keywords", "--ad-group", "0").code == 2
    assert cli("keyword", "keywords").code == 2
    assert len(cli_env.requests) == 0
