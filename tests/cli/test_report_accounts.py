"""``report accounts IDS``: the ids name the ad accounts, so no --ad-account is needed.

The library's ``reports.ad_accounts`` takes no ``ad_account_id=`` (the accounts are in the
query); the command must not refuse to run for want of one.
"""

from __future__ import annotations

from datetime import date

import pytest

from kakao_async.endpoints import REPORT_QUOTAS
from kakao_async.testing import FakeKakaoServer
from tests.cli.conftest import CLI


@pytest.fixture
def fake(cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch) -> FakeKakaoServer:
    monkeypatch.delenv("KAKAO_AD_ACCOUNT_ID")
    for name in REPORT_QUOTAS:
        cli_env.set_quota(name, 0.05)
    cli_env.report_routes.today = date(2026, 4, 1)
    return cli_env


def test_multi_account_report_needs_no_ad_account(cli: CLI, fake: FakeKakaoServer) -> None:
    proc = cli("--json", "report", "accounts", "7", "8", "--preset", "YESTERDAY")
    assert proc.code == 0, proc.err
    rows = proc.json()["results"]
    assert [row["dimensions"]["ad_account_id"] for row in rows] == ["7", "8"]
    assert [c.ids for c in fake.report_calls] == [(7, 8)]


def test_single_account_reports_still_need_one(cli: CLI, fake: FakeKakaoServer) -> None:
    for argv in (["report", "account"], ["report", "campaigns", "1"]):
        proc = cli(*argv, "--preset", "YESTERDAY")
        assert proc.code == 2, (argv, proc.err)
        assert "no ad account" in proc.err
    assert fake.report_calls == []
