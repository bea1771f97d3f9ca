"""Change bodies are encoded once, when the change is made, without the walk that proves an
arbitrary body plain JSON: what they hold is checked before. They must still be the bytes the
stdlib encoder writes (what ``dumps`` sends for any other body)."""

from __future__ import annotations

import json
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.endpoints import (
    MOMENT_AD_GROUP_SET_BID_AMOUNT,
    MOMENT_AD_GROUP_SET_PACING,
    MOMENT_CAMPAIGN_SET_DAILY_BUDGET,
)
from kakao_async.moment._ops import config_op, id_body

STDLIB = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
LONGEST = 2**63 - 1


@pytest.mark.parametrize(
    ("change", "body"),
    [
        (ka.ConfigChange(LONGEST, "OFF", ad_account_id=1), {"id": LONGEST, "config": "OFF"}),
        (ka.CampaignConfigChange(5, "ON", ad_account_id=1), {"id": 5, "config": "ON"}),
        (ka.AdGroupConfigChange(6, ka.Config.OFF, ad_account_id=1), {"id": 6, "config": "OFF"}),
        (ka.AdAccountConfigChange(LONGEST, "ON"), {"config": "ON"}),
    ],
)
def test_an_onoff_body_is_what_the_stdlib_writes(change: Any, body: dict[str, Any]) -> None:
    assert config_op(change, 1).body == STDLIB.encode(body).encode()


@pytest.mark.parametrize(
    ("endpoint", "field", "value", "wire"),
    [
        (MOMENT_AD_GROUP_SET_BID_AMOUNT, "bidAmount", LONGEST, LONGEST),
        (MOMENT_CAMPAIGN_SET_DAILY_BUDGET, "dailyBudgetAmount", None, None),
        (MOMENT_AD_GROUP_SET_PACING, "pacing", ka.Pacing.QUICK, "QUICK"),
    ],
)
def test_a_field_body_is_what_the_stdlib_writes(
    endpoint: ka.endpoints.Endpoint, field: str, value: Any, wire: Any
) -> None:
    op = id_body(endpoint, 1, LONGEST, field, value)
    assert op.body == STDLIB.encode({"id": LONGEST, field: wire}).encode()


@pytest.mark.parametrize("encoder", ["orjson", "stdlib"])
@pytest.mark.parametrize(
    "member", [ka.Config.OFF, ka.Pacing.QUICK, ka.Pacing("NEWER")], ids=["config", "pacing", "new"]
)
def test_an_enum_member_goes_out_as_its_text_with_either_encoder(
    encoder: str, member: ka.models.OpenEnum, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The member itself is put into the body (a str enum's member is a str): both encoders
    # must write its text, an unknown value's too.
    if encoder == "stdlib":
        monkeypatch.setattr("kakao_async._http._interpret._fast_dumps", None)
    op = id_body(MOMENT_AD_GROUP_SET_PACING, 1, 5, "pacing", member)
    assert op.body == STDLIB.encode({"id": 5, "pacing": str.__str__(member)}).encode()
    assert op.value is member  # the result reports the member, not its text
