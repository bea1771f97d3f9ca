"""What an endpoint declaration is made of: :class:`Endpoint` and its :class:`Quota`."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Literal, get_args

import attrs

from .._decoders import Decoder
from .._validate import shown
from ..errors import KakaoInputError, KakaoInputTypeError

__all__ = ["LIST_STATES", "Endpoint", "Quota", "Scope"]

#: Who shares one quota: one (user, ad account) pair, one ad account, or the whole app.
Scope = Literal["user_account", "account", "app"]


def _seconds(instance: Any, attribute: Any, value: Any) -> None:
    # A Quota reaches the scheduler as is: an interval of 0, NaN or "5" must fail here.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise KakaoInputTypeError(f"Quota.interval must be a number of seconds, got {shown(value)}")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int past a float's range
        finite = False
    if not (finite and value > 0):
        raise KakaoInputError(f"Quota.interval must be a finite number > 0, got {shown(value)}")


def _name(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        raise KakaoInputError(
            f"Quota.name must be non-empty text without whitespace, got {shown(value)}"
        )


def _scope(instance: Any, attribute: Any, value: Any) -> None:
    if value not in get_args(Scope):
        scopes = ", ".join(get_args(Scope))
        raise KakaoInputError(f"Quota.scope must be one of {scopes}; got {shown(value)}")


@attrs.frozen(kw_only=True)
class Quota:
    """Kakao's limit on an endpoint: one call per ``interval`` seconds per ``scope``.

    Endpoints that share a limit declare the same Quota (same name); ``KakaoClient(quotas=...)``
    and ``FakeKakaoServer(quotas=...)`` override a declared quota by its name, and the scheduler
    spaces each call by its own quota's interval."""

    #: Names the quota in scheduler keys (and so in Redis key names), e.g. ``creatives.onOff``.
    name: str = attrs.field(validator=_name)
    #: Seconds Kakao demands between two calls of one scope.
    interval: float = attrs.field(validator=_seconds)
    #: Who shares it: ``user_account`` (one user in one ad account), ``account`` (everyone in
    #: one ad account) or ``app`` (every call of the app).
    scope: Scope = attrs.field(default="user_account", validator=_scope)


#: What most lists' ``config`` filter takes (Moment's lists, Keyword Ad's keywords).
LIST_STATES = ("ON", "OFF", "DEL")


def _states(value: Iterable[str]) -> tuple[str, ...]:
    # A tuple, so an Endpoint stays hashable; one text is no list of states ("ON" would match
    # "O").
    refused = f"Endpoint.states must be a tuple of states, got {shown(value)}"
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise KakaoInputTypeError(refused)
    states: tuple[str, ...] = tuple(value)
    if not all(isinstance(s, str) for s in states):
        raise KakaoInputTypeError(refused)
    return states


def _decoder_name(decoder: Decoder | None) -> str:
    return "None" if decoder is None else getattr(decoder, "__qualname__", repr(decoder))


@attrs.frozen(kw_only=True)
class Endpoint:
    """One Kakao Open API operation."""

    #: The library's name for it: ``<api>.<resource>.<method name>``.
    name: str
    #: Which base URL: ``"moment"`` or ``"keyword"``.
    api: Literal["moment", "keyword"]
    method: str
    #: Path template, ``{id}`` for the object id.
    path: str
    #: Safe to send twice, so retried on transient failures (everything but a create).
    idempotent: bool = True
    #: The documented limit, or None when Kakao lists none.
    quota: Quota | None = None
    #: Sent with the ``adAccountId`` header (every call but the user's list of ad accounts).
    ad_account_header: bool = True
    #: The states a list call's ``config`` filter takes (empty: it has no such filter). The
    #: service, the CLI and the fake all check a filter against these.
    states: tuple[str, ...] = attrs.field(default=(), converter=_states)
    #: What a call returns, made from the JSON body (``None``: nothing, or ``True``/``False``
    #: for a write); its name says what it returns, e.g. ``Campaign``.
    response: Decoder | None = attrs.field(default=None, repr=_decoder_name)

    def format(self, **values: object) -> str:
        """The path with its placeholders filled in (values are validated ids)."""
        return self.path.format_map(values) if values else self.path
