"""Which model a Kakao Moment creative body is: display or message.

``GET /openapi/v4/creatives/{id}`` answers both kinds at one path, so the body itself says
which: a message creative carries a ``messageElement`` or one of the message formats.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import cattrs

from ._moment import DisplayCreative, MessageCreative, MomentCreative

__all__ = ["MESSAGE_FORMATS", "is_message_creative", "moment_creative_hook"]

#: Formats Kakao documents for message (Kakao Talk channel) creatives.
MESSAGE_FORMATS = frozenset(
    {
        "BASIC_TEXT_MESSAGE",
        "WIDE_MESSAGE",
        "WIDE_LIST_MESSAGE",
        "CAROUSEL_COMMERCE_MESSAGE",
        "CAROUSEL_FEED_MESSAGE",
        "PREMIUM_VIDEO_MESSAGE",
    }
)


def is_message_creative(data: Any) -> bool:
    """Whether a creative body is a message creative's (else it is read as a display one)."""
    return (type(data) is dict or isinstance(data, Mapping)) and (
        data.get("messageElement") is not None
        or (isinstance(data.get("format"), str) and data["format"] in MESSAGE_FORMATS)
    )


def moment_creative_hook(conv: cattrs.Converter) -> Callable[[Any, Any], MomentCreative]:
    """The hook of ``MomentCreative`` (the type ``creatives.get`` returns): the display or the
    message model's own hook, picked as ``get`` picks it; cattrs alone cannot tell the two
    apart. Build it once both models' hooks (quirks included) are registered."""
    display = conv.get_structure_hook(DisplayCreative)
    message = conv.get_structure_hook(MessageCreative)

    def structure(value: Any, _: Any) -> MomentCreative:
        if is_message_creative(value):
            return message(value, MessageCreative)  # type: ignore[no-any-return]
        return display(value, DisplayCreative)  # type: ignore[no-any-return]

    return structure
