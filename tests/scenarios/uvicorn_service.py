"""tests/scenarios/workers_app.py under a real ``uvicorn`` process (``--workers N`` or one worker
per port), started and stopped as an operator does, its output kept for the secrets check."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from tests.redis_server import free_port

ROOT = Path(__file__).parents[2]


class Service:
    """``uvicorn tests.scenarios.workers_app:app`` on its own port."""

    def __init__(self, env: dict[str, str], *, workers: int = 1, port: int | None = None) -> None:
        self.env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
        self.workers = workers
        self.port = port or free_port()
        self.log = Path(tempfile.mkstemp(prefix="kakao-async-uvicorn-", suffix=".log")[1])
        self.proc: subprocess.Popen[bytes] | None = None
        self.outputs: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def http(self, **options: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, timeout=20, **options)

    async def start(self) -> None:
        self.launch()
        await self.ready()

    def launch(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable, "-m", "uvicorn", "tests.scenarios.workers_app:app",
                    "--host", "127.0.0.1", "--port", str(self.port),
                    "--workers", str(self.workers), "--log-level", "info",
                ],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip

    async def ready(self, timeout: float = 30) -> set[int]:
        """Wait until every worker answers; return their pids."""
        deadline = time.monotonic() + timeout
        pids: set[int] = set()
        while time.monotonic() < deadline:
            assert self.proc is not None and self.proc.poll() is None, self.text()[-3000:]
            try:
                # A new connection per request: uvicorn's workers share the listening socket.
                async with self.http() as http:
                    pids.add((await http.get("/whoami")).json()["pid"])
                if len(pids) >= self.workers:
                    return pids
            except httpx.TransportError:
                await asyncio.sleep(0.1)
        raise AssertionError(f"service did not start: {self.text()[-3000:]}")

    def signal(self, sig: int = signal.SIGTERM) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def wait(self, timeout: float = 20) -> int:
        assert self.proc is not None
        code = self.proc.wait(timeout=timeout)
        self.proc = None
        return code

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def cleanup(self) -> str:
        self.stop()
        text = self.text()
        self.log.unlink(missing_ok=True)
        return text
