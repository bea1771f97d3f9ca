"""review24: stop 34's fixes attacked (a refused token ends its bulk lane; error_for_response's
retry_after). Only what the existing tests miss: the mixed bulk's lanes, events and progress of
the unsent items, the garbage they leave; strict xfails pin what README promises and the code
does not do."""

from __future__ import annotations

import pickle
import traceback
import weakref
from collections import Counter
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.errors import error_for_response
from kakao_async.events import CallEnded, CallStarted
from kakao_async.testing import FakeKakaoServer
from tests.test_bulk_garbage import failed_items, loop_turns

TOKEN = "review24-user-token-5a7c9e1b3d"
CLIENT_ID = "review24-app"
OLD_REFRESH = "review24-refresh-old-0f1e2d3c4b"
NEW_REFRESH = "review24-refresh-new-a9b8c7d6e5"
#: Every onOff quota, scaled down (the fake refuses a call early for its key with a 429).
QUOTAS = {
    "creatives.onOff": 0.05,
    "campaigns.onOff": 0.02,
    "adGroups.onOff": 0.02,
    "adAccounts.onOff": 0.02,
}


@pytest.fixture
async def fake() -> Any:
    async with FakeKakaoServer(quotas=QUOTAS) as server:
        server.add_token(TOKEN)
        yield server


def client(fake: FakeKakaoServer, token: str | ka.TokenProvider, **options: Any) -> ka.KakaoClient:
    return ka.KakaoClient(
        token, ad_account_id=1, moment_base_url=fake.base_url, quotas=QUOTAS, **options
    )


def refused_puts(fake: FakeKakaoServer) -> Counter[str]:
    return Counter(r.path for r in fake.requests if r.method == "PUT" and r.status == 401)


# --- a refused token in a bulk: what the unsent items leave --------------------------------------


async def test_a_mixed_bulk_sends_one_refused_call_per_quota_key(fake: FakeKakaoServer) -> None:
    """README (Bulk operations): one refused request per (quota, user, ad account). A mixed
    ``kakao.moment.set_configs`` of creatives, campaigns and ad groups in two accounts is six
    lanes: six 401s, every item failed with its lane's one error, nothing applied."""
    seeded = fake.seed_hierarchy(
        ad_accounts=[1, 2], campaigns_per_account=3, ad_groups_per_campaign=1,
        creatives_per_ad_group=1,
    )  # fmt: skip
    fake.revoke_token(TOKEN)
    changes: list[object] = []
    for account, ids in seeded.items():
        changes += [ka.ConfigChange(i, "OFF", ad_account_id=account) for i in ids.creatives]
        changes += [ka.CampaignConfigChange(i, "OFF", ad_account_id=account) for i in ids.campaigns]
        changes += [ka.AdGroupConfigChange(i, "OFF", ad_account_id=account) for i in ids.ad_groups]
    async with client(fake, TOKEN) as kakao:
        result = await kakao.moment.set_configs(changes)
    assert len(result) == len(changes) == 18 and len(result.failed) == 18
    assert refused_puts(fake) == {
        "/openapi/v4/creatives/onOff": 2,
        "/openapi/v4/campaigns/onOff": 2,
        "/openapi/v4/adGroups/onOff": 2,
    }
    errors = {id(item.error): item.error for item in result.failed}
    assert len(errors) == 6  # one per lane, shared by its unsent items
    assert all(isinstance(error, ka.KakaoAuthError) for error in errors.values())


async def test_unsent_items_are_no_calls_but_count_in_progress(fake: FakeKakaoServer) -> None:
    """README (Metrics): one CallStarted and one CallEnded per call. The items a refused token
    leaves unsent are no calls (no event), yet each counts as done and failed in the progress,
    and the ETA ends at 0."""
    creatives = fake.seed(ad_accounts=[1, 2, 3], creatives_per_account=4)
    fake.revoke_token(TOKEN)
    events: list[object] = []
    seen: list[ka.Progress] = []
    async with client(fake, TOKEN, observers=[events.append]) as kakao:
        job = kakao.moment.creatives.start_set_configs(
            [
                ka.ConfigChange(i, "OFF", ad_account_id=a)
                for a, ids in creatives.items()
                for i in ids
            ],
            on_progress=seen.append,
        )
        result = await job.result()
    assert len(result.failed) == 12
    started = [e for e in events if isinstance(e, CallStarted)]
    ended = [e for e in events if isinstance(e, CallEnded)]
    assert len(started) == len(ended) == 3  # one per lane: the one sent
    assert {(e.outcome, e.error, e.status) for e in ended} == {("error", "KakaoAuthError", 401)}
    assert sorted(e.ad_account_id for e in ended) == [1, 2, 3]
    final = job.progress
    assert (final.total, final.done, final.failed, final.eta) == (12, 12, 12, 0.0)
    assert seen[-1].done == 12


