"""The lean server's framing: whole requests only, a partly received one kept for later."""

from __future__ import annotations

from benchmarks.lean_server import split_requests


def test_complete_requests_are_split_off_and_a_partial_one_is_kept() -> None:
    get = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
    put = b"PUT /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
    assert split_requests(get + put + put[:-2]) == ([get, put], put[:-2])
    assert split_requests(put[:10]) == ([], put[:10])
