"""Scenario: a Korean ad agency runs ~300 advertisers' ad accounts with several Kakao users (one
token, or one RefreshingToken, per user; some accounts are operated by two users), in one
process or a few sharing Redis. In one run it switches creatives, campaigns and ad groups,
changes budgets and bids and pulls reports, all at once.

From README "Client options", "Quotas", "The onOff quota, in numbers", "Bulk operations",
"Several processes: Redis", "Guarantees" and "Security defaults": one ``KakaoClient`` per user,
all given one ``rate_limiter=``. Every quota is scaled down on the clients and on the fake, which
refuses (429) any call that arrives too early for its quota key.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
import traceback
from collections.abc import AsyncIterator, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.endpoints import QUOTAS
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests import worker_process
from tests.cli.conftest import CLI, cli, cli_env  # noqa: F401 - the CLI fixtures, used here too

#: The 5 s quotas (creatives' onOff, reports) and the 1 s ones, scaled down alike (x 1/12.5).
SLOW = 0.4
FAST = 0.08
USER_B = "agency-user-b-token-5d1e0c7a9b"
USER_C = "agency-user-c-token-33f0a1e2c4"
CLIENT_ID = "agency-app-client-id"
CLIENT_SECRET = "agency-app-client-secret-9f8e7d"
REFRESH = "agency-user-r-refresh-token-0b1c2d3e"


def scaled() -> dict[str, float]:
    """Every declared quota's interval, scaled: the 5 s ones to SLOW, the 1 s ones to FAST."""
    return {name: SLOW if quota.interval >= 5 else FAST for name, quota in QUOTAS.items()}


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer(quotas=scaled()) as server:
        server.add_token(USER_B)
        server.add_token(USER_C)
        yield server


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[ka.QuotaLimiter]:
    """The one limiter every user's client shares: in memory, or Redis (between processes)."""
    if request.param == "memory":
        async with ka.MemoryRateLimiter() as memory:
            yield memory
        return
    redis_url = request.getfixturevalue("redis_url")
    # A Redis up for under a second (INFO gives whole seconds) makes every key cool down first
    # (README: a restart forgets nothing), which would add up to a second to the timings here.
    import redis.asyncio

    async with redis.asyncio.Redis.from_url(redis_url) as check:
        up = (await check.info("server"))["uptime_in_seconds"]
    await asyncio.sleep(max(0.0, 1.1 - up))
    async with ka.RedisRateLimiter(redis_url, namespace="agency", poll_interval=0.01) as shared:
        yield shared


def client(
    fake: FakeKakaoServer, token: str | ka.TokenProvider, limiter: ka.QuotaLimiter, **options: Any
) -> ka.KakaoClient:
    options.setdefault("quotas", scaled())
    return ka.KakaoClient(
        token,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        rate_limiter=limiter,
        # One attempt: a server 429 fails the call, so none can hide behind a retry.
        retry=ka.RetryPolicy(rate_limit_attempts=1, base=0.01, cap=0.05),
        **options,
    )


def gaps(times: Iterable[float]) -> list[float]:
    ordered = sorted(times)
    return [b - a for a, b in itertools.pairwise(ordered)]


def server_rejections(fake: FakeKakaoServer) -> dict[str, int]:
    return dict(fake.quotas.rejections_by_quota())


# --- one limiter, several users -------------------------------------------------------------


