"""docs/testing.md, "Seeding and reading state": the id sequence, each helper's documented
defaults, reserved ids, message creatives, ``reset()``, and the request records."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.testing import (
    DEFAULT_CREATIVES_PER_ACCOUNT,
    DEFAULT_TOKEN,
    FakeKakaoServer,
    FakeKeywordCreative,
    FakeMomentCreative,
    RecordedRequest,
)

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}


def client(fake: FakeKakaoServer, **options: object) -> ka.KakaoClient:
    return ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
        on_off_interval=fake.on_off_interval,
        **options,  # type: ignore[arg-type]
    )


async def test_one_sequence_for_both_apis_from_1001_again_after_reset() -> None:
    async with FakeKakaoServer() as fake:
        moment = fake.seed(ad_accounts=[1, 2], creatives_per_account=2)
        assert moment == {1: [1001, 1002], 2: [1003, 1004]}
        assert fake.seed_keyword(ad_account_id=1, count=2) == [1005, 1006]
        assert fake.add_campaign(ad_account_id=1).id == 1007
        fake.reset()
        assert fake.add_keyword_creative(ad_account_id=1).id == 1001


async def test_the_documented_defaults() -> None:
    async with FakeKakaoServer() as fake:
        ids = fake.seed(ad_accounts=[4])
        assert len(ids[4]) == DEFAULT_CREATIVES_PER_ACCOUNT == 10
        first = fake.moment_creative(ids[4][0])
        assert isinstance(first, FakeMomentCreative)
        assert (first.ad_group_id, first.config, first.format) == (1, "ON", "IMAGE_BANNER")
        assert len(fake.seed_keyword(ad_account_id=4)) == 10
        keyword = fake.add_keyword_creative(ad_account_id=4)
        assert isinstance(keyword, FakeKeywordCreative)
        assert (keyword.biz_channel_id, keyword.config, keyword.assets) == (1, "ON", None)
        creative = fake.add_moment_creative(ad_account_id=4)
        assert (creative.system_config, creative.admin_stop_reason) == ("ON", None)
        assert fake.seed(ad_accounts=[5], creatives_per_account=0) == {5: []}
        assert fake.seed(ad_accounts=[6], ad_group_id=9)[6]
        assert (
            fake.moment_creative(fake.seed(ad_accounts=[7], ad_group_id=9)[7][0]).ad_group_id == 9
        )


async def test_a_message_creative_cannot_be_switched_or_deleted() -> None:
    async with FakeKakaoServer(on_off_interval=0.05) as fake:
        message = fake.add_moment_creative(ad_account_id=1, format="BASIC_TEXT_MESSAGE")
        async with client(fake, retry=ka.RetryPolicy(attempts=1)) as kakao:
            assert isinstance(await kakao.moment.creatives.get(message.id), ka.MessageCreative)
            with pytest.raises(ka.KakaoError) as switched:
                await kakao.moment.creatives.set_config(message.id, "OFF")
            assert switched.value.detail_code == 75009
            with pytest.raises(ka.KakaoError) as deleted:
                await kakao.moment.creatives.delete(message.id)
            assert deleted.value.detail_code == 75008
        assert fake.moment_creative(message.id).config == "ON"


async def test_an_id_given_is_reserved_for_creatives_of_either_api() -> None:
    async with FakeKakaoServer() as fake:
        fake.add_moment_creative(ad_account_id=1, id=1002)
        assert fake.seed(ad_accounts=[1], creatives_per_account=2) == {1: [1001, 1003]}
        for add in (fake.add_moment_creative, fake.add_keyword_creative):
            with pytest.raises(ka.KakaoInputError, match="1002"):
                add(ad_account_id=1, id=1002)
        assert len(fake.state.moment) == 3 and not fake.state.keyword


async def test_reading_an_id_the_fake_does_not_hold_names_it() -> None:
    async with FakeKakaoServer() as fake:
        with pytest.raises(ka.KakaoInputError, match="4242"):
            fake.moment_creative(4242)
        with pytest.raises(ka.KakaoInputError, match="4242"):
            fake.keyword_creative(4242)


async def test_stored_creatives_can_be_changed_to_set_up_a_test() -> None:
    async with FakeKakaoServer() as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        fake.moment_creative(creative.id).name = "renamed"
        async with client(fake) as kakao:
            assert (await kakao.moment.creatives.get(creative.id)).name == "renamed"


async def test_reset_forgets_creatives_logs_quota_windows_and_faults() -> None:
    async with FakeKakaoServer(on_off_interval=5.0) as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        campaign = fake.add_campaign(ad_account_id=1)
        async with client(fake) as kakao:
            await kakao.moment.creatives.set_config(creative.id, "OFF")
        fake.fail_next(2)
        fake.reset()
        assert (fake.state.moment, fake.state.hierarchy.campaigns) == ({}, {})
        assert len(fake.requests) == 0 and fake.on_off_calls == [] and fake.faults == []
        assert fake.stats()["requests"] == 0
        with pytest.raises(ka.KakaoInputError):
            fake.campaign(campaign.id)
        # The quota window is gone: a new onOff of the same (user, account) is accepted at once.
        again = fake.add_moment_creative(ad_account_id=1)
        async with client(fake, retry=ka.RetryPolicy(rate_limit_attempts=1)) as kakao:
            await kakao.moment.creatives.set_config(again.id, "OFF")
        assert fake.on_off_rejections == 0


async def test_reset_also_ends_chaos_and_restrictions() -> None:
    """A fake reset between tests (``POST /_fake/reset`` on a shared standalone fake) must not
    leave the last test's random faults or 403s, nor count them in ``stats()``."""
    async with FakeKakaoServer(seed=1) as fake:
        fake.add_ad_account(id=1)
        fake.chaos(1.0, kinds=["status"])
        fake.restricted_ad_accounts.add(1)
        async with aiohttp.ClientSession() as s:
            async with s.get(fake.base_url + "/openapi/v4/adAccounts/1", headers=HEADERS) as r:
                assert r.status >= 500
        assert fake.stats()["chaosInjected"] == {"status": 1}
        fake.reset()
        assert fake.stats()["chaosInjected"] == {} and fake.chaos_injected == {}
        assert fake.restricted_ad_accounts == set()
        fake.add_ad_account(id=1)
        async with aiohttp.ClientSession() as s:
            async with s.get(fake.base_url + "/openapi/v4/adAccounts/1", headers=HEADERS) as r:
                assert r.status == 200


