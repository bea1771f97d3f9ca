"""Hostile inputs and hostile servers at the public boundaries (fuzz30).

Inputs: every refused argument is a ``KakaoInputError`` (README, Errors) raised before any
request, counted at a ``MockTransport``. Responses: whatever a server answers, a call ends in a
typed ``KakaoError`` (README, "Hostile responses"), bulk runs give one result per item, and no
token is reachable from an error (README, Guarantees: "Secrets").
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager, suppress
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer
from tests.conftest import SECRETS

TOKEN = "fuzz30-token-0123456789abcdef"
SECRETS.add(TOKEN)

#: Every quota the calls below meet, scaled down.
QUOTAS = {
    name: 0.001
    for name in (
        "creatives.onOff",
        "campaigns.onOff",
        "campaigns.dailyBudgetAmount",
        "adGroups.write",
        "reports.account",
        "reports.campaigns",
    )
}
FAST = ka.RetryPolicy(base=0.001, cap=0.002)
SMALL = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

Answer = Callable[[ka.HttpRequest], ka.HttpResponse]
Call = Callable[[ka.KakaoClient], Coroutine[Any, Any, Any]]


def mocked(answer: Answer, **options: Any) -> tuple[ka.KakaoClient, ka.MockTransport]:
    mock = ka.MockTransport(answer)
    options.setdefault("retry", FAST)
    client = ka.KakaoClient(TOKEN, ad_account_id=1, transport=mock, quotas=QUOTAS, **options)
    return client, mock


def json_answer(body: Any, status: int = 200) -> Answer:
    raw = json.dumps(body).encode()
    return lambda request: ka.HttpResponse(status, {}, raw)


class Index:
    """A numpy-like integer: not an int, but has ``__index__``."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value

    def __repr__(self) -> str:
        return f"Index({self.value})"


def strings_reachable_from(obj: Any, seen: set[int] | None = None, depth: int = 0) -> Iterator[str]:
    """Every text reachable from ``obj`` through exception chains, args, attributes, mappings
    and sequences, as its plain ``str`` value (what ``str()``, an f-string or ``json.dumps``
    would write, whatever its ``repr`` shows)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 10:
        return
    seen.add(id(obj))
    if isinstance(obj, str):
        yield str.__str__(obj)
        return
    if isinstance(obj, (bytes, bytearray)):
        yield bytes(obj).decode("latin-1")
        return
    if isinstance(obj, (int, float, type(None))):
        return
    items = getattr(obj, "items", None)
    if callable(items):
        try:
            pairs = list(items())
        except Exception:
            pairs = []
        for key, value in pairs:
            yield from strings_reachable_from(key, seen, depth + 1)
            yield from strings_reachable_from(value, seen, depth + 1)
    if isinstance(obj, (list, tuple, set, frozenset)):
        for value in obj:
            yield from strings_reachable_from(value, seen, depth + 1)
    for name in ("__cause__", "__context__", "args", "__dict__", "__notes__"):
        try:
            value = getattr(obj, name)
        except Exception:
            continue
        yield from strings_reachable_from(value, seen, depth + 1)


@asynccontextmanager
async def raw_server(answer: bytes) -> AsyncIterator[str]:
    """A loopback HTTP/1.1 server that writes ``answer`` (status line, headers and body, as
    bytes) to every request on a kept-alive connection: for status lines aiohttp's own server
    would never write."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        await reader.readexactly(int(line.split(b":", 1)[1]))
                writer.write(answer)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()


def http_answer(status_line: bytes, body: bytes) -> bytes:
    return b"%s\r\nContent-Length: %d\r\n\r\n%s" % (status_line, len(body), body)


# --- Inputs: refused before anything is sent -------------------------------------------------