async def test_two_users_of_one_account_switch_side_by_side_and_share_its_reports(
    fake: FakeKakaoServer, limiter: ka.QuotaLimiter
) -> None:
    """creatives.onOff is per (user, account): two users' lanes of one account run side by side.
    reports.account is per account: the two users' report calls of it take turns."""
    creatives = fake.seed(ad_accounts=[1], creatives_per_account=6)[1]
    mine, theirs = creatives[:3], creatives[3:]
    async with client(fake, DEFAULT_TOKEN, limiter) as a, client(fake, USER_B, limiter) as b:
        on_off_a, on_off_b = a.quota_key("creatives.onOff", 1), b.quota_key("creatives.onOff", 1)
        assert on_off_a != on_off_b
        for key in (on_off_a, on_off_b):
            assert key.startswith("creatives.onOff:") and key.endswith(":1")
        assert a.quota_key("reports.account", 1) == b.quota_key("reports.account", 1)
        assert a.quota_key("reports.account", 1) == "reports.account:1"
        assert a.quota_key("reports.app", 1) == b.quota_key("reports.app", 2) == "reports.app:app"

        async def reports(kakao: ka.KakaoClient) -> list[ka.Report]:
            return [await kakao.moment.reports.ad_account(date_preset="YESTERDAY") for _ in "xy"]

        switched_a, switched_b, reports_a, reports_b = await asyncio.gather(
            a.moment.creatives.set_configs([(i, "OFF") for i in mine]),
            b.moment.creatives.set_configs([(i, "OFF") for i in theirs]),
            reports(a),
            reports(b),
        )
    assert switched_a.ok and switched_b.ok and len(reports_a) == len(reports_b) == 2
    assert server_rejections(fake) == {} and fake.report_rejections == 0
    by_user: dict[str, list[float]] = {}
    for call in fake.on_off_calls:
        by_user.setdefault(call.user, []).append(call.arrived_at)
    assert sorted(len(t) for t in by_user.values()) == [3, 3]
    first, second = sorted(by_user.values())
    # Side by side: the second user's lane started before the first one's had ended.
    assert second[0] < first[-1] and first[0] < second[-1]
    assert min(gaps(first) + gaps(second)) >= SLOW
    # Shared: the 4 report calls of account 1 (2 per user) are spaced as one key.
    assert len(fake.report_calls) == 4
    assert min(gaps(c.arrived_at for c in fake.report_calls)) >= SLOW


async def test_user_key_names_the_user_part_and_the_fingerprint_hides_the_token(
    fake: FakeKakaoServer,
) -> None:
    shared = ka.MemoryRateLimiter()
    async with (
        client(fake, DEFAULT_TOKEN, shared, user_key="ops-kim") as named,
        client(fake, USER_B, shared) as fingerprinted,
        client(fake, USER_B, shared) as again,
    ):
        assert named.quota_key("creatives.onOff", 7) == "creatives.onOff:ops-kim:7"
        key = fingerprinted.quota_key("creatives.onOff", 7)
        # The same user gets the same key from any client (so they space each other) ...
        assert key == again.quota_key("creatives.onOff", 7)
        # ... and no piece of the token is in it.
        user = key.split(":")[1]
        assert USER_B not in key and user not in USER_B and len(user) >= 8
        with pytest.raises(ka.KakaoInputError):
            ka.KakaoClient(USER_B, user_key=f"ops-{USER_B}")


# --- every quota at once ----------------------------------------------------------------------


async def test_every_quota_at_once_each_key_at_its_own_pace(
    fake: FakeKakaoServer, limiter: ka.QuotaLimiter
) -> None:
    """Creatives, campaigns, ad groups, budgets, bids and reports of two accounts in one run: each
    key spaced by its own interval at the server, 0 429s, a 1 s quota never waits for a 5 s one,
    and the run takes about its busiest key's bound."""
    seeded = fake.seed_hierarchy(
        ad_accounts=[1, 2], campaigns_per_account=4, ad_groups_per_campaign=1,
        creatives_per_ad_group=1,
    )  # fmt: skip
    loop = asyncio.get_running_loop()
    async with client(fake, DEFAULT_TOKEN, limiter) as kakao:
        changes: list[Any] = []
        work: list[Any] = []
        for account, ids in seeded.items():
            changes += [
                ka.CreativeConfigChange(i, "OFF", ad_account_id=account) for i in ids.creatives
            ]
            changes += [
                ka.CampaignConfigChange(i, "OFF", ad_account_id=account) for i in ids.campaigns
            ]
            changes += [
                ka.AdGroupConfigChange(i, "OFF", ad_account_id=account) for i in ids.ad_groups
            ]
            camp, group = kakao.moment.campaigns, kakao.moment.ad_groups
            work += [camp.set_daily_budget(i, 70_000, ad_account_id=account) for i in ids.campaigns]
            work += [group.set_bid_amount(i, 300, ad_account_id=account) for i in ids.ad_groups]
            work += [
                kakao.moment.reports.ad_account(date_preset="YESTERDAY", ad_account_id=account)
                for _ in range(4)
            ]
        started = loop.time()
        bulk, *singles = await asyncio.gather(kakao.moment.set_configs(changes), *work)
        took = loop.time() - started
    assert bulk.ok and len(bulk) == len(changes) == 24
    assert all(s is True or isinstance(s, ka.Report) for s in singles)
    assert server_rejections(fake) == {} and fake.report_rejections == 0
    arrivals: dict[tuple[str, str, int], list[float]] = {}
    for c in fake.quota_calls:
        arrivals.setdefault((c.quota, c.user, c.ad_account_id), []).append(c.arrived_at)
    for o in fake.on_off_calls:
        arrivals.setdefault(("creatives.onOff", o.user, o.ad_account_id), []).append(o.arrived_at)
    for r in fake.report_calls:
        arrivals.setdefault((r.quota, r.key, r.ad_account_id), []).append(r.arrived_at)
    assert len(arrivals) == 2 * 6 and all(len(t) == 4 for t in arrivals.values())
    for (quota, _, _), times in arrivals.items():
        assert min(gaps(times)) >= fake.quotas[quota].interval, quota
    for account in (1, 2):
        slow = sorted(arrivals[("creatives.onOff", fake.on_off_calls[0].user, account)])
        fast = [t for (q, _, a), t in arrivals.items() if a == account and scaled()[q] == FAST]
        # Every 1 s quota's key had started before the creatives' key took its second step.
        assert len(fast) == 4 and all(min(t) < slow[1] for t in fast)
    bound = 3 * (SLOW + 0.01)  # the busiest keys: 4 calls, 3 steps of a 5 s quota
    # Near the bound (the round trips and a loaded machine on top); the keys of one account
    # waiting for each other would have taken twice the bound and more.
    assert took < 1.5 * bound, (took, bound)


