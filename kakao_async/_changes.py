"""The change a bulk ``set_configs`` is made of, validated when built."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ._validate import on_off_config, positive_id
from .errors import KakaoInputTypeError
from .models import Config

__all__ = ["ConfigChange", "config_changes"]


def _config(value: Config | str) -> Config:
    return on_off_config(value)


def _creative_id(value: int) -> int:
    return positive_id("creative_id", value)


def _optional_account(value: int | None) -> int | None:
    return None if value is None else positive_id("ad_account_id", value)


@attrs.frozen
class ConfigChange:
    """Switch one Moment creative ``ON`` or ``OFF``; validated when built."""

    creative_id: int = attrs.field(converter=_creative_id)
    config: Config = attrs.field(converter=_config)
    #: Falls back to the client's ``ad_account_id``.
    ad_account_id: int | None = attrs.field(default=None, kw_only=True, converter=_optional_account)


def config_changes(
    changes: Iterable[ConfigChange | tuple[int, Config | str]],
) -> list[ConfigChange]:
    """``changes`` as :class:`ConfigChange`\\ s; a ``(creative_id, config)`` pair is one too.

    A string or a single pair where the iterable belongs is refused, not taken apart.
    """
    if isinstance(changes, (str, bytes, bytearray, memoryview)) or not isinstance(
        changes, Iterable
    ):
        raise KakaoInputTypeError(
            f"changes must be an iterable of ConfigChange or (creative_id, config) pairs, "
            f"got {type(changes).__name__}"
        )
    items = []
    for change in changes:
        if isinstance(change, ConfigChange):
            items.append(change)
        elif isinstance(change, (tuple, list)) and len(change) == 2:
            items.append(ConfigChange(*change))
        else:
            raise KakaoInputTypeError(
                "changes must hold ConfigChange or (creative_id, config) pairs, "
                f"got {type(change).__name__} {change!r:.40}"
            )
    return items
