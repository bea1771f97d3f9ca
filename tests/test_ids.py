"""What an id is, everywhere in the library (#13.7): a positive ``int`` (not a ``bool``) below
2**63, or a string of ASCII digits 0-9. Anything else is refused with a message naming the
argument, before anything is sent; the fake server refuses the same ids."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer


class Color(enum.IntEnum):
    RED = 7


#: Not ids, and not of an id's kind: KakaoInputTypeError (a ValueError and a TypeError).
NOT_IDS: list[object] = [
    "\u00b2",  # superscript two: str.isdigit() says yes, int() says no
    "\u0661\u0662",  # Arabic-Indic 12: int() reads it as 12
    "\uff11\uff12",  # fullwidth 12
    "12\u00b2",
    "",
    " 12",
    "12\n",
    "+12",
    "1_000",
    "0x1f",
    "1.0",
    True,
    False,
    1.0,
    b"12",
    None,
]
#: Of an id's kind but out of range: KakaoInputError.
OUT_OF_RANGE: list[object] = [0, -1, "0", "000", 2**63, "9223372036854775808", "9" * 5000]


@pytest.mark.parametrize("value", NOT_IDS, ids=repr)
def test_what_is_not_an_id(value: object) -> None:
    with pytest.raises(ka.KakaoInputTypeError, match="creative_id must be an integer"):
        ka.ConfigChange(value, "ON")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", OUT_OF_RANGE, ids=lambda v: repr(v)[:20])
def test_ids_out_of_range(value: object) -> None:
    with pytest.raises(ka.KakaoInputError, match="creative_id") as caught:
        ka.ConfigChange(value, "ON")  # type: ignore[arg-type]
    assert not isinstance(caught.value, TypeError)
    assert len(str(caught.value)) < 120  # 5000 digits are not echoed back


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, 12), ("12", 12), ("007", 7), (Color.RED, 7), (2**63 - 1, 2**63 - 1), ("0" * 30 + "5", 5)],
    ids=repr,
)
def test_what_is_an_id(value: object, expected: int) -> None:
    creative_id = ka.ConfigChange(value, "ON").creative_id  # type: ignore[arg-type]
    assert type(creative_id) is int and creative_id == expected


class Tricky(str):
    """A str whose own methods lie."""

    def isdigit(self) -> bool:
        return True

    def isascii(self) -> bool:
        return True


def test_a_str_subclass_is_read_by_its_characters() -> None:
    with pytest.raises(ka.KakaoInputTypeError):
        ka.ConfigChange(Tricky("1/../x"), "ON")  # type: ignore[arg-type]
    assert ka.ConfigChange(Tricky("42"), "ON").creative_id == 42  # type: ignore[arg-type]


Call = Callable[[ka.KakaoClient, Any], Awaitable[Any]]
#: Every place a caller hands the library an id.
ID_CALLS: list[tuple[str, Call]] = [
    ("creative_id", lambda k, v: k.moment.creatives.get(v)),
    ("creative_id", lambda k, v: k.moment.creatives.delete(v)),
    ("creative_id", lambda k, v: k.moment.creatives.set_config(v, "ON")),
    ("creative_id", lambda k, v: k.moment.creatives.system_config_history(v)),
    ("creative_id", lambda k, v: k.moment.creatives.get_many([1, v])),
    ("creative_id", lambda k, v: k.moment.creatives.set_configs([(1, "ON"), (v, "OFF")])),
    ("ad_group_id", lambda k, v: k.moment.creatives.list(ad_group_id=v)),
    ("ad_account_id", lambda k, v: k.moment.creatives.get(1, ad_account_id=v)),
    ("creative_id", lambda k, v: k.keyword.creatives.get(v)),
    ("creative_id", lambda k, v: k.keyword.creatives.delete(v)),
    ("biz_channel_id", lambda k, v: k.keyword.creatives.list(biz_channel_id=v)),
    (
        "biz_channel_id",
        lambda k, v: k.keyword.creatives.create(
            biz_channel_id=v, name="n", title="t", description="d"
        ),
    ),
]


@pytest.mark.parametrize("value", ["\u00b2", "\u0661\u0662", True, 1.0, 0, "9" * 5000], ids=repr)
@pytest.mark.parametrize(("name", "call"), ID_CALLS)
async def test_every_call_refuses_non_ids_before_sending(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, value: object, name: str, call: Call
) -> None:
    with pytest.raises(ka.KakaoInputError, match=name):
        await call(kakao, value)
    assert len(fake.requests) == 0


@pytest.mark.parametrize("value", ["\u00b2", True, 1.0, "9" * 5000], ids=lambda v: repr(v)[:20])
def test_client_level_ids(value: object) -> None:
    with pytest.raises(ka.KakaoInputError, match="ad_account_id"):
        ka.KakaoClient("t", ad_account_id=value)  # type: ignore[arg-type]
    client = ka.KakaoClient("t")
    with pytest.raises(ka.KakaoInputError, match="ad_account_id"):
        client.ad_account_id = value  # type: ignore[assignment]
    with pytest.raises(ka.KakaoInputError, match="ad_account_id"):
        client.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, value)  # type: ignore[arg-type]


HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}


async def test_the_fake_server_refuses_the_same_ids(fake: FakeKakaoServer) -> None:
    """Answered 400 (or no such route), never a 500 nor read as another id."""
    creative = fake.add_moment_creative(ad_account_id=1)
    base = fake.base_url
    async with aiohttp.ClientSession() as s:
        for account in ("\u00b2", "+1", "1.0"):
            async with s.get(
                f"{base}/openapi/v4/creatives/{creative.id}",
                headers={**HEADERS, "adAccountId": account},
            ) as r:
                assert r.status == 400, account
        for body_id in ("\u00b2", "\u0661\u0662", f"{creative.id}\u00b2"):
            async with s.put(
                f"{base}/openapi/v4/creatives/onOff",
                json={"id": body_id, "config": "OFF"},
                headers=HEADERS,
            ) as r:
                assert r.status == 400, body_id
        for query in ("adGroupId=\u00b2", "adGroupId=\u0661"):
            async with s.get(f"{base}/openapi/v4/creatives?{query}", headers=HEADERS) as r:
                assert r.status == 400, query
        async with s.get(
            f"{base}/openapi/v1/creatives/basic?bizChannelId=\u0661", headers=HEADERS
        ) as r:
            assert r.status == 400
        # Arabic-Indic digits of an existing id do not name it.
        arabic = str(creative.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        async with s.get(f"{base}/openapi/v4/creatives/{arabic}", headers=HEADERS) as r:
            assert r.status == 404
        async with s.get(f"{base}/openapi/v4/creatives/{'9' * 5000}", headers=HEADERS) as r:
            assert r.status == 400 and (await r.json())["extras"]["detailCode"] == 33003
    assert fake.moment_creative(creative.id).on_off_history == []
