"""RedisRateLimiter's keys on Redis Cluster: every script's keys share one hash slot."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator

import pytest
import redis as sync_redis
import redis.asyncio as aioredis
from redis.crc import key_slot

import kakao_async as ka
from tests.redis_server import RedisServer, free_port

#: Keys that try to break the tagging: braces anywhere, an escape look-alike, plain text.
AWKWARD = ["user:1", "a}b", "}x{", "{y}", "{}", "%7B", "ad account 7"]


def cluster_port() -> int:
    """A free port whose cluster bus port (+10000) exists and is free too."""
    while True:
        port = free_port()
        if port + 10000 > 65535:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port


@pytest.fixture(scope="module")
def cluster_url() -> Iterator[str]:
    """A one-node Redis Cluster owning every slot: it still refuses CROSSSLOT scripts."""
    server = RedisServer("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")
    server.port = cluster_port()
    server.start()
    try:
        client = sync_redis.Redis.from_url(server.url)
        client.execute_command("CLUSTER", "ADDSLOTSRANGE", 0, 16383)
        deadline = time.monotonic() + 10
        while client.cluster("info")["cluster_state"] != "ok":
            assert time.monotonic() < deadline, "cluster did not come up"
            time.sleep(0.05)
        client.close()
        yield server.url
    finally:
        server.cleanup()


async def test_each_keys_names_share_one_hash_slot(redis_url: str) -> None:
    client = aioredis.Redis.from_url(redis_url)
    try:
        for n, key in enumerate(AWKWARD):
            limiter = ka.RedisRateLimiter(redis_url, namespace=f"t{n}", interval=5)
            async with limiter.hold(key):
                names = set(await client.keys(f"t{n}:*"))  # the hold
            names |= set(await client.keys(f"t{n}:*"))  # the cooldown
            await limiter.aclose()
            assert len(names) == 2, names
            assert len({key_slot(name) for name in names}) == 1, (key, names)
    finally:
        await client.aclose()


async def test_key_naming(redis_url: str) -> None:
    limiter = ka.RedisRateLimiter(redis_url, namespace="app", interval=5)
    client = aioredis.Redis.from_url(redis_url)
    try:
        async with limiter.hold("user:1"):
            assert await client.keys("*") == [b"app:{user:1}:hold"]
        assert await client.keys("*") == [b"app:{user:1}:cool"]
        async with limiter.hold("a{b}%"):
            pass
        assert sorted(await client.keys("*")) == [b"app:{a%7Bb%7D%25}:cool", b"app:{user:1}:cool"]
    finally:
        await client.aclose()
        await limiter.aclose()


async def test_works_on_redis_cluster(cluster_url: str) -> None:
    client = aioredis.RedisCluster.from_url(cluster_url)
    limiter = ka.RedisRateLimiter(client, namespace="cl", interval=0.05, margin=0)
    try:
        for key in AWKWARD:
            for _ in range(2):
                async with limiter.hold(key) as hold:
                    hold.defer(0.06)
            assert 0 < await limiter.ready_in(key) <= 0.06
    finally:
        await limiter.aclose()
        await client.aclose()


@pytest.mark.parametrize("namespace", ["", "a b", "app{1}", "app}"])
def test_namespace_cannot_break_the_tag(redis_url: str, namespace: str) -> None:
    with pytest.raises(ValueError, match="namespace"):
        ka.RedisRateLimiter(redis_url, namespace=namespace)


def test_an_empty_key_has_no_tag(redis_url: str) -> None:
    limiter = ka.RedisRateLimiter(redis_url)
    with pytest.raises(ValueError, match="non-empty"):
        limiter.hold("")


async def test_a_waiter_that_gives_up_takes_back_on_redis_cluster(
    cluster_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = aioredis.RedisCluster.from_url(cluster_url)
    holder = ka.RedisRateLimiter(client, namespace="gu", interval=0.05)
    waiter = ka.RedisRateLimiter(client, namespace="gu", interval=0.05)
    try:
        async with holder.hold("a}b"):
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(waiter.hold("a}b").__aenter__(), 0.1)
            await waiter.aclose()  # lets the take-back finish
            names = set(await client.keys("gu:*"))  # the hold and the tombstone
        assert len(names) == 2 and len({key_slot(name) for name in names}) == 1, names
        assert "could not take back" not in caplog.text
    finally:
        await holder.aclose()
        await client.aclose()
