"""Run ``kakao-async`` as a person would see it: on a pseudo-terminal of a given width, or its
``--help`` with ``COLUMNS`` set. Shared by the CLI scenario tests."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from collections.abc import Mapping

#: The console script's entry, run by the interpreter under test.
MAIN = "import sys; from kakao_async.cli import main; sys.exit(main())"


def run_in_terminal(
    argv: list[str], env: Mapping[str, str], *, columns: int, rows: int = 24, stdin: bool = True
) -> tuple[int, bytes]:
    """``python -m kakao_async ARGV`` with stdout and stderr (and stdin, unless ``stdin`` is
    False) on a pseudo-terminal ``columns`` wide; its exit code and everything it wrote."""
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    with subprocess.Popen(
        [sys.executable, "-m", "kakao_async", *argv],
        stdin=follower if stdin else subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=dict(env),
    ) as process:
        os.close(follower)
        chunks = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(leader)
    return process.returncode, b"".join(chunks)


def top_level_help(columns: int | None) -> str:
    """``kakao-async --help`` with ``COLUMNS`` set to ``columns`` (None: unset, as piped)."""
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    done = subprocess.run(
        [sys.executable, "-c", MAIN, "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return done.stdout
