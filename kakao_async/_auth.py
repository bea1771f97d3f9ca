"""Access tokens: providers, validation, and keeping the token text out of sight."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

import aiohttp

from ._body import read_capped
from ._oauth_answers import TOKEN_PATH, oauth_error, read_grant, redirect_error, token_body
from ._secret import MaskedStr, Secret, forget_locals
from ._token_checks import as_secret, check_header_value, check_secret, fingerprint, quota_user
from ._token_store import load_stored, persist
from ._validate import base_url, positive_int, positive_number
from .errors import (
    KakaoAuthError,
    KakaoConnectError,
    KakaoError,
    KakaoInputTypeError,
    KakaoTimeoutError,
    KakaoTransportError,
)

logger = logging.getLogger("kakao_async.auth")

__all__ = [
    "DEFAULT_MAX_TOKEN_RESPONSE_BYTES",
    "KAKAO_AUTH_URL",
    "RefreshingToken",
    "StaticToken",
    "TokenProvider",
    "authorization",
]

#: Kakao's OAuth server; ``POST /oauth/token`` refreshes access tokens.
KAKAO_AUTH_URL = "https://kauth.kakao.com"
#: Largest token response :class:`RefreshingToken` reads by default (a real one is < 1 KiB).
DEFAULT_MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024


def authorization(token: Secret) -> str:
    """The ``Authorization`` header value: the one place an access token is unwrapped."""
    return MaskedStr("Bearer " + token.reveal())


@runtime_checkable
class TokenProvider(Protocol):
    """Where the client gets its access token.

    ``user_key`` names the Kakao user for quota purposes and must not change when the token is
    refreshed. ``refresh`` is called after a 401 with the token that failed, exactly as
    ``token`` returned it. Tokens may be plain ``str``\\ s or :class:`Secret`\\ s; a
    :class:`Secret` also keeps them out of your own frames' locals in tracebacks.
    """

    @property
    def user_key(self) -> str:
        """Stable identity of the token's user (never the token itself)."""

    async def token(self) -> str | Secret:
        """The access token to send now."""

    async def refresh(self, failed: Any) -> str | Secret | None:
        """A new token after ``failed`` was rejected; ``None`` if this provider cannot refresh."""


class StaticToken:
    """A fixed access token (a ``str`` or a :class:`Secret`), kept and handed out as a
    :class:`Secret`. Its ``repr`` never shows it."""

    __slots__ = ("_token", "_user_key")

    def __init__(self, token: str | Secret, *, user_key: str | None = None) -> None:
        token = as_secret("token", token)
        self._user_key = quota_user(user_key, token)
        self._token = check_secret("token", token)

    @property
    def user_key(self) -> str:
        """The ``user_key`` given, else one derived from the token (never the token itself)."""
        return self._user_key

    async def token(self) -> Secret:
        """The fixed token."""
        return self._token

    async def refresh(self, failed: str | Secret) -> Secret | None:
        """Always ``None``: a fixed token cannot be refreshed, so a 401 ends the call."""
        return None

    def __repr__(self) -> str:
        return f"StaticToken(user_key={self._user_key!r})"


