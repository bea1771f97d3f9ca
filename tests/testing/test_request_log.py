"""The fake Kakao server as a user-facing product, as README and docs/testing.md describe it."""

from __future__ import annotations

import asyncio

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, RecordedRequest, control
from tests.testing.test_standalone import standalone


def test_an_empty_token_option_is_a_usage_error() -> None:
    """``python -m kakao_async.testing``: 'Bad options exit 2 with argparse's usage message'
    (its module docstring) and no traceback. ``--token ''`` (an unset shell variable, say)
    crashed with a KakaoInputError traceback and exit 1 instead."""
    proc = standalone("--port", "0", "--token", "")
    assert proc.returncode == 2, proc.stderr
    assert "--token" in proc.stderr and "Traceback" not in proc.stderr


async def test_stats_count_every_request_not_just_the_log_max_log_keeps() -> None:
    """``max_log`` is 'how many requests fake.requests keeps'; ``GET /_fake/stats`` counts
    requests and statuses. A long soak run with a short log must still read the real totals,
    not the length of the log's tail."""
    async with FakeKakaoServer(max_log=2) as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
        ) as kakao:
            for _ in range(4):
                await kakao.moment.creatives.get(creative.id)
            with pytest.raises(ka.KakaoNotFoundError):
                await kakao.moment.creatives.get(999)
        assert len(fake.requests) == 2  # the log keeps the newest max_log
        stats = await control(fake.base_url, "GET", "/_fake/stats")
    assert stats["requests"] == 5
    assert stats["statuses"] == {"200": 4, "400": 1}


@pytest.mark.parametrize(
    ("value", "error"),
    [(-1, ka.KakaoInputError), ("10", ka.KakaoInputTypeError), (2.5, ka.KakaoInputTypeError)],
)
def test_a_bad_max_log_is_refused_naming_the_option(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="max_log"):
        FakeKakaoServer(max_log=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, 0, 5])
def test_max_log_none_zero_or_more(value: int | None) -> None:
    assert FakeKakaoServer(max_log=value).requests.maxlen == value


async def test_a_request_answered_after_a_reset_leaves_no_negative_count() -> None:
    """``reset()`` (``POST /_fake/reset``) between runs while a straggler is still being
    handled: the straggler was counted before the reset and forgotten with it, so its answer
    must not take one off the new run's count of unanswered requests (``statuses`` showed
    ``{"0": -1, ...}``, and ``requests`` no longer added up)."""
    async with FakeKakaoServer() as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
        ) as kakao:
            fake.stall_next(1, seconds=0.3, method="GET")
            straggler = asyncio.ensure_future(kakao.moment.creatives.get(creative.id))
            while not fake.in_flight:  # noqa: ASYNC110 - the fake has no event for an arrival
                await asyncio.sleep(0.01)
            fake.reset()
            with pytest.raises(ka.KakaoNotFoundError):  # the reset forgot the creative too
                await straggler
        stats = await control(fake.base_url, "GET", "/_fake/stats")
    assert all(n > 0 for n in stats["statuses"].values()), stats["statuses"]
    assert sum(stats["statuses"].values()) == stats["requests"]


def test_requests_extended_into_the_log_are_counted() -> None:
    """``fake.requests`` is a deque: a test that replays records with ``extend`` (deque's own
    would bypass ``append``) sees them in the stats too."""
    fake = FakeKakaoServer()
    records = [
        RecordedRequest(
            method="GET",
            path="/x",
            query="",
            ad_account_id="1",
            user=None,
            arrived_at=0.0,
            status=status,
        )
        for status in (200, 200, 404)
    ]
    fake.requests.extend(records)
    assert list(fake.requests) == records
    assert fake.requests.received == 3
    assert fake.requests.statuses() == {200: 2, 404: 1}


async def test_the_log_is_a_sequence_that_slices_like_one() -> None:
    """``fake.requests`` is typed a ``Sequence``: ``fake.requests[-2:]`` (the last two requests,
    the first thing a test reaches for) raised deque's "sequence index must be integer"."""
    async with FakeKakaoServer() as fake:
        creative = fake.add_moment_creative(ad_account_id=1)
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
        ) as kakao:
            for _ in range(3):
                await kakao.moment.creatives.get(creative.id)
        last_two = fake.requests[-2:]
        assert last_two == list(fake.requests)[-2:] and len(last_two) == 2
        assert all(isinstance(r, RecordedRequest) for r in last_two)
        assert fake.requests[::-1][0] is fake.requests[-1]
        assert fake.requests[5:] == []
