"""A lean HTTP/1.1 server for benchmarks: every request gets the same canned JSON answer.

It parses nothing but the end of each request head, so one core serves far more requests than
a Python client can send, and a benchmark measures the client, not the server. With an
``INTERVAL`` it also checks a quota on arrival: two requests of one ``adAccountId`` closer than
that count as a violation (still answered 200). ``GET /_stats`` answers
``{"requests", "violations", "cpu"}`` (the server's own CPU seconds).

    python -m benchmarks.lean_server BODY_FILE [INTERVAL]   (prints its URL)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

STATS = {"requests": 0, "violations": 0}
LAST: dict[bytes, float] = {}


def split_requests(buffer: bytes) -> tuple[list[bytes], bytes]:
    """The complete requests at the start of ``buffer`` (head and body each), and the rest.

    GETs and small bodies only: a request ends where its head ends (no body) or after its
    Content-Length bytes, which the benchmarks' PUTs send in one piece."""
    requests = []
    while (end := buffer.find(b"\r\n\r\n")) >= 0:
        head = buffer[:end].lower()
        size = 0
        marker = head.find(b"content-length:")
        if marker >= 0:
            size = int(head[marker + 15 :].split(b"\r\n", 1)[0])
        if len(buffer) < end + 4 + size:
            break
        requests.append(buffer[: end + 4 + size])
        buffer = buffer[end + 4 + size :]
    return requests, buffer


class _Canned(asyncio.Protocol):
    def __init__(self, answer: bytes, interval: float) -> None:
        self.answer = answer
        self.interval = interval
        self.pending = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        requests, self.pending = split_requests(self.pending + data)
        if requests and self.transport is not None:
            heads = (r[: r.find(b"\r\n\r\n")].lower() for r in requests)
            self.transport.write(b"".join(self._answer(head) for head in heads))

    def _answer(self, head: bytes) -> bytes:
        if head.startswith(b"get /_stats"):
            cpu = resource.getrusage(resource.RUSAGE_SELF)
            body = json.dumps({**STATS, "cpu": cpu.ru_utime + cpu.ru_stime}).encode()
            return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
        STATS["requests"] += 1
        if self.interval:
            marker = head.find(b"adaccountid:")
            if marker >= 0:
                account = head[marker + 12 :].split(b"\r\n", 1)[0].strip()
                now = time.monotonic()
                last = LAST.get(account)
                if last is not None and now - last < self.interval:
                    STATS["violations"] += 1
                LAST[account] = now
        return self.answer


async def serve(body: bytes, interval: float) -> None:
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Canned(answer, interval), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    await asyncio.Event().wait()


@contextlib.contextmanager
def lean_server(body: bytes, interval: float = 0.0) -> Iterator[str]:
    """Run the lean server in its own process; yield its base URL."""
    with tempfile.NamedTemporaryFile(suffix=".json") as file:
        file.write(body)
        file.flush()
        # As a context manager, Popen also closes its end of the pipe.
        with subprocess.Popen(
            [sys.executable, "-m", "benchmarks.lean_server", file.name, str(interval)],
            stdout=subprocess.PIPE,
            text=True,
        ) as server:
            try:
                assert server.stdout is not None
                yield server.stdout.readline().rsplit(" ", 1)[1].strip()
            finally:
                server.terminate()


def run(main: Coroutine[Any, Any, T], *, use_uvloop: bool) -> T:
    """``asyncio.run``, or uvloop's."""
    if use_uvloop:
        import uvloop

        return uvloop.run(main)
    return asyncio.run(main)


if __name__ == "__main__":
    asyncio.run(
        serve(Path(sys.argv[1]).read_bytes(), float(sys.argv[2]) if len(sys.argv) > 2 else 0.0)
    )
