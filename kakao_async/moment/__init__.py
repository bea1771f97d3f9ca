"""Kakao Moment v4 (``apis.moment.kakao.com``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._creatives import MomentCreatives

if TYPE_CHECKING:
    from .._client import KakaoClient

__all__ = ["MomentAPI", "MomentCreatives"]


class MomentAPI:
    """``client.moment``: the Kakao Moment areas kakao_async covers."""

    __slots__ = ("creatives",)

    def __init__(self, client: KakaoClient) -> None:
        #: ``/openapi/v4/creatives``
        self.creatives = MomentCreatives(client)
