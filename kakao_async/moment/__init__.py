"""Kakao Moment v4 (``apis.moment.kakao.com``)."""

from __future__ import annotations

from .._service import Api
from ._creatives import MomentCreatives

__all__ = ["MomentAPI", "MomentCreatives"]


class MomentAPI:
    """``client.moment``: the Kakao Moment areas kakao_async covers."""

    __slots__ = ("creatives",)

    def __init__(self, api: Api) -> None:
        #: ``/openapi/v4/creatives``
        self.creatives = MomentCreatives(api)
