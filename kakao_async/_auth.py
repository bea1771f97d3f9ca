"""Access tokens: providers, validation, and keeping the token text out of sight."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, runtime_checkable

import aiohttp

from ._body import read_capped

logger = logging.getLogger("kakao_async")

__all__ = [
    "DEFAULT_MAX_TOKEN_RESPONSE_BYTES",
    "KAKAO_AUTH_URL",
    "RefreshingToken",
    "StaticToken",
    "TokenProvider",
    "check_header_value",
    "fingerprint",
]

#: Kakao's OAuth server; ``POST /oauth/token`` refreshes access tokens.
KAKAO_AUTH_URL = "https://kauth.kakao.com"
#: Largest token response :class:`RefreshingToken` reads by default (a real one is < 1 KiB).
DEFAULT_MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024
_TOKEN_PATH = "/oauth/token"


def fingerprint(secret: str) -> str:
    """A short, stable, one-way name for a secret (for quota keys and logs)."""
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


def check_header_value(name: str, value: str, *, header: bool = True) -> str:
    """Refuse values that are empty, padded, or hold control characters (CR/LF would split the
    request; any other one fails deep inside aiohttp). ``header=True`` (the value is sent as an
    HTTP header) also refuses non-ASCII text, which a header cannot carry as is."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value or value != value.strip():
        raise ValueError(f"{name} must be non-empty and have no surrounding whitespace")
    # isprintable() is False for every control character (C0, DEL, C1) and the line separators.
    if not value.isprintable():
        raise ValueError(f"{name} must not contain control characters (CR, LF, NUL, ESC, ...)")
    if header and not value.isascii():
        raise ValueError(f"{name} must be ASCII text (it is sent as an HTTP header)")
    return value


@runtime_checkable
class TokenProvider(Protocol):
    """Where the client gets its access token.

    ``user_key`` names the Kakao user for quota purposes and must not change when the token is
    refreshed. ``refresh`` is called after a 401 with the token that failed.
    """

    @property
    def user_key(self) -> str:
        """Stable identity of the token's user (never the token itself)."""

    async def token(self) -> str:
        """The access token to send now."""

    async def refresh(self, failed: str) -> str | None:
        """A new token after ``failed`` was rejected; ``None`` if this provider cannot refresh."""


class StaticToken:
    """A fixed access token. Its ``repr`` never shows it."""

    __slots__ = ("_token", "_user_key")

    def __init__(self, token: str, *, user_key: str | None = None) -> None:
        self._token = check_header_value("token", token)
        self._user_key = user_key or fingerprint(token)

    @property
    def user_key(self) -> str:
        return self._user_key

    async def token(self) -> str:
        return self._token

    async def refresh(self, failed: str) -> str | None:
        return None

    def __repr__(self) -> str:
        return f"StaticToken(user_key={self._user_key!r})"


