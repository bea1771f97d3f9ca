"""Quota settings on the client and the fake (``quotas=``), the client's quota snapshot, and the
daily-limit error that is raised at once instead of retried."""

from __future__ import annotations

import asyncio
import time
from types import MappingProxyType

import pytest

import kakao_async as ka
from kakao_async._quotas import declared_quotas, resolve_quotas
from kakao_async.endpoints import CREATIVE_ON_OFF_QUOTA, ENDPOINTS, Quota
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, control, fake_server_process
from tests.conftest import INTERVAL

ON_OFF = "/openapi/v4/creatives/onOff"
LIST = "/openapi/v4/creatives"


# --- the table -----------------------------------------------------------------------------


def test_every_declared_quota_name_means_one_quota() -> None:
    table = declared_quotas()  # raises if two endpoints declare one name differently
    assert table[CREATIVE_ON_OFF_QUOTA.name] is CREATIVE_ON_OFF_QUOTA
    assert set(table) == {e.quota.name for e in ENDPOINTS if e.quota is not None}


def test_quotas_replace_an_interval_or_a_whole_quota() -> None:
    kakao = ka.KakaoClient("t", quotas={"creatives.onOff": 0.25})
    assert kakao.quotas["creatives.onOff"] == Quota(
        name="creatives.onOff", interval=0.25, scope="user_account"
    )
    per_account = Quota(name="creatives.onOff", interval=2, scope="account")
    kakao = ka.KakaoClient("t", quotas={"creatives.onOff": per_account})
    assert kakao.quotas["creatives.onOff"] is per_account
    # The scope decides the key (and so the Redis key names).
    assert kakao.quota_key(CREATIVE_ON_OFF_QUOTA, 42) == "creatives.onOff:42"
    assert ka.KakaoClient("t", user_key="me").quota_key(CREATIVE_ON_OFF_QUOTA, 42) == (
        "creatives.onOff:me:42"
    )
    app = Quota(name="creatives.onOff", interval=2, scope="app")
    assert ka.KakaoClient("t", quotas={"creatives.onOff": app}).quota_key(
        CREATIVE_ON_OFF_QUOTA, 42
    ) == ("creatives.onOff:app")


def test_the_effective_quotas_are_read_only() -> None:
    quotas = ka.KakaoClient("t").quotas
    assert isinstance(quotas, MappingProxyType)
    assert quotas["creatives.onOff"] == CREATIVE_ON_OFF_QUOTA
    with pytest.raises(TypeError):
        quotas["creatives.onOff"] = CREATIVE_ON_OFF_QUOTA  # type: ignore[index]


@pytest.mark.parametrize(
    ("quotas", "error", "match"),
    [
        ({"campaigns.onof": 1.0}, ValueError, "unknown quota 'campaigns.onof'.*creatives.onOff"),
        ({"creatives.onOff": float("nan")}, ValueError, "finite"),
        ({"creatives.onOff": True}, TypeError, "seconds or a Quota"),
        ({"creatives.onOff": "5"}, TypeError, "seconds or a Quota"),
        ({"creatives.onOff": Quota(name="other", interval=1)}, ValueError, "names differ"),
        ([("creatives.onOff", 1.0)], TypeError, "mapping"),
    ],
)
def test_bad_quota_settings_fail_before_anything_is_sent(
    quotas: object, error: type[Exception], match: str
) -> None:
    sent: list[ka.HttpRequest] = []

    def handler(request: ka.HttpRequest) -> ka.HttpResponse:
        sent.append(request)
        return ka.HttpResponse(200, b"{}")

    with pytest.raises(error, match=match):
        ka.KakaoClient("t", transport=ka.MockTransport(handler), quotas=quotas)  # type: ignore[arg-type]
    with pytest.raises(error, match=match):
        FakeKakaoServer(quotas=quotas)  # type: ignore[arg-type]
    assert sent == []


