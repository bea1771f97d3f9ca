"""What the commands print: skipped items as skipped, one ``--json`` shape, ``--json`` anywhere."""

from __future__ import annotations

import pytest

from kakao_async.testing import FakeKakaoServer
from tests.cli.conftest import CLI

#: Every --json answer is this object; ``errors`` entries are ``{"id": ..., "error": ERROR}``.
ENVELOPE = {"results", "errors"}
ERROR = {"kind", "message", "status", "code", "detailCode", "detailMsg"}


def seed(fake: FakeKakaoServer, count: int = 3) -> list[int]:
    return fake.seed(ad_accounts=[1], creatives_per_account=count)[1]


def test_skip_unchanged_reports_skipped_items_as_skipped(
    cli: CLI, cli_env: FakeKakaoServer
) -> None:
    a, b, _ = seed(cli_env)
    assert cli("moment", "off", str(a)).code == 0
    sent = len(cli_env.on_off_calls)

    table = cli("moment", "off", "--skip-unchanged", str(a), str(b))
    assert table.code == 0, table.err
    assert "1 switched OFF, 1 skipped (already OFF), 0 failed" in table.err
    rows = {
        line.split()[1]: line
        for line in table.out.splitlines()
        if line.split()[1:2] in ([str(a)], [str(b)])
    }
    assert "skipped" in rows[str(a)] and "switched" not in rows[str(a)]
    assert "switched" in rows[str(b)]
    assert len(cli_env.on_off_calls) == sent + 1  # only b was sent

    again = cli("--json", "moment", "off", "--skip-unchanged", str(a), str(b))
    assert again.code == 0
    assert again.json() == {
        "results": [
            {"id": a, "config": "OFF", "outcome": "skipped"},
            {"id": b, "config": "OFF", "outcome": "skipped"},
        ],
        "errors": [],
    }
    on = cli("--json", "moment", "on", str(a))
    assert on.json() == {
        "results": [{"id": a, "config": "ON", "outcome": "switched"}],
        "errors": [],
    }


def test_moment_get_has_one_shape_whether_or_not_ids_fail(
    cli: CLI, cli_env: FakeKakaoServer
) -> None:
    a, b, _ = seed(cli_env)
    good = cli("--json", "moment", "get", str(a), str(b))
    assert good.code == 0 and set(good.json()) == ENVELOPE
    assert [c["id"] for c in good.json()["results"]] == [a, b] and good.json()["errors"] == []

    mixed = cli("--json", "moment", "get", str(a), "999999")
    assert mixed.code == 1
    body = mixed.json()
    assert set(body) == ENVELOPE
    assert [c["id"] for c in body["results"]] == [a]
    assert body["results"][0]["format"] == "IMAGE_BANNER"
    (failure,) = body["errors"]
    assert failure["id"] == 999999 and set(failure["error"]) == ERROR
    assert failure["error"]["kind"] == "not_found"
    assert failure["error"]["code"] == -813 and failure["error"]["detailCode"] == 33003
    assert failure["error"]["detailMsg"] == "소재가 존재하지 않습니다."
    assert "Error" not in failure["error"]["message"]  # words, not class names


def test_bulk_failures_are_in_errors_and_exit_1(cli: CLI, cli_env: FakeKakaoServer) -> None:
    a, _, _ = seed(cli_env)
    proc = cli("--json", "moment", "off", str(a), "999999")
    assert proc.code == 1
    body = proc.json()
    assert body["results"] == [{"id": a, "config": "OFF", "outcome": "switched"}]
    assert [e["id"] for e in body["errors"]] == [999999]
    assert body["errors"][0]["error"]["kind"] == "not_found"
    table = cli("moment", "on", str(a), "999999")
    assert table.code == 1 and "1 switched ON, 1 failed" in table.err
    assert "999999" in table.out and "not found" in table.out


def test_a_failed_command_still_answers_the_json_shape(
    cli: CLI, cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KAKAO_ACCESS_TOKEN", "not-the-token")
    proc = cli("--json", "moment", "list", "--ad-group", "1")
    assert proc.code == 1
    body = proc.json()
    assert body["results"] == [] and len(body["errors"]) == 1
    assert body["errors"][0]["id"] is None
    assert body["errors"][0]["error"]["kind"] == "auth"
    assert body["errors"][0]["error"]["code"] == -401
    assert len(proc.err_lines) == 1


def every_json_command(fake: FakeKakaoServer) -> list[list[str]]:
    ids = [str(i) for i in seed(fake, 4)]
    keyword = [str(i) for i in fake.seed_keyword(ad_account_id=1, biz_channel_id=7, count=2)]
    return [
        ["moment", "list", "--ad-group", "1"],
        ["moment", "get", ids[0]],
        ["moment", "off", ids[1]],
        ["moment", "on", "--skip-unchanged", ids[1]],
        ["moment", "history", ids[2]],
        ["moment", "history", "--all", ids[2]],
        ["moment", "delete", ids[3]],
        ["keyword", "list", "--biz-channel", "7"],
        ["keyword", "get", keyword[0]],
        ["keyword", "delete", keyword[1]],
    ]


def test_json_is_accepted_before_and_after_the_command(cli: CLI, cli_env: FakeKakaoServer) -> None:
    for command in every_json_command(cli_env):
        after = cli(*command, "--json")
        assert after.code == 0, (command, after.err)
        body = after.json()
        assert set(body) == ENVELOPE and body["errors"] == [], command
        assert isinstance(body["results"], list), command
        if command[1] in ("list", "get", "history"):  # reads: the same answer either way
            assert cli("--json", *command).json() == body, command


def test_help_says_where_json_goes(cli: CLI) -> None:
    root = cli("--help")
    assert root.code == 0
    assert "before or after the command" in " ".join(root.out.split())
    leaf = cli("moment", "get", "--help")
    assert "--json" in leaf.out and "--debug" in leaf.out


def test_config_filters_take_any_case_like_every_level(cli: CLI, cli_env: FakeKakaoServer) -> None:
    """``--config off`` works for creatives as it does for campaigns and ad groups."""
    a, *_ = seed(cli_env)
    assert cli("moment", "off", str(a)).code == 0
    listed = cli("--json", "moment", "list", "--ad-group", "1", "--config", "off")
    assert listed.code == 0, listed.err
    assert [row["id"] for row in listed.json()["results"]] == [a]
    cli_env.seed_keyword(ad_account_id=1, biz_channel_id=5, count=2)
    assert cli("keyword", "list", "--biz-channel", "5", "--config", "on").code == 0