# --- last value wins, and where it is not promised ---------------------------------------------


async def test_last_value_wins_per_creative_within_a_client_not_across_users(
    fake: FakeKakaoServer,
) -> None:
    """README: within one client the last value submitted for a creative is its final state;
    across clients (two users of one account) the order their calls reach Kakao decides, and
    README lists that under "Not promised"."""
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    shared = ka.MemoryRateLimiter()
    async with client(fake, DEFAULT_TOKEN, shared) as a, client(fake, USER_B, shared) as b:
        # One client: OFF, then ON while OFF waits for its turn; OFF is superseded, not sent.
        first = asyncio.create_task(a.moment.creatives.set_configs([(creative, "OFF")] * 2))
        await asyncio.sleep(0)
        second = await a.moment.creatives.set_configs([(creative, "ON"), (creative, "OFF")])
        third = await a.moment.creatives.set_configs([(creative, "ON")])
        done = await first
        assert done.ok and second.ok and third.ok and len(done) == 2 and len(second) == 2
        assert fake.moment_creative(creative).config == "ON"
        # Two users: both changes are sent (each is its own user's key, neither supersedes the
        # other); the one that reached the fake last is the final state.
        fake.on_off_calls.clear()
        both = await asyncio.gather(
            a.moment.creatives.set_config(creative, "OFF"),
            b.moment.creatives.set_config(creative, "ON"),
        )
    assert list(both) == [True, True] and len(fake.on_off_calls) == 2
    assert fake.moment_creative(creative).config == fake.on_off_calls[-1].config
    readme = _readme()
    assert "Ordering across `KakaoClient` instances in one process" in readme
    assert "Ordering across processes" in readme


