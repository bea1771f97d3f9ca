"""A worker script run as its own Python process (several processes through one Redis): its
plan in, its last stdout line (JSON) out. Shared by the scenario and rate-limit tests."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[1]


async def run_worker(module: str, plan: dict[str, Any], *, never_shows: str = "") -> dict[str, Any]:
    """``python -m module <plan as JSON>`` from the project root; fails the test if it exits
    non-zero (with the end of its stderr) or, with ``never_shows``, prints that text."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        json.dumps(plan),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == 0, err.decode()[-3000:]
    if never_shows:
        assert never_shows not in out.decode() + err.decode()
    result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return result
