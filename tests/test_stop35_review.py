"""review35: this session's changes attacked (``BulkJob.map(stop_on=)`` and the per-id bulks that
stop after a refused token, the CLI's table printer and stdin, the capped error message).

Some tests pin defects the review found (each failed before its fix); the others pin behaviour
users rely on that no test covered.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import subprocess
import sys
import traceback
import warnings
import weakref

import pytest

import kakao_async as ka
from kakao_async.events import CallStarted, JobProgress
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault
from tests.cli.conftest import CLI, cli, cli_env  # noqa: F401 - the CLI fixtures, used here too
from tests.conftest import FAST_RETRY, fake_client
from tests.test_bulk_garbage import failed_items, loop_turns

REVOKED = "review35-revoked-token-4e2a91c7"
CHANNEL = 3535353535


class Refused(Exception):
    pass


async def _refuse(item: int) -> int:
    await asyncio.sleep(0)
    raise Refused(f"refused at {item}")


async def _call(item: int) -> int:
    # One frame more between the worker and the raise: the traceback the user reads.
    return await _refuse(item)


def _frames(error: BaseException) -> list[str]:
    return [frame.name for frame in traceback.extract_tb(error.__traceback__)]


# --- the stopping error's traceback -----------------------------------------------------------


async def test_unsent_items_leave_the_stopping_error_s_traceback_whole() -> None:
    alone = await ka.BulkJob.map([0], _call, concurrency=1, stop_on=Refused)
    assert _frames(alone[0].error) == ["_call", "_refuse"]  # what a single failure keeps

    result = await ka.BulkJob.map(range(5), _call, concurrency=1, stop_on=Refused)
    error = result[0].error
    assert all(item.error is error for item in result)
    # Today: [] (one frame lost per unsent item).
    assert _frames(error) == ["_call", "_refuse"]


async def test_a_get_many_stopped_by_a_refused_token_keeps_the_error_s_traceback(
    fake: FakeKakaoServer,
) -> None:
    ids = fake.seed(ad_accounts=[1], creatives_per_account=6)[1]
    fake.add_token(REVOKED)
    fake.revoke_token(REVOKED)
    async with fake_client(fake, REVOKED, retry=FAST_RETRY) as kakao:
        one = await kakao.moment.creatives.get_many(ids[:1], concurrency=1)
        many = await kakao.moment.creatives.get_many(ids, concurrency=1)
    kept = _frames(one[0].error)
    assert kept  # a lone refused item keeps where it was raised
    error = many[0].error
    assert isinstance(error, ka.KakaoAuthError)
    assert all(item.error is error for item in many)
    # Today: [] after the five unsent items.
    assert _frames(error) == kept


@failed_items
@pytest.mark.parametrize("bulk", ["map", "get_many"])
async def test_a_stopped_bulk_is_freed_by_reference_counting(
    fake: FakeKakaoServer, no_collector: None, bulk: str
) -> None:
    """The stopping error its unsent items share holds no frame that holds the job (whatever
    frames its traceback keeps): the job goes when its caller drops it."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=8)[1]
    fake.add_token(REVOKED)
    fake.revoke_token(REVOKED)
    async with fake_client(fake, REVOKED, retry=FAST_RETRY) as kakao:
        if bulk == "map":
            job: ka.BulkJob[int, object] = ka.BulkJob.map(
                range(8), _call, concurrency=2, stop_on=Refused
            )
        else:
            job = kakao.moment.creatives.start_get_many(ids, concurrency=2)
        result = await job
        assert len(result.failed) == 8
        await loop_turns()
        gone = weakref.ref(job)
        del job, result
        assert gone() is None


# --- a stopped job: progress, watchers, cancellation, pickling, events ------------------------


async def test_a_stopped_job_counts_every_item_in_progress_watch_and_callbacks() -> None:
    release = asyncio.Event()
    seen: list[ka.Progress] = []

    async def fn(item: int) -> int:
        if item == 0:
            await asyncio.sleep(0.01)
            raise Refused("first")
        await release.wait()  # items 1 and 2 are in flight when 0 stops the run
        return item

    reached = asyncio.Event()

    def on_progress(progress: ka.Progress) -> None:
        seen.append(progress)
        if progress.done == 28:  # item 0 and the 27 unsent ones
            reached.set()

    job = ka.BulkJob.map(range(30), fn, concurrency=3, stop_on=Refused, on_progress=on_progress)
    watched: list[ka.Progress] = []

    async def watch() -> None:
        async for progress in job.watch():
            watched.append(progress)

    watcher = asyncio.ensure_future(watch())
    await asyncio.wait_for(reached.wait(), 5)
    assert job.results[1] is None and job.results[2] is None  # still in flight
    assert not job.done()
    release.set()
    result = await job
    await watcher
    assert [item.item for item in result.succeeded] == [1, 2]
    assert len(result.failed) == 28
    final = job.progress
    assert (final.total, final.done, final.failed, final.eta) == (30, 30, 28, 0.0)
    assert len(seen) == 30 and seen[-1].done == 30 and seen[-1].failed == 28
    assert watched[-1].done == 30