def _readme() -> str:
    return (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


# --- one user's token dies mid-run --------------------------------------------------------------


def _no_secret_in(texts: Iterable[str], secrets: Sequence[str]) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text, f"a secret in: {text[:200]!r}"


async def _sent(fake: FakeKakaoServer, user: str, count: int) -> None:
    """Until ``count`` onOff calls of ``user`` (a fingerprint) have been accepted."""
    while sum(c.user == user for c in fake.on_off_calls) < count:  # noqa: ASYNC110
        await asyncio.sleep(0.005)


async def test_a_token_refused_mid_run_fails_that_users_items_only_and_shows_no_secret(
    fake: FakeKakaoServer, limiter: ka.QuotaLimiter, caplog: pytest.LogCaptureFixture
) -> None:
    """Three users, two accounts, one shared limiter. Mid-run user A's token is revoked and user
    R's access token expires while its refresh token is refused: their unsent items fail with
    KakaoAuthError; user C's items all apply. No token, refresh token or client secret in any
    log record (DEBUG too), repr, event, error, traceback or quota key."""
    caplog.set_level(logging.DEBUG)
    creatives = fake.seed(ad_accounts=[1, 2], creatives_per_account=9)
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=REFRESH, client_secret=CLIENT_SECRET)
    issued: list[str] = []
    refreshing = ka.RefreshingToken(
        client_id=CLIENT_ID,
        refresh_token=REFRESH,
        client_secret=CLIENT_SECRET,
        auth_url=fake.base_url,
        on_refresh=lambda access, refresh: issued.append(access),
    )
    events: list[object] = []
    mine = {
        user: [(a, c) for a in (1, 2) for c in creatives[a][k::3]] for k, user in enumerate("ARC")
    }
    async with (
        client(fake, DEFAULT_TOKEN, limiter, observers=[events.append]) as a,
        client(fake, refreshing, limiter, observers=[events.append]) as r,
        client(fake, USER_C, limiter, observers=[events.append]) as c,
    ):
        jobs = {
            user: kakao.moment.creatives.start_set_configs(
                [ka.ConfigChange(i, "OFF", ad_account_id=acc) for acc, i in mine[user]]
            )
            for user, kakao in zip("ARC", (a, r, c), strict=True)
        }
        users = {
            n: k.quota_key("creatives.onOff", 1).split(":")[1]
            for n, k in zip("ARC", (a, r, c), strict=True)
        }
        # Each user's first step (one call per account) lands; then A's and R's tokens die.
        await asyncio.gather(_sent(fake, users["A"], 2), _sent(fake, "oauth:" + CLIENT_ID, 2))
        fake.revoke_token(DEFAULT_TOKEN)
        fake.add_oauth_client(client_id=CLIENT_ID, refresh_token="another-refresh-token-x")
        fake.expire_access_tokens()
        results = {user: await job.result() for user, job in jobs.items()}
        keys = [s.key for s in await a.quota_snapshot()]
        reprs = [repr(x) for x in (a, r, c, refreshing, limiter, *jobs.values())]
    assert results["C"].ok and len(results["C"]) == 6
    for user in "AR":
        result = results[user]
        assert len(result) == 6 and sum(item.ok for item in result) == 2, user
        for item in result.failed:
            assert isinstance(item.error, ka.KakaoAuthError), (user, item.error)
    assert server_rejections(fake) == {}
    secrets = [DEFAULT_TOKEN, USER_B, USER_C, REFRESH, CLIENT_SECRET, *issued]
    assert issued  # the refreshed access token is a secret too
    texts = [logging.Formatter().format(record) for record in caplog.records]
    texts += [repr(event) for event in events] + keys + reprs
    for result in results.values():
        texts += [repr(result), *(repr(item) for item in result)]
        for item in result.failed:
            texts += [str(item.error), repr(item.error), *traceback.format_exception(item.error)]
    texts += [a.quota_key(q, 1) for q in QUOTAS] + [r.quota_key(q, 2) for q in QUOTAS]
    assert len(texts) > 50
    _no_secret_in(texts, secrets)


def test_the_cli_with_a_refused_agency_token_shows_no_token(
    cli: CLI,  # noqa: F811 - the fixture imported above
    cli_env: FakeKakaoServer,  # noqa: F811 - the fixture imported above
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = cli_env.seed(ad_accounts=[1], creatives_per_account=2)[1]
    cli_env.add_token(USER_B)
    monkeypatch.setenv("KAKAO_ACCESS_TOKEN", USER_B)
    assert cli("--json", "moment", "off", str(ids[0])).code == 0
    cli_env.revoke_token(USER_B)
    run = cli("--debug", "--json", "moment", "off", *map(str, ids))
    assert run.code == 1 and "auth" in run.out
    assert "PUT /openapi/v4/creatives/onOff" in run.err  # the library's DEBUG log is shown
    _no_secret_in([run.out, run.err], [USER_B])


async def test_a_refused_token_fails_the_rest_of_its_lane_unsent(fake: FakeKakaoServer) -> None:
    creatives = fake.seed(ad_accounts=[1], creatives_per_account=6)[1]
    fake.revoke_token(USER_B)  # an agency user whose consent was withdrawn overnight
    async with client(fake, USER_B, ka.MemoryRateLimiter()) as kakao:
        result = await kakao.moment.creatives.set_configs([(i, "OFF") for i in creatives])
    assert len(result.failed) == 6
    assert all(isinstance(item.error, ka.KakaoAuthError) for item in result.failed)
    refused = [r for r in fake.requests if r.path == "/openapi/v4/creatives/onOff"]
    assert [r.status for r in refused] == [401]  # once; the other 5 unsent, safe to re-run


async def test_a_refused_refresh_fails_the_rest_of_its_lane_after_one_refresh(
    fake: FakeKakaoServer,
) -> None:
    creatives = fake.seed(ad_accounts=[1], creatives_per_account=6)[1]
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token="another-refresh-token-x")
    refreshing = ka.RefreshingToken(
        client_id=CLIENT_ID, refresh_token=REFRESH, auth_url=fake.base_url
    )  # a refresh token Kakao no longer takes: the first call's refresh is refused
    async with client(fake, refreshing, ka.MemoryRateLimiter()) as kakao:
        result = await kakao.moment.creatives.set_configs([(i, "OFF") for i in creatives])
    assert len(result.failed) == 6
    assert all(isinstance(item.error, ka.KakaoAuthError) for item in result.failed)
    assert fake.oauth_requests == 1  # not one refresh per item
    assert not [r for r in fake.requests if r.path == "/openapi/v4/creatives/onOff"]


