"""The fake Kakao server in its own process: for benchmarks, multi-process tests and other tools."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import aiohttp

from .._validate import positive_number, shown, text
from ..errors import KakaoInputError, KakaoInputTypeError


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
    # A string would be passed one character per argument.
    arguments = None if isinstance(args, (str, bytes)) else list(args)
    if arguments is None or not all(isinstance(a, str) for a in arguments):
        raise KakaoInputTypeError("args must be a list of command-line strings, e.g. ['--x', '1']")
    if on_off_interval is not None:
        on_off_interval = positive_number("on_off_interval", on_off_interval, allow_zero=True)
    options = [
        "--port",
        "0",
        *([] if on_off_interval is None else ["--on-off-interval", str(on_off_interval)]),
        *arguments,
    ]
    proc = subprocess.Popen(
        [sys.executable, "-m", "kakao_async.testing", *options], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if "listening on" not in line:
            # Its reason is on stderr (left to the caller's, like every later server message).
            raise RuntimeError(
                f"fake server did not start (exit code {proc.wait(timeout=10)}; options "
                f"{' '.join(_masked(options))}): {line!r}"
            )
        yield line.rsplit(" ", 1)[1].strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def _masked(options: Sequence[str]) -> list[str]:
    """``options`` with each ``--token``'s value hidden: the error shows in test reports.
    (argparse also takes ``--token=VALUE`` and an abbreviation such as ``--tok``.)"""
    masked, hide = [], False
    for option in options:
        name, equals, _ = option.partition("=")
        is_token = len(name) > 2 and "--token".startswith(name)
        if hide:
            masked.append("***")
        elif is_token and equals:
            masked.append(f"{name}=***")
        else:
            masked.append(option)
        hide = is_token and not equals
    return masked


async def control(base_url: str, method: str, path: str, body: Any = None) -> Any:
    """Call one of the fake's ``/_fake/...`` control endpoints.

    Returns its JSON answer. A refused request raises ``aiohttp.ClientResponseError`` whose
    ``message`` is the fake's reason (its 400 body's ``error``), not only "Bad Request".
    """
    text("base_url", base_url)
    text("method", method)
    if not isinstance(path, str) or not path.startswith("/_fake/"):
        # "_fake/stats" would be glued to the port ("...:8080_fake/stats"), and an API path
        # is not a control call (it needs a token).
        raise KakaoInputError(
            f"path must be a control path such as /_fake/stats, got {shown(path)}"
        )
    async with aiohttp.ClientSession() as session:
        async with session.request(method, base_url + path, json=body) as resp:
            if resp.status >= 400:
                raise aiohttp.ClientResponseError(
                    resp.request_info,
                    resp.history,
                    status=resp.status,
                    message=await _reason(resp),
                    headers=resp.headers,
                )
            return await resp.json()


async def _reason(resp: aiohttp.ClientResponse) -> str:
    # The control API answers {"error": "<what is wrong>"}; anything else keeps HTTP's reason.
    try:
        answer = await resp.json(content_type=None)
    except ValueError:
        answer = None
    if isinstance(answer, dict) and isinstance(answer.get("error"), str):
        return str(answer["error"])
    return resp.reason or str(resp.status)
