"""KakaoClient: construction checks, secrets, sessions, auth and transport failures."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

SECRET = "s3cr3t-token-value-0123456789"


@pytest.mark.parametrize(
    "url",
    [
        "https://apis.moment.kakao.com",
        "http://127.0.0.1:8080",
        "http://localhost:1",
        "http://[::1]:9",
        "http://127.9.9.9",
    ],
)
def test_allowed_base_urls(url: str) -> None:
    ka.KakaoClient("t", moment_base_url=url, keyword_base_url=url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://apis.moment.kakao.com", "must use https"),
        ("http://10.0.0.1", "must use https"),
        ("ftp://x.test", "absolute http"),
        ("apis.moment.kakao.com", "absolute http"),
        ("https://user:pw@x.test", "credentials"),
        ("https://x.test/\r\nX-Injected: 1", "whitespace or control"),
        ("https://x.test/a\tb", "whitespace or control"),
        ("https://x.test/a\x0bb", "whitespace or control"),
        ("http://127.0.0.1:99999", "port"),
        ("http://127.0.0.1:0", "port"),
        ("https://x.test:0", "port"),
        ("https://x.test:65536/", "port"),
        ("http://127.0.0.1:http", "port"),
    ],
)
def test_refused_base_urls(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ka.KakaoClient("t", moment_base_url=url)
    with pytest.raises(ValueError, match=message):
        ka.RefreshingToken(client_id="app", refresh_token="r", auth_url=url)


@pytest.mark.parametrize("token", ["abc\r\nX-Evil: 1", "abc\n", "", " padded "])
def test_token_with_control_characters_is_refused(token: str) -> None:
    with pytest.raises(ValueError, match="token"):
        ka.KakaoClient(token)
    with pytest.raises(ValueError, match="user_key"):
        ka.KakaoClient("ok", user_key="a\nb")


def test_constructor_argument_checks() -> None:
    with pytest.raises(ValueError, match="on_off_margin"):
        ka.KakaoClient("t", rate_limiter=ka.MemoryRateLimiter(margin=1), on_off_margin=2)
    with pytest.raises(ValueError, match="interval"):
        ka.KakaoClient("t", on_off_interval=0)
    with pytest.raises(ValueError, match="margin"):
        ka.KakaoClient("t", on_off_margin=-1)
    with pytest.raises(ValueError, match="ad_account_id"):
        ka.KakaoClient("t", ad_account_id=-3)
    with pytest.raises(TypeError, match="token"):
        ka.KakaoClient(12345)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout"):
        ka.KakaoClient("t", timeout=0)


def test_token_is_not_in_reprs() -> None:
    client = ka.KakaoClient(SECRET, ad_account_id=5)
    assert SECRET not in repr(client)
    assert SECRET not in repr(ka.StaticToken(SECRET))
    assert "ad_account_id=5" in repr(client)
    assert client.user_key not in SECRET  # a one-way fingerprint, not a slice of the token


def test_user_key_is_explicit_or_derived() -> None:
    assert ka.KakaoClient(SECRET).user_key == ka.KakaoClient(SECRET).user_key
    assert ka.KakaoClient(SECRET).user_key != ka.KakaoClient(SECRET + "x").user_key
    assert ka.KakaoClient(SECRET, user_key="team-a").user_key == "team-a"


async def test_auth_failure_is_typed_and_never_shows_the_token(
    fake: FakeKakaoServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with ka.KakaoClient(SECRET, ad_account_id=1, moment_base_url=fake.base_url) as client:
        with pytest.raises(ka.KakaoAuthError) as info:
            await client.moment.creatives.get(1)
    err = info.value
    assert (err.status, err.code) == (401, -401)
    assert SECRET not in str(err) and SECRET not in repr(err)
    assert caplog.records, "the client logs its requests at DEBUG"
    assert all(SECRET not in r.getMessage() for r in caplog.records)
    assert all(SECRET not in str(r.user) for r in fake.requests)


async def test_forbidden_account(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.restricted_ad_accounts.add(1)
    with pytest.raises(ka.KakaoPermissionError):
        await kakao.moment.creatives.list(ad_group_id=1)


async def test_headers_sent(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    await kakao.moment.creatives.list(ad_group_id=1, ad_account_id=77)
    record = fake.requests[-1]
    assert record.ad_account_id == "77"
    assert record.user is not None  # the fake authenticated the bearer token


async def test_non_json_success_body_is_a_decode_error(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.garbage_next(1, status=200)
    with pytest.raises(ka.KakaoDecodeError, match="not JSON") as info:
        await kakao.moment.creatives.list(ad_group_id=1)
    assert info.value.status == 200 and info.value.path == "/openapi/v4/creatives"


async def test_wrong_shape_is_a_decode_error(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.respond_next({"content": {"id": 1}})
    with pytest.raises(ka.KakaoDecodeError):
        await kakao.moment.creatives.list(ad_group_id=1)
    fake.respond_next([1, 2, 3])
    with pytest.raises(ka.KakaoDecodeError):
        await kakao.keyword.creatives.get(5)


async def test_html_error_page_becomes_server_error(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.garbage_next(5, status=502)
    with pytest.raises(ka.KakaoServerError) as info:
        await kakao.moment.creatives.get(1)
    assert info.value.status == 502 and info.value.code is None


async def test_transient_failures_are_retried_for_idempotent_calls(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    c = fake.add_moment_creative(ad_account_id=1)
    fake.fail_next(2, status=503)
    assert (await kakao.moment.creatives.get(c.id)).id == c.id
    assert [r.status for r in fake.requests] == [503, 503, 200]


async def test_connection_refused_is_a_transport_error() -> None:
    async with FakeKakaoServer() as fake:
        url = fake.base_url
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=url,
        retry=ka.RetryPolicy(attempts=2, base=0.01),
    ) as client:
        with pytest.raises(ka.KakaoTransportError, match="GET /openapi/v4/creatives/1"):
            await client.moment.creatives.get(1)


async def test_timeout_is_a_transport_error(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.stall_next(3, seconds=1.0)
    with pytest.raises(ka.KakaoTransportError, match=r"within 0\.05s"):
        await kakao.moment.creatives.get(1, timeout=0.05)


async def test_caller_session_is_used_and_not_closed(fake: FakeKakaoServer) -> None:
    async with aiohttp.ClientSession() as session:
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, session=session
        ) as client:
            await client.moment.creatives.list(ad_group_id=1)
        assert not session.closed
        async with session.get(fake.base_url + "/_fake/stats") as resp:
            assert (await resp.json())["requests"] == 1


async def test_owned_session_is_closed(fake: FakeKakaoServer) -> None:
    client = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url)
    await client.moment.creatives.list(ad_group_id=1)
    transport = client.transport
    assert isinstance(transport, ka.AiohttpTransport)
    session = transport.session
    await client.aclose()
    assert session is not None and session.closed
    with pytest.raises(ka.KakaoClosedError, match="closed"):
        await client.moment.creatives.list(ad_group_id=1)


async def test_clients_can_share_one_limiter(fake: FakeKakaoServer) -> None:
    limiter = ka.MemoryRateLimiter(interval=0.1)
    ids = fake.seed(ad_accounts=[1], creatives_per_account=4)[1]
    kwargs = {"ad_account_id": 1, "moment_base_url": fake.base_url, "rate_limiter": limiter}
    async with (
        ka.KakaoClient(DEFAULT_TOKEN, **kwargs) as a,
        ka.KakaoClient(DEFAULT_TOKEN, **kwargs) as b,
    ):
        assert a.rate_limiter is b.rate_limiter is limiter
        await asyncio.gather(
            *(
                c.moment.creatives.set_config(i, "OFF")
                for c, i in zip([a, b, a, b], ids, strict=False)
            )
        )
    assert fake.on_off_rejections == 0 and len(fake.on_off_calls) == 4


async def test_the_suite_wide_secret_check_sees_debug_records(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, secret_log_capture: list[str]
) -> None:
    before = len(secret_log_capture)
    fake.fail_next(1, status=503)
    await kakao.moment.creatives.list(ad_group_id=1)
    new = secret_log_capture[before:]
    assert any("retry 1 of 2" in t for t in new) and any("-> 200" in t for t in new)


async def test_client_wide_request_rate_cap(fake: FakeKakaoServer) -> None:
    """max_requests_per_second (aiolimiter's leaky bucket): a burst of the rate, then the rate."""
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, max_requests_per_second=10
    ) as kakao:
        await asyncio.gather(*(kakao.moment.creatives.list(ad_group_id=1) for _ in range(15)))
    arrivals = sorted(r.arrived_at for r in fake.requests)
    assert len(arrivals) == 15
    assert arrivals[-1] - arrivals[0] >= 0.4  # the 5 beyond the burst of 10 are paced at 10/s
    with pytest.raises(TypeError, match="max_requests_per_second"):
        ka.KakaoClient("t", max_requests_per_second="fast")  # type: ignore[arg-type]


async def test_request_rate_below_one_per_second(fake: FakeKakaoServer) -> None:
    """0.9/s is one request per 1.11 s: the second waits for it instead of failing."""
    c = fake.add_moment_creative(ad_account_id=1)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        on_off_interval=0.01,
        max_requests_per_second=0.9,
    ) as kakao:
        await asyncio.gather(
            kakao.moment.creatives.list(ad_group_id=1),
            kakao.moment.creatives.set_config(c.id, "OFF"),  # a quota'd call too
        )
    first, second = sorted(r.arrived_at for r in fake.requests)
    assert 1.0 <= second - first < 2.0
    assert fake.moment_creative(c.id).config == "OFF"