#: Values no id may be: bool, float, numpy-like, unicode digits, padded, signed, out of range.
BAD_IDS: list[Any] = [
    True,
    False,
    1.0,
    1.5,
    math.nan,
    math.inf,
    Index(3),
    "١٢٣",
    "\uff11\uff12\uff13",  # fullwidth 123
    "²",
    " 12",
    "12 ",
    "+12",
    "-12",
    "1e3",
    "",
    0,
    -1,
    2**63,
    2**200,
    "9" * 5000,
    b"12",
]


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
async def test_a_bad_id_is_refused_before_any_request_by_every_kind_of_call(bad: Any) -> None:
    calls: list[Call] = [
        lambda k: k.moment.creatives.get(bad),
        lambda k: k.moment.creatives.set_config(bad, "OFF"),
        lambda k: k.moment.campaigns.set_daily_budget(bad, 50_000),
        lambda k: k.moment.creatives.get_many([1, bad]),
        lambda k: k.moment.creatives.get_many([(bad, 1)]),
        lambda k: k.moment.creatives.set_configs([(1, "OFF"), (bad, "OFF")]),
        lambda k: k.moment.creatives.get(1, ad_account_id=bad),
        lambda k: k.moment.reports.campaigns(campaign_ids=[bad], date_preset="YESTERDAY"),
        lambda k: k.keyword.creatives.delete_many([bad]),
    ]
    client, mock = mocked(json_answer({"id": 1}))
    async with client as kakao:
        for call in calls:
            with pytest.raises(ka.KakaoInputError):
                await call(kakao)
    assert mock.requests == []


@pytest.mark.parametrize(
    ("option", "bad"),
    [
        ("timeout", True),
        ("timeout", math.nan),
        ("timeout", math.inf),
        ("timeout", 0),
        ("timeout", -1),
        ("timeout", "30"),
        ("timeout", Index(3)),
        ("timeout", 2**1100),
        ("max_connections", True),
        ("max_connections", 1.0),
        ("max_connections", 0),
        ("max_connections", Index(3)),
        ("max_requests_per_second", math.nan),
        ("max_requests_per_second", 0),
        ("max_response_bytes", True),
        ("max_response_bytes", 0),
        ("on_off_interval", math.nan),
        ("on_off_interval", True),
        ("on_off_interval", 2**1100),
        ("on_off_margin", -1),
        ("on_off_margin", math.inf),
        ("ad_account_id", True),
        ("ad_account_id", "١٢٣"),
        ("ad_account_id", 2**63),
        ("user_key", ""),
        ("user_key", "a\x00b"),
        ("user_key", TOKEN),
        ("observers", print),
        ("observers", "abc"),
        ("quotas", {"no.such.quota": 1}),
        ("quotas", {"creatives.onOff": math.nan}),
        ("quotas", {"creatives.onOff": True}),
        ("quotas", {"creatives.onOff": 2**1100}),
        ("quotas", [("creatives.onOff", 1)]),
        ("retry", "fast"),
    ],
    ids=repr,
)
def test_every_bad_client_option_is_an_input_error(option: str, bad: Any) -> None:
    with pytest.raises(ka.KakaoInputError):
        ka.KakaoClient(TOKEN, transport=ka.MockTransport(json_answer({})), **{option: bad})


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-1-1", "2026-01-02"),
        ("yesterday", "today"),
        ("\uff12\uff10\uff12\uff16-01-01", "2026-01-02"),
        ("2026-01-01 ", "2026-01-02"),
        ("2026-02-30", "2026-03-01"),
        ("2026-01-01T00:00", "2026-01-02"),
        (20260101, 20260102),
        ("2026-01-02", "2026-01-01"),
        ("2025-01-01", "2025-03-31"),  # over 31 days without time_unit="DAY"
    ],
    ids=repr,
)
async def test_a_bad_report_range_is_refused_before_any_request(start: Any, end: Any) -> None:
    client, mock = mocked(json_answer({"data": []}))
    async with client as kakao:
        with pytest.raises(ka.KakaoInputError):
            await kakao.moment.reports.ad_account(start=start, end=end)
    assert mock.requests == []


@SMALL
@given(
    items=st.lists(
        st.one_of(
            st.integers(min_value=-3, max_value=2**64),
            st.text(max_size=6),
            st.booleans(),
            st.floats(),
            st.none(),
            st.tuples(st.integers(min_value=0, max_value=9), st.integers(min_value=0, max_value=9)),
        ),
        max_size=6,
    )
)
def test_get_many_refuses_a_list_with_any_bad_id_before_sending_or_answers_one_per_item(
    items: list[Any],
) -> None:
    async def run() -> None:
        client, mock = mocked(json_answer({"id": 1}))
        async with client as kakao:
            try:
                result = await kakao.moment.creatives.get_many(items, concurrency=3)
            except ka.KakaoInputError:
                assert mock.requests == []
            else:
                assert len(result) == len(items)
                assert len(mock.requests) == len(items)

    asyncio.run(run())


