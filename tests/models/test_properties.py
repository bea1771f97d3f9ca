"""Property-based: whatever JSON arrives, decoding gives a model or a KakaoDecodeError."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import kakao_async as ka
from kakao_async.models import decode, decode_moment_creative
from tests.conftest import sample

SAMPLES: list[tuple[Any, Any]] = [
    (ka.DisplayCreative, sample("moment_display_creative.json")),
    (ka.MessageCreative, sample("moment_message_creative.json")),
    (ka.SystemConfigHistory, sample("moment_system_config_history.json")),
    (ka.KeywordCreativePage, sample("keyword_list.json")),
    (ka.KeywordCreative, sample("keyword_creative.json")),
]

json_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            found += paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += paths(v, (*prefix, i))
    return found


def mutate(body: Any, path: tuple[Any, ...], new: Any, *, delete: bool) -> Any:
    body = json.loads(json.dumps(body))
    target = body
    for step in path[:-1]:
        target = target[step]
    if delete and isinstance(target, dict):
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return body


def decode_or_typed_error(cls: Any, body: Any) -> None:
    try:
        result = (
            decode_moment_creative(body)
            if cls in (ka.DisplayCreative, ka.MessageCreative)
            else decode(cls, body)
        )
    except ka.KakaoDecodeError:
        return
    assert result is not None


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_one_field_replaced_or_removed(data: st.DataObject) -> None:
    cls, body = data.draw(st.sampled_from(SAMPLES))
    path = data.draw(st.sampled_from(paths(body)))
    new = data.draw(json_values)
    decode_or_typed_error(cls, mutate(body, path, new, delete=data.draw(st.booleans())))


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(), extra=st.dictionaries(st.text(min_size=1, max_size=10), json_values, max_size=5)
)
def test_extra_fields_never_break_decoding(data: st.DataObject, extra: dict[str, Any]) -> None:
    cls, body = data.draw(st.sampled_from(SAMPLES))
    # A prefix no model field has, so every added key is one kakao_async does not know.
    merged = {**body, **{f"zzNew{k}": v for k, v in extra.items()}}
    result = (
        decode_moment_creative(merged)
        if cls in (ka.DisplayCreative, ka.MessageCreative)
        else decode(cls, merged)
    )
    expected = (
        decode_moment_creative(body)
        if cls in (ka.DisplayCreative, ka.MessageCreative)
        else decode(cls, body)
    )
    assert result == expected


@settings(max_examples=200, deadline=None)
@given(
    creative_id=st.integers(min_value=1, max_value=2**63 - 1),
    as_text=st.booleans(),
    config=st.sampled_from(["ON", "OFF", "DEL"]) | st.text(min_size=1, max_size=10),
    nulls=st.sets(st.sampled_from(["name", "bizChannelId", "title", "assetTypes", "config"])),
)
def test_ids_as_text_or_numbers_unknown_enums_and_nulls(
    creative_id: int, as_text: bool, config: str, nulls: set[str]
) -> None:
    body: dict[str, Any] = {
        "id": str(creative_id) if as_text else creative_id,
        "bizChannelId": "2222222221",
        "name": "소재",
        "title": "t",
        "assetTypes": ["THUMBNAIL"],
        "config": config,
    }
    body.update(dict.fromkeys(nulls))
    item = decode(ka.KeywordCreativeSummary, body)
    assert item.id == creative_id
    assert item.config == (None if "config" in nulls else config)
    assert item.asset_types == (() if "assetTypes" in nulls else ("THUMBNAIL",))


@settings(max_examples=300, deadline=None)
@given(body=json_values)
def test_arbitrary_json_is_a_model_or_a_decode_error(body: Any) -> None:
    for cls, _ in SAMPLES:
        decode_or_typed_error(cls, body)
