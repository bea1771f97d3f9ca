"""The changes a bulk ``set_configs`` is made of, one type per level of Kakao Moment's
hierarchy (ad account > campaign > ad group > creative), each validated when built."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import attrs

from ._validate import is_many, on_off_config, positive_id, shown
from .errors import KakaoInputTypeError
from .models import Config

__all__ = [
    "AdAccountConfigChange",
    "AdGroupConfigChange",
    "AnyConfigChange",
    "CampaignConfigChange",
    "ConfigChange",
    "CreativeConfigChange",
    "config_changes",
    "hierarchy_changes",
]


def _config(value: Config | str) -> Config:
    # Not on_off_config itself: attrs types the __init__ parameter after its converter's
    # argument, and that one takes ``object`` (it checks anything at run time).
    return on_off_config(value)


def _creative_id(value: int) -> int:
    return positive_id("creative_id", value)


def _campaign_id(value: int) -> int:
    return positive_id("campaign_id", value)


def _ad_group_id(value: int) -> int:
    return positive_id("ad_group_id", value)


def _account(value: int) -> int:
    return positive_id("ad_account_id", value)


def _optional_account(value: int | None) -> int | None:
    return None if value is None else positive_id("ad_account_id", value)


@attrs.frozen
class ConfigChange:
    """Switch one Moment creative ``ON`` or ``OFF``; validated when built."""

    creative_id: int = attrs.field(converter=_creative_id)
    config: Config = attrs.field(converter=_config)
    #: Falls back to the client's ``ad_account_id``.
    ad_account_id: int | None = attrs.field(default=None, kw_only=True, converter=_optional_account)


#: :class:`ConfigChange` under the name that matches its siblings.
CreativeConfigChange = ConfigChange


@attrs.frozen
class CampaignConfigChange:
    """Switch one campaign ``ON`` or ``OFF``; validated when built."""

    campaign_id: int = attrs.field(converter=_campaign_id)
    config: Config = attrs.field(converter=_config)
    #: Falls back to the client's ``ad_account_id``.
    ad_account_id: int | None = attrs.field(default=None, kw_only=True, converter=_optional_account)


@attrs.frozen
class AdGroupConfigChange:
    """Switch one ad group ``ON`` or ``OFF``; validated when built."""

    ad_group_id: int = attrs.field(converter=_ad_group_id)
    config: Config = attrs.field(converter=_config)
    #: Falls back to the client's ``ad_account_id``.
    ad_account_id: int | None = attrs.field(default=None, kw_only=True, converter=_optional_account)


@attrs.frozen
class AdAccountConfigChange:
    """Switch one ad account ``ON`` or ``OFF``; validated when built."""

    ad_account_id: int = attrs.field(converter=_account)
    config: Config = attrs.field(converter=_config)


#: Any change ``kakao.moment.set_configs`` accepts.
AnyConfigChange = ConfigChange | CampaignConfigChange | AdGroupConfigChange | AdAccountConfigChange
_HIERARCHY = (ConfigChange, CampaignConfigChange, AdGroupConfigChange, AdAccountConfigChange)

C = TypeVar("C", ConfigChange, CampaignConfigChange, AdGroupConfigChange)


def _refuse_single(changes: object, what: str) -> None:
    if not is_many(changes):
        raise KakaoInputTypeError(
            f"changes must be an iterable of {what}, got {type(changes).__name__}"
        )


def config_changes(changes: Iterable[C | tuple[int, Config | str]], kind: type[C]) -> list[C]:
    """``changes`` as ``kind`` instances; an ``(id, config)`` pair is one too.

    A string or a single pair where the iterable belongs is refused, not taken apart.
    """
    what = f"{kind.__name__} or (id, config) pairs"
    _refuse_single(changes, what)
    items: list[C] = []
    for change in changes:
        if isinstance(change, kind):
            items.append(change)
        elif isinstance(change, (tuple, list)) and len(change) == 2:
            items.append(kind(*change))
        else:
            raise KakaoInputTypeError(
                f"changes must hold {what}, got {type(change).__name__} {shown(change)}"
            )
    return items


def hierarchy_changes(changes: Iterable[AnyConfigChange]) -> list[AnyConfigChange]:
    """``changes`` for ``kakao.moment.set_configs``: typed changes only (a bare pair could mean
    a creative, an ad group or a campaign)."""
    what = "ConfigChange, CampaignConfigChange, AdGroupConfigChange or AdAccountConfigChange"
    _refuse_single(changes, what)
    items: list[AnyConfigChange] = []
    for change in changes:
        if not isinstance(change, _HIERARCHY):
            raise KakaoInputTypeError(
                f"changes must hold {what}, got {type(change).__name__} {shown(change)}"
            )
        items.append(change)
    return items