# --- Responses: typed errors, never a bare one, one result per bulk item ---------------------

HOSTILE_ANSWERS: list[tuple[int, dict[str, str], bytes]] = [
    (200, {}, b"[1, 2]"),
    (200, {}, b'"text"'),
    (502, {"Content-Type": "text/html"}, b"<html><body>Bad gateway</body></html>"),
    (200, {"Content-Type": "text/html"}, b"<html>hi</html>"),
    (200, {}, b'{"id": 5, "na'),
    (200, {}, b'{"id": 5, "name": "\xff\xfe"}'),
    (200, {}, b'\xef\xbb\xbf{"id": 5}'),
    (400, {}, b'{"code": -813}'),
    (400, {}, b'{"code": "-813", "msg": "x"}'),
    (200, {}, b'{"code": -9798, "msg": "x"}'),
    (400, {}, b'{"code": {"a": [1]}, "msg": [1], "extras": {"detailCode": [1]}}'),
    (200, {}, b'{"id": "abc"}'),
    (200, {}, b'{"id": 5, "createdDate": "yesterday"}'),
    (200, {}, b'{"id": 5.5}'),
    (200, {}, b'{"id": true}'),
    (429, {"Retry-After": "-1"}, b'{"code": -813, "msg": "q"}'),
    (429, {"Retry-After": "abc"}, b'{"code": -813, "msg": "q"}'),
    (429, {"Retry-After": "1e309"}, b'{"code": -813, "msg": "q"}'),
    (429, {"Retry-After": "nan"}, b'{"code": -813, "msg": "q"}'),
    (429, {"Retry-After": "9" * 400}, b'{"code": -813, "msg": "q"}'),
    (302, {"Location": "https://elsewhere.example/"}, b""),
    (301, {"Location": "/x"}, b'{"id": 5}'),
    (600, {}, b"{}"),
]


@pytest.mark.parametrize("answer", HOSTILE_ANSWERS, ids=repr)
async def test_a_hostile_answer_to_a_detail_get_is_a_typed_error(
    answer: tuple[int, dict[str, str], bytes],
) -> None:
    status, headers, body = answer
    client, _ = mocked(lambda request: ka.HttpResponse(status, headers, body), timeout=5)
    async with client as kakao:
        with pytest.raises(ka.KakaoError) as caught:
            await asyncio.wait_for(kakao.moment.creatives.get(5), 10)
    error = caught.value
    if isinstance(error, ka.KakaoAPIError):
        assert error.status == status
        retry_after = error.retry_after
        assert retry_after is None or 0.0 <= retry_after <= 300.0


@pytest.mark.parametrize("seconds", ["-1", "abc", "1e309", "nan", "inf", "9" * 400])
async def test_an_unusable_retry_after_still_ends_the_call_within_its_attempts(
    seconds: str,
) -> None:
    body = b'{"code": -813, "msg": "q"}'
    client, mock = mocked(lambda request: ka.HttpResponse(429, {"Retry-After": seconds}, body))
    async with client as kakao:
        with pytest.raises(ka.KakaoRateLimitError) as caught:
            await asyncio.wait_for(kakao.moment.creatives.set_config(5, "OFF"), 10)
    assert caught.value.retry_after in (None, 0.0)
    assert len(mock.requests) == ka.RetryPolicy().rate_limit_attempts


