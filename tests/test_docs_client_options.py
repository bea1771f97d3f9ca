"""README "Client options", row by row, as a user: each option's default, what it does, and the
clear error a wrong value gets when the client is built (before any request)."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.endpoints import CREATIVE_ON_OFF_QUOTA, QUOTAS
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

FAST = {name: 0.01 for name in QUOTAS}


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer(quotas=FAST) as server:
        yield server


def against(fake: FakeKakaoServer, **options: Any) -> ka.KakaoClient:
    options.setdefault("quotas", FAST)
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        **options,
    )


def test_every_option_is_keyword_only_with_the_documented_default() -> None:
    parameters = inspect.signature(ka.KakaoClient).parameters
    assert parameters["token"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    options = {name: p for name, p in parameters.items() if name != "token"}
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in options.values())
    defaults = {name: p.default for name, p in options.items()}
    assert defaults == {
        "ad_account_id": None,
        "moment_base_url": "https://apis.moment.kakao.com",
        "keyword_base_url": "https://api.keywordad.kakao.com",
        "session": None,
        "transport": None,
        "on_off_interval": None,
        "on_off_margin": None,
        "quotas": None,
        "user_key": None,
        "rate_limiter": None,
        "retry": None,
        "timeout": 30.0,
        "max_connections": 100,
        "max_requests_per_second": None,
        "max_response_bytes": 16 * 1024 * 1024,
        "observers": (),
    }
    with pytest.raises(TypeError):
        ka.KakaoClient("token", 1)  # type: ignore[misc]


async def test_unset_options_mean_what_the_table_says() -> None:
    async with ka.KakaoClient("a-token-of-some-length") as kakao:
        assert kakao.ad_account_id is None
        assert dict(kakao.quotas) == dict(QUOTAS)  # the declared quotas
        assert kakao.quotas[CREATIVE_ON_OFF_QUOTA.name].interval == 5.0
        assert isinstance(kakao.rate_limiter, ka.MemoryRateLimiter)
        assert kakao.rate_limiter.margin == 0.01
        assert "a-token" not in kakao.user_key  # a fingerprint of the token, never the token
        assert kakao.user_key == ka.KakaoClient("a-token-of-some-length").user_key
        assert isinstance(kakao.transport, ka.AiohttpTransport)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"ad_account_id": 0}, ka.KakaoInputError),
        ({"ad_account_id": True}, ka.KakaoInputTypeError),
        ({"moment_base_url": "ftp://example.com"}, ka.KakaoInputError),
        ({"keyword_base_url": "http://example.com"}, ka.KakaoInputError),  # http: loopback only
        ({"timeout": 0}, ka.KakaoInputError),
        ({"timeout": "30"}, ka.KakaoInputTypeError),
        ({"retry": 3}, ka.KakaoInputTypeError),
        ({"rate_limiter": ka.MemoryRateLimiter}, ka.KakaoInputTypeError),
        ({"quotas": {"no.such.quota": 1}}, ka.KakaoInputError),
        ({"quotas": {"campaigns.onOff": -1}}, ka.KakaoInputError),
        ({"on_off_interval": 0}, ka.KakaoInputError),
        ({"on_off_margin": -1}, ka.KakaoInputError),
        ({"observers": print}, ka.KakaoInputTypeError),
        ({"max_connections": 0}, ka.KakaoInputError),
        ({"max_requests_per_second": 0}, ka.KakaoInputError),
        ({"max_response_bytes": 0}, ka.KakaoInputError),
        ({"transport": object()}, ka.KakaoInputTypeError),
    ],
)
def test_a_wrong_option_is_a_clear_error_when_the_client_is_built(
    options: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        ka.KakaoClient("a-token", **options)


async def test_ad_account_id_is_settable_later_and_checked(fake: FakeKakaoServer) -> None:
    campaign = fake.add_campaign(ad_account_id=2)
    async with against(fake) as kakao:
        kakao.ad_account_id = 2
        assert (await kakao.moment.campaigns.get(campaign.id)).id == campaign.id
        with pytest.raises(ka.KakaoInputError):
            kakao.ad_account_id = 0
        assert kakao.ad_account_id == 2
        kakao.ad_account_id = None
        with pytest.raises(ka.KakaoInputError, match="ad_account_id"):
            await kakao.moment.campaigns.get(campaign.id)
    assert [r.ad_account_id for r in fake.requests] == ["2"]


async def test_timeout_runs_from_the_quota_turn_so_waiting_for_it_is_no_timeout(
    fake: FakeKakaoServer,
) -> None:
    # The onOff quota is 0.5 s here, the timeout 0.3 s: the second call waits longer than its
    # timeout for its turn and still succeeds, as "from its quota turn to its last byte" says.
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    fake.set_quota(CREATIVE_ON_OFF_QUOTA.name, 0.5)
    async with against(
        fake, quotas={**FAST, CREATIVE_ON_OFF_QUOTA.name: 0.5}, timeout=0.3
    ) as kakao:
        assert await kakao.moment.creatives.set_config(ids[0], "OFF") is True
        assert await kakao.moment.creatives.set_config(ids[1], "OFF") is True
    assert fake.on_off_rejections == 0


async def test_timeout_bounds_a_call_retries_included(fake: FakeKakaoServer) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    fake.stall_next(20, seconds=5)
    retry = ka.RetryPolicy(base=0.01, cap=0.01)
    async with against(fake, retry=retry, timeout=0.3) as kakao:
        with pytest.raises(ka.KakaoTimeoutError):
            await kakao.moment.creatives.get(ids[0])


async def test_quotas_sets_an_interval_or_a_whole_quota_and_kakao_quotas_shows_it() -> None:
    scoped = ka.Quota(name="campaigns.onOff", interval=2.0, scope="account")
    async with ka.KakaoClient(
        "a-token", quotas={"adGroups.onOff": 0.25, "campaigns.onOff": scoped}
    ) as kakao:
        assert kakao.quotas["adGroups.onOff"].interval == 0.25
        assert kakao.quotas["adGroups.onOff"].scope == QUOTAS["adGroups.onOff"].scope
        assert kakao.quotas["campaigns.onOff"] == scoped


async def test_on_off_interval_is_short_for_the_creatives_quota_and_margin_the_limiters() -> None:
    async with ka.KakaoClient("a-token", on_off_interval=0.5, on_off_margin=0.02) as kakao:
        assert kakao.quotas[CREATIVE_ON_OFF_QUOTA.name].interval == 0.5
        assert kakao.rate_limiter.margin == 0.02
    limiter = ka.MemoryRateLimiter(interval=2.0)
    async with ka.KakaoClient("a-token", rate_limiter=limiter) as kakao:
        assert kakao.rate_limiter is limiter
        # "unset, the declared 5 s (or a given rate_limiter='s interval)"
        assert kakao.quotas[CREATIVE_ON_OFF_QUOTA.name].interval == 2.0
    with pytest.raises(ka.KakaoInputError, match="on_off_margin"):
        ka.KakaoClient("a-token", rate_limiter=limiter, on_off_margin=0.02)


async def test_observers_receive_events_none_means_none_and_one_callable_is_refused(
    fake: FakeKakaoServer,
) -> None:
    seen: list[object] = []
    fake.add_campaign(ad_account_id=1)
    async with against(fake, observers=[seen.append]) as kakao:
        await kakao.moment.campaigns.list(config="ON")
    assert seen
    async with against(fake, observers=None) as kakao:
        await kakao.moment.campaigns.list(config="ON")
    with pytest.raises(ka.KakaoInputTypeError, match="iterable of callables"):
        ka.KakaoClient("a-token", observers=seen.append)


def test_user_key_goes_to_the_provider_and_never_holds_the_token() -> None:
    token = "a-secret-access-token"
    assert ka.KakaoClient(token, user_key="user-42").user_key == "user-42"
    with pytest.raises(ka.KakaoInputError):
        ka.KakaoClient(ka.StaticToken(token), user_key="user-42")
    with pytest.raises(ka.KakaoInputError):
        ka.KakaoClient(token, user_key=token)
    with pytest.raises(ka.KakaoInputError):
        ka.KakaoClient(token, user_key=f"user:{token}")


async def test_max_response_bytes_refuses_a_larger_body(fake: FakeKakaoServer) -> None:
    campaign = fake.add_campaign(ad_account_id=1, name="x" * 5000)
    async with against(fake, max_response_bytes=1000) as kakao:
        with pytest.raises(ka.KakaoDecodeError):
            await kakao.moment.campaigns.get(campaign.id)
    async with against(fake) as kakao:
        assert (await kakao.moment.campaigns.get(campaign.id)).name == "x" * 5000


async def test_a_session_of_your_own_is_used_and_never_closed(fake: FakeKakaoServer) -> None:
    campaign = fake.add_campaign(ad_account_id=1)
    async with aiohttp.ClientSession() as session:
        async with against(fake, session=session) as kakao:
            assert (await kakao.moment.campaigns.get(campaign.id)).id == campaign.id
        assert not session.closed
        with pytest.raises(ka.KakaoInputError, match="session"):
            ka.KakaoClient(
                "a-token", session=session, transport=ka.MockTransport(lambda request: None)
            )


async def test_a_transport_replaces_http_altogether() -> None:
    def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        return ka.HttpResponse(200, {"Content-Type": "application/json"}, b'{"content": []}')

    transport = ka.MockTransport(handler)
    async with ka.KakaoClient("a-token", ad_account_id=1, transport=transport) as kakao:
        assert kakao.transport is transport
        assert await kakao.moment.creatives.list(ad_group_id=5) == []
    assert len(transport.requests) == 1
