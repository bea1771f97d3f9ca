"""Every argument the library refuses raises :class:`KakaoInputError` (a ``ValueError``), or
:class:`KakaoInputTypeError` (also a ``TypeError``) for a value of the wrong type: before any
request is sent, and so that code catching ``ValueError``/``TypeError`` keeps working (#13.2)."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

import kakao_async as ka
from kakao_async import errors
from kakao_async.testing import FakeKakaoServer


def _bulk_job_with_async_callback() -> None:
    async def report(progress: ka.Progress) -> None: ...

    ka.BulkJob([1], on_progress=report)  # type: ignore[arg-type]


async def _async_observer(event: object) -> None: ...


#: (what, call, type error?) for constructors and plain functions: no client call needed.
SYNC_CASES: list[tuple[str, Callable[[], object], bool]] = [
    ("token type", lambda: ka.KakaoClient(123), True),  # type: ignore[arg-type]
    ("token text", lambda: ka.KakaoClient("a\nb"), False),
    ("ad_account_id", lambda: ka.KakaoClient("t", ad_account_id=0), False),
    ("ad_account_id type", lambda: ka.KakaoClient("t", ad_account_id=1.0), True),  # type: ignore[arg-type]
    ("base url", lambda: ka.KakaoClient("t", moment_base_url="http://example.com"), False),
    ("base url type", lambda: ka.KakaoClient("t", moment_base_url=b"x"), True),  # type: ignore[arg-type]
    ("timeout", lambda: ka.KakaoClient("t", timeout=0), False),
    ("timeout type", lambda: ka.KakaoClient("t", timeout="1"), True),  # type: ignore[arg-type]
    ("max_connections", lambda: ka.KakaoClient("t", max_connections=0), False),
    ("user_key", lambda: ka.KakaoClient("t", user_key="a\x1bb"), False),
    (
        "limiter and margin",
        lambda: ka.KakaoClient("t", rate_limiter=ka.MemoryRateLimiter(), on_off_margin=1),
        False,
    ),
    ("limiter type", lambda: ka.KakaoClient("t", rate_limiter=object()), True),  # type: ignore[arg-type]
    ("transport type", lambda: ka.KakaoClient("t", transport=object()), True),  # type: ignore[arg-type]
    ("session type", lambda: ka.KakaoClient("t", session=object()), True),  # type: ignore[arg-type]
    (
        "session and transport",
        lambda: ka.KakaoClient("t", transport=ka.MockTransport(print), session=object()),  # type: ignore[arg-type]
        False,
    ),
    ("mock handler type", lambda: ka.MockTransport(None), True),  # type: ignore[arg-type]
    ("static token", lambda: ka.StaticToken(""), False),
    ("refreshing client_id", lambda: ka.RefreshingToken(client_id="", refresh_token="r"), False),
    (
        "refreshing auth_url",
        lambda: ka.RefreshingToken(client_id="a", refresh_token="r", auth_url="ftp://x"),
        False,
    ),
    (
        "refreshing timeout",
        lambda: ka.RefreshingToken(client_id="a", refresh_token="r", timeout=-1),
        False,
    ),
    ("retry attempts", lambda: ka.RetryPolicy(attempts=0), False),
    ("retry base", lambda: ka.RetryPolicy(base=-1.0), False),
    ("retry cap type", lambda: ka.RetryPolicy(cap="8"), True),  # type: ignore[arg-type]
    ("retry exhausted code", lambda: ka.RetryPolicy(exhausted_codes=[1.5]), True),  # type: ignore[list-item]
    ("retry exhausted codes", lambda: ka.RetryPolicy(exhausted_codes=-10), True),  # type: ignore[arg-type]
    ("retry unhashable code", lambda: ka.RetryPolicy(exhausted_codes=[[-10]]), True),  # type: ignore[list-item]
    ("client retry type", lambda: ka.KakaoClient("t", retry="x"), True),  # type: ignore[arg-type]
    ("observer type", lambda: ka.KakaoClient("t", observers=[1]), True),  # type: ignore[list-item]
    ("async observer", lambda: ka.KakaoClient("t").add_observer(_async_observer), True),  # type: ignore[arg-type]
    ("memory interval", lambda: ka.MemoryRateLimiter(interval=0), False),
    ("redis namespace", lambda: ka.RedisRateLimiter("redis://localhost", namespace="a b"), False),
    (
        "redis max_connections",
        lambda: ka.RedisRateLimiter("redis://localhost", max_connections=0),
        False,
    ),
    ("redis key", lambda: ka.RedisRateLimiter("redis://localhost").hold(""), False),
    ("change id", lambda: ka.ConfigChange(0, "ON"), False),
    ("change config", lambda: ka.ConfigChange(1, "MAYBE"), False),
    ("change id type", lambda: ka.ConfigChange(None, "ON"), True),  # type: ignore[arg-type]
    ("async on_progress", _bulk_job_with_async_callback, True),
    ("unknown_fields", lambda: ka.models.unknown_fields(object()), True),  # type: ignore[arg-type]
    (
        "quota_key",
        lambda: ka.KakaoClient("t").quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, -1),
        False,
    ),
]


@pytest.mark.parametrize(
    ("call", "type_error"), [c[1:] for c in SYNC_CASES], ids=[c[0] for c in SYNC_CASES]
)
def test_refused_arguments_raise_kakao_input_errors(
    call: Callable[[], object], type_error: bool
) -> None:
    with pytest.raises(errors.KakaoInputError) as caught:
        call()
    err = caught.value
    assert isinstance(err, (ka.KakaoError, ValueError))
    assert isinstance(err, TypeError) == type_error
    assert isinstance(err, errors.KakaoInputTypeError) == type_error


Call = Callable[[ka.KakaoClient], Any]
CLIENT_CASES: list[tuple[str, Call, bool]] = [
    ("creative id", lambda k: k.moment.creatives.get(0), False),
    ("creative id type", lambda k: k.moment.creatives.get(1.5), True),
    ("list config", lambda k: k.moment.creatives.list(ad_group_id=1, config=["X"]), False),
    ("list config type", lambda k: k.moment.creatives.list(ad_group_id=1, config=5), True),
    ("list config item", lambda k: k.moment.creatives.list(ad_group_id=1, config=[[1]]), True),
    ("get_many string", lambda k: k.moment.creatives.get_many("12"), True),
    ("get_many concurrency", lambda k: k.moment.creatives.get_many([1], concurrency=0), False),
    ("set_config", lambda k: k.moment.creatives.set_config(1, "DEL"), False),
    ("set_configs pair", lambda k: k.moment.creatives.set_configs((5, "ON")), True),
    ("keyword limit", lambda k: k.keyword.creatives.list(biz_channel_id=1, limit=0), False),
    ("keyword page", lambda k: k.keyword.creatives.list(biz_channel_id=1, page=-1), False),
    (
        "keyword name",
        lambda k: k.keyword.creatives.create(
            biz_channel_id=1, name=" ", title="t", description="d"
        ),
        False,
    ),
    (
        "keyword landing type",
        lambda k: k.keyword.creatives.create(
            biz_channel_id=1, name="n", title="t", description="d", landing_info={}
        ),
        True,
    ),
    ("call timeout", lambda k: k.keyword.creatives.get(1, timeout=float("nan")), False),
    (
        "report dates",
        lambda k: k.moment.reports.ad_account(start="2026-02-01", end="2026-01-01"),
        False,
    ),
    ("report preset", lambda k: k.moment.reports.ad_account(date_preset="NEVER"), False),
    (
        "report datetime",
        lambda k: k.moment.reports.ad_account(start=datetime(2026, 1, 1), end=date(2026, 1, 2)),
        True,
    ),
    (
        "report ids per call",
        lambda k: k.moment.reports.campaigns(
            campaign_ids=[1], date_preset="TODAY", ids_per_call=500
        ),
        False,
    ),
    (
        "report ids",
        lambda k: k.moment.reports.ad_accounts(ad_account_ids=[], date_preset="TODAY"),
        False,
    ),
    ("keyword get_many pair", lambda k: k.keyword.creatives.get_many([(1, 2, 3)]), True),
]


@pytest.mark.parametrize(
    ("call", "type_error"), [c[1:] for c in CLIENT_CASES], ids=[c[0] for c in CLIENT_CASES]
)
async def test_refused_call_arguments_raise_kakao_input_errors(
    fake: FakeKakaoServer, call: Call, type_error: bool
) -> None:
    async with ka.KakaoClient(
        "fake-kakao-token",
        ad_account_id=1,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
    ) as kakao:
        with pytest.raises(errors.KakaoInputError) as caught:
            await call(kakao)
    assert isinstance(caught.value, TypeError) == type_error
    assert len(fake.requests) == 0


async def test_a_missing_ad_account_is_an_input_error(fake: FakeKakaoServer) -> None:
    async with ka.KakaoClient("fake-kakao-token", moment_base_url=fake.base_url) as kakao:
        with pytest.raises(errors.KakaoInputError, match="ad_account_id is required"):
            await kakao.moment.creatives.get(1)
    assert len(fake.requests) == 0


def test_existing_except_clauses_still_catch_them() -> None:
    with pytest.raises(ValueError, match="interval"):
        ka.MemoryRateLimiter(interval=-1)
    with pytest.raises(TypeError, match="token"):
        ka.KakaoClient(b"token")  # type: ignore[arg-type]
    with pytest.raises(ka.KakaoError):
        ka.KakaoClient("t", ad_account_id=-5)


def test_input_errors_pickle_and_are_exported() -> None:
    for cls in (errors.KakaoInputError, errors.KakaoInputTypeError):
        assert getattr(ka, cls.__name__) is cls
        back = pickle.loads(pickle.dumps(cls("creative_id must be positive")))
        assert type(back) is cls and str(back) == "creative_id must be positive"
    doc = errors.__doc__ or ""
    assert "KakaoInputError" in doc and "KakaoInputTypeError" in doc


class _UnhashableState(str):
    """A str subclass with its own equality and no hash (on_off_config takes one: its comment
    says so); still text naming a state."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return str.__eq__(self, other)


