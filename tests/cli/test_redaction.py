"""The CLI prints no form of the token Kakao echoes back: not in the one-line error, the
``--json`` errors, the per-item table of a bulk command, nor the ``--debug`` traceback."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.cli.conftest import CLI


def echo(status: int) -> dict[str, Any]:
    """An envelope quoting the token upper-cased, base64'd as a credential, and cut in two."""
    bearer = base64.b64encode(f"Bearer {DEFAULT_TOKEN}".encode()).decode()
    half = len(DEFAULT_TOKEN) // 2
    return {
        "code": -813,
        "msg": DEFAULT_TOKEN.upper(),
        "extras": {
            "detailCode": 1,
            "detailMsg": f"{bearer} {DEFAULT_TOKEN[:half]}|{DEFAULT_TOKEN[half:]}",
        },
    }


def pieces() -> list[str]:
    bearer = base64.b64encode(f"Bearer {DEFAULT_TOKEN}".encode()).decode()
    half = len(DEFAULT_TOKEN) // 2
    return [DEFAULT_TOKEN.upper(), bearer[12:24], DEFAULT_TOKEN[:half], DEFAULT_TOKEN[half:]]


@pytest.mark.parametrize("status", [400, 401, 500])
@pytest.mark.parametrize(
    "argv",
    [["moment", "get", "5"], ["campaigns", "list"], ["moment", "off", "5", "6"]],
    ids=["get", "list", "bulk"],
)
@pytest.mark.parametrize("flags", [["--debug"], ["--json", "--debug"]], ids=["debug", "json"])
def test_an_echoed_token_in_any_form_is_not_printed(
    cli: CLI, kakao_fake: FakeKakaoServer, status: int, argv: list[str], flags: list[str]
) -> None:
    kakao_fake.respond_next(echo(status), status=status, count=10)
    run = cli(*flags, *argv)
    assert run.code == 1
    printed = run.out + run.err
    assert "***" in printed
    assert not [p for p in pieces() if p in printed]
