"""Start the CLI in a child that Ctrl-C (SIGINT) can reach, however the tests were started.

A shell starts a background job (``./scripts/test &``) with SIGINT ignored, and a child
inherits that: Python then never turns the signal into ``KeyboardInterrupt``, and a Ctrl-C test
sees the command run to its end (exit 0 or 1, not 130).

The child restores Python's own SIGINT handler itself, first thing after it starts, rather than
through ``preexec_fn``: that runs Python code between fork and exec, which the subprocess docs
call unsafe in a process with threads, and the ``kakao_fake`` server these tests talk to runs
on one."""

from __future__ import annotations

import subprocess
import sys

#: ``python -m kakao_async``, with SIGINT's handler set first whatever was inherited.
_BOOT = (
    "import runpy, signal; "
    "signal.signal(signal.SIGINT, signal.{handler}); "
    "runpy.run_module('kakao_async', run_name='__main__', alter_sys=True)"
)


def start_cli(
    argv: list[str], env: dict[str, str], *, sigint_ignored: bool = False
) -> subprocess.Popen[str]:
    """``python -m kakao_async *argv`` with ``env``, its output captured as text; with
    ``sigint_ignored``, as a shell script starts a background job (``cmd &``)."""
    boot = _BOOT.format(handler="SIG_IGN" if sigint_ignored else "default_int_handler")
    return subprocess.Popen(
        [sys.executable, "-c", boot, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
