"""review22: ``report ... --csv`` writes UTF-8 bytes to stdout's binary layer whatever its encoding
(cli._output.print_data). The streams a caller's code may put in place of stdout: a StringIO (no
binary layer: the text itself), and a narrow text stream the caller wrote a line to first (the
line stays before the data)."""

from __future__ import annotations

import csv
import io
import sys

import pytest

from kakao_async.cli import main
from kakao_async.testing import FakeKakaoServer

ROW = {
    "start": "2026-06-14",
    "end": "2026-06-14",
    "dimensions": {"ad_account_id": "1", "campaign_name": "여름 세일"},
    "metrics": {"imp": "12"},
}
ARGV = ["report", "account", "--preset", "YESTERDAY", "--csv"]


def test_a_stringio_stdout_gets_the_text(
    cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli_env.respond_next({"data": [ROW]}, path="/openapi/v4/adAccounts/report")
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert main(ARGV) == 0
    (record,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert record["campaign_name"] == "여름 세일" and record["imp"] == "12"


def test_an_ascii_text_stdout_gets_utf8_after_what_was_written_before(
    cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli_env.respond_next({"data": [ROW]}, path="/openapi/v4/adAccounts/report")
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii", write_through=False)
    monkeypatch.setattr(sys, "stdout", out)
    out.write("# nightly pull\n")  # buffered in the text layer when the CLI starts
    assert main(ARGV) == 0
    out.flush()
    first, data = raw.getvalue().decode("utf-8").split("\n", 1)
    assert first == "# nightly pull"
    (record,) = csv.DictReader(io.StringIO(data))
    assert record["campaign_name"] == "여름 세일"
