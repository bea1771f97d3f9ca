"""The OAuth token endpoint's answers: the tokens of a grant, or the error an answer means,
every text scrubbed of the secrets that were sent (a server may echo them)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ._secret import Secret, redact
from .errors import KakaoAPIError, KakaoAuthError, KakaoDecodeError

__all__ = ["TOKEN_PATH", "oauth_error", "read_grant", "redirect_error", "token_body"]

#: Where ``RefreshingToken`` refreshes: ``POST {auth_url}/oauth/token``.
TOKEN_PATH = "/oauth/token"


def read_grant(
    body: dict[str, Any], secrets: Iterable[Secret | None]
) -> tuple[Secret, Secret | None]:
    """The access token and the rotated refresh token, if any, of a successful refresh."""
    # Popped: the body may be in a traceback's locals while the new tokens are in use.
    access = body.pop("access_token", None)
    rotated = body.pop("refresh_token", None)
    if not isinstance(access, str) or not access:
        raise oauth_error(200, body, secrets)
    return Secret(access), Secret(rotated) if isinstance(rotated, str) and rotated else None


def oauth_error(status: int, body: dict[str, Any], secrets: Iterable[Secret | None]) -> Exception:
    """The error for an OAuth answer, its texts scrubbed of ``secrets`` (a server may echo the
    refresh token or client secret it was sent)."""
    secrets = tuple(secrets)
    cls = KakaoAuthError if status in (200, 400, 401) else KakaoAPIError
    detail = body.get("error_description") or body.get("error") or "no access_token in response"
    code = body.get("error_code")
    return cls(
        status=status,
        msg=redact(str(body.get("error") or ""), secrets),
        detail_msg=redact(str(detail), secrets),
        detail_code=None,
        code=None,
        method="POST",
        path="/oauth/token" + (f" ({redact(code, secrets)})" if isinstance(code, str) else ""),
    )


def token_body(status: int, raw: bytes, secrets: Iterable[Secret | None]) -> dict[str, Any]:
    try:
        body = json.loads(raw) if raw.strip() else {}
    except RecursionError:
        # Absurdly deep nesting: no token in there; an auth failure like any tokenless answer.
        raise oauth_error(
            status,
            {"error": "invalid_response", "error_description": "JSON nested too deeply"},
            secrets,
        ) from None
    except ValueError:
        raise KakaoDecodeError(
            f"HTTP {status} body is not JSON", method="POST", path=TOKEN_PATH, status=status
        ) from None
    if not isinstance(body, dict):
        raise KakaoDecodeError("expected a JSON object", method="POST", path=TOKEN_PATH)
    if status >= 400:
        raise oauth_error(status, body, secrets)
    return body


def redirect_error(status: int) -> Exception:
    return KakaoAuthError(
        status=status,
        msg="redirect",
        detail_msg="the token endpoint answered with a redirect, which is never followed "
        "(check auth_url)",
        method="POST",
        path=TOKEN_PATH,
    )
