"""One client, several event loops, as an experienced asyncio user runs them: under
``python -X dev -W error`` with ``PYTHONASYNCIODEBUG=1``, over real loopback HTTP.

A client built outside any loop and used by two ``asyncio.run()`` calls in turn works in both,
and leaves no socket, task or warning behind; a loop that is still open elsewhere (another
thread's) gets a clear error, never aiohttp's "Event loop is closed" or "attached to a different
loop" from deep inside it."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, fake_server_process

#: Debug mode's slow-callback notes depend on the machine's load, not on the library.
SLOW_CALLBACK = re.compile(r"^Executing <.*> took \d+\.\d+ seconds\n", re.MULTILINE)
WARNING = re.compile(r"ResourceWarning: (.*)")


@pytest.fixture(scope="module")
def fake_url() -> Iterator[str]:
    with fake_server_process(on_off_interval=0.05, args=["--seed-accounts", "1"]) as url:
        yield url


def run_strict(
    script: str, *args: str, warnings: str = "error"
) -> subprocess.CompletedProcess[str]:
    """``script`` in a fresh interpreter under -X dev, asyncio debug mode and ``-W warnings``."""
    env = {**os.environ, "PYTHONASYNCIODEBUG": "1"}
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-W", warnings, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout, SLOW_CALLBACK.sub("", done.stderr)
    )


TWO_LOOPS = """
import asyncio, gc, os, sys
import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN

url, paced = sys.argv[1], sys.argv[2] == "paced"
before = set(os.listdir("/proc/self/fd"))
kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=url,
                       keyword_base_url=url, on_off_interval=0.05,
                       max_requests_per_second=50 if paced else None)

async def use(config):
    creatives = await kakao.moment.creatives.list(ad_group_id=1)
    applied = await kakao.moment.creatives.set_config(creatives[0].id, config)
    others = asyncio.all_tasks() - {asyncio.current_task()}
    print(len(creatives), applied, len(others))

asyncio.run(use("OFF"))
asyncio.run(use("ON"))
asyncio.run(kakao.aclose())
gc.collect()
print(sorted(set(os.listdir("/proc/self/fd")) - before))
"""


@pytest.mark.parametrize("paced", ["paced", "unpaced"])
def test_a_client_serves_one_asyncio_run_after_another(fake_url: str, paced: str) -> None:
    """Also with ``max_requests_per_second=`` (a leaky bucket of the loop it runs on)."""
    done = run_strict(TWO_LOOPS, fake_url, paced)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout == "10 True 0\n10 True 0\n[]\n"


FORGOTTEN_BETWEEN_LOOPS = """
import asyncio, gc, os, sys
import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN

url = sys.argv[1]
before = set(os.listdir("/proc/self/fd"))
kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=url,
                       keyword_base_url=url)

async def use():
    return len(await kakao.moment.creatives.list(ad_group_id=1))

print(asyncio.run(use()))
gc.collect()  # the first loop is gone: nothing of it may stay open
print(sorted(set(os.listdir("/proc/self/fd")) - before))
print(asyncio.run(use()))
asyncio.run(kakao.aclose())
"""


def test_the_connections_of_an_ended_loop_are_closed_with_it(fake_url: str) -> None:
    done = run_strict(FORGOTTEN_BETWEEN_LOOPS, fake_url)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout == "10\n[]\n10\n"


def test_a_loop_still_running_elsewhere_gets_a_clear_error(fake_url: str) -> None:
    kakao = ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake_url, keyword_base_url=fake_url
    )
    first_used = threading.Event()
    release = threading.Event()

    async def first() -> None:
        await kakao.moment.creatives.list(ad_group_id=1)
        first_used.set()
        while not release.is_set():  # noqa: ASYNC110 - the other thread has no loop to signal
            await asyncio.sleep(0.01)
        await kakao.aclose()

    owner = threading.Thread(target=asyncio.run, args=(first(),))
    owner.start()
    try:
        assert first_used.wait(30)

        async def second() -> None:
            await kakao.moment.creatives.list(ad_group_id=1)

        with pytest.raises(RuntimeError, match="belong to another event loop") as caught:
            asyncio.run(second())
        assert "aiohttp" not in caught.value.__class__.__module__
    finally:
        release.set()
        owner.join(30)


FORGOTTEN = """
import asyncio, gc, sys
import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN

url, how = sys.argv[1], sys.argv[2]
kept = []

async def main():
    kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=url,
                           keyword_base_url=url)
    unused = ka.KakaoClient(DEFAULT_TOKEN, moment_base_url=url)  # nothing opened: no warning
    await kakao.moment.creatives.list(ad_group_id=1)
    if how == "kept":
        kept.append(kakao)  # until the interpreter exits
    del kakao, unused
    gc.collect()
    await asyncio.sleep(0.05)  # the loop closes what the client left open
    print("done")

asyncio.run(main())
"""


@pytest.mark.parametrize("how", ["dropped", "kept"])
def test_a_client_never_closed_gets_one_resource_warning_naming_it(fake_url: str, how: str) -> None:
    """What aiohttp users expect of an unclosed session: a ResourceWarning, here naming the
    client (not aiohttp's session or connector), and no traceback, no hang at exit."""
    done = run_strict(FORGOTTEN, fake_url, how, warnings="always::ResourceWarning")
    assert done.returncode == 0 and done.stdout == "done\n", done.stderr
    warned = [w for w in WARNING.findall(done.stderr) if not w.startswith("Enable tracemalloc")]
    assert len(warned) == 1, done.stderr
    assert "ResourceWarning: unclosed KakaoClient(" in done.stderr
    assert "aclose()" in done.stderr
    assert "Unclosed" not in done.stderr and "Traceback" not in done.stderr
