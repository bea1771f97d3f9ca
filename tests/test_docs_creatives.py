"""README "Kakao Moment v4 — kakao.moment.creatives", row by row against the fake."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator

import pytest

import kakao_async as ka
from kakao_async.endpoints import QUOTAS
from kakao_async.events import RequestSent
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

FAST = {name: 0.01 for name in QUOTAS}


@pytest.fixture
async def fake() -> AsyncIterator[FakeKakaoServer]:
    async with FakeKakaoServer(quotas=FAST, record_bodies=True) as server:
        yield server


@pytest.fixture
async def kakao(fake: FakeKakaoServer) -> AsyncIterator[ka.KakaoClient]:
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, quotas=FAST
    ) as client:
        yield client


def sent(fake: FakeKakaoServer) -> list[tuple[str, str, str]]:
    return [(r.method, r.path, r.query) for r in fake.requests]


def test_the_table_defaults() -> None:
    creatives = ka.KakaoClient("a-token").moment.creatives
    for name, defaults in {
        "list": {"config": None},
        "get_many": {"concurrency": 10, "on_progress": None},
        "start_get_many": {"concurrency": 10, "on_progress": None},
        "set_configs": {"skip_unchanged": False, "read_concurrency": 10, "on_progress": None},
        "start_set_configs": {
            "skip_unchanged": False,
            "read_concurrency": 10,
            "on_progress": None,
        },
    }.items():
        parameters = inspect.signature(getattr(creatives, name)).parameters
        for argument, default in defaults.items():
            assert parameters[argument].default == default, (name, argument)
            assert parameters[argument].kind is inspect.Parameter.KEYWORD_ONLY


async def test_list_sends_no_filter_by_default_and_kakaos_default_is_on_and_off(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    on = fake.add_moment_creative(ad_account_id=1, ad_group_id=5678)
    off = fake.add_moment_creative(ad_account_id=1, ad_group_id=5678, config="OFF")
    gone = fake.add_moment_creative(ad_account_id=1, ad_group_id=5678, config="DEL")
    rows = await kakao.moment.creatives.list(ad_group_id=5678)
    assert all(isinstance(r, ka.CreativeSummary) for r in rows)
    assert [r.id for r in rows] == [on.id, off.id]
    every = await kakao.moment.creatives.list(ad_group_id=5678, config=["ON", "OFF", "DEL"])
    assert [r.id for r in every] == [on.id, off.id, gone.id]
    assert [(m, p) for m, p, _ in sent(fake)] == [("GET", "/openapi/v4/creatives")] * 2
    assert sent(fake)[0][2] == "adGroupId=5678"


async def test_get_gives_the_display_or_the_message_model(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    display = fake.add_moment_creative(ad_account_id=1)
    message = fake.add_moment_creative(ad_account_id=1, format="BASIC_TEXT_MESSAGE")
    assert isinstance(await kakao.moment.creatives.get(display.id), ka.DisplayCreative)
    assert isinstance(await kakao.moment.creatives.get(message.id), ka.MessageCreative)
    assert sent(fake) == [
        ("GET", f"/openapi/v4/creatives/{display.id}", ""),
        ("GET", f"/openapi/v4/creatives/{message.id}", ""),
    ]


async def test_set_config_puts_on_off_and_a_newer_change_supersedes(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    fake.set_quota("creatives.onOff", 0.5)
    first_sent = asyncio.Event()
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        moment_base_url=fake.base_url,
        on_off_interval=0.5,
        observers=[lambda event: isinstance(event, RequestSent) and first_sent.set()],
    ) as kakao:
        first = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[0], "OFF"))
        await first_sent.wait()  # the first was sent; the next two wait for the quota
        second = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[0], "ON"))
        await asyncio.sleep(0)
        third = asyncio.ensure_future(kakao.moment.creatives.set_config(ids[0], "OFF"))
        assert await asyncio.gather(first, second, third) == [True, False, True]
    assert sent(fake) == [("PUT", "/openapi/v4/creatives/onOff", "")] * 2
    assert fake.on_off_rejections == 0


async def test_delete_and_the_system_config_history_rows(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    running = fake.add_moment_creative(ad_account_id=1)
    stopped = fake.add_moment_creative(
        ad_account_id=1, system_config="ADMIN_STOP", admin_stop_reason="심사 보류"
    )
    assert await kakao.moment.creatives.system_config_history(running.id) is None
    history = await kakao.moment.creatives.system_config_history(stopped.id)
    assert isinstance(history, ka.SystemConfigHistory)
    assert history.reason == "심사 보류"  # from adminStopReason
    records = await kakao.moment.creatives.system_config_histories(stopped.id)
    assert [r.reason for r in records] == ["심사 보류"]
    assert await kakao.moment.creatives.system_config_histories(running.id) == []
    assert await kakao.moment.creatives.delete(running.id) is None
    assert fake.moment_creative(running.id).config == "DEL"
    assert sent(fake)[-1] == ("DELETE", f"/openapi/v4/creatives/{running.id}", "")
    assert {p for _, p, _ in sent(fake)[:4]} == {
        f"/openapi/v4/creatives/{running.id}/systemConfigHistory",
        f"/openapi/v4/creatives/{stopped.id}/systemConfigHistory",
        f"/openapi/v4/creatives/{stopped.id}/systemConfigHistories",
        f"/openapi/v4/creatives/{running.id}/systemConfigHistories",
    }


async def test_get_many_takes_ids_or_account_creative_pairs(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    seeded = fake.seed(ad_accounts=[1, 2], creatives_per_account=1)
    result = await kakao.moment.creatives.get_many(
        [seeded[1][0], (2, seeded[2][0]), ka.CreativeRef(2, seeded[2][0])]
    )
    assert isinstance(result, ka.BulkResult)
    assert result.ok
    assert [r.value.id for r in result] == [seeded[1][0], seeded[2][0], seeded[2][0]]
    assert result[1].item == ka.CreativeRef(2, seeded[2][0]) == (2, seeded[2][0])
    assert sorted(r.ad_account_id for r in fake.requests) == ["1", "2", "2"]
    job = kakao.moment.creatives.start_get_many([seeded[1][0]])
    assert isinstance(job, ka.BulkJob)
    assert (await job).ok


async def test_set_configs_skips_unchanged_when_asked(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    result = await kakao.moment.creatives.set_configs(
        [(ids[0], "ON"), (ids[1], "OFF")], skip_unchanged=True
    )
    assert result.ok
    assert [m for m, _, _ in sent(fake)].count("PUT") == 1  # ids[0] was ON already
    assert fake.moment_creative(ids[1]).config == "OFF"


async def test_the_section_code_block_runs(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.add_moment_creative(ad_account_id=1, ad_group_id=5678, id=1111)
    fake.add_moment_creative(ad_account_id=1, ad_group_id=5678, id=1113)
    summaries = await kakao.moment.creatives.list(ad_group_id=5678, config=[ka.Config.ON, "OFF"])
    assert [s.id for s in summaries] == [1111, 1113]
    assert sent(fake)[0][2] == "adGroupId=5678&config=ON&config=OFF"
    creative = await kakao.moment.creatives.get(1111)
    assert isinstance(creative, ka.DisplayCreative)
    assert await kakao.moment.creatives.set_config(1111, "ON") is True
    await kakao.moment.creatives.delete(1113)
    assert await kakao.moment.creatives.system_config_history(1111) is None
    assert await kakao.moment.creatives.system_config_histories(1111) == []
