"""review22: the note a failed report call adds to its error (README, reports: "the error's note
names the ids and days that call asked for"), when one error object reaches several callers.

A refresh that fails is shared: every call that saw the same 401 gets the same exception object
(``RefreshingToken``: "the same error for all of them"). Two reports failing on it must each say
what *they* asked for, not what the other one asked for too. And a preset call names its
preset: README says the note "names the ids and days that call asked for"."""

from __future__ import annotations

import asyncio

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault


def notes(error: BaseException) -> list[str]:
    return list(getattr(error, "__notes__", ()))


async def test_one_note_per_failed_call_even_after_the_requesters_retries() -> None:
    """A 503 retried to exhaustion: the error reaches the report once, and gets one note."""
    async with FakeKakaoServer(quotas={"reports.account": 0}) as fake:
        fake.inject(Fault(kind="status", status=503, remaining=10))
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            moment_base_url=fake.base_url,
            quotas={"reports.account": 0.01},
            retry=ka.RetryPolicy(base=0.01, cap=0.02, attempts=3),
        ) as kakao:
            with pytest.raises(ka.KakaoError) as caught:
                await kakao.moment.reports.ad_account(ad_account_id=7, date_preset="YESTERDAY")
    (note,) = notes(caught.value)
    assert "ad account 7" in note


async def test_a_shared_refresh_failure_notes_only_each_callers_own_call() -> None:
    async with FakeKakaoServer(tokens=[]) as fake:
        fake.add_oauth_client(client_id="app", refresh_token="the-stores-token")
        tokens = ka.RefreshingToken(
            client_id="app", refresh_token="a-refused-token", auth_url=fake.base_url
        )
        async with ka.KakaoClient(tokens, moment_base_url=fake.base_url) as kakao:
            first, second = await asyncio.gather(
                kakao.moment.reports.ad_account(ad_account_id=1, date_preset="YESTERDAY"),
                kakao.moment.reports.ad_account(ad_account_id=2, date_preset="YESTERDAY"),
                return_exceptions=True,
            )
    assert isinstance(first, ka.KakaoAuthError) and isinstance(second, ka.KakaoAuthError)
    assert fake.oauth_requests == 1  # one shared refresh: the precondition of this test
    for error, mine, theirs in (
        (first, "ad account 1", "ad account 2"),
        (second, "ad account 2", "ad account 1"),
    ):
        said = notes(error)
        assert any(mine in n for n in said), said
        assert not any(theirs in n for n in said), said


async def test_a_preset_calls_note_names_the_preset() -> None:
    async with FakeKakaoServer() as fake:
        fake.inject(Fault(kind="status", status=400, code=-813, detail_code=9004))
        async with ka.KakaoClient(DEFAULT_TOKEN, moment_base_url=fake.base_url) as kakao:
            with pytest.raises(ka.KakaoError) as caught:
                await kakao.moment.reports.ad_account(ad_account_id=7, date_preset="LAST_7DAY")
    (note,) = notes(caught.value)
    assert "LAST_7DAY" in note, note
