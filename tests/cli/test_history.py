"""``moment history``: why a creative was admin-stopped, as a table and in the ``--json`` shape
(Kakao's camelCase names), for the latest record and with ``--all``."""

from __future__ import annotations

import pytest

from kakao_async.testing import FakeKakaoServer
from tests.cli.conftest import CLI


@pytest.fixture
def stopped(cli_env: FakeKakaoServer) -> int:
    creative = cli_env.add_moment_creative(
        ad_account_id=1, ad_group_id=5, system_config="ADMIN_STOP", admin_stop_reason="ended"
    )
    return creative.id


@pytest.mark.parametrize("every", [[], ["--all"]])
def test_an_admin_stopped_creative_says_why(
    cli: CLI, cli_env: FakeKakaoServer, stopped: int, every: list[str]
) -> None:
    body = cli("--json", "moment", "history", *every, str(stopped))
    assert body.code == 0, body.err
    (record,) = body.json()["results"]
    assert record["systemConfig"] == "ADMIN_STOP" and record["reason"] == "ended"
    assert {"id", "createdDate", "lastModifiedDate"} <= set(record)
    assert body.json()["errors"] == [] and body.err == ""

    table = cli("moment", "history", *every, str(stopped))
    assert table.code == 0 and "ADMIN_STOP" in table.out and "ended" in table.out
    path = "systemConfigHistories" if every else "systemConfigHistory"
    assert [r.path for r in cli_env.requests][-1] == f"/openapi/v4/creatives/{stopped}/{path}"


def test_the_list_shows_the_state_administrators_set(
    cli: CLI, cli_env: FakeKakaoServer, stopped: int
) -> None:
    listed = cli("--json", "moment", "list", "--ad-group", "5")
    assert listed.json()["results"] == [
        {
            "id": stopped,
            "name": cli_env.moment_creative(stopped).name,
            "type": "DISPLAY",
            "config": "ON",
            "systemConfig": "ADMIN_STOP",
        }
    ]
    assert "ADMIN_STOP" in cli("moment", "list", "--ad-group", "5").out


def test_dates_in_the_table_read_as_in_json(
    cli: CLI, cli_env: FakeKakaoServer, stopped: int
) -> None:
    (record,) = cli("--json", "moment", "history", "--all", str(stopped)).json()["results"]
    table = cli("moment", "history", "--all", str(stopped))
    # One way to write a time in every output (the table said "2026-01-01 00:00:00").
    assert "T" in record["createdDate"] and record["createdDate"] in table.out


@pytest.mark.parametrize("every", [[], ["--all"]])
def test_a_creative_never_stopped_says_so(
    cli: CLI, cli_env: FakeKakaoServer, every: list[str]
) -> None:
    # An empty table with only headers left the reader to guess what it meant.
    (creative,) = cli_env.seed(ad_accounts=[1], creatives_per_account=1)[1]
    table = cli("moment", "history", *every, str(creative))
    assert table.code == 0, table.err
    assert table.out.strip() == (
        f"creative {creative}: no record (not stopped by an administrator)"
    )
    body = cli("--json", "moment", "history", *every, str(creative))
    assert body.code == 0 and body.json() == {"results": [], "errors": []}