# --- two clients sharing one limiter but not one quota table ------------------------------------


async def test_clients_that_disagree_on_an_interval_space_a_shared_key_by_the_last_call(
    fake: FakeKakaoServer,
) -> None:
    """README (Quotas): clients sharing a limiter should agree on ``quotas=``; a key is spaced by
    the interval of the call that ended last, so after a client with a shorter interval the
    other's next call on a shared key goes at the short pace and Kakao answers 429."""
    fake.seed(ad_accounts=[1], creatives_per_account=1)
    shared = ka.MemoryRateLimiter()
    hasty_quotas = scaled() | {"reports.account": FAST}  # e.g. a demo's settings left in
    async with (
        client(fake, DEFAULT_TOKEN, shared, quotas=hasty_quotas) as hasty,
        client(fake, USER_B, shared) as careful,
    ):
        assert hasty.quota_key("reports.account", 1) == careful.quota_key("reports.account", 1)
        await hasty.moment.reports.ad_account(date_preset="YESTERDAY")
        with pytest.raises(ka.KakaoRateLimitError):  # one attempt: the 429 is not retried here
            await careful.moment.reports.ad_account(date_preset="YESTERDAY")
    assert fake.report_rejections == 1


async def test_clients_that_disagree_on_a_scope_do_not_space_each_other(
    fake: FakeKakaoServer,
) -> None:
    """A scope is part of the key: a client that makes creatives.onOff per ad account and one that
    keeps it per (user, account) use different keys of one limiter, so neither waits for the other.
    If Kakao's limit is per account, the second meets 429s (retried, each a lost interval)."""
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.set_quota(
        "creatives.onOff", ka.Quota(name="creatives.onOff", interval=SLOW, scope="account")
    )
    shared = ka.MemoryRateLimiter()
    per_account = scaled() | {
        "creatives.onOff": ka.Quota(name="creatives.onOff", interval=SLOW, scope="account")
    }
    async with (
        client(fake, DEFAULT_TOKEN, shared, quotas=per_account) as a,
        client(fake, USER_B, shared) as b,
    ):
        assert a.quota_key("creatives.onOff", 1) == "creatives.onOff:1"
        assert b.quota_key("creatives.onOff", 1) != a.quota_key("creatives.onOff", 1)
        await a.moment.creatives.set_config(creative, "OFF")
        with pytest.raises(ka.KakaoRateLimitError):  # one attempt: the 429 is not retried here
            await b.moment.creatives.set_config(creative, "ON")
    assert fake.on_off_rejections == 1


# --- one user, two token generations ------------------------------------------------------------


