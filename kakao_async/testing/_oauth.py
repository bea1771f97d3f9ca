"""Who may call the fake: accepted access tokens, and the OAuth refresh endpoint.

An API request must carry ``Authorization: Bearer <token>`` with a token the fake accepts, or it
is answered HTTP 401, code -401. Tokens are kept as fingerprints only, so neither the fake's
state nor its logs hold a secret. ``POST /oauth/token`` (kauth.kakao.com's refresh grant) issues
a new access token to a registered app presenting its refresh token (and its secret, if it has
one); refused refreshes get Kakao's OAuth error bodies (KOE310, KOE010, KOE322).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

import attrs
from aiohttp import web

from .._token_checks import fingerprint
from .._validate import flag, text
from ..errors import KakaoInputTypeError

__all__ = ["DEFAULT_TOKEN", "Credentials", "OAuthClient", "access_token"]

#: The token a fake server accepts unless told otherwise.
DEFAULT_TOKEN = "fake-kakao-token"


@attrs.define(kw_only=True)
class OAuthClient:
    """An app the fake's OAuth endpoint knows (secrets kept as fingerprints only)."""

    secret: str | None
    refresh: str
    rotate: bool
    user: str


def access_token(token: object) -> str:
    """An access token the fake can accept: non-empty text."""
    return text("an access token", token)


class Credentials:
    """Accepted tokens and the user each belongs to; OAuth apps and the tokens issued to them."""

    def __init__(self, tokens: Iterable[str], rng: random.Random) -> None:
        #: Accepted token fingerprint -> the user it belongs to (the quota is per user, so a
        #: refreshed token shares its predecessor's quota).
        if isinstance(tokens, (str, bytes)) or not isinstance(tokens, Iterable):
            # A string is one token, not one per character.
            raise KakaoInputTypeError(
                f"tokens must be a list of access tokens, got {type(tokens).__name__}"
            )
        self.users: dict[str, str] = {}
        for token in tokens:
            self.add_token(token)
        #: OAuth apps by client_id.
        self.clients: dict[str, OAuthClient] = {}
        #: Fingerprints of the access tokens ``/oauth/token`` issued.
        self.issued: set[str] = set()
        #: Refreshes the fake answered successfully.
        self.token_refreshes = 0
        #: Every ``POST /oauth/token`` the fake received, answered or refused.
        self.oauth_requests = 0
        self.rng = rng

    def user_of(self, token: str | None) -> str | None:
        """The user ``token`` belongs to, or None if the fake does not accept it."""
        return None if token is None else self.users.get(fingerprint(token))

    def add_token(self, token: str) -> None:
        token = access_token(token)
        self.users[fingerprint(token)] = fingerprint(token)

    def revoke_token(self, token: str) -> None:
        self.users.pop(fingerprint(access_token(token)), None)

    def add_client(
        self, *, client_id: str, refresh_token: str, client_secret: str | None, rotate: bool
    ) -> None:
        client_id = text("client_id", client_id)
        refresh_token = text("refresh_token", refresh_token)
        if client_secret is not None:
            client_secret = text("client_secret", client_secret)
        rotate = flag("rotate", rotate)  # "no" would be truthy: rotation on
        self.clients[client_id] = OAuthClient(
            secret=None if client_secret is None else fingerprint(client_secret),
            refresh=fingerprint(refresh_token),
            rotate=rotate,
            user=f"oauth:{client_id}",
        )

    def expire_issued(self) -> None:
        """Stop accepting every access token ``/oauth/token`` issued."""
        for issued in self.issued:
            self.users.pop(issued, None)
        self.issued.clear()

    def register(self, router: web.UrlDispatcher) -> None:
        router.add_post("/oauth/token", self.token_endpoint)

    async def token_endpoint(self, request: web.Request) -> web.Response:
        """``POST /oauth/token`` with ``grant_type=refresh_token``."""
        self.oauth_requests += 1
        form = await request.post()

        def error(code: str, description: str, koe: str) -> web.Response:
            body = {"error": code, "error_description": description, "error_code": koe}
            return web.json_response(body, status=400 if code != "invalid_client" else 401)

        if form.get("grant_type") != "refresh_token":
            return error("unsupported_grant_type", "grant_type must be refresh_token", "KOE310")
        client = self.clients.get(str(form.get("client_id", "")))
        if client is None or (
            client.secret is not None
            and fingerprint(str(form.get("client_secret", ""))) != client.secret
        ):
            return error("invalid_client", "Bad client credentials", "KOE010")
        if fingerprint(str(form.get("refresh_token", ""))) != client.refresh:
            return error("invalid_grant", "authorization code not found for code=...", "KOE322")
        self.token_refreshes += 1
        access = f"fake-access-{self.token_refreshes}-{self.rng.getrandbits(48):012x}"
        self.users[fingerprint(access)] = client.user
        self.issued.add(fingerprint(access))
        body: dict[str, Any] = {"token_type": "bearer", "access_token": access, "expires_in": 43199}
        if client.rotate:
            refresh = f"fake-refresh-{self.token_refreshes}-{self.rng.getrandbits(48):012x}"
            client.refresh = fingerprint(refresh)
            body |= {"refresh_token": refresh, "refresh_token_expires_in": 5183999}
        return web.json_response(body)