async def test_cancelling_a_stopped_job_keeps_the_unsent_results() -> None:
    async def fn(item: int) -> int:
        if item == 0:
            await asyncio.sleep(0.01)  # item 1 starts meanwhile
            raise Refused("first")
        await asyncio.sleep(30)  # item 1: in flight, never ends by itself
        return item

    reached = asyncio.Event()

    def on_progress(progress: ka.Progress) -> None:
        if progress.done == 9:
            reached.set()

    job = ka.BulkJob.map(range(10), fn, concurrency=2, stop_on=Refused, on_progress=on_progress)
    await asyncio.wait_for(reached.wait(), 5)
    assert job.cancel()
    with pytest.raises(asyncio.CancelledError):
        await job
    assert job.cancelled() and job.done()
    kept = job.results
    assert kept[1] is None  # cancelled in flight: no result
    assert all(isinstance(r.error, Refused) for i, r in enumerate(kept) if i != 1 and r)
    assert job.progress.done == 9


async def test_a_stopped_get_many_sends_no_call_events_for_unsent_ids_and_pickles(
    fake: FakeKakaoServer,
) -> None:
    """README (Metrics): one CallStarted per call. The ids a refused token leaves unsent are no
    call (no CallStarted), yet each is a JobProgress; the result pickles with its one error."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=20)[1]
    fake.add_token(REVOKED)
    fake.revoke_token(REVOKED)
    events: list[object] = []
    async with fake_client(fake, REVOKED, retry=FAST_RETRY, observers=[events.append]) as kakao:
        result = await kakao.moment.creatives.get_many(ids, concurrency=3)
    sent = [r for r in fake.requests if r.path.startswith("/openapi/v4/creatives/")]
    started = [e for e in events if isinstance(e, CallStarted)]
    assert 1 <= len(sent) <= 3 and len(started) == len(sent)
    progress = [e for e in events if isinstance(e, JobProgress)]
    assert len([e for e in progress if not e.ended]) == 20
    assert [e.progress.failed for e in progress if e.ended] == [20]
    copy = pickle.loads(pickle.dumps(result))
    errors = {id(item.error) for item in copy}
    assert len(copy) == 20 and len(errors) <= len(sent)
    assert all(type(item.error) is ka.KakaoAuthError for item in copy)
    assert REVOKED.encode() not in pickle.dumps(result)


# --- the CLI: table cells and error lines are text, not rich markup ----------------------------


@pytest.mark.parametrize(
    "name",
    ["[mo] 봄 세일", "특가 :fire: 이벤트", "설명 [/] 끝"],
    ids=["a-tag-like-prefix", "an-emoji-code", "a-closing-tag"],
)
def test_keyword_list_prints_names_with_brackets_as_typed(
    cli: CLI,  # noqa: F811
    kakao_fake: FakeKakaoServer,
    name: str,
) -> None:
    kakao_fake.add_keyword_creative(ad_account_id=1, biz_channel_id=CHANNEL, name=name)
    run = cli("keyword", "list", "--biz-channel", str(CHANNEL))
    assert run.code == 0, run.err
    assert name in run.out, run.out


def test_an_error_line_quotes_kakao_s_reason_as_sent(
    cli: CLI,  # noqa: F811
    kakao_fake: FakeKakaoServer,
) -> None:
    reason = "[adaccountid] 광고계정 [/] 권한이 없습니다"
    body = {"code": -813, "msg": "KakaoMomentException", "extras": {"detailCode": 9004}}
    body["extras"]["detailMsg"] = reason  # type: ignore[index]
    kakao_fake.inject(
        Fault(kind="body", status=400, body=json.dumps(body, ensure_ascii=False).encode())
    )
    run = cli("campaigns", "get", "1006")
    assert run.code == 1, run.err
    assert reason in run.err, run.err


# --- the CLI: Kakao's reason in an error line is capped as the exception's message ----------------


def test_an_error_line_quotes_at_most_1000_characters_of_kakao_s_reason(
    cli: CLI,  # noqa: F811
    kakao_fake: FakeKakaoServer,
) -> None:
    detail = "사유" * 500_000
    body = {"code": -813, "msg": "m", "extras": {"detailCode": 33003, "detailMsg": detail}}
    kakao_fake.inject(
        Fault(kind="body", status=400, body=json.dumps(body, ensure_ascii=False).encode())
    )
    run = cli("campaigns", "get", "1006")
    assert run.code == 1
    assert detail[:1000] in run.err
    assert max(map(len, run.err.splitlines())) < 2_000  # today: 1,000,000 and more


# --- the CLI: stdin ---------------------------------------------------------------------------


def test_ids_from_a_closed_stdin_are_a_usage_error(
    cli: CLI,  # noqa: F811
    kakao_fake: FakeKakaoServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    run = cli("moment", "off", "--from-file", "-")
    assert run.code == 2, run.err
    assert "bug" not in run.err and "stdin" in run.err
    assert not [r for r in kakao_fake.requests if r.method == "PUT"]


def test_ids_piped_with_a_bom_and_crlf_are_read_under_a_latin1_console(
    cli: CLI,  # noqa: F811
    kakao_fake: FakeKakaoServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Windows export piped in (BOM, CRLF) under a Latin-1 console: every id, nothing else."""
    import io

    ids = kakao_fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    raw = ("\ufeff" + "\r\n".join(map(str, ids)) + "\r\n").encode("utf-8")
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="latin-1")
    monkeypatch.setattr(sys, "stdin", stream)
    run = cli("--json", "moment", "off", "--from-file", "-")
    assert run.code == 0, run.err
    assert sorted(item["id"] for item in run.json()["results"]) == sorted(ids)


