"""Kakao Moment v4 (``apis.moment.kakao.com``)."""

from __future__ import annotations

from .._service import Api
from ._creatives import MomentCreatives
from ._reports import MomentReports

__all__ = ["MomentAPI", "MomentCreatives", "MomentReports"]


class MomentAPI:
    """``client.moment``: the Kakao Moment areas kakao_async covers."""

    __slots__ = ("creatives", "reports")

    def __init__(self, api: Api) -> None:
        #: ``/openapi/v4/creatives``
        self.creatives = MomentCreatives(api)
        #: ``/openapi/v4/{adAccounts,campaigns,adGroups,creatives}/report``
        self.reports = MomentReports(api)
