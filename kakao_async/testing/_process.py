"""The fake Kakao server in its own process: for benchmarks, multi-process tests and other tools."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import aiohttp


@contextmanager
def fake_server_process(
    *, on_off_interval: float | None = 5.0, args: Sequence[str] = ()
) -> Iterator[str]:
    """Start ``python -m kakao_async.testing`` on a free port; yield its base URL.

    ``on_off_interval=None`` leaves the onOff quota to ``args`` (``--quota creatives.onOff=S``)
    or its declaration.

    ``args`` are further command-line options (``--seed-accounts 2``, ...); a ``--port`` among
    them wins over the free one. Its state is reached through the control endpoints (see
    :func:`control`).
    """
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kakao_async.testing",
            "--port",
            "0",
            *([] if on_off_interval is None else ["--on-off-interval", str(on_off_interval)]),
            *args,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if "listening on" not in line:
            raise RuntimeError(f"fake server did not start: {line!r}")
        yield line.rsplit(" ", 1)[1].strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


async def control(base_url: str, method: str, path: str, body: Any = None) -> Any:
    """Call one of the fake's ``/_fake/...`` control endpoints."""
    async with aiohttp.ClientSession() as session:
        async with session.request(method, base_url + path, json=body) as resp:
            resp.raise_for_status()
            return await resp.json()
