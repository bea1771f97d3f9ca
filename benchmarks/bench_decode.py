"""Benchmark 3: decoding.

Microseconds per creative structured by the converter's hooks (cattrs' generated code) and by
constructing the same attrs objects by hand from the same dicts; then ``decode`` versus pydantic v2
on equivalent models.

    .venv/bin/python -m benchmarks.bench_decode [--count 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import enum
import json
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

import kakao_async as ka
from benchmarks._table import table
from kakao_async.models import converter, decode, decode_moment_creative

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


class PVideo(PImage):
    duration: float | None = None


class PLanding(_P):
    landing_type: str | None = Field(None, alias="landingType")
    url: str | None = None
    biz_form_id: int | None = Field(None, alias="bizFormId")
    communicator_ad_view_id: int | None = Field(None, alias="communicatorAdViewId")
    rspv_landing_url: str | None = Field(None, alias="rspvLandingUrl")
    pc_landing_url: str | None = Field(None, alias="pcLandingUrl")
    mobile_landing_url: str | None = Field(None, alias="mobileLandingUrl")


class PRejected(_P):
    rejected_title: str | None = Field(None, alias="rejectedTitle")
    rejected_content: str | None = Field(None, alias="rejectedContent")


class PAssetGroup(_P):
    ordering: int | None = None
    title: str | None = None
    image: PImage | None = None
    pc_landing_url: str | None = Field(None, alias="pcLandingUrl")
    mobile_landing_url: str | None = Field(None, alias="mobileLandingUrl")
    landing_type: str | None = Field(None, alias="landingType")


class POpinionFile(_P):
    file_name: str | None = Field(None, alias="fileName")
    url: str | None = None
    size: int | None = None


class PDisplay(_P):
    id: int
    creative_id: int | None = Field(None, alias="creativeId")
    name: str | None = None
    ad_group_id: int | None = Field(None, alias="adGroupId")
    type: str | None = None
    bid_amount: int | None = Field(None, alias="bidAmount")
    format: str | None = None
    landing_url: str | None = Field(None, alias="landingUrl")
    pc_landing_url: str | None = Field(None, alias="pcLandingUrl")
    mobile_landing_url: str | None = Field(None, alias="mobileLandingUrl")
    rspv_landing_url: str | None = Field(None, alias="rspvLandingUrl")
    frequency_cap_type: str | None = Field(None, alias="frequencyCapType")
    frequency_cap: int | None = Field(None, alias="frequencyCap")
    config: str | None = None
    system_config: str | None = Field(None, alias="systemConfig")
    review_status: str | None = Field(None, alias="reviewStatus")
    creative_status: str | None = Field(None, alias="creativeStatus")
    status_description: str | None = Field(None, alias="statusDescription")
    image: PImage | None = None
    landing_info: PLanding | None = Field(None, alias="landingInfo")
    alt_text: str | None = Field(None, alias="altText")
    title: str | None = None
    description: str | None = None
    action_button: str | None = Field(None, alias="actionButton")
    profile_name: str | None = Field(None, alias="profileName")
    profile_image: PImage | None = Field(None, alias="profileImage")
    video: PVideo | None = None
    video_skippable_type: str | None = Field(None, alias="videoSkippableType")
    rejected_reason: tuple[PRejected, ...] = Field((), alias="rejectedReason")
    asset_groups: tuple[PAssetGroup, ...] = Field((), alias="assetGroups")
    has_expandable: bool | None = Field(None, alias="hasExpandable")
    opinion: str | None = None
    opinion_proof: tuple[POpinionFile, ...] = Field((), alias="opinionProof")
    created_date: datetime | None = Field(None, alias="createdDate")
    last_modified_date: datetime | None = Field(None, alias="lastModifiedDate")
    age_verification: bool | None = Field(None, alias="ageVerification")


class PKeywordSummary(_P):
    id: int
    biz_channel_id: int | None = Field(None, alias="bizChannelId")
    name: str | None = None
    title: str | None = None
    description: str | None = None
    asset_types: tuple[str, ...] = Field((), alias="assetTypes")
    config: str | None = None


# --- by hand -----------------------------------------------------------------------------------
# Every field each model declares, as a hand-written decoder of the same model must read them
# (real responses carry fields the samples lack): ``tests/benchmarks/test_bench_decode.py``
# checks each against the converter on a payload with every field set.

Body = dict[str, Any]
E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _enum(cls: type[E]) -> Callable[[str | None], E | None]:
    """The decoder of ``cls``'s values: a dict lookup for the known ones, as the library's does
    (calling the enum class costs several times more); an unknown one is kept (an OpenEnum
    pseudo-member)."""
    known = {member.value: member for member in cls}

    def member(value: str | None) -> E | None:
        if value is None:
            return None
        found = known.get(value)
        return found if found is not None else cls(value)

    return member


_config = _enum(ka.Config)
_system_config = _enum(ka.SystemConfig)
_review_status = _enum(ka.ReviewStatus)
_creative_status = _enum(ka.CreativeStatus)


def _each(item: Callable[[Body], T], items: list[Body] | None) -> tuple[T, ...]:
    """``item`` of each; an absent or empty list builds no generator (the library's absent key
    costs nothing)."""
    return tuple([item(x) for x in items]) if items else ()


def _id(value: str | int | None) -> int | None:
    return None if value is None else int(value)


def _image(d: Body | None) -> ka.Image | None:
    if d is None:
        return None
    return ka.Image(
        url=d.get("url"),
        file_name=d.get("fileName"),
        width=d.get("width"),
        height=d.get("height"),
        size=d.get("size"),
    )


def _video(d: Body | None) -> ka.Video | None:
    if d is None:
        return None
    return ka.Video(
        url=d.get("url"),
        file_name=d.get("fileName"),
        width=d.get("width"),
        height=d.get("height"),
        size=d.get("size"),
        duration=d.get("duration"),
    )


def _landing(d: Body | None) -> ka.LandingInfo | None:
    if d is None:
        return None
    return ka.LandingInfo(
        landing_type=d.get("landingType"),
        url=d.get("url"),
        biz_form_id=_id(d.get("bizFormId")),
        communicator_ad_view_id=_id(d.get("communicatorAdViewId")),
        rspv_landing_url=d.get("rspvLandingUrl"),
        pc_landing_url=d.get("pcLandingUrl"),
        mobile_landing_url=d.get("mobileLandingUrl"),
    )


def _asset_group(a: Body) -> ka.AssetGroup:
    return ka.AssetGroup(
        ordering=a.get("ordering"),
        title=a.get("title"),
        image=_image(a.get("image")),
        pc_landing_url=a.get("pcLandingUrl"),
        mobile_landing_url=a.get("mobileLandingUrl"),
        landing_type=a.get("landingType"),
    )


def _rejected(r: Body) -> ka.RejectedReason:
    return ka.RejectedReason(
        rejected_title=r.get("rejectedTitle"), rejected_content=r.get("rejectedContent")
    )


def _opinion_file(o: Body) -> ka.OpinionFile:
    return ka.OpinionFile(file_name=o.get("fileName"), url=o.get("url"), size=o.get("size"))


def display_by_hand(d: Body) -> ka.DisplayCreative:
    get = d.get
    return ka.DisplayCreative(
        id=int(d["id"]),
        creative_id=get("creativeId"),
        name=get("name"),
        ad_group_id=get("adGroupId"),
        type=get("type"),
        bid_amount=get("bidAmount"),
        format=get("format"),
        landing_url=get("landingUrl"),
        pc_landing_url=get("pcLandingUrl"),
        mobile_landing_url=get("mobileLandingUrl"),
        rspv_landing_url=get("rspvLandingUrl"),
        frequency_cap_type=get("frequencyCapType"),
        frequency_cap=get("frequencyCap"),
        config=_config(get("config")),
        system_config=_system_config(get("systemConfig")),
        review_status=_review_status(get("reviewStatus")),
        creative_status=_creative_status(get("creativeStatus")),
        status_description=get("statusDescription"),
        image=_image(get("image")),
        landing_info=_landing(get("landingInfo")),
        alt_text=get("altText"),
        title=get("title"),
        description=get("description"),
        action_button=get("actionButton"),
        profile_name=get("profileName"),
        profile_image=_image(get("profileImage")),
        video=_video(get("video")),
        video_skippable_type=get("videoSkippableType"),
        rejected_reason=_each(_rejected, get("rejectedReason")),
        asset_groups=_each(_asset_group, get("assetGroups")),
        has_expandable=get("hasExpandable"),
        opinion=get("opinion"),
        opinion_proof=_each(_opinion_file, get("opinionProof")),
        created_date=_dt(get("createdDate")),
        last_modified_date=_dt(get("lastModifiedDate")),
        age_verification=get("ageVerification"),
    )


def keyword_summary_by_hand(d: Body) -> ka.KeywordCreativeSummary:
    return ka.KeywordCreativeSummary(
        id=int(d["id"]),
        biz_channel_id=_id(d.get("bizChannelId")),
        name=d.get("name"),
        title=d.get("title"),
        description=d.get("description"),
        asset_types=tuple(d.get("assetTypes") or ()),
        config=_config(d.get("config")),
    )


def _message_image(d: Body | None) -> ka.MessageImage | None:
    if d is None:
        return None
    return ka.MessageImage(
        file_size=d.get("fileSize"),
        url=d.get("url"),
        image_width=d.get("imageWidth"),
        image_height=d.get("imageHeight"),
        mime_type=d.get("mimeType"),
        image_hash=d.get("imageHash"),
    )


def _decimal(value: str | int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _item(i: Body) -> ka.ItemAssetGroup:
    return ka.ItemAssetGroup(
        ordering=i.get("ordering"),
        image=_message_image(i.get("image")),
        title=i.get("title"),
        pc_landing_url=i.get("pcLandingUrl"),
        mobile_landing_url=i.get("mobileLandingUrl"),
        landing_type=i.get("landingType"),
        price_currency_code=i.get("priceCurrencyCode"),
        price_amount=_decimal(i.get("priceAmount")),
        discounted_price_amount=_decimal(i.get("discountedPriceAmount")),
    )


def _button(b: Body) -> ka.ButtonAssetGroup:
    return ka.ButtonAssetGroup(
        ordering=b.get("ordering"),
        title=b.get("title"),
        pc_landing_url=b.get("pcLandingUrl"),
        mobile_landing_url=b.get("mobileLandingUrl"),
        landing_type=b.get("landingType"),
    )


def _message_element(m: Body) -> ka.MessageElement:
    return ka.MessageElement(
        id=m.get("id"),
        ad_account_id=m.get("adAccountId"),
        profile_id=m.get("profileId"),
        name=m.get("name"),
        creative_format=m.get("creativeFormat"),
        title=m.get("title"),
        description=m.get("description"),
        mobile_landing_url=m.get("mobileLandingUrl"),
        intro_mobile_landing_url=m.get("introMobileLandingUrl"),
        share_flag=m.get("shareFlag"),
        ad_flag=m.get("adFlag"),
        button_asset_groups=_each(_button, m.get("buttonAssetGroups")),
        item_asset_groups=_each(_item, m.get("itemAssetGroups")),
        thumbnail_url=m.get("thumbnailUrl"),
        message_thumbnail=_message_image(m.get("messageThumbnail")),
        created_date=_dt(m.get("createdDate")),
        last_modified_date=_dt(m.get("lastModifiedDate")),
    )


def message_by_hand(d: Body) -> ka.MessageCreative:
    element, ident = d.get("messageElement"), d.get("id")
    if ident is None:  # real responses may carry only creativeId (the library reads it too)
        ident = d["creativeId"]
    return ka.MessageCreative(
        id=int(ident),
        creative_id=d.get("creativeId"),
        name=d.get("name"),
        ad_group_id=d.get("adGroupId"),
        format=d.get("format"),
        config=_config(d.get("config")),
        system_config=_system_config(d.get("systemConfig")),
        status_description=d.get("statusDescription"),
        creative_status=_creative_status(d.get("creativeStatus")),
        created_date=_dt(d.get("createdDate")),
        last_modified_date=_dt(d.get("lastModifiedDate")),
        message_element=_message_element(element) if element is not None else None,
        age_verification=d.get("ageVerification"),
    )


def _multi_thumbnail(t: Body) -> ka.MultiThumbnail:
    return ka.MultiThumbnail(
        image_id=_id(t.get("imageId")),
        text=t.get("text"),
        landing_info=_landing(t.get("landingInfo")),
    )


def _additional_link(x: Body) -> ka.AdditionalLink:
    return ka.AdditionalLink(text=x.get("text"), landing_info=_landing(x.get("landingInfo")))


def _price_table(p: Body) -> ka.PriceTable:
    return ka.PriceTable(
        text=p.get("text"),
        price=_id(p.get("price")),
        range=p.get("range"),
        landing_info=_landing(p.get("landingInfo")),
    )


def _assets(a: Body) -> ka.Assets:
    thumb, subject, calc = a.get("thumbnail"), a.get("subject"), a.get("calculate")
    return ka.Assets(
        thumbnail=ka.Thumbnail(image_id=_id(thumb.get("imageId")), text=thumb.get("text"))
        if thumb is not None
        else None,
        multi_thumbnails=_each(_multi_thumbnail, a.get("multiThumbnails")),
        additional_title=a.get("additionalTitle"),
        additional_links=_each(_additional_link, a.get("additionalLinks")),
        subject=ka.Subject(
            subject=subject.get("subject"),
            text=subject.get("text"),
            landing_info=_landing(subject.get("landingInfo")),
        )
        if subject is not None
        else None,
        price_tables=_each(_price_table, a.get("priceTables")),
        phone_number=a.get("phoneNumber"),
        calculate=ka.Calculate(landing_info=_landing(calc.get("landingInfo")))
        if calc is not None
        else None,
        talk_channel_id=a.get("talkChannelId"),
    )


def keyword_by_hand(d: Body) -> ka.KeywordCreative:
    lic, assets, landing = d.get("license"), d.get("assets"), d.get("landingInfo")
    if landing is None and isinstance(d.get("landingUrl"), dict):
        landing = d["landingUrl"]  # the create call's table names it so (the library reads both)
    return ka.KeywordCreative(
        id=int(d["id"]),
        ad_account_id=_id(d.get("adAccountId")),
        biz_channel_id=_id(d.get("bizChannelId")),
        name=d.get("name"),
        title=d.get("title"),
        description=d.get("description"),
        landing_info=_landing(landing),
        license=ka.License(
            license_number=lic.get("licenseNumber"),
            review_document_id=_id(lic.get("reviewDocumentId")),
        )
        if lic is not None
        else None,
        assets=_assets(assets) if assets is not None else None,
        config=_config(d.get("config")),
    )


# --- timing ------------------------------------------------------------------------------------


def medians_us(
    fns: list[Callable[[Any], object]], bodies: list[dict[str, Any]], runs: int
) -> list[float]:
    """Median microseconds per body of each function, over ``runs`` interleaved runs.

    Interleaving keeps a noisy machine's slow spells from landing on one function only.
    """
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, kept in zip(fns, times, strict=True):
            started = time.perf_counter()
            for body in bodies:
                fn(body)
            kept.append((time.perf_counter() - started) / len(bodies) * 1e6)
    return [statistics.median(kept) for kept in times]


def copies(name: str, count: int, key: str | None = None) -> list[dict[str, Any]]:
    """``count`` copies of a sample with distinct ids (as Kakao sends them: text or number)."""
    body = json.loads((DATA / name).read_text(encoding="utf-8"))
    body = body[key][0] if key else body
    as_text = isinstance(body["id"], str)
    return [{**body, "id": str(i) if as_text else i} for i in range(1, count + 1)]


def structuring(count: int, runs: int) -> None:
    """The converter's hook (cattrs' generated code) vs construction by hand, per detail model."""
    cases: list[tuple[type[Any], str, Callable[[dict[str, Any]], object]]] = [
        (ka.DisplayCreative, "moment_display_creative.json", display_by_hand),
        (ka.MessageCreative, "moment_message_creative.json", message_by_hand),
        (ka.KeywordCreative, "keyword_creative.json", keyword_by_hand),
    ]
    rows = [["model", "cattrs gen µs", "by hand µs", "gen/hand"]]
    for cls, sample, hand in cases:
        bodies = copies(sample, count)
        hook = converter.get_structure_hook(cls)

        def gen(body: dict[str, Any], hook: Any = hook, cls: type[Any] = cls) -> object:
            return hook(body, cls)

        assert gen(bodies[0]) == hand(bodies[0])
        g, h = medians_us([gen, hand], bodies, runs)
        rows.append([cls.__name__, f"{g:.2f}", f"{h:.2f}", f"{g / h:.2f}"])
    print(f"Structuring one detail response: {count} bodies, median of {runs} runs")
    print(table(rows))


def versus_pydantic(count: int, runs: int) -> None:
    """``decode`` (the library's entry point) vs by hand vs pydantic v2, on the seed samples."""
    displays = copies("moment_display_creative.json", count)
    keywords = copies("keyword_list.json", count, key="content")
    assert display_by_hand(displays[0]) == decode_moment_creative(displays[0])
    assert keyword_summary_by_hand(keywords[0]) == decode(ka.KeywordCreativeSummary, keywords[0])
    rows = [["model", "decode µs", "by hand µs", "pydantic v2 µs", "dec/hand", "dec/pydantic"]]
    Fn = Callable[[Any], object]
    cases: list[tuple[str, list[dict[str, Any]], Fn, Fn, Fn]] = [
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
        c, h, p = medians_us([conv, hand, pyd], bodies, runs)
        rows.append([name, f"{c:.2f}", f"{h:.2f}", f"{p:.2f}", f"{c / h:.2f}", f"{c / p:.2f}"])
    print(f"\ndecode vs pydantic: {count} bodies, median of {runs} runs")
    print(table(rows))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    structuring(args.count, args.runs)
    versus_pydantic(args.count, args.runs)


if __name__ == "__main__":
    main()
