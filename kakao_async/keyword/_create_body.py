"""What a Keyword Ad create body may hold: Keyword Ad's landings, and ids Kakao takes.

``ka.LandingInfo`` serves both APIs: Kakao Moment reads its type fields (``landingType``,
``url``, ``bizFormId``, ``communicatorAdViewId``), Keyword Ad's document only ever shows the three
URLs. A Moment landing sent in a Keyword Ad create is no landing there: Kakao fills in the biz
channel's URL instead ("미입력시 비즈채널 URL 정보 입력"), and the create cannot be taken back by
sending it again. So it is refused before anything is sent, as is an id (``imageId``,
``reviewDocumentId``) that is not one: Kakao would refuse the create, or take it and answer a
body the client cannot read, and a create is never retried.
"""

from __future__ import annotations

import re
from typing import Any

from .._validate import positive_id
from ..errors import KakaoInputError

__all__ = ["ID_KEYS", "check_ids", "check_landings"]

#: JSON keys that carry Kakao Longs; the documented request sample sends them as strings.
ID_KEYS = frozenset({"bizChannelId", "imageId", "reviewDocumentId", "adAccountId", "id"})

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


def check_ids(where: str, value: Any) -> None:
    """Refuse, as an id argument is refused, an id anywhere in ``value`` (a create argument as
    ``unstructure`` wrote it) that is not one: ``True``, ``0``, ``-5``, ``1.5``, ``"abc"``."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}.{_snake(key)}"
            if key in ID_KEYS and item is not None:
                positive_id(path, item)
            else:
                check_ids(path, item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_ids(f"{where}[{index}]", item)
