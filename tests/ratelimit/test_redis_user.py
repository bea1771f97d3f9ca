"""README "Several processes: Redis" as an operator runs it: a Redis behind a password, on a
database other than 0, over TLS (``rediss://``), shared by several real worker processes; what
the limiter leaves in Redis afterwards, and where the password and the token never show."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
import redis as sync_redis

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, on_off_gaps
from tests.redis_server import RedisServer, free_port

INTERVAL = 0.05
PASSWORD = "pw-of-the-ops-team-7f3a"
ROOT = Path(__file__).parents[2]

#: One worker process: the README's snippet (a RedisRateLimiter from a URL, a client over it,
#: ``set_configs``), the library's log at DEBUG on stderr, one JSON line of outcomes on stdout.
WORKER = """
import asyncio, json, logging, sys
import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN

logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)

async def main(url, fake, namespace, interval, changes):
    async with ka.RedisRateLimiter(url, namespace=namespace, interval=interval) as shared:
        async with ka.KakaoClient(
            DEFAULT_TOKEN, moment_base_url=fake, rate_limiter=shared,
            retry=ka.RetryPolicy(base=0.01, cap=0.05),
        ) as kakao:
            print(repr(shared), file=sys.stderr)
            result = await kakao.moment.creatives.set_configs(
                [ka.ConfigChange(c, cfg, ad_account_id=a) for a, c, cfg in changes]
            )
    print(json.dumps([r.ok or repr(r.error) for r in result]))

