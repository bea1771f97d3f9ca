"""The pipeline's side of a token provider: whatever it hands out, a checked Secret."""

from __future__ import annotations

from ._auth import RefreshingToken, StaticToken, TokenProvider
from ._secret import Secret
from ._token_checks import as_secret, check_secret, holds_no_secret

__all__ = ["TokenSource"]


class TokenSource:
    """The pipeline's side of a :class:`TokenProvider`: always a checked :class:`Secret`.

    ``fixed`` is the token of a :class:`StaticToken` once it has answered, so that requests
    read it without an await. A provider that hands out plain strings gets its plain string back
    in ``refresh`` (the protocol's promise); the plain text lives in no local of the pipeline.
    """

    __slots__ = ("_last", "_plain", "_user_key", "fixed", "provider")

    def __init__(self, provider: TokenProvider) -> None:
        self.provider = provider
        self._user_key = provider.user_key
        self.fixed: Secret | None = None
        self._last: Secret | None = None
        self._plain = False

    async def current(self) -> Secret:
        """The token to send now."""
        token = self._wrap(await self.provider.token())
        if type(self.provider) is StaticToken:
            self.fixed = token
        return token

    def ready(self) -> Secret | None:
        """The token to send now if it is known without waiting (a :class:`StaticToken`'s once
        it has answered, a :class:`RefreshingToken`'s while it holds one), else ``None``: then
        :meth:`current` may have to wait."""
        if self.fixed is not None:
            return self.fixed
        if type(self.provider) is RefreshingToken:
            held = self.provider.token_now()
            return None if held is None else self._wrap(held)
        return None

    async def refresh(self, failed: Secret) -> Secret | None:
        """A new token after ``failed`` was rejected, or ``None``."""
        new = await self.provider.refresh(failed.reveal() if self._plain else failed)
        return None if new is None else self._wrap(new)

    def _wrap(self, token: str | Secret) -> Secret:
        last = self._last
        self._plain = isinstance(token, str)
        if isinstance(token, Secret):
            if token is last:
                return token
        elif last is not None and token == last.reveal():
            return last  # the same text: the same Secret, so the header built for it is reused
        token = check_secret("token", as_secret("token", token))
        # A provider of your own may name its user by the token itself: refused before it is
        # sent (and every time: it is not remembered), as the built-in providers refuse it.
        holds_no_secret(self._user_key, token)
        self._last = token
        return token
