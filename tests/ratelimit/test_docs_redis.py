"""README "Several processes: Redis", line by line: the promises no other Redis test pins.

Real redis-servers (tests/redis_server.py), the fake over loopback, the public API only.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.redis_server import RedisServer

INTERVAL = 0.2


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A redis-server of this test's own, free to stop (the session's one is shared)."""
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def unix_redis() -> Iterator[str]:
    """A redis-server listening on a unix socket too: its ``unix://`` URL."""
    server = RedisServer()
    path = os.path.join(server.dir, "redis.sock")
    server.extra_args = ("--unixsocket", path, "--unixsocketperm", "700")
    server.start()
    try:
        for _ in range(100):
            if os.path.exists(path):
                break
            time.sleep(0.05)
        yield f"unix://{path}?db=0"
    finally:
        server.cleanup()


async def test_a_unix_socket_url_serves_a_clients_quota(unix_redis: str) -> None:
    # "`redis=` is a URL (`redis://`, `rediss://`, `unix://`)"
    assert unix_redis.startswith("unix://")
    async with (
        FakeKakaoServer(on_off_interval=INTERVAL) as fake,
        ka.RedisRateLimiter(unix_redis, namespace="unix-doc") as limiter,
        ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            quotas={"creatives.onOff": INTERVAL},
            rate_limiter=limiter,
        ) as kakao,
    ):
        ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        result = await kakao.moment.creatives.set_configs([(c, "OFF") for c in ids])
        assert result.ok, [r.error for r in result if not r.ok]
        key = kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
        (state,) = await kakao.quota_snapshot([key])
        assert state.quota == "creatives.onOff"
    assert fake.on_off_rejections == 0 and len(fake.on_off_calls) == 2


async def test_items_failed_closed_are_applied_exactly_once_when_rerun(
    own_redis: RedisServer,
) -> None:
    # "A bulk job reports those items as failed, never sent, so re-running them once Redis is
    # back applies each exactly once."
    async with (
        FakeKakaoServer(on_off_interval=INTERVAL) as fake,
        ka.RedisRateLimiter(
            own_redis.url, interval=INTERVAL, socket_timeout=0.3, outage_timeout=0.3
        ) as limiter,
        ka.KakaoClient(
            DEFAULT_TOKEN, moment_base_url=fake.base_url, rate_limiter=limiter, timeout=10
        ) as kakao,
    ):
        ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=2)
        changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
        await asyncio.to_thread(own_redis.stop)
        failed = await kakao.moment.creatives.set_configs(changes)
        assert not any(r.ok for r in failed)
        assert all(isinstance(r.error, ka.KakaoLimiterError) for r in failed)
        assert fake.on_off_calls == []  # never sent
        # calls without a quota keep working meanwhile
        assert (await kakao.moment.creatives.get(ids[1][0], ad_account_id=1)).id == ids[1][0]

        await asyncio.to_thread(own_redis.start)
        again = await kakao.moment.creatives.set_configs([r.item for r in failed if not r.ok])
        assert again.ok, [r.error for r in again if not r.ok]
    every = [c for cs in ids.values() for c in cs]
    assert all(fake.moment_creative(c).on_off_history == ["OFF"] for c in every)
    assert len(fake.on_off_calls) == len(every) and fake.on_off_rejections == 0


async def test_a_429_fed_back_in_one_process_is_seen_by_another(redis_url: str) -> None:
    # "429 feedback shared": two limiters (as two processes would have), one Redis, one
    # namespace. The 429 one client met shows in the other's snapshot of the same key.
    interval = 2.0  # the cooldown outlives the two reads below even on a loaded machine
    async with (
        FakeKakaoServer(on_off_interval=INTERVAL) as fake,
        ka.RedisRateLimiter(redis_url, namespace="shared-429") as first_limiter,
        ka.RedisRateLimiter(redis_url, namespace="shared-429") as second_limiter,
        ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            quotas={"creatives.onOff": interval},
            rate_limiter=first_limiter,
            retry=ka.RetryPolicy(base=0.01, cap=0.02),
        ) as first,
        ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            quotas={"creatives.onOff": interval},
            rate_limiter=second_limiter,
        ) as second,
    ):
        (creative,) = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        key = first.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
        assert key == second.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
        fake.fail_next(1, status=429, code=-813, method="PUT")
        assert await first.moment.creatives.set_config(creative, "OFF") is True
        (state,) = await second.quota_snapshot([key])
        assert state.rejections == 1
        # and the key is closed for the second process too: it waits out the cooldown
        assert await second_limiter.ready_in(key) > 0


