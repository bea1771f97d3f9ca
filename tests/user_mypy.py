"""``mypy --strict`` over a user's files, as a user's editor or CI runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def mypy_strict(directory: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` (error codes shown, no summary) over ``files`` in ``directory``: run
    there, so the project's own mypy configuration does not apply."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--show-error-codes",
            "--cache-dir",
            str(directory / ".mypy_cache"),
            *files,
        ],
        capture_output=True,
        text=True,
        cwd=directory,
        timeout=600,
    )
