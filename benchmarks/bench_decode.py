"""Benchmark 3: decoding.

Creatives structured per second by the kakao_async converter, versus constructing the same attrs
objects by hand from the same dicts, versus pydantic v2 on equivalent models.

    .venv/bin/python -m benchmarks.bench_decode [--count 20000]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

import kakao_async as ka
from benchmarks._table import table
from kakao_async.models import decode, decode_moment_creative

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


# --- pydantic v2 equivalents -------------------------------------------------------------------


class _P(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class PImage(_P):
    url: str | None = None
    file_name: str | None = Field(None, alias="fileName")
    width: int | None = None
    height: int | None = None
    size: int | None = None


class PLanding(_P):
    landing_type: str | None = Field(None, alias="landingType")
    communicator_ad_view_id: int | None = Field(None, alias="communicatorAdViewId")
    rspv_landing_url: str | None = Field(None, alias="rspvLandingUrl")
    pc_landing_url: str | None = Field(None, alias="pcLandingUrl")
    mobile_landing_url: str | None = Field(None, alias="mobileLandingUrl")


class PRejected(_P):
    rejected_title: str | None = Field(None, alias="rejectedTitle")
    rejected_content: str | None = Field(None, alias="rejectedContent")


class PDisplay(_P):
    id: int
    creative_id: int | None = Field(None, alias="creativeId")
    name: str | None = None
    format: str | None = None
    landing_url: str | None = Field(None, alias="landingUrl")
    frequency_cap_type: str | None = Field(None, alias="frequencyCapType")
    frequency_cap: int | None = Field(None, alias="frequencyCap")
    config: str | None = None
    system_config: str | None = Field(None, alias="systemConfig")
    review_status: str | None = Field(None, alias="reviewStatus")
    creative_status: str | None = Field(None, alias="creativeStatus")
    status_description: str | None = Field(None, alias="statusDescription")
    image: PImage | None = None
    landing_info: PLanding | None = Field(None, alias="landingInfo")
    rejected_reason: tuple[PRejected, ...] = Field((), alias="rejectedReason")
    has_expandable: bool | None = Field(None, alias="hasExpandable")
    created_date: datetime | None = Field(None, alias="createdDate")
    last_modified_date: datetime | None = Field(None, alias="lastModifiedDate")


class PThumb(_P):
    image_id: int | None = Field(None, alias="imageId")
    text: str | None = None


class PKeywordSummary(_P):
    id: int
    biz_channel_id: int | None = Field(None, alias="bizChannelId")
    name: str | None = None
    title: str | None = None
    description: str | None = None
    asset_types: tuple[str, ...] = Field((), alias="assetTypes")
    config: str | None = None


# --- by hand -----------------------------------------------------------------------------------


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def display_by_hand(d: dict[str, Any]) -> ka.DisplayCreative:
    image = d.get("image")
    landing = d.get("landingInfo")
    return ka.DisplayCreative(
        id=int(d["id"]),
        creative_id=d.get("creativeId"),
        name=d.get("name"),
        format=d.get("format"),
        landing_url=d.get("landingUrl"),
        frequency_cap_type=d.get("frequencyCapType"),
        frequency_cap=d.get("frequencyCap"),
        config=ka.Config(d["config"]) if d.get("config") else None,
        system_config=ka.SystemConfig(d["systemConfig"]) if d.get("systemConfig") else None,
        review_status=ka.ReviewStatus(d["reviewStatus"]) if d.get("reviewStatus") else None,
        creative_status=ka.CreativeStatus(d["creativeStatus"]) if d.get("creativeStatus") else None,
        status_description=d.get("statusDescription"),
        image=ka.Image(
            url=image.get("url"),
            file_name=image.get("fileName"),
            width=image.get("width"),
            height=image.get("height"),
            size=image.get("size"),
        )
        if image
        else None,
        landing_info=ka.LandingInfo(
            landing_type=landing.get("landingType"),
            communicator_ad_view_id=landing.get("communicatorAdViewId"),
        )
        if landing
        else None,
        rejected_reason=tuple(
            ka.RejectedReason(
                rejected_title=r.get("rejectedTitle"), rejected_content=r.get("rejectedContent")
            )
            for r in d.get("rejectedReason") or ()
        ),
        has_expandable=d.get("hasExpandable"),
        created_date=_dt(d.get("createdDate")),
        last_modified_date=_dt(d.get("lastModifiedDate")),
    )


def keyword_summary_by_hand(d: dict[str, Any]) -> ka.KeywordCreativeSummary:
    return ka.KeywordCreativeSummary(
        id=int(d["id"]),
        biz_channel_id=int(d["bizChannelId"]) if d.get("bizChannelId") is not None else None,
        name=d.get("name"),
        title=d.get("title"),
        description=d.get("description"),
        asset_types=tuple(d.get("assetTypes") or ()),
        config=ka.Config(d["config"]) if d.get("config") else None,
    )


def rate(
    fn: Callable[[dict[str, Any]], object], bodies: list[dict[str, Any]], rounds: int = 3
) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for body in bodies:
            fn(body)
        best = min(best, time.perf_counter() - started)
    return len(bodies) / best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=20_000)
    args = parser.parse_args()
    display = json.loads((DATA / "moment_display_creative.json").read_text(encoding="utf-8"))
    keyword = json.loads((DATA / "keyword_list.json").read_text(encoding="utf-8"))["content"][0]
    displays = [{**display, "id": i} for i in range(1, args.count + 1)]
    keywords = [{**keyword, "id": str(i)} for i in range(1, args.count + 1)]
    assert display_by_hand(display) == decode_moment_creative(display)
    assert keyword_summary_by_hand(keyword) == decode(ka.KeywordCreativeSummary, keyword)
    rows = [
        [
            "model",
            "kakao_async converter /s",
            "by hand /s",
            "pydantic v2 /s",
            "conv/hand",
            "conv/pydantic",
        ]
    ]
    cases = [
        (
            "DisplayCreative (seed sample)",
            displays,
            decode_moment_creative,
            display_by_hand,
            PDisplay.model_validate,
        ),
        (
            "KeywordCreativeSummary (seed sample)",
            keywords,
            lambda b: decode(ka.KeywordCreativeSummary, b),
            keyword_summary_by_hand,
            PKeywordSummary.model_validate,
        ),
    ]
    for name, bodies, conv, hand, pyd in cases:
        c, h, p = rate(conv, bodies), rate(hand, bodies), rate(pyd, bodies)
        rows.append([name, f"{c:,.0f}", f"{h:,.0f}", f"{p:,.0f}", f"{c / h:.2f}", f"{c / p:.2f}"])
    print(f"{args.count} bodies per model, best of 3")
    print(table(rows))


if __name__ == "__main__":
    main()
