"""Start the CLI in a child that Ctrl-C (SIGINT) can reach, however the tests were started.

A shell starts a background job (``./scripts/test &``) with SIGINT ignored, and a child
inherits that: Python then never turns the signal into ``KeyboardInterrupt``, and a Ctrl-C test
sees the command run to its end (exit 0 or 1, not 130)."""

from __future__ import annotations

import signal
import subprocess
import sys


def _sigint_as_by_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_cli(argv: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """``python -m kakao_async *argv`` with ``env``, its output captured as text."""
    return subprocess.Popen(
        [sys.executable, "-m", "kakao_async", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_sigint_as_by_default,
    )
