"""docs/testing.md stays true: every Python block runs as written (its ``test_*`` functions
with the ``kakao_fake`` fixture), every ``curl`` command runs against the standalone fake its
page starts, with the output the page shows."""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import shlex
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

import kakao_async.testing
from kakao_async.testing import fake_server_process
from kakao_async.testing._pytest import running_fake_server

DOC = Path(__file__).resolve().parents[2] / "docs" / "testing.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
#: In expected output, this string stands for any value.
ANY = "..."


def blocks(language: str) -> list[str]:
    return [code for lang, code in FENCE.findall(DOC.read_text("utf-8")) if lang == language]


def test_the_page_has_examples_of_both_kinds() -> None:
    assert len(blocks("python")) >= 7
    assert (
        sum(line.startswith("$ curl ") for b in blocks("console") for line in b.splitlines()) >= 10
    )


@pytest.mark.parametrize("number", range(len(blocks("python"))), ids=lambda n: f"block{n + 1}")
def test_python_block_runs(number: int) -> None:
    code = blocks("python")[number]
    namespace: dict[str, Any] = {"__name__": f"docs_testing_block_{number + 1}"}
    exec(compile(code, f"docs/testing.md python block {number + 1}", "exec"), namespace)
    for name, fn in sorted(namespace.items()):
        if name.startswith("test_") and callable(fn):
            with running_fake_server(on_off_interval=0.05) as kakao_fake:
                outcome = fn(kakao_fake)
                if inspect.iscoroutine(outcome):
                    asyncio.run(outcome)


def test_package_docstring_example_runs() -> None:
    """The example at the top of ``kakao_async.testing``'s docstring."""
    doc = kakao_async.testing.__doc__ or ""
    code = "\n".join(line[4:] for line in doc.split("::", 1)[1].split("\n\n")[1].splitlines())
    assert "FakeKakaoServer" in code and "fake.token" not in code
    body = "async def main():\n" + "\n".join(f"    {line}" for line in code.splitlines())
    namespace: dict[str, Any] = {}
    exec(body, namespace)
    asyncio.run(namespace["main"]())


def curl(base_url: str, command: str) -> str:
    """Run one documented ``curl -s`` command (method, headers, data) with urllib."""
    args = shlex.split(command)
    assert args[:2] == ["curl", "-s"], command
    method, data, headers, url = None, None, {}, None
    rest = iter(args[2:])
    for arg in rest:
        if arg == "-X":
            method = next(rest)
        elif arg == "-d":
            data = next(rest).encode()
        elif arg == "-H":
            name, _, value = next(rest).partition(": ")
            headers[name] = value
        else:
            assert url is None and arg.startswith("http://127.0.0.1:8080/"), arg
            url = base_url + arg.removeprefix("http://127.0.0.1:8080")
    assert url is not None
    if data is not None:  # what curl -d sends unless told otherwise
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    request = urllib.request.Request(
        url, data=data, headers=headers, method=method or ("POST" if data else "GET")
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return str(response.read().decode())
    except urllib.error.HTTPError as error:  # curl -s prints an error status's body too
        return str(error.read().decode())


def matches(expected: Any, actual: Any) -> bool:
    if expected == ANY:
        return True
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and expected.keys() == actual.keys()
            and all(matches(v, actual[k]) for k, v in expected.items())
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(matches(e, a) for e, a in zip(expected, actual, strict=True))
        )
    return bool(expected == actual) and type(expected) is type(actual)


def session() -> tuple[list[str], list[tuple[str, str]]]:
    """The standalone server's arguments, and every (curl command, shown output), in order."""
    server_args: list[str] = []
    steps: list[tuple[str, str]] = []
    for block in blocks("console"):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            if command.startswith("python -m kakao_async.testing"):
                server_args = shlex.split(command)[3:]
            else:
                steps.append((command, output.strip()))
    return server_args, steps


def test_curl_session_answers_as_shown() -> None:
    server_args, steps = session()
    assert server_args[:2] == ["--port", "8080"]
    with fake_server_process(args=server_args[2:]) as url:
        for command, shown in steps:
            answer = curl(url, command)
            if not shown:
                assert answer == "", command
            else:
                assert matches(json.loads(shown), json.loads(answer)), (command, answer)