def test_a_quota_of_0_is_refused_by_the_client_and_enforces_none_at_the_fake() -> None:
    """A client must space its calls, so 0 is no interval for it; the fake takes 0 as "enforce
    none" (docs/testing.md), as 0.2.0's fake took ``on_off_interval=0``."""
    with pytest.raises(ValueError, match=r"quotas\['creatives.onOff'\].*> 0"):
        ka.KakaoClient("t", quotas={"creatives.onOff": 0})
    assert FakeKakaoServer(quotas={"creatives.onOff": 0}).quotas.interval("creatives.onOff") == 0


def test_a_quota_itself_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="interval"):
        Quota(name="x", interval=-1)
    with pytest.raises(ValueError, match="scope"):
        Quota(name="x", interval=1, scope="planet")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="name"):
        Quota(name="two words", interval=1)


def test_on_off_interval_is_the_shorthand() -> None:
    assert ka.KakaoClient("t", on_off_interval=0.3).quotas["creatives.onOff"].interval == 0.3
    with pytest.raises(ValueError, match=r"on_off_interval=0\.3 contradicts"):
        ka.KakaoClient("t", on_off_interval=0.3, quotas={"creatives.onOff": 0.2})
    # Saying the same thing twice is no conflict.
    both = ka.KakaoClient("t", on_off_interval=0.3, quotas={"creatives.onOff": 0.3})
    assert both.quotas["creatives.onOff"].interval == 0.3
    with pytest.raises(ValueError, match="on_off_interval"):
        ka.KakaoClient("t", on_off_interval=-1)
    with pytest.raises(ValueError, match="contradicts"):
        FakeKakaoServer(on_off_interval=0.3, quotas={"creatives.onOff": 0.2})


def test_a_given_limiter_still_sets_the_on_off_interval_unless_the_client_does() -> None:
    limiter = ka.MemoryRateLimiter(interval=0.2)
    assert ka.KakaoClient("t", rate_limiter=limiter).quotas["creatives.onOff"].interval == 0.2
    kakao = ka.KakaoClient("t", rate_limiter=limiter, on_off_interval=0.3)
    assert kakao.quotas["creatives.onOff"].interval == 0.3
    # The default limiter's own interval follows the onOff quota, as on_off_interval always did.
    assert ka.KakaoClient("t", quotas={"creatives.onOff": 0.4}).rate_limiter.interval == 0.4
    assert ka.KakaoClient("t").rate_limiter.interval == CREATIVE_ON_OFF_QUOTA.interval


def test_resolve_keeps_undeclared_names_out() -> None:
    table = resolve_quotas({"creatives.onOff": 1.5})
    assert list(table) == list(declared_quotas())


# --- the fake takes the same settings ----------------------------------------------------


async def test_the_fake_enforces_an_overridden_interval() -> None:
    async with FakeKakaoServer(quotas={"creatives.onOff": 0.3}) as fake:
        assert fake.on_off_interval == 0.3 and fake.quotas["creatives.onOff"].interval == 0.3
        ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
        kwargs = {"ad_account_id": 1, "moment_base_url": fake.base_url}
        # A client at 0.05 s is refused by a fake at 0.3 s ...
        async with ka.KakaoClient(DEFAULT_TOKEN, on_off_interval=0.05, **kwargs) as hasty:
            result = await hasty.moment.creatives.set_configs([(i, "OFF") for i in ids])
        assert result.ok and fake.on_off_rejections > 0
        assert fake.quota_rejections == {"creatives.onOff": fake.on_off_rejections}
        fake.quotas.clear()
        # ... and one at the fake's interval is not.
        async with ka.KakaoClient(DEFAULT_TOKEN, on_off_interval=0.3, **kwargs) as patient:
            result = await patient.moment.creatives.set_configs([(i, "ON") for i in ids])
        assert result.ok and fake.on_off_rejections == 0 and fake.quota_rejections == {}