# --- deprecations -----------------------------------------------------------------------------


def test_the_deprecated_names_warn_at_the_user_s_line_and_still_work() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quota = ka.endpoints.ON_OFF_QUOTA
    assert quota is ka.endpoints.CREATIVE_ON_OFF_QUOTA
    assert [w.category for w in caught] == [DeprecationWarning]
    assert caught[0].filename == __file__
    assert "ON_OFF_QUOTA" not in ka.endpoints.__all__
    with pytest.raises(AttributeError):
        ka.endpoints.ON_OF_QUOTA  # noqa: B018 - a misspelt name stays an error


async def test_set_quota_interval_warns_and_still_sets_the_quota() -> None:
    async with FakeKakaoServer(on_off_interval=0) as fake:
        with pytest.warns(DeprecationWarning, match="set_quota") as caught:
            fake.set_quota_interval("creatives.onOff", 0.25)
        assert caught[0].filename == __file__
        creatives = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
        sent = await _two_quick_puts(fake, creatives)
        assert sent == [200, 429]


async def _two_quick_puts(fake: FakeKakaoServer, creatives: list[int]) -> list[int]:
    """Two onOff calls of one (user, ad account) 1 ms apart, the client's own pacing and
    retries out of the way: the statuses the fake answered."""
    statuses = []
    async with fake_client(
        fake, DEFAULT_TOKEN, retry=ka.RetryPolicy(attempts=1), on_off_interval=0.001
    ) as kakao:
        for creative in creatives:
            try:
                await kakao.moment.creatives.set_config(creative, "OFF")
                statuses.append(200)
            except ka.KakaoRateLimitError as exc:
                statuses.append(exc.status)
    return statuses


# --- a 401 that a refresh clears does not stop a per-id bulk -----------------------------------


async def test_an_access_token_expiring_mid_get_many_is_refreshed_and_nothing_stops(
    fake: FakeKakaoServer,
) -> None:
    """The per-id bulks stop on a KakaoAuthError, not on a 401: an access token that expires in
    the middle of a get_many (Kakao's 401 / -401) is refreshed once and every id is fetched."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=40)[1]
    fake.add_oauth_client(client_id="review35-app", refresh_token="review35-refresh-9b1f")
    refreshing = ka.RefreshingToken(
        client_id="review35-app", refresh_token="review35-refresh-9b1f", auth_url=fake.base_url
    )

    def expire_at_ten(progress: ka.Progress) -> None:
        if progress.done == 10:
            fake.expire_access_tokens()

    async with fake_client(fake, refreshing, retry=FAST_RETRY) as kakao:
        result = await kakao.moment.creatives.get_many(
            ids, concurrency=8, on_progress=expire_at_ten
        )
    assert not result.failed, result.failed[:1]
    assert [item.value.id for item in result] == ids
    assert fake.oauth_requests == 2  # the first access token and the one refresh
    refused = [r for r in fake.requests if r.status == 401]
    assert 1 <= len(refused) <= 8  # the GETs in flight with the expired token


# --- the parser without the [speed] extra: numbers JSON does not have ---------------------------

_WITHOUT_ORJSON = r"""
import asyncio, sys
sys.modules["orjson"] = None  # as installed without the [speed] extra
import kakao_async as ka
from kakao_async._http._interpret import JSON_PARSER
assert JSON_PARSER == "json", JSON_PARSER

body = sys.argv[1].encode()
answer = lambda request: ka.HttpResponse(200, {}, body)

async def main():
    async with ka.KakaoClient("t", ad_account_id=1, transport=ka.MockTransport(answer)) as kakao:
        try:
            report = await kakao.moment.reports.ad_account(date_preset="TODAY")
        except ka.KakaoDecodeError:
            print("KakaoDecodeError")
        else:
            print(repr(report.to_records()[0]["ctr"]))

asyncio.run(main())
"""


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_without_orjson_a_non_finite_number_is_a_decode_error_as_with_it(number: str) -> None:
    row = '{"start":"2025-01-01","end":"2025-01-01","dimensions":{},"metrics":{"ctr":%s}}'
    body = '{"code":200,"data":[%s]}' % (row % number)
    run = subprocess.run(
        [sys.executable, "-c", _WITHOUT_ORJSON, body],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    # Today: nan, inf, -inf, inf.
    assert run.stdout.strip() == "KakaoDecodeError"
