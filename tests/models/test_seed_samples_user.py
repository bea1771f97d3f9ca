"""Kakao's sample payloads fed through the public calls, as a user would: over real loopback HTTP
(``Content-Type: application/json;charset=UTF-8``, Korean text as UTF-8 bytes), every field a
sample carries must come back under its snake_case attribute with the right Python type, or be
listed by ``ka.unknown_fields`` with its value: nothing silently dropped (README, Models).

The samples are the ``tests/data`` files: the bodies of the two seed documents (``/work/shared
/seeds``; the Keyword Ad detail there lacks a comma after ``"description"``, repaired) and the
real payloads of ``test_real_payloads``. What is new here, beside the other sample tests (which
decode the files directly, or check one field at a time): one walk that compares *every* key of a
body with the model a call returned, and the same walk over the bodies Kakao may send instead
(every number as text, every value null, an unknown key in every object).
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from aiohttp import web

import kakao_async as ka
from tests.conftest import sample
from tests.loopback import serve

JSON_UTF8 = "application/json;charset=UTF-8"

#: Keys a model reads under another attribute than their own name (README: ``reason`` "from
#: reason or adminStopReason"; Keyword Ad's create table names ``landingInfo`` ``landingUrl``).
ALIASES = {
    (ka.SystemConfigHistory, "adminStopReason"): "reason",
    (ka.KeywordCreative, "landingUrl"): "landing_info",
}


def to_camel(name: str) -> str:
    """README: attributes are "snake_case names of the JSON fields"; this is the way back."""
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), name)


def _attribute(model: Any, key: str) -> str | None:
    """The attribute of ``model`` that holds JSON ``key``, or ``None`` (not modelled)."""
    for (cls, alias), name in ALIASES.items():
        if isinstance(model, cls) and key == alias:
            return name
    names = {to_camel(a.name): a.name for a in attrs.fields(type(model)) if a.init}
    return names.get(key)


def _same_value(sent: Any, held: Any, where: str) -> None:
    """``held`` is what the model made of ``sent``, of the type README promises."""
    if isinstance(sent, bool) or isinstance(held, bool):
        assert sent is held, where
    elif isinstance(held, datetime):
        assert isinstance(sent, str) and held == datetime.fromisoformat(sent), where
    elif isinstance(held, Decimal):
        assert held == Decimal(str(sent)), where
    elif isinstance(held, enum.Enum):
        assert held == sent and held.value == sent, where  # an enum compares equal to its text
    elif isinstance(held, int):
        # Ids are int "even where Keyword Ad sends them as JSON strings".
        assert type(held) is int and held == int(sent), where
    elif isinstance(held, str):
        assert type(held) is str and held == str(sent), where
    else:
        assert type(held) is type(sent) and held == sent, where


def walk(sent: Any, held: Any, where: str = "") -> dict[str, Any]:
    """Compare JSON ``sent`` with ``held``, the model (or value) read from it; the keys no
    attribute holds, by path, with their values (what ``unknown_fields`` must list)."""
    unmodelled: dict[str, Any] = {}
    if sent is None:
        # null means absent: the field's default.
        assert held is None or held == () or not attrs.has(type(held)), where
        return unmodelled
    if isinstance(sent, dict):
        assert attrs.has(type(held)), f"{where}: an object read as {type(held).__name__}"
        for key, value in sent.items():
            name = _attribute(held, key)
            if name is None:
                unmodelled[f"{where}{key}"] = value
                continue
            unmodelled.update(walk(value, getattr(held, name), f"{where}{key}."))
        return unmodelled
    if isinstance(sent, list):
        assert isinstance(held, tuple) and len(held) == len(sent), where  # lists are tuples
        for i, (item, read) in enumerate(zip(sent, held, strict=True)):
            unmodelled.update(walk(item, read, f"{where[:-1]}[{i}]."))
        return unmodelled
    _same_value(sent, held, where.rstrip("."))
    return unmodelled


Call = Callable[[ka.KakaoClient], Awaitable[Any]]


async def _drain(items: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in items]


#: (sample, the call that answers it, the part of the body each result is read from, and the
#: fields the library knowingly leaves in ``raw``: Kakao sends them, no model reads them).
CASES: list[tuple[str, Call, tuple[str, ...], set[str]]] = [
    ("moment_list.json", lambda k: k.moment.creatives.list(ad_group_id=1234), ("content",), set()),
    ("moment_display_creative.json", lambda k: k.moment.creatives.get(1111), (), set()),
    (
        "moment_display_creative_bizboard.json",
        lambda k: k.moment.creatives.get(1111),
        (),
        {"serviceContent", "decodedProfileId"},
    ),
    (
        "moment_display_creative_biz_form.json",
        lambda k: k.moment.creatives.get(1111),
        (),
        {"modifyReviewStatus"},
    ),
    ("moment_message_creative.json", lambda k: k.moment.creatives.get(12345), (), set()),
    ("moment_message_creative_carousel.json", lambda k: k.moment.creatives.get(1), (), set()),
    (
        "moment_system_config_history.json",
        lambda k: k.moment.creatives.system_config_history(1111),
        (),
        set(),
    ),
    (
        "moment_system_config_histories.json",
        lambda k: k.moment.creatives.system_config_histories(1111),
        (),
        set(),
    ),
    ("moment_ad_account.json", lambda k: k.moment.ad_accounts.get(), (), set()),
    (
        "moment_ad_account_pages.json",
        lambda k: _drain(k.moment.ad_accounts.list()),
        ("content",),
        set(),
    ),
    (
        "moment_campaign_list.json",
        lambda k: k.moment.campaigns.list(config="ON"),
        ("content",),
        set(),
    ),
    ("moment_campaign.json", lambda k: k.moment.campaigns.get(1), (), {"kclid"}),
    (
        "moment_ad_group_list.json",
        lambda k: k.moment.ad_groups.list(campaign_id=1),
        ("content",),
        set(),
    ),
    ("moment_ad_group.json", lambda k: k.moment.ad_groups.get(1), (), {"targeting", "schedule"}),
    (
        "keyword_list.json",
        lambda k: k.keyword.creatives.list(biz_channel_id=2222222221),
        (),
        set(),
    ),
    (
        "keyword_list.json",
        lambda k: _drain(k.keyword.creatives.iter(biz_channel_id=2222222221)),
        ("content",),
        set(),
    ),
    ("keyword_creative.json", lambda k: k.keyword.creatives.get(66666666661), (), set()),
    (
        "keyword_create_response.json",
        lambda k: k.keyword.creatives.create(
            biz_channel_id=2222222221, name="소재이름", title="타이틀", description="설명문구"
        ),
        (),
        set(),
    ),
]
IDS = [f"{name}:{'/'.join(part) or 'body'}" for name, _, part, _ in CASES]


async def answered(body: bytes, call: Call, *, status: int = 200) -> Any:
    """What ``call`` returns when Kakao answers ``body`` (over loopback, to both APIs)."""

    async def answer(request: web.Request) -> web.Response:
        return web.Response(status=status, body=body, headers={"Content-Type": JSON_UTF8})

    async with serve(answer) as (url, _):
        async with ka.KakaoClient(
            "token",
            ad_account_id=1111111111,
            moment_base_url=url,
            keyword_base_url=url,
            retry=ka.RetryPolicy(attempts=1, rate_limit_attempts=1),
        ) as kakao:
            return await call(kakao)


def _encoded(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()  # Korean as UTF-8, as Kakao sends it


def _part(body: Any, part: tuple[str, ...]) -> Any:
    for key in part:
        body = body[key]
    return body


def _pairs(result: Any, part_body: Any) -> list[tuple[Any, Any]]:
    """(model, the JSON it was read from) for each model a call returned."""
    if isinstance(result, list):
        assert isinstance(part_body, list) and len(result) == len(part_body)
        return list(zip(result, part_body, strict=True))
    return [(result, part_body)]


def _check(result: Any, part_body: Any, known_unmodelled: set[str]) -> None:
    for model, body in _pairs(result, part_body):
        unmodelled = walk(body, model)
        # Every key no attribute holds is one the library knows it leaves in raw...
        assert set(unmodelled) <= known_unmodelled
        # ...and unknown_fields lists exactly those, with Kakao's values.
        assert ka.unknown_fields(model) == unmodelled
        assert model.raw == body


@pytest.mark.parametrize(("name", "call", "part", "unmodelled"), CASES, ids=IDS)
async def test_every_sampled_field_is_under_its_attribute(
    name: str, call: Call, part: tuple[str, ...], unmodelled: set[str]
) -> None:
    body = sample(name)
    result = await answered(_encoded(body), call)
    _check(result, _part(body, part), unmodelled)


def _numbers_as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return {k: _numbers_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers_as_text(v) for v in value]
    return value


@pytest.mark.parametrize(("name", "call", "part", "unmodelled"), CASES, ids=IDS)
async def test_every_number_sent_as_text_reads_the_same(
    name: str, call: Call, part: tuple[str, ...], unmodelled: set[str]
) -> None:
    """Keyword Ad sends its Longs as JSON strings (and the same body mixes both); whichever
    field Kakao sends as text next, the model is the one the sample gives."""
    expected = await answered(_encoded(sample(name)), call)
    body = _numbers_as_text(sample(name))
    result = await answered(_encoded(body), call)
    assert result == expected
    _check(result, _part(body, part), unmodelled)


def _nulls(value: Any, keep: frozenset[str]) -> Any:
    """Every value null except under ``keep`` (the keys a model or the pager cannot lose)."""
    if isinstance(value, dict):
        return {k: (_nulls(v, keep) if k in keep else None) for k, v in value.items()}
    if isinstance(value, list):
        return [_nulls(v, keep) for v in value]
    return value


#: ``id`` is the one required field (a message creative may carry only ``creativeId``, and its
#: ``format`` tells it from a display one); the list answers keep their array, and the pagers
#: their page numbers, whose nulls they refuse (``test_pagination``).
KEEP = frozenset({"id", "creativeId", "format", "content"})
PAGER = frozenset({"page", "number", "totalPages"})


@pytest.mark.parametrize(("name", "call", "part", "unmodelled"), CASES, ids=IDS)
async def test_null_for_every_optional_field_is_absent(
    name: str, call: Call, part: tuple[str, ...], unmodelled: set[str]
) -> None:
    body = _nulls(sample(name), KEEP | PAGER if "page" in sample(name) else KEEP)
    result = await answered(_encoded(body), call)
    # Each null read as absent (None, or () for a list); what no model reads is still listed,
    # as the null Kakao sent.
    _check(result, _part(body, part), unmodelled)


def _with_unknowns(value: Any) -> Any:
    """An unknown key in every object, and every enum-like text replaced where the model keeps
    unknown enum values (``config``, ``systemConfig``, ``reviewStatus``, ...)."""
    if isinstance(value, dict):
        changed = {
            k: "NEW_" + v if k in ENUM_KEYS and isinstance(v, str) else _with_unknowns(v)
            for k, v in value.items()
        }
        changed["newField"] = {"nested": [1, "새 값"], "flag": None}
        return changed
    if isinstance(value, list):
        return [_with_unknowns(v) for v in value]
    return value


ENUM_KEYS = frozenset(
    {
        "config",
        "userConfig",
        "systemConfig",
        "reviewStatus",
        "creativeStatus",
        "memberType",
        "pacing",
        "bidStrategy",
        "type",  # an enum on ad groups and ad accounts, text elsewhere: both keep it
    }
)


@pytest.mark.parametrize(("name", "call", "part", "unmodelled"), CASES, ids=IDS)
async def test_unknown_fields_and_enum_values_at_every_level(
    name: str, call: Call, part: tuple[str, ...], unmodelled: set[str]
) -> None:
    """Kakao adds fields and enum values without notice: at any depth, the call still answers,
    the new values are kept (``.is_known`` False) and every new key is listed by its path."""
    body = _with_unknowns(sample(name))
    result = await answered(_encoded(body), call)
    for model, sent in _pairs(result, _part(body, part)):
        found = walk(sent, model)
        assert {k for k in found if not k.endswith("newField")} <= unmodelled
        assert ka.unknown_fields(model) == found
        enums = [v for v in attrs.astuple(model, recurse=False) if isinstance(v, enum.Enum)]
        for value in enums:
            assert value.startswith("NEW_") and not value.is_known, value


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("moment_display_creative.json", lambda k: k.moment.creatives.get(1111)),
        ("moment_message_creative.json", lambda k: k.moment.creatives.get(12345)),
        ("moment_campaign.json", lambda k: k.moment.campaigns.get(1)),
        ("moment_ad_group.json", lambda k: k.moment.ad_groups.get(1)),
        ("moment_ad_account.json", lambda k: k.moment.ad_accounts.get()),
        ("keyword_creative.json", lambda k: k.keyword.creatives.get(66666666661)),
    ],
)
async def test_a_body_with_only_its_id_is_a_model_of_defaults(name: str, call: Call) -> None:
    """ "Every field except id is optional": a body Kakao cut down to its id still reads."""
    body = {"id": sample(name).get("id", 1)}
    if name == "moment_message_creative.json":
        body["format"] = "WIDE_LIST_MESSAGE"  # what tells a message creative from a display one
    model = await answered(_encoded(body), call)
    assert model.id == int(body["id"]) and ka.unknown_fields(model) == {}


# --- Lists that come back null -------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda k: k.keyword.creatives.list(biz_channel_id=1),
        lambda k: k.moment.ad_accounts.get(),
    ],
    ids=["keyword-list", "ad-account"],
)
async def test_null_lists_inside_a_model_are_empty_tuples(call: Call) -> None:
    body = {"id": 1, "content": None, "page": {"number": 0, "totalPages": 1}}
    model = await answered(_encoded(body), call)
    assert getattr(model, "content", ()) == ()


@pytest.mark.parametrize(
    ("body", "call"),
    [
        (b'{"content": null}', lambda k: k.moment.creatives.list(ad_group_id=1234)),
        (b'{"content": null}', lambda k: k.moment.ad_groups.list(campaign_id=1)),
        (b'{"content": null}', lambda k: k.moment.campaigns.list(config="ON")),
    ],
    ids=["creatives", "ad-groups", "campaigns"],
)
async def test_a_moment_list_whose_content_is_null_is_empty(body: bytes, call: Call) -> None:
    """README, Models: "lists are tuples and default to ()", and the converter reads null as
    absent. The same null under Keyword Ad's ``content`` (above) or inside any model is an
    empty list, and so is a Moment list's ``content`` (it failed the whole call)."""
    assert await answered(body, call) == []