async def test_a_scope_override_changes_who_shares_the_window(fake: FakeKakaoServer) -> None:
    """Per ad account: two users of one account share one window; per (user, account) not."""
    creative = fake.add_moment_creative(ad_account_id=1)
    fake.add_token("second-token")
    fake.set_quota("creatives.onOff", Quota(name="creatives.onOff", interval=5, scope="account"))
    kwargs = {"ad_account_id": 1, "moment_base_url": fake.base_url}
    policy = ka.RetryPolicy(rate_limit_attempts=1)
    async with (
        ka.KakaoClient(DEFAULT_TOKEN, retry=policy, **kwargs) as a,
        ka.KakaoClient("second-token", retry=policy, **kwargs) as b,
    ):
        await a.moment.creatives.set_config(creative.id, "OFF")
        with pytest.raises(ka.KakaoRateLimitError):
            await b.moment.creatives.set_config(creative.id, "ON")
        fake.set_quota("creatives.onOff", 5.0)  # a number keeps the scope it has
        assert fake.quotas["creatives.onOff"].scope == "account"
        fake.set_quota("creatives.onOff", Quota(name="creatives.onOff", interval=5))
        await b.moment.creatives.set_config(creative.id, "ON")  # another user: its own window
    assert fake.on_off_rejections == 1


def test_the_standalone_fake_takes_quotas_on_the_command_line_and_control_api() -> None:
    async def check(url: str) -> None:
        assert (await control(url, "GET", "/_fake/quotas"))["creatives.onOff"] == {
            "interval": 0.25,
            "scope": "user_account",
            "rejected": 0,
        }
        await control(
            url,
            "POST",
            "/_fake/config",
            {"quotas": {"creatives.onOff": {"interval": 0.5, "scope": "account"}}},
        )
        assert (await control(url, "GET", "/_fake/quotas"))["creatives.onOff"] == {
            "interval": 0.5,
            "scope": "account",
            "rejected": 0,
        }
        await control(url, "POST", "/_fake/config", {"quotas": {"creatives.onOff": 0.125}})
        quotas = await control(url, "GET", "/_fake/quotas")
        assert quotas["creatives.onOff"] == {"interval": 0.125, "scope": "account", "rejected": 0}
        with pytest.raises(Exception, match="400"):
            await control(url, "POST", "/_fake/config", {"quotas": {"nope": 1}})

    with fake_server_process(on_off_interval=None, args=["--quota", "creatives.onOff=0.25"]) as url:
        asyncio.run(check(url))


# --- the snapshot ---------------------------------------------------------------------------


async def test_the_client_snapshot_shows_each_key(fake: FakeKakaoServer) -> None:
    creative = fake.add_moment_creative(ad_account_id=1)
    fake.fail_next(1, status=429, code=-813, path=ON_OFF)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        quotas={"creatives.onOff": 0.5},
    ) as kakao:
        assert await kakao.quota_snapshot() == ()
        await kakao.moment.creatives.set_config(creative.id, "OFF")  # a 429, then accepted
        key = kakao.quota_key(CREATIVE_ON_OFF_QUOTA, 1)
        (state,) = await kakao.quota_snapshot()
        assert (state.key, state.quota, state.interval) == (key, "creatives.onOff", 0.5)
        assert state.rejections == 1 and state.waiting == 0 and not state.in_flight
        assert 0.3 < state.ready_in <= 0.51
        waiting = asyncio.ensure_future(kakao.moment.creatives.set_config(creative.id, "ON"))
        await asyncio.sleep(0.05)
        (state,) = await kakao.quota_snapshot([key])
        assert state.waiting == 1
        await waiting
    assert len(fake.on_off_calls) == 2


# --- a limit that will not clear in seconds -----------------------------------------------


