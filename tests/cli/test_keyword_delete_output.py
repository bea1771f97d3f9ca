"""``keyword delete`` prints its outcome where every other command prints results: stdout (a
script's ``> out`` keeps it); stderr is for progress, summaries and errors."""

from __future__ import annotations

from kakao_async.testing import FakeKakaoServer
from tests.cli.conftest import CLI


def test_keyword_delete_prints_its_outcome_on_stdout(cli: CLI, cli_env: FakeKakaoServer) -> None:
    creative = cli_env.seed_keyword(ad_account_id=1, count=1)[0]
    run = cli("keyword", "delete", str(creative))
    assert run.code == 0
    assert run.out.strip() == f"deleted {creative}"
    assert run.err == ""