class RefreshingToken:
    """An access token that refreshes itself through Kakao OAuth.

    ``POST {auth_url}/oauth/token`` with ``grant_type=refresh_token``, ``client_id``,
    ``refresh_token`` and, if set, ``client_secret``. When Kakao rotates the refresh token, the new
    one is kept and handed to ``on_refresh(access_token, refresh_token)`` so it can be persisted.

    Concurrent callers that all saw the same 401 share one refresh. ``user_key`` (the quota
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
        "_lock",
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
        refresh_token: str,
        client_secret: str | None = None,
        access_token: str | None = None,
        user_key: str | None = None,
        auth_url: str = KAKAO_AUTH_URL,
        session: aiohttp.ClientSession | None = None,
        timeout: float = 10.0,
        on_refresh: Callable[[str, str], Awaitable[None] | None] | None = None,
        max_response_bytes: int = DEFAULT_MAX_TOKEN_RESPONSE_BYTES,
    ) -> None:
        from ._validate import base_url, positive_int  # a cycle at import time otherwise

        self._client_id = check_header_value("client_id", client_id)
        self._refresh = check_header_value("refresh_token", refresh_token)
        self._client_secret = (
            None if client_secret is None else check_header_value("client_secret", client_secret)
        )
        self._access = None if access_token is None else check_header_value("token", access_token)
        self._user_key = user_key or fingerprint(refresh_token)
        self._auth_url = base_url("auth_url", auth_url)
        self._session = session
        self._timeout = timeout
        self._max_response_bytes = positive_int("max_response_bytes", max_response_bytes)
        self._on_refresh = on_refresh
        self._lock = asyncio.Lock()
        self._refreshes = 0

    @property
    def user_key(self) -> str:
        return self._user_key

    @property
    def refresh_count(self) -> int:
        """How many refreshes this provider has made."""
        return self._refreshes

    async def token(self) -> str:
        if self._access is None:
            return await self._refresh_now(None)
        return self._access

    async def refresh(self, failed: str) -> str | None:
        return await self._refresh_now(failed)

    async def _refresh_now(self, failed: str | None) -> str:
        async with self._lock:
            # Someone refreshed while we waited for the lock: use theirs, do not refresh twice.
            if self._access is not None and self._access != failed:
                return self._access
            form = {
                "grant_type": "refresh_token",
                "client_id": self._client_id,
                "refresh_token": self._refresh,
            }
            if self._client_secret is not None:
                form["client_secret"] = self._client_secret
            body = await self._post(form)
            access = body.get("access_token")
            if not isinstance(access, str) or not access:
                raise _oauth_error(200, body)
            self._access = check_header_value("token", access)
            rotated = body.get("refresh_token")
            if isinstance(rotated, str) and rotated:
                self._refresh = check_header_value("refresh_token", rotated)
            self._refreshes += 1
            logger.debug("access token refreshed (refresh #%d)", self._refreshes)
            if self._on_refresh is not None:
                outcome = self._on_refresh(self._access, self._refresh)
                if outcome is not None:
                    await outcome
            return self._access

    async def _post(self, form: dict[str, str]) -> dict[str, Any]:
        from .errors import KakaoTimeoutError, KakaoTransportError

        session = self._session or aiohttp.ClientSession()
        try:
            async with session.post(
                self._auth_url + _TOKEN_PATH,
                data=form,
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                # A redirect would re-send the refresh token and client secret to wherever the
                # Location points, and we would then trust the token that origin hands back.
                allow_redirects=False,
            ) as resp:
                status = resp.status
                if 300 <= status < 400:
                    raise _redirect_error(status)
                raw = await read_capped(
                    resp, self._max_response_bytes, method="POST", path=_TOKEN_PATH
                )
        except (asyncio.TimeoutError, TimeoutError) as exc:
            raise KakaoTimeoutError(
                f"POST {_TOKEN_PATH}: no response within {self._timeout}s"
            ) from exc
        except aiohttp.ClientError as exc:
            raise KakaoTransportError(f"POST {_TOKEN_PATH}: {type(exc).__name__}") from exc
        finally:
            if self._session is None:
                # Refreshes are hours apart: a short-lived session leaks nothing between them.
                await session.close()
        return _token_body(status, raw)

    def __repr__(self) -> str:
        return f"RefreshingToken(user_key={self._user_key!r}, refreshes={self._refreshes})"


def _oauth_error(status: int, body: dict[str, Any]) -> Exception:
    from .errors import KakaoAPIError, KakaoAuthError

    cls = KakaoAuthError if status in (200, 400, 401) else KakaoAPIError
    detail = body.get("error_description") or body.get("error") or "no access_token in response"
    code = body.get("error_code")
    return cls(
        status=status,
        msg=str(body.get("error") or ""),
        detail_msg=str(detail),
        detail_code=None,
        code=None,
        method="POST",
        path="/oauth/token" + (f" ({code})" if isinstance(code, str) else ""),
    )


def _token_body(status: int, raw: bytes) -> dict[str, Any]:
    from .errors import KakaoDecodeError

    try:
        body = json.loads(raw) if raw.strip() else {}
    except RecursionError:
        # Absurdly deep nesting: no token in there; an auth failure like any tokenless answer.
        raise _oauth_error(
            status, {"error": "invalid_response", "error_description": "JSON nested too deeply"}
        ) from None
    except ValueError:
        raise KakaoDecodeError(
            f"HTTP {status} body is not JSON", method="POST", path=_TOKEN_PATH, status=status
        ) from None
    if not isinstance(body, dict):
        raise KakaoDecodeError("expected a JSON object", method="POST", path=_TOKEN_PATH)
    if status >= 400:
        raise _oauth_error(status, body)
    return body


def _redirect_error(status: int) -> Exception:
    from .errors import KakaoAuthError

    return KakaoAuthError(
        status=status,
        msg="redirect",
        detail_msg="the token endpoint answered with a redirect, which is never followed "
        "(check auth_url)",
        method="POST",
        path=_TOKEN_PATH,
    )
