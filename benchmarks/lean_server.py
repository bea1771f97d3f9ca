"""A lean HTTP/1.1 server for benchmarks: every request gets the same canned JSON answer.

It parses nothing but the end of each request head, so one core serves far more requests than
a Python client can send, and a benchmark measures the client, not the server.

    python -m benchmarks.lean_server BODY_FILE   (prints "listening on http://127.0.0.1:PORT")
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path


class _Canned(asyncio.Protocol):
    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.pending = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        # GETs and small bodies only: a request ends where its head ends (no body) or after
        # its Content-Length bytes, which the benchmarks' PUTs send in one piece.
        self.pending += data
        count = 0
        while True:
            end = self.pending.find(b"\r\n\r\n")
            if end < 0:
                break
            head = self.pending[:end].lower()
            size = 0
            marker = head.find(b"content-length:")
            if marker >= 0:
                size = int(head[marker + 15 :].split(b"\r\n", 1)[0])
            if len(self.pending) < end + 4 + size:
                break
            self.pending = self.pending[end + 4 + size :]
            count += 1
        if count and self.transport is not None:
            self.transport.write(self.answer * count)


async def serve(body: bytes) -> None:
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Canned(answer), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on http://127.0.0.1:{port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(serve(Path(sys.argv[1]).read_bytes()))