@SMALL
@given(
    answers=st.lists(st.sampled_from(HOSTILE_ANSWERS), min_size=1, max_size=5),
    ids=st.lists(st.integers(min_value=1, max_value=6), max_size=8),
    skip=st.booleans(),
)
def test_bulk_runs_answer_each_item_once_whatever_the_server_says(
    answers: list[tuple[int, dict[str, str], bytes]], ids: list[int], skip: bool
) -> None:
    turn = iter(range(10**9))

    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        status, headers, body = answers[next(turn) % len(answers)]
        return ka.HttpResponse(status, headers, body)

    async def run() -> None:
        client, _ = mocked(answer, timeout=5)
        async with client as kakao:
            got = await asyncio.wait_for(kakao.moment.creatives.get_many(ids), 30)
            changes = [(i, "ON" if i % 2 else "OFF") for i in ids]
            sent = await asyncio.wait_for(
                kakao.moment.creatives.set_configs(changes, skip_unchanged=skip), 30
            )
        for result, items in ((got, ids), (sent, changes)):
            assert len(result) == len(items)
            for item in result:
                assert item.ok or isinstance(item.error, ka.KakaoError), item

    asyncio.run(run())


async def test_a_huge_detail_msg_is_kept_whole_on_the_error_and_read_quickly() -> None:
    detail = "사유 " * 1_000_000
    body = {"code": -813, "msg": "m", "extras": {"detailCode": 33003, "detailMsg": detail}}
    client, _ = mocked(json_answer(body, status=400))
    async with client as kakao:
        with pytest.raises(ka.KakaoNotFoundError) as caught:
            await asyncio.wait_for(kakao.moment.creatives.get(5), 5)
    assert caught.value.detail_msg == detail
    assert caught.value.detail_code == 33003


async def test_a_code_sent_as_text_still_picks_the_class() -> None:
    client, _ = mocked(json_answer({"code": "-401", "msg": "expired"}, status=200))
    async with client as kakao:
        with pytest.raises(ka.KakaoAuthError) as caught:
            await kakao.moment.creatives.get(5)
    assert caught.value.code == -401


# --- Defects found (each failed before its fix) ----------------------------------------------


def report_window_answer(request: ka.HttpRequest) -> ka.HttpResponse:
    """A daily report's windows: the first (January) answers an object that is no report
    answer at all (no ``data``, and not Kakao's envelope either: no ``code``), as a gateway
    in between might."""
    start = dict(request.params)["start"]
    if start == "20250101":
        return ka.HttpResponse(200, {}, b'{"status": "ok"}')
    day = f"{start[:4]}-{start[4:6]}-{start[6:]}"
    row = {"start": day, "end": day, "dimensions": {}, "metrics": {"imp": 1}}
    return ka.HttpResponse(200, {}, json.dumps({"data": [row]}).encode())


async def test_a_report_window_answered_without_data_is_an_error_not_missing_days() -> None:
    client, _ = mocked(report_window_answer)
    async with client as kakao:
        with pytest.raises(ka.KakaoDecodeError, match="'data'"):
            await kakao.moment.reports.ad_account(
                start=date(2025, 1, 1), end=date(2025, 3, 31), time_unit="DAY"
            )


async def test_a_report_window_with_null_data_is_an_empty_window() -> None:
    """``{"data": null}`` stays an empty window, as a null ``content`` is an empty list."""
    client, _ = mocked(json_answer({"code": 200, "data": None}))
    async with client as kakao:
        report = await kakao.moment.reports.ad_account(date_preset="YESTERDAY")
    assert len(report) == 0


@pytest.mark.parametrize("status", [b"HTTP/1.1 000 Zero", b"HTTP/1.1 099 Odd"])
async def test_a_status_below_200_is_not_taken_for_an_applied_change(status: bytes) -> None:
    async with (
        raw_server(http_answer(status, b'{"id": 5}')) as url,
        ka.KakaoClient(
            TOKEN, ad_account_id=1, moment_base_url=url, quotas=QUOTAS, retry=FAST
        ) as kakao,
    ):
        with pytest.raises(ka.KakaoDecodeError, match="unexpected HTTP"):
            await kakao.moment.creatives.set_config(5, "OFF")


async def test_a_server_status_below_100_is_never_an_input_error() -> None:
    body = b'{"code": -9798, "msg": "oops"}'
    async with (
        raw_server(http_answer(b"HTTP/1.1 099 Odd", body)) as url,
        ka.KakaoClient(
            TOKEN,
            ad_account_id=1,
            moment_base_url=url,
            retry=ka.RetryPolicy(attempts=1),
        ) as kakao,
    ):
        with pytest.raises(ka.KakaoError) as caught:
            await kakao.moment.creatives.get(5)
    assert not isinstance(caught.value, ka.KakaoInputError), repr(caught.value)