class _OwnHashState(str):
    """A str subclass hashing its own way: equal to "ON", not hashed like it."""

    def __hash__(self) -> int:
        return 1

    def __eq__(self, other: object) -> bool:
        return str.__eq__(self, other)


@pytest.mark.parametrize(
    "state", [_UnhashableState("ON"), _OwnHashState("OFF")], ids=["unhashable", "own-hash"]
)
async def test_a_list_filter_takes_a_str_subclass_naming_a_state(
    fake: FakeKakaoServer, state: str
) -> None:
    """Read as its plain text, as on_off_config reads it: not looked up by its own hash."""
    async with ka.KakaoClient(
        "fake-kakao-token", ad_account_id=1, moment_base_url=fake.base_url
    ) as kakao:
        await kakao.moment.creatives.list(ad_group_id=1, config=[state])
    assert f"config={str.__str__(state)}" in fake.requests[-1].query.split("&")


async def test_a_bytes_state_filter_is_refused_naming_the_bytes(fake: FakeKakaoServer) -> None:
    async with ka.KakaoClient(
        "fake-kakao-token", ad_account_id=1, moment_base_url=fake.base_url
    ) as kakao:
        with pytest.raises(errors.KakaoInputTypeError, match=r"b'ON'"):
            await kakao.moment.creatives.list(ad_group_id=1, config=b"ON")  # type: ignore[arg-type]
    assert len(fake.requests) == 0
