"""What a landing is on Keyword Ad.

``ka.LandingInfo`` serves both APIs: Kakao Moment reads its type fields (``landingType``,
``url``, ``bizFormId``, ``communicatorAdViewId``), Keyword Ad's document only ever shows the three
URLs. A Moment landing sent in a Keyword Ad create is no landing there: Kakao fills in the biz
channel's URL instead ("미입력시 비즈채널 URL 정보 입력"), and the create cannot be taken back by
sending it again. So it is refused before anything is sent.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import KakaoInputError

__all__ = ["check_landings"]

#: The ``landingInfo`` keys of Kakao's Keyword Ad creative document (its request sample).
_KEYWORD_LANDING = ("rspvLandingUrl", "pcLandingUrl", "mobileLandingUrl")
_UPPER = re.compile(r"[A-Z]")


def _snake(key: str) -> str:
    """``rspvLandingUrl`` -> ``rspv_landing_url``: errors name the models' attributes."""
    return _UPPER.sub(lambda m: "_" + m.group(0).lower(), key)


def check_landings(where: str, value: Any, *, is_landing: bool = False) -> None:
    """Refuse a landing Keyword Ad does not read anywhere in ``value``: a create argument as
    ``unstructure`` wrote it (``None`` fields already left out). ``where`` names the argument;
    ``is_landing``: ``value`` is itself a ``landingInfo``."""
    if isinstance(value, dict):
        if is_landing:
            foreign = [_snake(k) for k in value if k not in _KEYWORD_LANDING]
            if foreign:
                allowed = ", ".join(_snake(k) for k in _KEYWORD_LANDING)
                raise KakaoInputError(
                    f"{where} sets {', '.join(foreign)} (Kakao Moment's landing fields): a "
                    f"Keyword Ad landing is {allowed} only, and without them Kakao lands the "
                    "creative on its biz channel's URL"
                )
            return
        for key, item in value.items():
            check_landings(f"{where}.{_snake(key)}", item, is_landing=key == "landingInfo")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_landings(f"{where}[{index}]", item)