async def test_reset_keeps_the_settings() -> None:
    async with FakeKakaoServer(
        tokens=["t"], latency=(0.0, 0.001), quotas={"campaigns.onOff": 0.5}, record_bodies=True
    ) as fake:
        fake.add_token("u")
        fake.add_oauth_client(client_id="app", refresh_token="r")
        fake.on_off_interval = 0.25
        fake.reset()
        assert fake.on_off_interval == 0.25 and fake.quotas["campaigns.onOff"].interval == 0.5
        assert fake.latency == (0.0, 0.001) and fake.record_bodies
        assert fake.credentials.user_of("t") and fake.credentials.user_of("u")
        assert "app" in fake.credentials.clients


async def test_request_records() -> None:
    async with FakeKakaoServer() as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        async with aiohttp.ClientSession() as s:
            url = fake.base_url + f"/openapi/v4/creatives/{creative.id}?x=1"
            async with s.get(url, headers=HEADERS):
                pass
            async with s.get(fake.base_url + "/openapi/v4/creatives/9", headers={}):
                pass
        first, second = fake.requests
        assert isinstance(first, RecordedRequest)
        assert (first.method, first.path, first.query, first.ad_account_id) == (
            "GET",
            f"/openapi/v4/creatives/{creative.id}",
            "x=1",
            "1",
        )
        assert first.user is not None and DEFAULT_TOKEN not in first.user and first.status == 200
        assert first.arrived_at <= second.arrived_at  # oldest first
        assert (second.user, second.ad_account_id, second.status) == (None, None, 401)
        assert fake.requests[-2:] == [first, second] and isinstance(fake.requests[-2:], list)
        assert fake.requests[-1] is second


async def test_in_flight_and_its_peak() -> None:
    async with FakeKakaoServer(latency=(0.2, 0.2)) as fake:
        fake.add_ad_account(id=1)
        async with aiohttp.ClientSession() as s:

            async def one() -> None:
                async with s.get(fake.base_url + "/openapi/v4/adAccounts/1", headers=HEADERS):
                    pass

            await asyncio.gather(*(one() for _ in range(4)))
        assert fake.in_flight == 0 and fake.peak_in_flight == 4