class RefreshingToken:
    """An access token that refreshes itself through Kakao OAuth.

    ``POST {auth_url}/oauth/token`` with ``grant_type=refresh_token``, ``client_id``,
    ``refresh_token`` and, if set, ``client_secret``. When Kakao rotates the refresh token, the new
    one is kept and handed to ``on_refresh(access_token, refresh_token)`` (plain strings) so it
    can be persisted; ``load_refresh_token()`` returns the one stored now (or ``None``) and is
    read before each refresh, and again once when Kakao refuses it, so processes sharing one store
    follow each other's rotations. Each may be a plain function or a coroutine function (what it
    returns is awaited if it is awaitable); if one raises, or is not done within ``timeout`` (it
    is then cancelled), that is logged on ``kakao_async.auth`` (ERROR) and the tokens held stay
    in use. A plain function runs on the event loop and cannot be cut short: one that blocks (a
    synchronous store on a dead connection) stalls every task of the loop, so keep it quick or
    make it a coroutine function. The secrets may be given as ``str`` or :class:`Secret`; they
    are kept as :class:`Secret`\\ s, and ``token()`` hands out a :class:`Secret`.

    Concurrent callers that all saw the same 401 share one refresh and its outcome: the new
    token, or the same error for all of them (a later call tries again). ``user_key`` (the quota
    identity) is fixed at construction, so it survives refreshes. Nothing here reveals a token
    in ``repr`` or log text.

    The token endpoint is trusted with secrets, so its answers are held to the same rules as
    API responses: redirects are never followed (a 3xx is a :class:`KakaoAuthError`, so the
    refresh token and client secret are never re-sent elsewhere), and a body over
    ``max_response_bytes`` (default 1 MiB, counted after decompression; a token response is
    well under 1 KiB) is a :class:`KakaoDecodeError`.
    """

    __slots__ = (
        "_access",
        "_auth_url",
        "_client_id",
        "_client_secret",
        "_failure",
        "_inflight",
        "_load",
        "_max_response_bytes",
        "_on_refresh",
        "_refresh",
        "_refreshes",
        "_session",
        "_timeout",
        "_user_key",
    )

    def __init__(
        self,
        *,
        client_id: str,
        refresh_token: str | Secret,
        client_secret: str | Secret | None = None,
        access_token: str | Secret | None = None,
        user_key: str | None = None,
        auth_url: str = KAKAO_AUTH_URL,
        session: aiohttp.ClientSession | None = None,
        timeout: float = 10.0,
        on_refresh: Callable[[str, str], object] | None = None,
        max_response_bytes: int = DEFAULT_MAX_TOKEN_RESPONSE_BYTES,
        load_refresh_token: Callable[[], object] | None = None,
    ) -> None:
        # Wrapped before anything can raise: see check_secret.
        refresh_token = as_secret("refresh_token", refresh_token)
        if client_secret is not None:
            client_secret = as_secret("client_secret", client_secret)
        if access_token is not None:
            access_token = as_secret("token", access_token)
        # Before anything can raise: rich calls repr on a half-built self.
        self._user_key = fingerprint(refresh_token)
        self._refreshes = 0
        if user_key is not None:
            self._user_key = quota_user(user_key, refresh_token, access_token, client_secret)
        self._client_id = check_header_value("client_id", client_id)
        self._refresh = check_secret("refresh_token", refresh_token)
        self._client_secret = (
            None if client_secret is None else check_secret("client_secret", client_secret)
        )
        self._access = None if access_token is None else check_secret("token", access_token)
        self._auth_url = base_url("auth_url", auth_url)
        # Checked now, not at the first refresh: that would fail after spending the grant.
        if session is not None and not isinstance(session, aiohttp.ClientSession):
            raise KakaoInputTypeError(
                f"session must be an aiohttp.ClientSession, got {type(session).__name__}"
            )
        self._session = session
        self._timeout = positive_number("timeout", timeout)
        self._max_response_bytes = positive_int("max_response_bytes", max_response_bytes)
        if on_refresh is not None and not callable(on_refresh):
            raise KakaoInputTypeError(
                "on_refresh must be a callable taking (access_token, refresh_token), "
                f"got {type(on_refresh).__name__}"
            )
        self._on_refresh = on_refresh
        if load_refresh_token is not None and not callable(load_refresh_token):
            raise KakaoInputTypeError(
                "load_refresh_token must be a callable returning the stored refresh token, "
                f"got {type(load_refresh_token).__name__}"
            )
        self._load = load_refresh_token
        # One refresh at a time, shared by everyone who asks while it runs.
        self._inflight: asyncio.Task[Secret] | None = None
        # The last failed refresh: (the token it was to replace, its finished task).
        self._failure: tuple[Secret, asyncio.Task[Secret]] | None = None

    @property
    def user_key(self) -> str:
        """The ``user_key`` given, else one derived from the refresh token (never a token)."""
        return self._user_key

    @property
    def refresh_count(self) -> int:
        """How many refreshes this provider has made."""
        return self._refreshes

    async def token(self) -> Secret:
        """The current access token; the first call (without ``access_token=``) refreshes."""
        if self._access is None:
            return await self._refresh_now(None)
        return self._access

    def token_now(self) -> Secret | None:
        """The access token :meth:`token` would hand out at once, or ``None`` while it would
        have to refresh first. Lets a call skip the wait (and its deadline) it does not need."""
        return self._access

    async def refresh(self, failed: str | Secret) -> Secret | None:
        """``POST /oauth/token`` (refresh_token grant) after ``failed`` was rejected, once for
        all callers at a time; a token someone already refreshed to is handed out as is."""
        return await self._refresh_now(as_secret("failed", failed))

    async def _refresh_now(self, failed: Secret | None) -> Secret:
        access = self._access
        if access is not None and access != failed:
            return access  # someone refreshed since the caller read its token: use theirs
        failure = self._failure
        if failed is not None and failure is not None and failure[0] == failed:
            # This caller was in flight with the same token while its refresh failed: it shares
            # that outcome instead of asking again (50 callers must not make 50 POSTs).
            return await failure[1]
        task = self._inflight
        if task is None:
            task = self._inflight = asyncio.ensure_future(self._refresh_once())
            task.add_done_callback(functools.partial(self._refresh_done, failed))
        # Shielded: a cancelled caller leaves the refresh running for the others.
        return await asyncio.shield(task)

    def _refresh_done(self, failed: Secret | None, task: asyncio.Task[Secret]) -> None:
        self._inflight = None
        if task.cancelled():
            return
        # exception() also marks it retrieved: a failed refresh nobody awaits is no warning.
        if task.exception() is None:
            self._failure = None
        else:
            # The rejected token is known bad: later calls refresh before sending anything, and
            # callers still holding it get this same failure.
            self._access = None
            self._failure = None if failed is None else (failed, task)

    async def _refresh_once(self) -> Secret:
        if self._load is not None:
            await self._reload()
        try:
            try:
                access, rotated = await self._post(self._form())
            except KakaoAuthError:
                # Another process sharing the store may have rotated the token just before us:
                # once, with the one stored now, if it is another.
                if self._load is None or not await self._reload():
                    raise
                access, rotated = await self._post(self._form())
        except KakaoError as exc:
            # The answer (in _post's locals, kept by a suppressed JSONDecodeError, or quoted by
            # aiohttp's error behind a transport error) may echo the secrets: leave it out of
            # tracebacks rendered with locals. The exception's own text is already scrubbed.
            forget_locals(exc, self._secrets())
            raise exc.with_traceback(None)  # noqa: B904 - the same exception, one frame shorter
        try:
            self._access = check_secret("token", access)
            if rotated is not None:
                self._refresh = check_secret("refresh_token", rotated)
        except ValueError as exc:
            # The server's answer, not the caller's input: an auth failure, not a ValueError.
            raise oauth_error(
                200, {"error": "invalid_token", "error_description": str(exc)}, ()
            ) from None
        self._refreshes += 1
        logger.debug("access token refreshed (refresh #%d)", self._refreshes)
        if self._on_refresh is not None:
            await persist(self._on_refresh, self._access, self._refresh, self._timeout)
        return self._access

    def _form(self) -> dict[str, str]:
        # The one place the refresh token and client secret are unwrapped; MaskedStr keeps the
        # form's repr (here and in aiohttp's frames) clean in tracebacks rendered with locals.
        form = {
            "grant_type": "refresh_token",
            "client_id": self._client_id,
            "refresh_token": MaskedStr(self._refresh.reveal()),
        }
        if self._client_secret is not None:
            form["client_secret"] = MaskedStr(self._client_secret.reveal())
        return form

    async def _reload(self) -> bool:
        """Take the refresh token the store holds now; True if it is another one."""
        assert self._load is not None
        stored = await load_stored(self._load, self._timeout)
        if stored is None or stored == self._refresh:
            return False
        self._refresh = stored
        return True

    async def _post(self, form: dict[str, str]) -> tuple[Secret, Secret | None]:
        """The new access token and the rotated refresh token, if any; the answer itself never
        leaves this frame (what else it holds may echo the secrets)."""
        session = self._session or aiohttp.ClientSession()
        try:
            async with session.post(
                self._auth_url + TOKEN_PATH,
                data=form,
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                # A redirect would re-send the refresh token and client secret to wherever the
                # Location points, and we would then trust the token that origin hands back.
                allow_redirects=False,
            ) as resp:
                status = resp.status
                if 300 <= status < 400:
                    raise redirect_error(status)
                raw = await read_capped(
                    resp, self._max_response_bytes, method="POST", path=TOKEN_PATH
                )
        except (asyncio.TimeoutError, TimeoutError) as exc:
            raise KakaoTimeoutError(
                f"POST {TOKEN_PATH}: no response within {self._timeout}s"
            ) from exc
        except aiohttp.ClientError as exc:
            no_connection = isinstance(exc, aiohttp.ClientConnectorError)
            cls = KakaoConnectError if no_connection else KakaoTransportError
            raise cls(f"POST {TOKEN_PATH}: {type(exc).__name__}") from exc
        finally:
            if self._session is None:
                # Refreshes are hours apart: a short-lived session leaks nothing between them.
                await session.close()
        return read_grant(token_body(status, raw, self._secrets()), self._secrets())

    def _secrets(self) -> tuple[Secret | None, ...]:
        return (self._refresh, self._client_secret, self._access)

    def __repr__(self) -> str:
        return f"RefreshingToken(user_key={self._user_key!r}, refresh_count={self._refreshes})"