def test_the_documented_defaults() -> None:
    # "hold_timeout, default 60 s", "poll_interval= (0.05 s)", "socket_timeout= (2 s)",
    # "outage_timeout= (10 s)"; and MemoryRateLimiter(interval=5.0, margin=0.01) as shown
    redis_defaults = {
        name: p.default for name, p in inspect.signature(ka.RedisRateLimiter).parameters.items()
    }
    assert redis_defaults["hold_timeout"] == 60.0
    assert redis_defaults["poll_interval"] == 0.05
    assert redis_defaults["socket_timeout"] == 2.0
    assert redis_defaults["outage_timeout"] == 10.0
    assert redis_defaults["interval"] == 5.0 and redis_defaults["margin"] == 0.01
    memory_defaults = {
        name: p.default for name, p in inspect.signature(ka.MemoryRateLimiter).parameters.items()
    }
    assert memory_defaults == {"interval": 5.0, "margin": 0.01}


async def test_a_redis_that_stalls_briefly_is_ridden_out_and_the_call_sent_once(
    own_redis: RedisServer,
) -> None:
    # "Outages are ridden out: ... timeouts ... retried ..., for at most outage_timeout= from
    # the first error": a Redis frozen for a few socket_timeouts, well inside outage_timeout.
    await asyncio.sleep(INTERVAL * 2)  # older than an interval: no restart caution first
    async with (
        FakeKakaoServer(on_off_interval=INTERVAL) as fake,
        ka.RedisRateLimiter(
            own_redis.url, interval=INTERVAL, socket_timeout=0.2, outage_timeout=30
        ) as limiter,
        ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, rate_limiter=limiter
        ) as kakao,
    ):
        (creative,) = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        assert own_redis.proc is not None
        os.kill(own_redis.proc.pid, signal.SIGSTOP)  # connections still accepted by the kernel
        try:
            call = asyncio.ensure_future(kakao.moment.creatives.set_config(creative, "OFF"))
            await asyncio.sleep(0.8)  # four socket_timeouts: the limiter is retrying by now
            assert not call.done() and fake.on_off_calls == []  # nothing sent meanwhile
        finally:
            os.kill(own_redis.proc.pid, signal.SIGCONT)
        assert await call is True
    assert len(fake.on_off_calls) == 1 and fake.moment_creative(creative).config == "OFF"


