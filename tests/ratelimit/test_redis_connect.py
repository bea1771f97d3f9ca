"""How RedisRateLimiter's Redis connection is made (kakao_async.ratelimit._redis_pool.connect):
the pool a URL gets, what a given client is used as, and the exact refusals (no URL echoed).
Nothing here connects: redis-py opens connections on the first command."""

from __future__ import annotations

import pytest
import redis.asyncio as aioredis

import kakao_async as ka
from kakao_async.ratelimit._redis_pool import connect


def test_a_url_gets_a_blocking_pool_of_its_own_with_no_retries_inside_redis_py() -> None:
    connection = connect("redis://127.0.0.1:1/0", max_connections=None, socket_timeout=2.5)
    pool = connection.pool
    assert isinstance(pool, aioredis.BlockingConnectionPool)
    assert (pool.max_connections, pool.timeout) == (50, 2.5)
    kwargs = pool.connection_kwargs
    assert (kwargs["socket_timeout"], kwargs["socket_connect_timeout"]) == (2.5, 2.5)
    assert kwargs["retry"].get_retries() == 0
    assert isinstance(connection.client, aioredis.Redis)
    assert connection.client.connection_pool is pool
    assert connection.where == "127.0.0.1:1"


def test_max_connections_sizes_the_pool_and_a_unix_url_is_named_by_its_path() -> None:
    connection = connect("unix:///tmp/kakao.sock?db=2", max_connections=7, socket_timeout=1.0)
    assert connection.pool is not None and connection.pool.max_connections == 7
    assert connection.where == "/tmp/kakao.sock"


def test_a_given_client_is_used_as_is_and_not_owned() -> None:
    client = aioredis.Redis()
    connection = connect(client, max_connections=None, socket_timeout=1.0)
    assert (connection.client, connection.pool, connection.where) == (
        client,
        None,
        "the given Redis client",
    )
    with pytest.raises(ka.KakaoInputError) as info:
        connect(client, max_connections=3, socket_timeout=1.0)
    assert str(info.value) == "max_connections sizes the pool of a URL; a given client has its own"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://:hunter2@127.0.0.1/0",
            "redis must be a Redis URL (redis://, rediss:// or unix://) or a redis.asyncio client",
        ),
        (
            "redis://:hunter2@127.0.0.1:sixthousand/0",
            "redis URL not understood: its port is not a number from 0 to 65535, or a password "
            "in it has an unescaped '/', '?' or '#' (percent-encode it); the URL is not shown",
        ),
        (
            "redis://:hunter2@127.0.0.1:1/0?socket_timeout=abc",
            "redis URL not understood: Invalid value for 'socket_timeout' in connection URL. "
            "(the URL is not shown)",
        ),
    ],
)
def test_a_bad_url_is_refused_in_words_that_do_not_echo_it(url: str, message: str) -> None:
    with pytest.raises(ka.KakaoInputError) as info:
        connect(url, max_connections=None, socket_timeout=1.0)
    assert str(info.value) == message


def test_max_connections_is_checked_before_the_url() -> None:
    with pytest.raises(ka.KakaoInputError, match="max_connections"):
        connect("http://nope", max_connections=0, socket_timeout=1.0)


@pytest.mark.parametrize("path", ["/x", "/1x", "/0/1"])
def test_a_database_path_that_is_not_a_number_is_refused(path: str) -> None:
    # redis-py would read it as db 0, silently; ``?db=x`` it refuses.
    with pytest.raises(ka.KakaoInputError, match="database number") as caught:
        connect(f"redis://:hunter2@127.0.0.1:1{path}", max_connections=None, socket_timeout=1.0)
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("path", ["", "/", "/0", "/15", "/3/"])
def test_a_database_number_or_none_is_taken(path: str) -> None:
    connection = connect(f"redis://127.0.0.1:1{path}", max_connections=None, socket_timeout=1.0)
    assert connection.pool is not None
    want = int(path.strip("/") or 0)
    assert connection.pool.connection_kwargs.get("db", 0) == want


# review16: the path check reads the path as written, redis-py reads it percent-decoded.
@pytest.mark.parametrize(("path", "db"), [("/%31", 1), ("/%31%32", 12), ("/%30/", 0)])
def test_a_percent_encoded_database_number_is_taken_as_redis_py_reads_it(
    path: str, db: int
) -> None:
    connection = connect(f"redis://127.0.0.1:1{path}", max_connections=None, socket_timeout=1.0)
    assert connection.pool is not None
    assert connection.pool.connection_kwargs["db"] == db


# review16: with a numeric port-like start, an unescaped "/" in the user part passes the port
# check; the rest of the URL is then the "path", and the refusal blames the database number.
@pytest.mark.parametrize(
    "url", ["redis://:12/hunter2@127.0.0.1:1/0", "redis://us/er:hunter2@127.0.0.1:1/0"]
)
def test_an_unescaped_slash_in_the_user_part_is_named_as_such(url: str) -> None:
    with pytest.raises(ka.KakaoInputError) as caught:
        connect(url, max_connections=None, socket_timeout=1.0)
    text = str(caught.value)
    assert "hunter2" not in text
    assert "unescaped '/'" in text, text


# review16 (older than this stop): a password starting with digits, then an unescaped "?" or
# "#", passes the port check; the rest goes to the query or fragment, and the URL is taken as
# localhost:<those digits> with no password (redis://:6379?x@host/0 would use a local Redis).
@pytest.mark.parametrize(
    "url", ["redis://:6379?hunter2@127.0.0.1:1/0", "redis://:6379#hunter2@127.0.0.1:1/0"]
)
def test_an_unescaped_question_mark_or_hash_in_a_password_is_refused(url: str) -> None:
    with pytest.raises(ka.KakaoInputError, match="unescaped") as caught:
        connect(url, max_connections=None, socket_timeout=1.0)
    assert "hunter2" not in str(caught.value)
