"""What an endpoint declaration is made of: :class:`Endpoint` and its :class:`Quota`."""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["Endpoint", "Quota", "Scope"]

#: Who shares one quota: one (user, ad account) pair, one ad account, or the whole app.
Scope = Literal["user_account", "account", "app"]


@attrs.frozen(kw_only=True)
class Quota:
    """Kakao's limit on an endpoint: one call per ``interval`` seconds per ``scope``."""

    #: Names the quota in scheduler keys (and so in Redis key names).
    name: str
    #: Seconds Kakao demands between two calls of one scope.
    interval: float
    scope: Scope = "user_account"


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

    def format(self, **values: object) -> str:
        """The path with its placeholders filled in (values are validated ids)."""
        return self.path.format(**values) if values else self.path
