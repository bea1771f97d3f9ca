"""review22: ``kakao-async report`` when one of its calls fails. The library's error notes the ids
and days that call asked for (README, reports; CHANGELOG: "so a job knows what to fetch
again"); the CLI is how the nightly jobs of README's scenario run reports, and prints one line."""

from __future__ import annotations

from kakao_async.testing import FakeKakaoServer, Fault
from tests.cli.conftest import CLI


def test_the_error_line_names_the_ids_the_failed_call_asked_for(
    cli: CLI, cli_env: FakeKakaoServer
) -> None:
    cli_env.inject(Fault(kind="status", status=400, code=-813, detail_code=9004))
    run = cli("report", "campaigns", "31,32", "--preset", "YESTERDAY")
    assert run.code == 1
    assert "31,32" in run.err, run.err