def test_aclose_from_a_later_loop_is_the_clear_limiter_error_too(redis_url: str) -> None:
    # "A RedisRateLimiter belongs to the event loop that first uses it ...: a hold or snapshot
    # from another loop raises KakaoLimiterError at once". An operator who builds one limiter
    # for a worker, runs a job in asyncio.run() and closes it in a second asyncio.run() at
    # shutdown should get that same clear error (or a quiet close), not asyncio's internals.
    # In a child process: the sockets the failed close leaves behind are not this suite's.
    proc = subprocess.run(
        [sys.executable, "-c", LATER_LOOP_ACLOSE, redis_url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stdout.strip() in ("KakaoLimiterError: event loop", "closed quietly"), (
        proc.stdout + proc.stderr
    )


LATER_LOOP_ACLOSE = """
import asyncio, sys
import kakao_async as ka

limiter = ka.RedisRateLimiter(sys.argv[1], interval=0.05)

async def use():
    async with limiter.hold("k"):
        pass

asyncio.run(use())
try:
    asyncio.run(limiter.aclose())
except Exception as error:
    said = "event loop" if "event loop" in str(error) else str(error)
    print(f"{type(error).__name__}: {said}")
else:
    print("closed quietly")
"""


async def test_a_limiter_passed_to_a_client_outlives_it_for_the_next_client(
    redis_url: str,
) -> None:
    # The README's shape: `async with RedisRateLimiter(...) as shared:` around
    # `async with KakaoClient(..., rate_limiter=shared)`. Closing a client leaves the limiter it
    # was given open, and the next client through it still keeps the key's spacing.
    async with (
        FakeKakaoServer(on_off_interval=INTERVAL) as fake,
        ka.RedisRateLimiter(redis_url, namespace="outlives", interval=INTERVAL) as shared,
    ):
        a, b = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        for creative in (a, b):
            async with ka.KakaoClient(
                DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, rate_limiter=shared
            ) as kakao:
                assert await kakao.moment.creatives.set_config(creative, "OFF") is True
        first, second = fake.on_off_calls
    assert fake.on_off_rejections == 0
    assert second.arrived_at - first.arrived_at >= INTERVAL


async def test_a_unix_socket_limiter_names_its_socket_in_its_repr_and_errors(
    tmp_path: Path,
) -> None:
    # README: `redis=` may be a `unix://` URL; when Redis is unreachable "a quota'd call raises
    # KakaoLimiterError and is not sent". An operator reading that error (or the repr in a log)
    # needs to see which Redis it means: the socket, not a TCP port nobody configured.
    socket_path = str(tmp_path / "nobody-listens.sock")
    limiter = ka.RedisRateLimiter(
        f"unix://{socket_path}", interval=INTERVAL, socket_timeout=0.2, outage_timeout=0.2
    )
    try:
        assert socket_path in repr(limiter) and "6379" not in repr(limiter)
        with pytest.raises(ka.KakaoLimiterError, match="not sent") as caught:
            async with limiter.hold("k"):
                pytest.fail("let through without Redis")
        assert socket_path in str(caught.value) and "6379" not in str(caught.value)
    finally:
        await limiter.aclose()


def test_without_the_redis_extra_the_library_works_and_the_limiter_says_what_to_install() -> None:
    # README Install: "pip install 'kakao-async[redis]'  # + RedisRateLimiter (redis-py)". In a
    # child process where redis-py cannot be imported: the library still imports, and building
    # a RedisRateLimiter names the extra to install.
    script = (
        "import sys; sys.modules['redis'] = None\n"
        "import kakao_async as ka\n"
        "try:\n"
        "    ka.RedisRateLimiter('redis://127.0.0.1:1/0')\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "kakao-async[redis]" in proc.stdout


@pytest.mark.parametrize("cut", ["/", "#", "?"])
def test_a_password_cut_short_by_an_unescaped_character_never_reaches_the_error(cut: str) -> None:
    # README: the limiter's messages never carry the URL's password. One with an unescaped "/",
    # "#" or "?" ends the URL's host part early, and what urllib then takes for a port is the
    # password's start: redis-py's ValueError quoted it ("... integer value as 'hunter2'").
    with pytest.raises(ka.KakaoInputError, match="percent-encode") as caught:
        ka.RedisRateLimiter(f"redis://:hunter2{cut}rest@127.0.0.1:6379/0")
    assert "hunter2" not in str(caught.value) and caught.value.__cause__ is None


def test_a_port_out_of_range_is_still_named_as_the_reason() -> None:
    with pytest.raises(ka.KakaoInputError, match=r"(?i)port"):
        ka.RedisRateLimiter("redis://127.0.0.1:70000/0")
    with pytest.raises(ka.KakaoInputError, match="Invalid value for 'db'"):
        ka.RedisRateLimiter("redis://127.0.0.1:6379?db=x")


def test_an_ipv6_host_is_named_in_brackets() -> None:
    # "::1:6380" would read as an address with no port.
    assert "([::1]:6380," in repr(ka.RedisRateLimiter("redis://:pw@[::1]:6380/0"))


async def test_a_port_given_in_the_query_is_the_one_named(own_redis: RedisServer) -> None:
    # redis-py takes a port (or host) from the query when the URL's authority has none: the
    # repr and the errors must name the Redis it connects to, not 6379.
    limiter = ka.RedisRateLimiter(f"redis://127.0.0.1?port={own_redis.port}&db=0")
    try:
        assert f"127.0.0.1:{own_redis.port}" in repr(limiter) and "6379" not in repr(limiter)
        async with limiter.hold("query-port"):
            pass  # it did connect there
    finally:
        await limiter.aclose()


async def test_a_socket_path_given_in_the_query_is_the_one_named(unix_redis: str) -> None:
    socket_path = unix_redis.removeprefix("unix://").split("?")[0]
    limiter = ka.RedisRateLimiter(f"unix://?path={socket_path}&db=0")
    try:
        assert socket_path in repr(limiter)
        async with limiter.hold("query-path"):
            pass
    finally:
        await limiter.aclose()
