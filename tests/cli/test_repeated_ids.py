"""An id typed twice (``off 1001 1001``, or in IDS and again in ``--from-file``) is one object:
one row, one request, counted once in the summary line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kakao_async.endpoints import QUOTAS
from kakao_async.testing import FakeKakaoServer, SeededAccount
from tests.cli.conftest import CLI


@pytest.fixture
def world(cli_env: FakeKakaoServer) -> SeededAccount:
    """A campaign with an ad group in ad account 1, every quota at the CLI's 0.05 s."""
    for name in QUOTAS:
        cli_env.set_quota(name, 0.05)
    return cli_env.seed_hierarchy(ad_accounts=[1], campaigns_per_account=1)[1]


@pytest.fixture
def ids(cli_env: FakeKakaoServer) -> list[int]:
    return cli_env.seed(ad_accounts=[1], creatives_per_account=2)[1]


def sent(fake: FakeKakaoServer, method: str) -> int:
    return sum(1 for r in fake.requests if r.method == method)


def test_a_repeated_id_is_switched_once_and_listed_once(
    cli: CLI, cli_env: FakeKakaoServer, ids: list[int], tmp_path: Path
) -> None:
    a, b = ids
    listed = tmp_path / "ids.txt"
    listed.write_text(f"{b}\n{a}\n")
    proc = cli("--json", "moment", "off", f"{a},{a}", str(a), "--from-file", str(listed))
    assert proc.code == 0, proc.err
    assert proc.json()["results"] == [
        {"id": a, "config": "OFF", "outcome": "switched"},
        {"id": b, "config": "OFF", "outcome": "switched"},
    ]
    assert "2 switched OFF, 0 failed" in proc.err
    assert sent(cli_env, "PUT") == 2


def test_a_repeated_id_is_deleted_and_fetched_once(
    cli: CLI, cli_env: FakeKakaoServer, ids: list[int]
) -> None:
    a, b = ids
    got = cli("--json", "moment", "get", str(b), str(a), str(b))
    assert [c["id"] for c in got.json()["results"]] == [b, a]
    assert sent(cli_env, "GET") == 2
    deleted = cli("--json", "moment", "delete", str(a), str(a))
    assert deleted.json() == {"results": [{"id": a, "outcome": "deleted"}], "errors": []}
    assert "1 deleted, 0 failed" in deleted.err
    assert sent(cli_env, "DELETE") == 1


@pytest.mark.parametrize("level", ["campaigns", "ad-groups"])
def test_a_repeated_id_is_one_row_at_every_level(
    cli: CLI, world: SeededAccount, level: str
) -> None:
    target = world.campaigns[0] if level == "campaigns" else world.ad_groups[0]
    proc = cli(level, "off", str(target), str(target))
    assert proc.code == 0, proc.err
    assert "1 switched OFF, 0 failed" in proc.err
    assert proc.out.count(f" {target} ") == 1
    got = cli("--json", level, "get", f"{target},{target}")
    assert [o["id"] for o in got.json()["results"]] == [target]