async def test_no_token_is_reachable_from_a_transport_error() -> None:
    async with (
        raw_server(b"HTTP/1.1 abc Broken\r\nContent-Length: 2\r\n\r\n{}") as url,
        ka.KakaoClient(
            TOKEN, ad_account_id=1, moment_base_url=url, retry=ka.RetryPolicy(attempts=1)
        ) as kakao,
    ):
        with pytest.raises(ka.KakaoTransportError) as caught:
            await kakao.moment.creatives.get(5)
        result = await kakao.moment.creatives.get_many([5])
    assert not any(TOKEN in text for text in strings_reachable_from(caught.value))
    assert not any(TOKEN in text for text in strings_reachable_from(result))


async def test_the_transport_error_text_and_debug_logs_hold_no_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """What the README promises today: message, repr, args and traceback text are clean."""
    import traceback

    caplog.set_level(logging.DEBUG, logger="kakao_async")
    async with (
        raw_server(b"HTTP/1.1 abc Broken\r\nContent-Length: 2\r\n\r\n{}") as url,
        ka.KakaoClient(
            TOKEN, ad_account_id=1, moment_base_url=url, retry=ka.RetryPolicy(attempts=2)
        ) as kakao,
    ):
        with pytest.raises(ka.KakaoTransportError) as caught:
            await kakao.moment.creatives.get(5)
    error = caught.value
    shown = [str(error), repr(error), repr(error.args), repr(error.__cause__)]
    shown.append("".join(traceback.format_exception(error)))
    shown += [record.getMessage() for record in caplog.records]
    assert caplog.records  # the retry was logged
    assert not any(TOKEN in text for text in shown)


def test_a_quota_interval_past_a_float_is_an_input_error() -> None:
    with pytest.raises(ka.KakaoInputError):
        ka.Quota(name="creatives.onOff", interval=2**1100)


async def test_an_ad_group_body_nested_too_deeply_is_an_input_error() -> None:
    deep: dict[str, Any] = {}
    inner = deep
    for _ in range(5000):
        inner["a"] = {}
        inner = inner["a"]
    client, mock = mocked(json_answer({"id": 7}))
    async with client as kakao:
        with pytest.raises(ka.KakaoInputError):
            await kakao.moment.ad_groups.create({"campaign": {"id": 1}, "name": "x", "t": deep})
    assert mock.requests == []


async def test_an_ad_group_body_json_cannot_carry_is_an_input_error_unsent() -> None:
    client, mock = mocked(json_answer({"id": 7}))
    async with client as kakao:
        for bad in ({1, 2}, math.nan, b"bytes", "\ud800"):
            with pytest.raises(ka.KakaoInputError):
                await kakao.moment.ad_groups.create({"campaign": {"id": 1}, "name": "x", "t": bad})
    assert mock.requests == []


def test_the_fake_s_max_log_past_a_c_size_is_taken_or_refused_as_input() -> None:
    with suppress(ka.KakaoInputError):
        FakeKakaoServer(max_log=2**100)


@pytest.mark.parametrize("duration", ["NaN", "Infinity", "١٢"])
async def test_a_video_duration_that_is_no_ascii_finite_number_is_a_decode_error(
    duration: str,
) -> None:
    client, _ = mocked(json_answer({"id": 5, "video": {"duration": duration}}))
    async with client as kakao:
        with pytest.raises(ka.KakaoDecodeError, match="duration"):
            await kakao.moment.creatives.get(5)


async def test_an_id_past_64_bits_is_not_silently_rounded(monkeypatch: pytest.MonkeyPatch) -> None:
    orjson = pytest.importorskip("orjson")
    import kakao_async._http._interpret as interpret_module

    monkeypatch.setattr(interpret_module, "loads", orjson.loads)
    sent = 99999999999999999999999999
    body = b'{"id": %d, "config": "ON"}' % sent
    client, _ = mocked(lambda request: ka.HttpResponse(200, {}, body))
    async with client as kakao:
        try:
            creative = await kakao.moment.creatives.get(5)
        except ka.KakaoDecodeError:
            return
    assert creative.id == sent