async def test_a_lanes_shared_error_holds_no_token_and_pickles(fake: FakeKakaoServer) -> None:
    """The one error a lane's items share: its text, repr, traceback and pickle name no token,
    and a pickled result list keeps one error per lane."""
    creatives = fake.seed(ad_accounts=[1], creatives_per_account=5)[1]
    fake.revoke_token(TOKEN)
    async with client(fake, TOKEN) as kakao:
        result = await kakao.moment.creatives.set_configs([(i, "OFF") for i in creatives])
    error = result.failed[0].error
    assert all(item.error is error for item in result.failed)
    texts = [str(error), repr(error), *traceback.format_exception(error), repr(result)]
    assert not [t for t in texts if TOKEN in t]
    assert TOKEN.encode() not in pickle.dumps(error)
    copies = pickle.loads(pickle.dumps([item.error for item in result.failed]))
    assert len({id(e) for e in copies}) == 1 and type(copies[0]) is ka.KakaoAuthError
    assert (copies[0].status, copies[0].path) == (401, "/openapi/v4/creatives/onOff")


@failed_items
@pytest.mark.parametrize("shape", ["static", "refused refresh"])
async def test_a_set_configs_ended_by_a_refused_token_is_freed(
    fake: FakeKakaoServer, no_collector: None, shape: str
) -> None:
    """The lane keeps the refused error for its unsent items: no cycle through the lane's own
    frame (test_bulk_garbage's rule), so the job is freed by reference counting."""
    creatives = fake.seed(ad_accounts=[1, 2], creatives_per_account=3)
    fake.revoke_token(TOKEN)
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=NEW_REFRESH)
    token: str | ka.TokenProvider = TOKEN
    if shape != "static":
        token = ka.RefreshingToken(
            client_id=CLIENT_ID, refresh_token=OLD_REFRESH, auth_url=fake.base_url
        )
    async with client(fake, token) as kakao:
        job = kakao.moment.creatives.start_set_configs(
            [
                ka.ConfigChange(i, "OFF", ad_account_id=a)
                for a, ids in creatives.items()
                for i in ids
            ]
        )
        result = await job
        assert len(result.failed) == 6
        await loop_turns()
        gone = weakref.ref(job)
        del job, result
        assert gone() is None


# --- what README promises -------------------------------------------------------------------------


async def test_a_refused_token_is_not_read_once_per_item(fake: FakeKakaoServer) -> None:
    creatives = fake.seed(ad_accounts=[1], creatives_per_account=40)[1]
    fake.revoke_token(TOKEN)
    async with client(fake, TOKEN) as kakao:
        result = await kakao.moment.creatives.set_configs(
            [(i, "OFF") for i in creatives], skip_unchanged=True, read_concurrency=4
        )
    assert len(result.failed) == 40
    assert all(isinstance(item.error, ka.KakaoAuthError) for item in result.failed)
    assert refused_puts(fake) == {"/openapi/v4/creatives/onOff": 1}
    refused_reads = [r for r in fake.requests if r.method == "GET" and r.status == 401]
    # The reads in flight when the first 401 came may be refused too; not the other 36.
    assert len(refused_reads) <= 4


async def test_a_refresh_refused_for_a_moment_ends_the_lane_and_a_later_call_tries_again(
    fake: FakeKakaoServer,
) -> None:
    creatives = fake.seed(ad_accounts=[1], creatives_per_account=5)[1]
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=NEW_REFRESH)  # OLD rotated away
    loads: list[str] = []

    def load() -> str:
        # The other process's on_refresh lands after this refresh's two reads of the store.
        loads.append("read")
        return OLD_REFRESH if len(loads) <= 2 else NEW_REFRESH

    refreshing = ka.RefreshingToken(
        client_id=CLIENT_ID,
        refresh_token=OLD_REFRESH,
        auth_url=fake.base_url,
        load_refresh_token=load,
    )
    async with client(fake, refreshing) as kakao:
        result = await kakao.moment.creatives.set_configs([(i, "OFF") for i in creatives])
        assert await refreshing.token()  # the next call's refresh succeeds (store: NEW)
    # README "Bulk operations": the refusal ends the lane all the same; run its items again.
    assert all(isinstance(item.error, ka.KakaoAuthError) for item in result)


async def test_a_401_after_a_good_refresh_ends_the_lane(
    fake: FakeKakaoServer,
) -> None:
    creatives = fake.seed(ad_accounts=[1], creatives_per_account=4)[1]
    fake.add_oauth_client(client_id=CLIENT_ID, refresh_token=NEW_REFRESH)
    refreshing = ka.RefreshingToken(
        client_id=CLIENT_ID, refresh_token=NEW_REFRESH, auth_url=fake.base_url
    )
    async with client(fake, refreshing) as kakao:
        await kakao.moment.creatives.get(creatives[0])  # an access token in hand
        # The first onOff's 401 and, after the refresh (granted), its retry's 401.
        fake.fail_next(2, status=401, code=-401, path="/openapi/v4/creatives/onOff")
        result = await kakao.moment.creatives.set_configs([(i, "OFF") for i in creatives])
    assert fake.oauth_requests == 2  # the first token, and the one refresh after the 401
    assert all(isinstance(item.error, ka.KakaoAuthError) for item in result)
    assert len([r for r in fake.requests if r.path == "/openapi/v4/creatives/onOff"]) == 2


@pytest.mark.parametrize("seconds", [10**400, 2**1024], ids=["10**400", "2**1024"])
def test_a_retry_after_past_a_float_is_refused_as_input(seconds: int) -> None:
    with pytest.raises(ka.KakaoInputError, match="retry_after"):
        error_for_response(status=429, body=None, method="GET", path="/p", retry_after=seconds)
