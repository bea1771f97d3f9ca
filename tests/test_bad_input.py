"""Inputs that must be refused (or normalised) at the call, before any request is sent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer


class Sneaky(int):
    """An int whose text is a path traversal."""

    def __str__(self) -> str:
        return "1/../x"

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return "1/../x"


def test_int_subclasses_become_plain_ints() -> None:
    change = ka.ConfigChange(Sneaky(5), "ON", ad_account_id=Sneaky(2))
    assert type(change.creative_id) is int and change.creative_id == 5
    assert type(change.ad_account_id) is int and change.ad_account_id == 2
    client = ka.KakaoClient("t", ad_account_id=Sneaky(3))
    assert type(client.ad_account_id) is int


async def test_int_subclass_ids_never_reach_the_url_as_text(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    m = fake.add_moment_creative(ad_account_id=1)
    k = fake.add_keyword_creative(ad_account_id=1, biz_channel_id=7)
    await kakao.moment.creatives.get(Sneaky(m.id), ad_account_id=Sneaky(1))
    await kakao.moment.creatives.list(ad_group_id=Sneaky(4))
    await kakao.moment.creatives.set_config(Sneaky(m.id), "OFF")
    await kakao.keyword.creatives.get(Sneaky(k.id))
    await kakao.keyword.creatives.list(biz_channel_id=Sneaky(7))
    await kakao.keyword.creatives.delete(Sneaky(k.id))
    sent = [(r.path, r.query, r.ad_account_id) for r in fake.requests]
    assert not [s for s in sent if "x" in "".join(map(str, s))], sent
    assert sent[0] == (f"/openapi/v4/creatives/{m.id}", "", "1")


Call = Callable[[ka.KakaoClient], Awaitable[Any]]
BULK_CALLS: list[tuple[str, Call]] = [
    ("get_many-str", lambda k: k.moment.creatives.get_many("123")),  # type: ignore[arg-type]
    ("get_many-bytes", lambda k: k.moment.creatives.get_many(b"12")),  # type: ignore[arg-type]
    ("set_configs-str", lambda k: k.moment.creatives.set_configs("1")),  # type: ignore[arg-type]
    ("set_configs-pair", lambda k: k.moment.creatives.set_configs((5, "ON"))),  # type: ignore[arg-type]
    ("set_configs-item", lambda k: k.moment.creatives.set_configs(["5:ON"])),  # type: ignore[list-item]
]


@pytest.mark.parametrize("call", [c for _, c in BULK_CALLS], ids=[n for n, _ in BULK_CALLS])
async def test_a_string_where_ids_belong_is_a_type_error(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, call: Call
) -> None:
    with pytest.raises(TypeError, match=r"creative_ids|changes"):
        await call(kakao)
    assert len(fake.requests) == 0


def test_start_get_many_refuses_a_string_without_starting(kakao: ka.KakaoClient) -> None:
    with pytest.raises(TypeError, match="creative_ids"):
        kakao.moment.creatives.start_get_many("42")  # type: ignore[arg-type]


#: Superscript two, Arabic-Indic 12, fullwidth 12, Arabic-Indic 3, ASCII 12 + superscript.
UNICODE_DIGITS = ["\u00b2", "\u0661\u0662", "\uff11\uff12", "\u0663", "12\u00b2"]
ID_CALLS: list[tuple[str, Callable[[ka.KakaoClient, str], Awaitable[Any]]]] = [
    ("creative_id", lambda k, v: k.moment.creatives.get(v)),  # type: ignore[arg-type]
    ("creative_id", lambda k, v: k.keyword.creatives.delete(v)),  # type: ignore[arg-type]
    ("ad_group_id", lambda k, v: k.moment.creatives.list(ad_group_id=v)),  # type: ignore[arg-type]
    ("biz_channel_id", lambda k, v: k.keyword.creatives.list(biz_channel_id=v)),  # type: ignore[arg-type]
    ("ad_account_id", lambda k, v: k.moment.creatives.get(1, ad_account_id=v)),  # type: ignore[arg-type]
    ("creative_id", lambda k, v: k.moment.creatives.get_many(["1", v])),
]


@pytest.mark.parametrize("value", UNICODE_DIGITS)
@pytest.mark.parametrize(("name", "call"), ID_CALLS)
async def test_only_ascii_digits_are_ids(
    fake: FakeKakaoServer,
    kakao: ka.KakaoClient,
    value: str,
    name: str,
    call: Callable[[ka.KakaoClient, str], Awaitable[Any]],
) -> None:
    with pytest.raises((TypeError, ValueError), match=name):
        await call(kakao, value)
    assert len(fake.requests) == 0


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_only_ascii_digits_are_ids_at_construction(value: str) -> None:
    with pytest.raises((TypeError, ValueError), match="ad_account_id"):
        ka.KakaoClient("t", ad_account_id=value)  # type: ignore[arg-type]
    with pytest.raises((TypeError, ValueError), match="creative_id"):
        ka.ConfigChange(value, "ON")  # type: ignore[arg-type]
    assert ka.ConfigChange("12", "ON").creative_id == 12  # ASCII digit strings are fine


BAD_TOKENS = ["abc\x0bdef", "abc\x7fdef", "abc\x1b[31mdef", "abc\x85def", "tök", "a\u2028b"]


@pytest.mark.parametrize("token", BAD_TOKENS)
async def test_tokens_with_control_or_non_ascii_characters_are_refused(
    fake: FakeKakaoServer, token: str
) -> None:
    with pytest.raises(ValueError, match="token"):
        ka.KakaoClient(token, moment_base_url=fake.base_url)
    with pytest.raises(ValueError, match="token"):
        ka.StaticToken(token)
    with pytest.raises(ValueError, match="token"):
        ka.RefreshingToken(client_id="app", refresh_token="r", access_token=token)
    with pytest.raises(ValueError, match="refresh_token"):
        ka.RefreshingToken(client_id="app", refresh_token=token.replace("ö", "\x00"))
    assert len(fake.requests) == 0


def test_user_key_may_be_any_printable_text() -> None:
    assert ka.KakaoClient("t", user_key="광고주-1").user_key == "광고주-1"
    with pytest.raises(ValueError, match="user_key"):
        ka.KakaoClient("t", user_key="a\x1bb")
