"""Kakao Keyword Ad v1 (``api.keywordad.kakao.com``)."""

from __future__ import annotations

from .._service import Api
from ._creatives import KeywordCreatives
from ._keywords import KeywordKeywords

__all__ = ["KeywordAPI", "KeywordCreatives", "KeywordKeywords"]


class KeywordAPI:
    """``client.keyword``: the Kakao Keyword Ad areas kakao_async covers."""

    __slots__ = ("creatives", "keywords")

    def __init__(self, api: Api) -> None:
        #: ``/openapi/v1/creatives/basic`` (and the delete path ``/openapi/v1/creatives/{id}``)
        self.creatives = KeywordCreatives(api)
        #: ``/openapi/v1/keywords``
        self.keywords = KeywordKeywords(api)

    def __repr__(self) -> str:
        return "<KeywordAPI creatives, keywords>"
