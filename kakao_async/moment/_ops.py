"""One state change, ready for the scheduler: which quota'd call, for which object, with which
body. Every Moment write (single or bulk, creative, ad group, campaign or ad account) becomes an
:class:`Op`, so one sender and one planner serve them all."""

from __future__ import annotations

from typing import Any, NamedTuple

import attrs

from .._changes import (
    AdAccountConfigChange,
    AdGroupConfigChange,
    AnyConfigChange,
    CampaignConfigChange,
    ConfigChange,
)
from .._decoders import Decoder
from .._http import dumps_checked
from ..endpoints import (
    MOMENT_AD_ACCOUNT_GET,
    MOMENT_AD_ACCOUNT_SET_CONFIG,
    MOMENT_AD_GROUP_GET,
    MOMENT_AD_GROUP_SET_CONFIG,
    MOMENT_CAMPAIGN_GET,
    MOMENT_CAMPAIGN_SET_CONFIG,
    MOMENT_CREATIVE_GET,
    MOMENT_CREATIVE_SET_CONFIG,
    Endpoint,
)
from ..errors import KakaoInputTypeError

__all__ = ["READS", "Op", "Read", "config_op", "id_body"]


class Op(NamedTuple):
    """A validated state change of one object through one quota'd endpoint. (A named tuple
    built positionally: a bulk builds one per item, several times cheaper than a frozen attrs
    instance.)"""

    endpoint: Endpoint
    #: The ``adAccountId`` header (and the quota scope's account).
    account: int
    #: The object changed: last write wins per (endpoint, account, object).
    object_id: int
    #: The request body, encoded as JSON once when the change is made: every attempt sends it
    #: as is.
    body: bytes
    #: What the change sets, as reported in the item's result (a Config, an amount, ...).
    value: Any
    #: The object this change is to, ``(endpoint name, account, object id)``: a newer change to
    #: the same key supersedes it. A field, not a property: a bulk reads it per item when it
    #: coalesces, and a property call costs ~1,500 instructions.
    key: tuple[str, int, int]


def id_body(endpoint: Endpoint, account: int, object_id: int, field: str, value: Any) -> Op:
    """The usual Moment change body ``{"id": ..., "<field>": ...}``."""
    # Checked values only (a positive id below 2**63; an amount, a member of a str enum or None,
    # checked by the caller), so the body needs no walk proving it plain JSON before it is
    # encoded. A str enum's member is a str: orjson and the stdlib both write its text (a test
    # pins the bytes), so it goes in as is.
    body = dumps_checked({"id": object_id, field: value})
    # Positional: a named tuple built by keyword costs 2.5x as much (~0.5 us per item).
    return Op(endpoint, account, object_id, body, value, (endpoint.name, account, object_id))


def config_op(change: AnyConfigChange, account: int) -> Op:
    """The onOff call of ``change`` (``account`` is its resolved ad account)."""
    if isinstance(change, ConfigChange):
        return id_body(
            MOMENT_CREATIVE_SET_CONFIG, account, change.creative_id, "config", change.config
        )
    if isinstance(change, CampaignConfigChange):
        return id_body(
            MOMENT_CAMPAIGN_SET_CONFIG, account, change.campaign_id, "config", change.config
        )
    if isinstance(change, AdGroupConfigChange):
        return id_body(
            MOMENT_AD_GROUP_SET_CONFIG, account, change.ad_group_id, "config", change.config
        )
    if isinstance(change, AdAccountConfigChange):
        # The account is the object: it goes in the header, the body carries only the state.
        account = change.ad_account_id
        body = dumps_checked({"config": change.config.value})
        key = (MOMENT_AD_ACCOUNT_SET_CONFIG.name, account, account)
        return Op(MOMENT_AD_ACCOUNT_SET_CONFIG, account, account, body, change.config, key)
    raise KakaoInputTypeError(f"not a config change: {type(change).__name__}")


@attrs.frozen(kw_only=True)
class Read:
    """How ``skip_unchanged`` reads an object's current state: the un-quota'd detail call, and
    the ``config`` of the model it returns (the field a change sets)."""

    endpoint: Endpoint
    #: The detail call's decoder (see ``Request.decode``): the body -> the field's value.
    current: Decoder = attrs.field(init=False)

    @current.default
    def _config_of_response(self) -> Decoder:
        decoded = self.endpoint.response
        assert decoded is not None  # every detail call declares its model

        def current(body: Any, method: str, path: str) -> Any:
            return decoded(body, method, path).config

        return current


#: By the name of a change's endpoint: how to read what it would change.
READS: dict[str, Read] = {
    MOMENT_CREATIVE_SET_CONFIG.name: Read(endpoint=MOMENT_CREATIVE_GET),
    MOMENT_CAMPAIGN_SET_CONFIG.name: Read(endpoint=MOMENT_CAMPAIGN_GET),
    MOMENT_AD_GROUP_SET_CONFIG.name: Read(endpoint=MOMENT_AD_GROUP_GET),
    MOMENT_AD_ACCOUNT_SET_CONFIG.name: Read(endpoint=MOMENT_AD_ACCOUNT_GET),
}
