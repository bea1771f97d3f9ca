"""``ka.unknown_fields`` and a field Kakao sends under a second name (``landingUrl``
for a Keyword Ad creative's ``landingInfo``), through the public call over ``MockTransport``.

README, Models: ``ka.unknown_fields(model)`` "lists what in it this version does not model".
CHANGELOG: it lists a ``landingUrl`` "whose value no field holds". Two ways the second name
still misleads: a ``landingUrl`` object that *is* the creative's landing hides its own unknown
keys (in neither the model nor ``unknown_fields``), and one that holds the same landing as the
``landingInfo`` beside it, written differently (a null URL left out, an id as text), is listed
although the model holds every value in it (the comparison is of JSON dicts, not of what they
decode to).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN


async def _creative(body: dict[str, Any]) -> ka.KeywordCreative:
    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        return ka.HttpResponse(200, {}, json.dumps(body).encode())

    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, transport=ka.MockTransport(answer)
    ) as kakao:
        return await kakao.keyword.creatives.get(1)


@pytest.mark.parametrize("info", [{}, {"landingInfo": None}], ids=["absent", "null"])
async def test_unknown_keys_inside_a_landing_url_that_is_the_landing_are_listed(
    info: dict[str, Any],
) -> None:
    """The create table's ``landingUrl`` read as the landing (no ``landingInfo`` beside it): a
    key Kakao added inside it is modelled nowhere, and must be listed, as the same key inside
    ``landingInfo`` is (``landingInfo.brandNew``)."""
    landing = {"rspvLandingUrl": "https://www.daum.net", "brandNew": "NEW"}
    twin = await _creative({"id": "1", "landingInfo": landing})
    assert ka.unknown_fields(twin) == {"landingInfo.brandNew": "NEW"}  # holds today
    creative = await _creative({"id": "1", **info, "landingUrl": landing})
    assert creative.landing_info == twin.landing_info  # the landing itself was read
    assert ka.unknown_fields(creative) == {"landingUrl.brandNew": "NEW"}


@pytest.mark.parametrize(
    ("info", "url"),
    [
        (
            {"rspvLandingUrl": "https://www.daum.net"},
            {"rspvLandingUrl": "https://www.daum.net", "pcLandingUrl": None},
        ),
        ({"bizFormId": 5}, {"bizFormId": "5"}),  # ids as text, as Keyword Ad sends them
    ],
    ids=["null-left-out", "id-as-text"],
)
async def test_a_landing_url_holding_the_same_landing_as_landing_info_is_not_listed(
    info: dict[str, Any], url: dict[str, Any]
) -> None:
    """README: "Ids are ``int`` even where Keyword Ad sends them as JSON strings", and a null
    carries nothing. A ``landingUrl`` beside an equal ``landingInfo`` says nothing new."""
    creative = await _creative({"id": "1", "landingInfo": info, "landingUrl": url})
    alone = await _creative({"id": "1", "landingUrl": url})
    assert creative.landing_info == alone.landing_info  # the same landing, as the model reads
    assert ka.unknown_fields(creative) == {}


async def test_a_landing_url_that_differs_in_a_value_is_still_listed() -> None:
    """The other side of the two tests above (holds today, and must hold after their fix)."""
    url = {"rspvLandingUrl": "https://other.example"}
    creative = await _creative(
        {"id": "1", "landingInfo": {"rspvLandingUrl": "https://www.daum.net"}, "landingUrl": url}
    )
    assert ka.unknown_fields(creative) == {"landingUrl": url}


async def test_nested_parts_have_raw_exactly_when_they_are_resources() -> None:
    """``Resource``'s docstring (this stop): "A nested model that is itself a ``Resource`` (an
    ad group's ``campaign``, a page's rows) has its own; other nested parts (``Image``,
    ``LandingInfo``, ...) have none: reach theirs through the parent's ``raw``". Each nested
    ``Resource`` also answers ``unknown_fields`` for itself (the same keys its parent lists
    under its path); a part that is not one is refused, not answered with ``{}``."""
    group_body = {"id": 35443, "name": "g", "campaign": {"id": 1111, "name": "c", "brandNew": 1}}
    page_body = {"content": [{"id": "1", "name": "k", "brandNew": 2}], "page": {"number": 0}}
    bodies = [group_body, page_body, {"id": "1", "landingInfo": {"rspvLandingUrl": "u"}}]

    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        return ka.HttpResponse(200, {}, json.dumps(bodies.pop(0)).encode())

    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, transport=ka.MockTransport(answer)
    ) as kakao:
        group = await kakao.moment.ad_groups.get(35443)
        page = await kakao.keyword.creatives.list(biz_channel_id=7)
        creative = await kakao.keyword.creatives.get(1)
    assert group.campaign is not None and isinstance(group.campaign, ka.Resource)
    assert group.campaign.raw == group_body["campaign"]
    assert ka.unknown_fields(group) == {"campaign.brandNew": 1}
    assert ka.unknown_fields(group.campaign) == {"brandNew": 1}
    assert page.content[0].raw == page_body["content"][0]
    assert ka.unknown_fields(page.content[0]) == {"brandNew": 2}
    landing = creative.landing_info
    assert landing is not None and not isinstance(landing, ka.Resource)
    assert not hasattr(landing, "raw")
    with pytest.raises(ka.KakaoInputTypeError):
        ka.unknown_fields(landing)  # type: ignore[arg-type]  # what a user might try
