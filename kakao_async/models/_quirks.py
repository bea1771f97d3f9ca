"""Where Kakao's documents and its responses disagree on a field, read both.

Each fix returns the body unchanged (the common case, no copy) or a patched copy; the model then
keeps the body Kakao sent, not the copy, as its ``raw``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._ad_accounts import AdAccountPage
from ._base import set_raw
from ._keyword import Keyword, KeywordCreative
from ._moment import MessageCreative, SystemConfigHistory

__all__ = ["ALIASES", "QUIRKS", "quirk_hook"]

Body = Mapping[str, Any]
Hook = Callable[[Any, Any], Any]


#: JSON keys a model reads besides its fields' own names (for ``unknown_fields``): the
#: attribute each stands for. The fixes below read it when that attribute's own key is null or
#: absent; ``unknown_fields`` lists its value unless it decodes to what the attribute holds.
ALIASES: dict[type[Any], dict[str, str]] = {
    SystemConfigHistory: {"adminStopReason": "reason"},
    KeywordCreative: {"landingUrl": "landing_info"},
}


def history_body(value: Body) -> Body:
    """The documented field is ``reason``; the samples send ``adminStopReason``."""
    if value.get("reason") is None and "adminStopReason" in value:
        return {**value, "reason": value["adminStopReason"]}
    return value


def keyword_creative_body(value: Body) -> Body:
    """The create call's field table names it ``landingUrl`` (typed LandingInfo); the samples
    say ``landingInfo``."""
    if value.get("landingInfo") is None and isinstance(value.get("landingUrl"), Mapping):
        return {**value, "landingInfo": value["landingUrl"]}
    return value


def keyword_body(value: Body) -> Body:
    """The field table types ``reviewStatus`` ``String[]``; the sample sends one string, which
    stands for a one-item list (and ``""`` for none, not for a status named ``""``)."""
    review = value.get("reviewStatus")
    if isinstance(review, str):
        return {**value, "reviewStatus": [review] if review else []}
    return value


def message_creative_body(value: Body) -> Body:
    """Real responses may carry only ``creativeId``; for a message creative it always equals
    ``id`` (Kakao's field table: message creatives have no review copy)."""
    if value.get("id") is None and value.get("creativeId") is not None:
        return {**value, "id": value["creativeId"]}
    return value


def ad_account_page_body(value: Body) -> Body:
    """The English field table lists ``number`` ("same as page") beside ``page``; Kakao's
    sample and its Korean table send only ``page``. Either fills the other."""
    page, number = value.get("page"), value.get("number")
    if number is None and page is not None:
        return {**value, "number": page}
    if page is None and number is not None:
        return {**value, "page": number}
    return value


#: The fix each model's body goes through before it is structured.
QUIRKS: dict[type[Any], Callable[[Body], Body]] = {
    AdAccountPage: ad_account_page_body,
    SystemConfigHistory: history_body,
    KeywordCreative: keyword_creative_body,
    Keyword: keyword_body,
    MessageCreative: message_creative_body,
}


def quirk_hook(hook: Hook, fix: Callable[[Body], Body]) -> Hook:
    """``hook`` behind ``fix``."""

    def structure(value: Any, cls: Any) -> Any:
        if type(value) is not dict and not isinstance(value, Mapping):
            return hook(value, cls)  # the model hook reports the wrong shape
        fixed = fix(value)
        result = hook(fixed, cls)
        if fixed is not value:
            set_raw(result, "raw", value)  # what Kakao sent, not the patched copy
        return result

    return structure
