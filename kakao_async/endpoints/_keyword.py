"""Kakao Keyword Ad v1 endpoints (``api.keywordad.kakao.com``). None has a documented quota."""

from __future__ import annotations

from .._decoders import array, model
from ..models import Keyword, KeywordCreative, KeywordCreativePage
from ._types import LIST_STATES, Endpoint

__all__ = [
    "KEYWORD_CREATIVE_CREATE",
    "KEYWORD_CREATIVE_DELETE",
    "KEYWORD_CREATIVE_GET",
    "KEYWORD_CREATIVE_LIST",
    "KEYWORD_ENDPOINTS",
    "KEYWORD_KEYWORD_LIST",
]

KEYWORD_CREATIVE_LIST = Endpoint(
    name="keyword.creatives.list",
    api="keyword",
    method="GET",
    path="/openapi/v1/creatives/basic",
    response=model(KeywordCreativePage),
    # Kakao's page: "one of ON, DEL".
    states=("ON", "DEL"),
)
KEYWORD_CREATIVE_GET = Endpoint(
    name="keyword.creatives.get",
    api="keyword",
    method="GET",
    path="/openapi/v1/creatives/basic/{id}",
    response=model(KeywordCreative),
)
KEYWORD_CREATIVE_CREATE = Endpoint(
    name="keyword.creatives.create",
    api="keyword",
    method="POST",
    path="/openapi/v1/creatives/basic",
    idempotent=False,
    response=model(KeywordCreative),
)
KEYWORD_CREATIVE_DELETE = Endpoint(
    name="keyword.creatives.delete",
    api="keyword",
    method="DELETE",
    path="/openapi/v1/creatives/{id}",
)
#: An ad group's keywords (키워드), one bare JSON array: the document pages nothing.
KEYWORD_KEYWORD_LIST = Endpoint(
    name="keyword.keywords.list",
    api="keyword",
    method="GET",
    path="/openapi/v1/keywords",
    response=array(Keyword),
    states=LIST_STATES,
)

#: Every Keyword Ad declaration, in README order.
KEYWORD_ENDPOINTS: tuple[Endpoint, ...] = (
    KEYWORD_CREATIVE_LIST,
    KEYWORD_CREATIVE_GET,
    KEYWORD_CREATIVE_CREATE,
    KEYWORD_CREATIVE_DELETE,
    KEYWORD_KEYWORD_LIST,
)