async def test_the_default_user_part_follows_the_refresh_token_so_give_user_key(
    fake: FakeKakaoServer,
) -> None:
    """A worker started after Kakao rotated a user's refresh token (read from the agency's store)
    fingerprints the new one: the same Kakao user gets a second quota key, and the two workers'
    calls of one account are not spaced (429s at Kakao). ``user_key=`` (the Kakao user id) on
    every provider makes the key one again. README says so for FastAPI workers only."""
    seeded = fake.seed(ad_accounts=[1, 2], creatives_per_account=2)
    creatives = seeded[1]
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=REFRESH, rotate=True)
    store: list[str] = [REFRESH]

    def provider(**options: Any) -> ka.RefreshingToken:
        return ka.RefreshingToken(
            client_id=CLIENT_ID,
            refresh_token=store[-1],
            auth_url=fake.base_url,
            on_refresh=lambda _access, refresh: store.append(refresh),
            load_refresh_token=lambda: store[-1],
            **options,
        )

    shared = ka.MemoryRateLimiter()  # as a RedisRateLimiter would between the workers
    async with client(fake, provider(), shared) as early:
        await early.moment.creatives.set_config(creatives[0], "OFF")  # refreshes: rotated
        assert len(store) == 2
        async with client(fake, provider(), shared) as late:
            assert late.quota_key("creatives.onOff", 1) != early.quota_key("creatives.onOff", 1)
            with pytest.raises(ka.KakaoRateLimitError):  # same Kakao user, same account
                await late.moment.creatives.set_config(creatives[1], "OFF")
    assert fake.on_off_rejections == 1
    async with (
        client(fake, provider(user_key="kakao-user-4242"), shared) as early,
        client(fake, provider(user_key="kakao-user-4242"), shared) as late,
    ):
        assert late.quota_key("creatives.onOff", 2) == early.quota_key("creatives.onOff", 2)
        # (Account 2: the keys above are new to the limiter, but not the user's calls of
        # account 1 to Kakao.)
        await asyncio.gather(
            early.moment.creatives.set_config(seeded[2][0], "ON", ad_account_id=2),
            late.moment.creatives.set_config(seeded[2][1], "ON", ad_account_id=2),
        )
    assert fake.on_off_rejections == 1


# --- several processes through Redis ------------------------------------------------------------


async def test_two_user_processes_through_redis_share_account_reports_not_switches(
    fake: FakeKakaoServer, redis_url: str
) -> None:
    """Two worker processes, one Kakao user each, on the same two ad accounts through one Redis:
    each user's creatives and budgets at its own keys, the accounts' reports at keys both share;
    0 429s at the fake, a result for every item, each user's last value is the final state, and
    no token in either process's output (its DEBUG log included)."""
    seeded = fake.seed_hierarchy(
        ad_accounts=[1, 2], campaigns_per_account=4, ad_groups_per_campaign=1,
        creatives_per_ad_group=1,
    )  # fmt: skip
    common: dict[str, Any] = {
        "redis": redis_url,
        "namespace": "agency-workers",
        "fake": fake.base_url,
    }
    common |= {"quotas": scaled(), "start_at": time.time() + 2.0}

    def plan(token: str, half: slice, config: str) -> dict[str, Any]:
        mine = {a: (ids.creatives[half], ids.campaigns[half]) for a, ids in seeded.items()}
        return common | {
            "token": token,
            "creatives": [[a, c, config] for a, (cs, _) in mine.items() for c in cs],
            "budgets": [[a, c, 50_000] for a, (_, cs) in mine.items() for c in cs],
            "reports": [1, 2, 1, 2],
        }

    plans = {DEFAULT_TOKEN: plan(DEFAULT_TOKEN, slice(0, 2), "OFF")}
    plans[USER_B] = plan(USER_B, slice(2, 4), "OFF")
    a, b = await asyncio.gather(
        *(
            worker_process.run_worker("tests.scenarios.agency_worker", p, never_shows=token)
            for token, p in plans.items()
        )
    )
    for worker in (a, b):
        assert [ok for _, ok, _ in worker["creatives"]] == [True] * 4
        assert worker["budgets"] == [True] * 4 and len(worker["report_rows"]) == 4
    assert server_rejections(fake) == {} and fake.report_rejections == 0
    assert all(
        fake.moment_creative(c).config == "OFF" for s in seeded.values() for c in s.creatives
    )
    reports: dict[int, list[float]] = {}
    for call in fake.report_calls:
        reports.setdefault(call.ad_account_id, []).append(call.arrived_at)
    assert sorted(len(t) for t in reports.values()) == [4, 4]
    # Each account's 4 report calls (2 per process) spaced as one key across the processes.
    assert min(g for t in reports.values() for g in gaps(t)) >= SLOW
    assert len({call.user for call in fake.report_calls}) == 2
    switches: dict[str, list[float]] = {}
    for on_off in fake.on_off_calls:
        switches.setdefault(on_off.user, []).append(on_off.arrived_at)
    first, second = switches.values()
    assert min(first) < max(second) and min(second) < max(first)  # side by side
