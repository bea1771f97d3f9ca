"""Kakao Keyword Ad v1 (``api.keywordad.kakao.com``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._creatives import KeywordCreatives

if TYPE_CHECKING:
    from .._client import KakaoClient

__all__ = ["KeywordAPI", "KeywordCreatives"]


class KeywordAPI:
    """``client.keyword``: the Kakao Keyword Ad areas kakao_async covers."""

    __slots__ = ("creatives",)

    def __init__(self, client: KakaoClient) -> None:
        #: ``/openapi/v1/creatives/basic`` (and the delete path ``/openapi/v1/creatives/{id}``)
        self.creatives = KeywordCreatives(client)
