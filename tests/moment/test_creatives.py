"""kakao.moment.creatives against the fake server over loopback HTTP."""

from __future__ import annotations

import asyncio
import itertools

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer
from tests.conftest import INTERVAL, sample, sample_bytes


async def test_list_filters_by_group_and_config(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    a = fake.add_moment_creative(ad_account_id=1, ad_group_id=10, config="ON")
    b = fake.add_moment_creative(ad_account_id=1, ad_group_id=10, config="OFF")
    c = fake.add_moment_creative(ad_account_id=1, ad_group_id=10, config="DEL")
    fake.add_moment_creative(ad_account_id=1, ad_group_id=11)
    fake.add_moment_creative(ad_account_id=2, ad_group_id=10)
    default = await kakao.moment.creatives.list(ad_group_id=10)
    assert [r.id for r in default] == [a.id, b.id]  # Kakao's default: ON and OFF
    only_on = await kakao.moment.creatives.list(ad_group_id=10, config=[ka.Config.ON])
    assert [r.id for r in only_on] == [a.id]
    deleted = await kakao.moment.creatives.list(ad_group_id=10, config=["DEL"])
    assert [(r.id, r.config) for r in deleted] == [(c.id, ka.Config.DEL)]
    assert fake.requests[-1].query == "adGroupId=10&config=DEL"


async def test_list_decodes_the_sample(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.respond_next(sample_bytes("moment_list.json"))
    rows = await kakao.moment.creatives.list(ad_group_id=1234, config="ON")
    assert [r.id for r in rows] == [1111, 1112]


async def test_get_returns_display_or_message_model(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    display = fake.add_moment_creative(ad_account_id=1)
    message = fake.add_moment_creative(ad_account_id=1, format="WIDE_MESSAGE")
    got = await kakao.moment.creatives.get(display.id)
    assert isinstance(got, ka.DisplayCreative) and got.id == display.id
    got_msg = await kakao.moment.creatives.get(message.id)
    assert isinstance(got_msg, ka.MessageCreative)
    assert (
        got_msg.message_element is not None
        and got_msg.message_element.creative_format == "WIDE_MESSAGE"
    )


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("moment_display_creative.json", ka.DisplayCreative),
        ("moment_message_creative.json", ka.MessageCreative),
    ],
)
async def test_get_decodes_the_samples_over_http(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, name: str, cls: type
) -> None:
    fake.respond_next(sample_bytes(name))
    got = await kakao.moment.creatives.get(1111)
    assert isinstance(got, cls)
    assert got == (ka.models.decode_moment_creative(sample(name)))


async def test_get_missing_creative_is_not_found(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    with pytest.raises(ka.KakaoNotFoundError) as info:
        await kakao.moment.creatives.get(424242)
    err = info.value
    assert (err.code, err.detail_code, err.method, err.path) == (
        -813,
        33003,
        "GET",
        "/openapi/v4/creatives/424242",
    )


async def test_creatives_of_another_account_are_not_visible(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    other = fake.add_moment_creative(ad_account_id=2)
    with pytest.raises(ka.KakaoNotFoundError):
        await kakao.moment.creatives.get(other.id)
    assert isinstance(
        await kakao.moment.creatives.get(other.id, ad_account_id=2), ka.DisplayCreative
    )


async def test_set_config_switches_and_sends_the_documented_body(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.record_bodies = True
    c = fake.add_moment_creative(ad_account_id=1)
    assert await kakao.moment.creatives.set_config(c.id, "OFF") is True
    assert fake.moment_creative(c.id).config == "OFF"
    await kakao.moment.creatives.set_config(c.id, ka.Config.ON)
    assert fake.moment_creative(c.id).on_off_history == ["OFF", "ON"]
    call = fake.on_off_calls[-1]
    assert (call.creative_id, call.config, call.ad_account_id) == (c.id, "ON", 1)


async def test_on_off_not_found_arrives_as_http_200_envelope(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    # The document's onOff error sample is an HTTP 200 carrying the error envelope.
    fake.respond_next(
        sample_bytes("moment_error_on_off_not_found.json"), path="/openapi/v4/creatives/onOff"
    )
    with pytest.raises(ka.KakaoNotFoundError) as info:
        await kakao.moment.creatives.set_config(1234, "ON")
    assert info.value.status == 200 and info.value.detail_msg == "소재가 존재하지 않습니다."


async def test_message_creatives_cannot_be_switched_or_deleted(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    m = fake.add_moment_creative(ad_account_id=1, format="WIDE_LIST_MESSAGE")
    with pytest.raises(ka.KakaoAPIError) as info:
        await kakao.moment.creatives.delete(m.id)
    assert info.value.detail_code == 75008 and type(info.value) is ka.KakaoAPIError
    with pytest.raises(ka.KakaoAPIError):
        await kakao.moment.creatives.set_config(m.id, "OFF")


async def test_delete_sample_error_maps_with_detail(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.respond_next(sample_bytes("moment_error_delete_message.json"), status=400)
    with pytest.raises(ka.KakaoAPIError) as info:
        await kakao.moment.creatives.delete(5)
    assert (info.value.code, info.value.detail_code) == (-813, 75008)


async def test_delete_marks_creative_deleted(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    c = fake.add_moment_creative(ad_account_id=1)
    assert await kakao.moment.creatives.delete(c.id) is None
    assert fake.moment_creative(c.id).config == "DEL"
    assert (
        fake.requests[-1].method == "DELETE"
        and fake.requests[-1].path == f"/openapi/v4/creatives/{c.id}"
    )


async def test_system_config_history_and_histories(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    stopped = fake.add_moment_creative(
        ad_account_id=1, system_config="ADMIN_STOP", admin_stop_reason="landing ended"
    )
    running = fake.add_moment_creative(ad_account_id=1)
    h = await kakao.moment.creatives.system_config_history(stopped.id)
    assert (
        h is not None
        and h.reason == "landing ended"
        and h.system_config is ka.SystemConfig.ADMIN_STOP
    )
    assert await kakao.moment.creatives.system_config_history(running.id) is None
    hs = await kakao.moment.creatives.system_config_histories(stopped.id)
    assert [x.reason for x in hs] == ["landing ended"]
    assert await kakao.moment.creatives.system_config_histories(running.id) == []


async def test_history_samples_over_http(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    fake.respond_next(sample_bytes("moment_system_config_history.json"))
    h = await kakao.moment.creatives.system_config_history(1234)
    assert h is not None and h.reason and h.id == 1234
    fake.respond_next(sample_bytes("moment_system_config_histories.json"))
    hs = await kakao.moment.creatives.system_config_histories(1234)
    assert [x.id for x in hs] == [1235, 1234]
    fake.respond_next(sample_bytes("moment_error_not_found_en.json"), status=400)
    with pytest.raises(ka.KakaoNotFoundError, match="Creative does not exist"):
        await kakao.moment.creatives.system_config_histories(1234)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda k: k.moment.creatives.set_config(1, "PAUSED"), "config must be 'ON' or 'OFF'"),
        (lambda k: k.moment.creatives.set_config(1, "DEL"), "config must be 'ON' or 'OFF'"),
        (lambda k: k.moment.creatives.set_config(0, "ON"), "creative_id must be a positive"),
        (lambda k: k.moment.creatives.get(-5), "creative_id must be a positive"),
        (
            lambda k: k.moment.creatives.delete(1, ad_account_id=0),
            "ad_account_id must be a positive",
        ),
        (lambda k: k.moment.creatives.list(ad_group_id=0), "ad_group_id must be a positive"),
        (
            lambda k: k.moment.creatives.list(ad_group_id=1, config=["ON", "X"]),
            "config must be among",
        ),
        (lambda k: k.moment.creatives.list(ad_group_id=1, config=[]), "at least one"),
        (lambda k: k.moment.creatives.get_many([1, 2], concurrency=0), "concurrency"),
        (lambda k: k.moment.creatives.get_many([1, 0]), "creative_id"),
        (lambda k: k.moment.creatives.get(1, timeout=0), "timeout"),
    ],
)
async def test_bad_input_raises_before_any_request(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, call: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        await call(kakao)  # type: ignore[operator]
    assert len(fake.requests) == 0


async def test_bad_bulk_input_raises_before_any_request(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    with pytest.raises(ValueError, match="config"):
        await kakao.moment.creatives.set_configs([(1, "ON"), (2, "MAYBE")])
    with pytest.raises(TypeError):
        await kakao.moment.creatives.get("one")  # type: ignore[arg-type]
    assert len(fake.requests) == 0


async def test_missing_ad_account_is_a_clear_error(fake: FakeKakaoServer) -> None:
    async with ka.KakaoClient("fake-kakao-token", moment_base_url=fake.base_url) as client:
        with pytest.raises(ValueError, match="ad_account_id is required"):
            await client.moment.creatives.get(1)
    assert len(fake.requests) == 0


async def test_concurrent_set_config_calls_are_spaced_at_the_server(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.latency = (0.0, 0.01)
    ids = fake.seed(ad_accounts=[1], creatives_per_account=5)[1]
    await asyncio.gather(*(kakao.moment.creatives.set_config(i, "OFF") for i in ids))
    assert fake.on_off_rejections == 0
    arrivals = [c.arrived_at for c in fake.on_off_calls]
    assert len(arrivals) == 5
    assert min(b - a for a, b in itertools.pairwise(arrivals)) >= INTERVAL


async def test_get_many_keeps_order_bounds_concurrency_and_reports_failures(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    fake.latency = (0.005, 0.01)
    ids = fake.seed(ad_accounts=[1], creatives_per_account=12)[1]
    wanted = [*ids[:6], 999_999, *ids[6:]]
    result = await kakao.moment.creatives.get_many(wanted, concurrency=3)
    assert len(result) == len(wanted)
    assert [r.item for r in result] == wanted
    assert [r.value.id for r in result if r.value is not None] == ids
    (failure,) = result.failed
    assert failure.item == 999_999 and isinstance(failure.error, ka.KakaoNotFoundError)
    assert fake.peak_in_flight == 3


async def test_set_configs_coalesces_duplicates_and_spans_accounts(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=2)
    a1, a2 = ids[1]
    b1, _ = ids[2]
    changes = [
        ka.ConfigChange(a1, "OFF"),
        ka.ConfigChange(b1, "OFF", ad_account_id=2),
        ka.ConfigChange(a1, "ON"),
        ka.ConfigChange(a2, "OFF"),
        ka.ConfigChange(a1, "OFF"),
    ]
    result = await kakao.moment.creatives.set_configs(changes)
    assert [r.item for r in result] == changes and result.ok
    assert [r.value for r in result] == ["OFF", "OFF", "OFF", "OFF", "OFF"]
    assert fake.moment_creative(a1).on_off_history == ["OFF"]  # sent once, last state
    assert len(fake.on_off_calls) == 3 and fake.on_off_rejections == 0


async def test_set_configs_reports_every_item(fake: FakeKakaoServer, kakao: ka.KakaoClient) -> None:
    ok = fake.add_moment_creative(ad_account_id=1)
    msg = fake.add_moment_creative(ad_account_id=1, format="BASIC_TEXT_MESSAGE")
    result = await kakao.moment.creatives.set_configs(
        [(ok.id, "OFF"), (msg.id, "OFF"), (777_777, "ON")]
    )
    assert [r.ok for r in result] == [True, False, False]
    assert isinstance(result[2].error, ka.KakaoNotFoundError)
    assert len(result.failed) == 2 and not result.ok


async def test_set_configs_reports_every_merged_duplicate_failed_skipped_and_counted(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    # review17: an entry keeps its sent item's index and a tuple of the earlier ones; every
    # merged item still reports itself, failures and skips included, and progress counts each.
    ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=2)
    a1, a2 = ids[1]
    b1, b2 = ids[2]
    fake.moment_creative(a2).config = "OFF"  # already as asked: skipped
    missing = 777_777
    changes = [
        ka.ConfigChange(missing, "ON"),
        ka.ConfigChange(a1, "OFF"),
        ka.ConfigChange(b1, "OFF", ad_account_id=2),
        ka.ConfigChange(missing, "OFF"),
        ka.ConfigChange(a2, "OFF"),
        ka.ConfigChange(b1, "ON", ad_account_id=2),
        ka.ConfigChange(missing, "ON"),
        ka.ConfigChange(a2, "OFF"),
        ka.ConfigChange(b2, "OFF", ad_account_id=2),
        ka.ConfigChange(missing, "OFF"),
        ka.ConfigChange(b1, "OFF", ad_account_id=2),
    ]
    job = kakao.moment.creatives.start_set_configs(changes, skip_unchanged=True)
    seen = [p async for p in job.watch()]
    result = await job
    assert [r.item for r in result] == changes  # each item reports itself, in input order
    assert [r.ok for r in result] == [
        False,
        True,
        True,
        False,
        True,
        True,
        False,
        True,
        True,
        False,
        True,
    ]
    for i in (0, 3, 6, 9):
        assert isinstance(result[i].error, ka.KakaoNotFoundError)
    assert [r.value for r in result if r.ok] == ["OFF"] * 7  # last value wins per object
    assert all(result[i].skipped for i in (4, 7)) and not result[1].skipped
    assert fake.moment_creative(b1).on_off_history == ["OFF"]
    assert seen[-1].done == len(changes) and seen[-1].failed == 4
    assert [p.done for p in seen] == sorted(p.done for p in seen)
