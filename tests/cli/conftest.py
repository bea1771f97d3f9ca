"""Run ``kakao-async`` in this process, through its real entry point, against the fake server.

``cli(*argv)`` calls ``kakao_async.cli.main`` exactly as the console script does, with the
environment a user would have (token, ad account, base URL of the ``kakao_fake`` server on its
own thread), and returns the exit code and what went to stdout and stderr.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from kakao_async.cli import main
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer


@attrs.frozen
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


CLI = Callable[..., Run]


@pytest.fixture
def cli_env(kakao_fake: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch) -> FakeKakaoServer:
    """The environment of a user pointed at the fake: every ``KAKAO_*`` variable is ours."""
    import os

    for name in list(os.environ):
        if name.startswith("KAKAO_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KAKAO_ACCESS_TOKEN", DEFAULT_TOKEN)
    monkeypatch.setenv("KAKAO_AD_ACCOUNT_ID", "1")
    monkeypatch.setenv("KAKAO_BASE_URL", kakao_fake.base_url)
    monkeypatch.setenv("KAKAO_ON_OFF_INTERVAL", "0.05")
    return kakao_fake


@pytest.fixture
def cli(
    cli_env: FakeKakaoServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> CLI:
    def run(*argv: str, stdin: str | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(list(argv))
        out, err = capsys.readouterr()
        assert DEFAULT_TOKEN not in out + err
        return Run(code, out, err)

    return run
