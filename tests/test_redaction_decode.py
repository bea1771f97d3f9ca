"""README "Security defaults": no token in exception text, even when a server (a misbehaving
proxy, a hostile fake) echoes it in a field of a success body that then fails to decode. The
decode error names the model, the field's expected and actual type, never the value, and its
rendered traceback (the cause chain included) does not carry it either."""

from __future__ import annotations

import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer
from tests.conftest import SECRETS
from tests.test_secret import rendered

#: Longer than the 40 characters a decode message used to quote, with quote characters inside.
TOKEN = "decode-echo-token-0123456789-abcdefghijklmnopqrstuvwxyz-'\"-end"
SECRETS.add(TOKEN)

Call = Callable[[ka.KakaoClient], Awaitable[Any]]


@pytest.fixture
async def echoing() -> AsyncIterator[tuple[FakeKakaoServer, ka.KakaoClient]]:
    async with FakeKakaoServer(tokens=[TOKEN]) as fake:
        async with ka.KakaoClient(
            TOKEN, ad_account_id=1, moment_base_url=fake.base_url, keyword_base_url=fake.base_url
        ) as kakao:
            yield fake, kakao


CASES: list[tuple[str, Any, Call]] = [
    ("integer", {"id": TOKEN, "name": "n"}, lambda k: k.moment.creatives.get(5)),
    ("in a list", {"content": [{"id": TOKEN}]}, lambda k: k.moment.creatives.list(ad_group_id=1)),
    ("keyword", {"id": TOKEN}, lambda k: k.keyword.creatives.get(5)),
    ("date", {"id": 5, "name": "n", "createdDate": TOKEN}, lambda k: k.moment.creatives.get(5)),
    ("number", {"id": 1, "dailyBudgetAmount": TOKEN}, lambda k: k.moment.campaigns.get(1)),
]


@pytest.mark.parametrize(("body", "call"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_a_token_echoed_in_a_field_that_fails_to_decode_is_not_quoted(
    echoing: tuple[FakeKakaoServer, ka.KakaoClient], body: Any, call: Call
) -> None:
    fake, kakao = echoing
    fake.respond_next(body)
    with pytest.raises(ka.KakaoDecodeError) as info:
        await call(kakao)
    rendered = "".join(traceback.format_exception(info.value))
    for text in (str(info.value), repr(info.value), rendered):
        assert TOKEN[:12] not in text, text
    assert "cannot read" in str(info.value)


async def test_a_missing_field_is_still_named(
    echoing: tuple[FakeKakaoServer, ka.KakaoClient],
) -> None:
    fake, kakao = echoing
    fake.respond_next({"name": "no id"})
    with pytest.raises(ka.KakaoDecodeError, match="missing field 'id'"):
        await kakao.moment.creatives.get(5)


def chain(err: BaseException) -> list[BaseException]:
    """``err`` and every exception it holds: causes, contexts (suppressed ones too, which a
    renderer hides but the object keeps) and the members of exception groups."""
    seen: list[BaseException] = []
    todo = [err]
    while todo:
        exc = todo.pop()
        if any(exc is s for s in seen):
            continue
        seen.append(exc)
        todo += [e for e in (exc.__cause__, exc.__context__) if e is not None]
        todo += list(getattr(exc, "exceptions", ()))
    return seen


def held_texts(err: BaseException) -> str:
    """Everything a renderer with locals, or code walking the chain, could show of ``err``,
    but for the test's own frame (where it was caught), whose locals hold the body it sent."""
    assert err.__traceback__ is not None
    err = err.with_traceback(err.__traceback__.tb_next)
    texts = [rendered(err)]
    for exc in chain(err):
        texts += [repr(exc), str(exc), repr(exc.args), repr(getattr(exc, "__notes__", None))]
        texts.append(repr(getattr(exc, "__dict__", None)))
        plain = traceback.TracebackException.from_exception(exc, capture_locals=True)
        texts.append("".join(plain.format()))
    return "\n".join(texts)


@pytest.mark.parametrize(("body", "call"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_the_cause_of_a_decode_error_holds_no_echoed_token_in_its_frames(
    echoing: tuple[FakeKakaoServer, ka.KakaoClient], body: Any, call: Call
) -> None:
    fake, kakao = echoing
    fake.respond_next(body)
    with pytest.raises(ka.KakaoDecodeError) as info:
        await call(kakao)
    held = held_texts(info.value)
    assert TOKEN[:12] not in held
    assert info.value.__cause__ is not None  # the cause stays: its frames locate the field


@pytest.mark.usefixtures("json_parser")
async def test_a_non_json_body_leaves_no_copy_of_itself_in_a_suppressed_context(
    echoing: tuple[FakeKakaoServer, ka.KakaoClient],
) -> None:
    fake, kakao = echoing
    fake.garbage_next(body=b"<html>" + TOKEN.encode() + b"</html>")
    with pytest.raises(ka.KakaoDecodeError) as info:
        await kakao.moment.creatives.list(ad_group_id=1)
    held = held_texts(info.value)
    assert TOKEN[:12] not in held