@pytest.mark.parametrize(
    ("status", "code", "retry_after", "path"),
    [
        (400, -11, None, ON_OFF),  # Kakao: a daily or monthly limit
        (400, -11, None, LIST),  # also on an endpoint without a quota
        (429, -813, 120.0, ON_OFF),  # "come back in two minutes": not the 5 s throttle
        (429, -813, 120.0, LIST),
    ],
)
async def test_an_exhausted_quota_is_raised_at_once_and_not_retried(
    fake: FakeKakaoServer,
    kakao: ka.KakaoClient,
    status: int,
    code: int,
    retry_after: float | None,
    path: str,
) -> None:
    creative = fake.add_moment_creative(ad_account_id=1)
    fake.fail_next(1, status=status, code=code, retry_after=retry_after, path=path)
    started = time.monotonic()
    call = (
        kakao.moment.creatives.set_config(creative.id, "OFF", timeout=600)
        if path == ON_OFF
        else kakao.moment.creatives.list(ad_group_id=1, timeout=600)
    )
    with pytest.raises(ka.KakaoQuotaExhaustedError) as caught:
        await call
    assert time.monotonic() - started < 1.0
    assert len(fake.requests) == 1
    assert isinstance(caught.value, ka.KakaoRateLimitError)  # old handlers still catch it
    assert (caught.value.code, caught.value.retry_after) == (code, retry_after)


async def test_the_exhausted_rules_are_settings(fake: FakeKakaoServer) -> None:
    creative = fake.add_moment_creative(ad_account_id=1)
    kwargs = {"ad_account_id": 1, "moment_base_url": fake.base_url, "on_off_interval": INTERVAL}
    # -10 is retried by default (Kakao's text fits a short limit too) ...
    fake.fail_next(1, status=400, code=-10, path=ON_OFF)
    async with ka.KakaoClient(DEFAULT_TOKEN, **kwargs) as kakao:
        await kakao.moment.creatives.set_config(creative.id, "OFF")
    assert [r.status for r in fake.requests] == [400, 200]
    # ... and final once a user says their -10 is a daily quota.
    fake.reset()
    fake.add_moment_creative(id=creative.id, ad_account_id=1)
    fake.fail_next(1, status=400, code=-10, path=ON_OFF)
    policy = ka.RetryPolicy(exhausted_codes={-10, -11}, exhausted_after=None)
    async with ka.KakaoClient(DEFAULT_TOKEN, retry=policy, **kwargs) as kakao:
        with pytest.raises(ka.KakaoQuotaExhaustedError):
            await kakao.moment.creatives.set_config(creative.id, "OFF")
        # exhausted_after=None: a long Retry-After is a plain rate limit (here: past the
        # call's deadline, so raised without waiting, as before).
        fake.fail_next(1, status=429, code=-813, retry_after=120, path=ON_OFF)
        with pytest.raises(ka.KakaoRateLimitError) as caught:
            await kakao.moment.creatives.set_config(creative.id, "OFF", timeout=0.5)
        assert type(caught.value) is ka.KakaoRateLimitError
    assert len(fake.requests) == 2


def test_exhausted_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="exhausted_after"):
        ka.RetryPolicy(exhausted_after=0)
    assert ka.RetryPolicy(exhausted_codes=[-10]).exhausted_codes == frozenset({-10})


@pytest.mark.parametrize(
    "quotas",
    [
        {"nope": 1},
        {"creatives.onOff": -1},
        {"creatives.onOff": {"interval": 1, "scope": "planet"}},
        {"creatives.onOff": {"interval": 1, "extra": 2}},
    ],
)
async def test_a_bad_quota_setting_over_http_changes_nothing(
    fake: FakeKakaoServer, quotas: dict[str, object]
) -> None:
    before = dict(fake.quotas)
    with pytest.raises(Exception, match="400"):
        await control(fake.base_url, "POST", "/_fake/config", {"latency": [0, 1], "quotas": quotas})
    assert dict(fake.quotas) == before and fake.latency == (0.0, 0.0)
    with pytest.raises(Exception, match="400"):
        await control(
            fake.base_url, "POST", "/_fake/config", {"onOffInterval": -1, "tokens": ["x"]}
        )
    assert fake.on_off_interval == INTERVAL