_MOMENT_LISTS: list[tuple[str, Call]] = [
    ("creatives", lambda k: k.moment.creatives.list(ad_group_id=1234)),
    ("ad-groups", lambda k: k.moment.ad_groups.list(campaign_id=1)),
    ("campaigns", lambda k: k.moment.campaigns.list(config="ON")),
]


@pytest.mark.parametrize("call", [c for _, c in _MOMENT_LISTS], ids=[n for n, _ in _MOMENT_LISTS])
async def test_a_moment_list_answered_with_an_empty_body_is_empty(call: Call) -> None:
    """An empty 200 body (Kakao's "no such record yet"): no items, as the JSON-array lists read
    it. It was a KakaoDecodeError that failed the whole call. (An object without ``content``
    stays an error: tests/test_null_content.py.)"""
    assert await answered(b"", call) == []


# --- The common error codes of Kakao's Moment error-code page ------------------------------

#: (HTTP status, code, detailCode, detailMsg) as the page's table and samples give them, and the
#: class README's table maps each to.
ERROR_PAGE: list[tuple[int, int, int | None, str | None, type[ka.KakaoAPIError]]] = [
    (400, -2, None, None, ka.KakaoAPIError),
    (400, -3, None, None, ka.KakaoAPIError),
    (403, -5, None, None, ka.KakaoPermissionError),
    (400, -10, None, None, ka.KakaoRateLimitError),
    (403, -12, None, None, ka.KakaoPermissionError),
    (400, -101, None, None, ka.KakaoAPIError),
    (403, -402, None, None, ka.KakaoPermissionError),
    (400, -813, 21006, "존재하지 않는 광고계정입니다.", ka.KakaoAPIError),
    (429, -813, None, None, ka.KakaoRateLimitError),
    (400, -813, 9004, "권한이 없습니다.", ka.KakaoPermissionError),
    (400, -813, 33003, "소재가 존재하지 않습니다.", ka.KakaoNotFoundError),
    (400, -813, 75008, "카카오톡 채널_도달 소재는 삭제할 수 없습니다.", ka.KakaoAPIError),
    (401, -401, None, None, ka.KakaoAuthError),
]