url, fake, namespace, interval, changes = sys.argv[1:]
asyncio.run(main(url, fake, namespace, float(interval), json.loads(changes)))
"""


@attrs.frozen
class Locked:
    server: RedisServer
    #: Its TLS port, or None when redis-server has no TLS or openssl could make no certificate.
    tls_port: int | None

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def dir(self) -> Path:
        return Path(self.server.dir)


@pytest.fixture(scope="module")
def locked_redis() -> Iterator[Locked]:
    """A redis-server that asks for a password (set once it answers PING, which the readiness
    check needs), with a TLS port beside its plain one when it can have one."""
    server = RedisServer()
    certs = Path(server.dir)
    tls_port: int | None = None
    if shutil.which("openssl") is not None and _self_signed(certs):
        tls_port = free_port()
        tls = ["--tls-port", str(tls_port), "--tls-cert-file", str(certs / "cert.pem")]
        tls += ["--tls-key-file", str(certs / "key.pem"), "--tls-ca-cert-file"]
        tls += [str(certs / "cert.pem"), "--tls-auth-clients", "no"]
        server.extra_args = tuple(tls)
    server.start()
    client = sync_redis.Redis(host="127.0.0.1", port=server.port)
    client.config_set("requirepass", PASSWORD)
    client.close()
    yield Locked(server=server, tls_port=tls_port)
    server.cleanup()


def _self_signed(where: Path) -> bool:
    """A certificate for 127.0.0.1 (its own CA) in ``where``; False if openssl cannot."""
    made = subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(where / "key.pem"), "-out", str(where / "cert.pem")),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        capture_output=True,
        timeout=60,
    )
    return made.returncode == 0


def url(server: Locked, *, db: int, password: str = PASSWORD) -> str:
    return f"redis://:{password}@127.0.0.1:{server.port}/{db}"


def everything_in(server: Locked, *, db: int) -> dict[bytes, tuple[int, bytes]]:
    """Every key of database ``db``: its TTL in ms (-1: none) and its value, whatever its type."""
    client = sync_redis.Redis(host="127.0.0.1", port=server.port, password=PASSWORD, db=db)
    found = {}
    for key in client.scan_iter():
        kind = client.type(key)
        if kind == b"string":
            value = client.get(key) or b""
        elif kind == b"set":
            value = b" ".join(sorted(client.smembers(key)))
        elif kind == b"zset":
            value = b" ".join(client.zrange(key, 0, -1))
        elif kind == b"hash":
            value = b" ".join(k + b"=" + v for k, v in client.hgetall(key).items())
        else:
            value = b" ".join(client.lrange(key, 0, -1))
        found[key] = (client.pttl(key), value)
    client.close()
    return found


async def test_three_processes_through_a_password_and_a_database_share_the_quota(
    locked_redis: Locked,
) -> None:
    # README: per (user, ad account) one call in flight across all processes, the next one
    # interval + margin after the previous completion; the URL's path is the database.
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        seeded = fake.seed(ad_accounts=[41, 42], creatives_per_account=6)
        changes = [(a, c, "OFF") for a, ids in seeded.items() for c in ids]
        namespace = uuid.uuid4().hex
        procs = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                WORKER,
                url(locked_redis, db=3),
                fake.base_url,
                namespace,
                str(INTERVAL),
                json.dumps(changes[w::3]),  # every worker has items in both accounts
                cwd=ROOT,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            for w in range(3)
        ]
        outputs = [await asyncio.wait_for(p.communicate(), timeout=120) for p in procs]
        for proc, (out, err) in zip(procs, outputs, strict=True):
            assert proc.returncode == 0, err.decode()[-2000:]
            assert all(ok is True for ok in json.loads(out)), out
            text = (out + err).decode()
            assert "quota turn" in text  # the library's DEBUG log is there to be read ...
            assert PASSWORD not in text and DEFAULT_TOKEN not in text  # ... with no secret
            assert f"RedisRateLimiter(127.0.0.1:{locked_redis.port}" in text
        assert fake.on_off_rejections == 0
        assert len(fake.on_off_calls) == len(changes)
        assert min(g for gaps in on_off_gaps(fake.on_off_calls).values() for g in gaps) >= INTERVAL
        assert {fake.moment_creative(c).config for _, c, _ in changes} == {"OFF"}


async def test_keys_land_in_the_urls_database_hold_no_secret_and_expire(
    locked_redis: Locked,
) -> None:
    # README: keys <namespace>:{<quota key>}:cool during the cooldown; "Keys expire by
    # themselves". An interval long enough to look at the cooldown key before it goes.
    interval = 1.5
    namespace = uuid.uuid4().hex
    async with FakeKakaoServer(on_off_interval=interval) as fake:
        (creative,) = fake.seed(ad_accounts=[43], creatives_per_account=1)[43]
        async with ka.RedisRateLimiter(
            url(locked_redis, db=5), namespace=namespace, interval=interval
        ) as shared:
            async with ka.KakaoClient(
                DEFAULT_TOKEN, moment_base_url=fake.base_url, rate_limiter=shared
            ) as kakao:
                await kakao.moment.creatives.set_config(creative, "OFF", ad_account_id=43)
                key = kakao.quota_key("creatives.onOff", 43)
        left = everything_in(locked_redis, db=5)
        assert everything_in(locked_redis, db=0) == {}
        cool = f"{namespace}:{{{key}}}:cool".encode()
        assert cool in left, sorted(left)
        assert all(k.startswith(namespace.encode() + b":{") for k in left)
        # every key expires, the cooldown within one interval and its margin
        assert all(ttl > 0 for ttl, _ in left.values()), left
        assert left[cool][0] <= (interval + 0.01) * 1000
        for k, (_, value) in left.items():
            for secret in (PASSWORD, DEFAULT_TOKEN):
                assert secret.encode() not in k + value
        for _ in range(200):  # the keys go by themselves, nobody deletes them
            if not everything_in(locked_redis, db=5):
                break
            await asyncio.sleep(0.05)
        assert everything_in(locked_redis, db=5) == {}


async def test_a_wrong_password_fails_closed_unsent_and_is_never_shown(
    locked_redis: Locked, caplog: pytest.LogCaptureFixture
) -> None:
    # README: "if Redis stays unreachable past that tolerance, a quota'd call raises
    # KakaoLimiterError and is not sent"; repr and errors never show the URL's password.
    wrong = "wrong-" + PASSWORD
    caplog.set_level(logging.DEBUG, logger="kakao_async")
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[44], creatives_per_account=2)[44]
        shared = ka.RedisRateLimiter(
            url(locked_redis, db=0, password=wrong), namespace="x", outage_timeout=0.3
        )
        async with shared:
            async with ka.KakaoClient(
                DEFAULT_TOKEN, moment_base_url=fake.base_url, rate_limiter=shared
            ) as kakao:
                result = await kakao.moment.creatives.set_configs(
                    [ka.ConfigChange(c, "OFF", ad_account_id=44) for c in ids]
                )
                # a call without a quota keeps working
                got = await kakao.moment.creatives.get(ids[0], ad_account_id=44)
        assert [type(r.error) for r in result] == [ka.KakaoLimiterError] * 2
        assert list(fake.on_off_calls) == [] and got.id == ids[0]
        shown = [repr(shared), *(str(r.error) for r in result), caplog.text]
        assert not [s for s in shown if wrong in s or PASSWORD in s]


@pytest.mark.parametrize("cause", ["down", "wrong password"])
async def test_an_outage_is_each_item_s_error_not_also_a_take_back_warning(
    cause: str, locked_redis: Locked, caplog: pytest.LogCaptureFixture
) -> None:
    # Each item reports the outage (KakaoLimiterError); taking back a hold its acquire may
    # have got meets the same outage: no WARNING per item for it (1,000 for a big job).
    target = (
        f"redis://127.0.0.1:{free_port()}/0"
        if cause == "down"
        else url(locked_redis, db=0, password="wrong-" + PASSWORD)
    )
    caplog.set_level(logging.WARNING, logger="kakao_async")
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[46, 47], creatives_per_account=2)
        shared = ka.RedisRateLimiter(target, namespace="x", outage_timeout=0.2)
        changes = [ka.ConfigChange(c, "OFF", ad_account_id=a) for a, cs in ids.items() for c in cs]
        async with shared:
            client = ka.KakaoClient(
                DEFAULT_TOKEN, moment_base_url=fake.base_url, rate_limiter=shared
            )
            async with client as kakao:
                result = await kakao.moment.creatives.set_configs(changes)
    assert [type(r.error) for r in result] == [ka.KakaoLimiterError] * 4
    assert [r.getMessage() for r in caplog.records if "take back" in r.getMessage()] == []


async def test_rediss_with_a_password_and_a_ca_file_in_the_query(
    locked_redis: Locked,
) -> None:
    # README: redis= is a URL (redis://, rediss://, unix://); the query reaches redis-py.
    tls_port = locked_redis.tls_port
    if tls_port is None:
        pytest.skip("redis-server without TLS, or no openssl to make a certificate")
    ca = locked_redis.dir / "cert.pem"
    tls_url = f"rediss://:{PASSWORD}@127.0.0.1:{tls_port}/2?ssl_ca_certs={ca}"
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        ids = fake.seed(ad_accounts=[45], creatives_per_account=3)[45]
        async with ka.RedisRateLimiter(tls_url, namespace="tls", interval=INTERVAL) as shared:
            assert PASSWORD not in repr(shared)
            async with ka.KakaoClient(
                DEFAULT_TOKEN, moment_base_url=fake.base_url, rate_limiter=shared
            ) as kakao:
                result = await kakao.moment.creatives.set_configs(
                    [ka.ConfigChange(c, "OFF", ad_account_id=45) for c in ids]
                )
                snapshot = await kakao.quota_snapshot()
        assert all(r.ok for r in result)
        assert fake.on_off_rejections == 0
        assert min(on_off_gaps(fake.on_off_calls)[45]) >= INTERVAL
        assert [s.key for s in snapshot] == [kakao.quota_key("creatives.onOff", 45)]


async def test_workers_started_while_redis_is_still_starting_lose_nothing(
    redis_server: RedisServer, redis_url: str
) -> None:
    # README: outages are ridden out for outage_timeout (10 s) from the first error, "a 1-2 s
    # restart loses nothing"; a deploy starts the workers and Redis side by side, in any order.
    redis_server.stop()
    async with FakeKakaoServer(on_off_interval=INTERVAL) as fake:
        seeded = fake.seed(ad_accounts=[46, 47], creatives_per_account=3)
        changes = [(a, c, "OFF") for a, ids in seeded.items() for c in ids]
        procs = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                WORKER,
                redis_url,
                fake.base_url,
                "late-redis",
                str(INTERVAL),
                json.dumps(changes[w::2]),
                cwd=ROOT,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            for w in range(2)
        ]
        # until both workers have met the outage: each logs its first retry
        seen = [b"", b""]
        for i, proc in enumerate(procs):
            assert proc.stderr is not None
            while b"retrying in" not in seen[i]:
                line = await asyncio.wait_for(proc.stderr.readline(), timeout=30)
                assert line, "the worker ended before it met Redis down"
                seen[i] += line
        assert list(fake.on_off_calls) == []  # fail closed: nothing sent while Redis is down
        redis_server.start()
        outputs = [await asyncio.wait_for(p.communicate(), timeout=120) for p in procs]
        for proc, (out, err) in zip(procs, outputs, strict=True):
            assert proc.returncode == 0, err.decode()[-2000:]
            assert all(ok is True for ok in json.loads(out)), out
        assert fake.on_off_rejections == 0 and len(fake.on_off_calls) == len(changes)
        assert min(g for gaps in on_off_gaps(fake.on_off_calls).values() for g in gaps) >= INTERVAL
