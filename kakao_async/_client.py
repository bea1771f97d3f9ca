"""KakaoClient: the entry point users hold."""

from __future__ import annotations

from types import TracebackType

import aiohttp

from ._auth import StaticToken, TokenProvider, as_secret, check_header_value
from ._pipeline import Pipeline, RetryPolicy
from ._secret import Secret
from ._validate import base_url, positive_id, positive_number
from .keyword import KeywordAPI
from .moment import MomentAPI
from .ratelimit import DEFAULT_MARGIN, MemoryRateLimiter, QuotaLimiter

__all__ = ["KEYWORD_BASE_URL", "MOMENT_BASE_URL", "KakaoClient"]

#: Kakao Moment Open API.
MOMENT_BASE_URL = "https://apis.moment.kakao.com"
#: Kakao Keyword Ad Open API.
KEYWORD_BASE_URL = "https://api.keywordad.kakao.com"

#: Kakao's onOff quota: one call per this many seconds per (user, ad account).
KAKAO_ON_OFF_INTERVAL = 5.0


class KakaoClient:
    """Async client for Kakao Moment and Kakao Keyword Ad creative APIs.

    Use as ``async with KakaoClient(token, ad_account_id=...) as kakao:``; the areas are
    ``kakao.moment.creatives`` and ``kakao.keyword.creatives``.

    ``token`` is an access token (a string or a :class:`Secret`) or a :class:`TokenProvider`.
    ``on_off_interval`` (default Kakao's 5.0 s) and ``on_off_margin`` configure the default
    in-process limiter; pass ``rate_limiter=`` instead to share one limiter between clients or
    processes. A caller-supplied ``session`` is used as is and never closed by the client.
    """

    def __init__(
        self,
        token: str | Secret | TokenProvider,
        *,
        ad_account_id: int | None = None,
        moment_base_url: str = MOMENT_BASE_URL,
        keyword_base_url: str = KEYWORD_BASE_URL,
        session: aiohttp.ClientSession | None = None,
        on_off_interval: float | None = None,
        on_off_margin: float | None = None,
        user_key: str | None = None,
        rate_limiter: QuotaLimiter | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        max_connections: int = 100,
        max_requests_per_second: float | None = None,
        max_response_bytes: int = 16 * 1024 * 1024,
    ) -> None:
        if isinstance(token, (str, Secret)):
            # Rebound first: a traceback of any error below, rendered with locals, shows no token.
            token = as_secret("token", token)
            if user_key is not None:
                # Never sent (it names quota keys), so any printable text will do.
                user_key = check_header_value("user_key", user_key, header=False)
            auth: TokenProvider = StaticToken(token, user_key=user_key)
        elif isinstance(token, TokenProvider):
            if user_key is not None:
                raise ValueError("user_key goes to the token provider when a provider is passed")
            auth = token
        else:
            raise TypeError("token must be an access token string, a Secret or a TokenProvider")
        if rate_limiter is None:
            rate_limiter = MemoryRateLimiter(
                interval=KAKAO_ON_OFF_INTERVAL if on_off_interval is None else on_off_interval,
                margin=DEFAULT_MARGIN if on_off_margin is None else on_off_margin,
            )
        elif on_off_interval is not None or on_off_margin is not None:
            raise ValueError(
                "on_off_interval/on_off_margin configure the default limiter; "
                "set them on the rate_limiter you pass instead"
            )
        elif not isinstance(rate_limiter, QuotaLimiter):
            raise TypeError("rate_limiter must implement kakao_async.ratelimit.QuotaLimiter")
        if session is not None and not isinstance(session, aiohttp.ClientSession):
            raise TypeError("session must be an aiohttp.ClientSession")
        if (
            isinstance(max_connections, bool)
            or not isinstance(max_connections, int)
            or max_connections < 1
        ):
            raise ValueError("max_connections must be a positive integer")
        if (
            isinstance(max_response_bytes, bool)
            or not isinstance(max_response_bytes, int)
            or max_response_bytes < 1
        ):
            raise ValueError("max_response_bytes must be a positive integer")
        #: Default ad account for calls that do not pass ``ad_account_id=``.
        self.ad_account_id = (
            None if ad_account_id is None else positive_id("ad_account_id", ad_account_id)
        )
        self._bases = {
            "moment": base_url("moment_base_url", moment_base_url),
            "keyword": base_url("keyword_base_url", keyword_base_url),
        }
        self._pipeline = Pipeline(
            auth=auth,
            limiter=rate_limiter,
            retry=retry if retry is not None else RetryPolicy(),
            timeout=positive_number("timeout", timeout),
            session=session,
            max_response_bytes=max_response_bytes,
            max_connections=max_connections,
            max_requests_per_second=None
            if max_requests_per_second is None
            else positive_number("max_requests_per_second", max_requests_per_second),
        )
        #: Kakao Moment v4: ``moment.creatives``.
        self.moment = MomentAPI(self)
        #: Kakao Keyword Ad v1: ``keyword.creatives``.
        self.keyword = KeywordAPI(self)

    @property
    def rate_limiter(self) -> QuotaLimiter:
        """The limiter gating quota'd calls (shareable with other clients)."""
        return self._pipeline.limiter

    @property
    def user_key(self) -> str:
        """The user part of quota keys: stable, and never the token itself."""
        return self._pipeline.auth.user_key

    def _base_url(self, api: str) -> str:
        return self._bases[api]

    async def aclose(self) -> None:
        """Close the HTTP session if the client created it."""
        await self._pipeline.aclose()

    async def __aenter__(self) -> KakaoClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        if not hasattr(self, "_pipeline"):
            # __init__ raised; Python 3.10/3.11 render traceback locals with a bare repr().
            return "KakaoClient(<not initialised>)"
        return (
            f"KakaoClient(user_key={self.user_key!r}, ad_account_id={self.ad_account_id!r}, "
            f"moment_base_url={self._bases['moment']!r}, "
            f"keyword_base_url={self._bases['keyword']!r})"
        )