@pytest.mark.parametrize(("status", "code", "detail_code", "detail_msg", "cls"), ERROR_PAGE)
async def test_each_documented_error_is_its_class_with_kakaos_fields(
    status: int, code: int, detail_code: int | None, detail_msg: str | None, cls: type
) -> None:
    envelope: dict[str, Any] = {"code": code, "msg": "KakaoMomentException"}
    if detail_code is not None:
        # The delete sample's extras also carry path and timestamp: they change nothing.
        envelope["extras"] = {
            "detailCode": detail_code,
            "detailMsg": detail_msg,
            "path": "/v2/moment/creatives",
            "timestamp": "2020-04-01T10:16:14.294+0000",
        }
    with pytest.raises(ka.KakaoAPIError) as info:
        await answered(_encoded(envelope), lambda k: k.moment.creatives.delete(1111), status=status)
    error = info.value
    assert type(error) is cls
    assert (error.status, error.code, error.msg) == (status, code, "KakaoMomentException")
    assert (error.detail_code, error.detail_msg) == (detail_code, detail_msg)  # Korean intact
    assert (error.method, error.path) == ("DELETE", "/openapi/v4/creatives/1111")
    if detail_msg is not None:
        assert detail_msg in str(error)


# --- A field read under two names -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "call", "dropped"),
    [
        # Moment's creatives send landingUrl as text; read as LandingInfo it is nothing.
        (
            {"id": "1", "landingUrl": "https://www.daum.net"},
            lambda k: k.keyword.creatives.get(1),
            {"landingUrl": "https://www.daum.net"},
        ),
        (
            {
                "id": "1",
                "landingInfo": {"rspvLandingUrl": "a"},
                "landingUrl": {"rspvLandingUrl": "b"},
            },
            lambda k: k.keyword.creatives.get(1),
            {"landingUrl": {"rspvLandingUrl": "b"}},
        ),
        (
            {"id": 1, "reason": "documented", "adminStopReason": "sampled"},
            lambda k: k.moment.creatives.system_config_history(1),
            {"adminStopReason": "sampled"},
        ),
    ],
    ids=["landingUrl-text", "landingUrl-beside-landingInfo", "adminStopReason-beside-reason"],
)
async def test_a_second_name_whose_value_no_attribute_holds_is_listed(
    body: dict[str, Any], call: Call, dropped: dict[str, Any]
) -> None:
    """README: ``unknown_fields`` "lists what in it this version does not model". A second
    name is modelled only when its value is the one the model holds; otherwise the value is
    nowhere but in ``raw``, and ``unknown_fields`` must say so."""
    model = await answered(_encoded(body), call)
    # What the model holds is still the documented name's.
    assert walk({k: v for k, v in body.items() if k not in dropped}, model) == {}
    assert ka.unknown_fields(model) == dropped


@pytest.mark.parametrize(
    ("body", "call"),
    [
        ({"id": "1", "landingUrl": {"rspvLandingUrl": "b"}}, lambda k: k.keyword.creatives.get(1)),
        (
            {
                "id": "1",
                "landingInfo": {"rspvLandingUrl": "b"},
                "landingUrl": {"rspvLandingUrl": "b"},
            },
            lambda k: k.keyword.creatives.get(1),
        ),
        (
            {"id": "1", "landingInfo": None, "landingUrl": None},
            lambda k: k.keyword.creatives.get(1),
        ),
        (
            {"id": 1, "reason": "same", "adminStopReason": "same"},
            lambda k: k.moment.creatives.system_config_history(1),
        ),
        (
            {"id": 1, "reason": None, "adminStopReason": "sampled"},
            lambda k: k.moment.creatives.system_config_history(1),
        ),
    ],
)
async def test_a_second_name_the_model_read_is_not_listed(body: dict[str, Any], call: Call) -> None:
    model = await answered(_encoded(body), call)
    assert ka.unknown_fields(model) == {}
