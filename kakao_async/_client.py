"""KakaoClient: the entry point users hold. It owns the transport, the requester and the
limiter, and hands each API area only the narrow :class:`~kakao_async._service.Api` it needs."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, TypeVar

import aiohttp

from ._auth import StaticToken, TokenProvider
from ._http import (
    AiohttpTransport,
    ForeignTransport,
    MockTransport,
    Requester,
    RetryPolicy,
    Transport,
)
from ._observe import check_observer, with_observer, without_observer
from ._plugins import coroutine_methods, hold_keywords
from ._quotas import QuotaSettings, resolve_quotas
from ._secret import Secret
from ._service import Api, Defaults
from ._token_checks import as_secret, check_header_value
from ._tokens import TokenSource
from ._validate import base_url, positive_id, positive_int, positive_number, shown
from .endpoints import CREATIVE_ON_OFF_QUOTA, Quota
from .errors import KakaoInputError, KakaoInputTypeError
from .events import Observer
from .keyword import KeywordAPI
from .moment import MomentAPI
from .ratelimit import DEFAULT_MARGIN, MemoryRateLimiter, QuotaKeyState, QuotaLimiter

__all__ = ["KEYWORD_BASE_URL", "MOMENT_BASE_URL", "KakaoClient"]

#: Kakao Moment Open API.
MOMENT_BASE_URL = "https://apis.moment.kakao.com"
#: Kakao Keyword Ad Open API.
KEYWORD_BASE_URL = "https://api.keywordad.kakao.com"

#: Kakao's onOff quota: one call per this many seconds per (user, ad account).
KAKAO_ON_OFF_INTERVAL = CREATIVE_ON_OFF_QUOTA.interval

R = TypeVar("R")


class KakaoClient:
    """Async client for the Kakao Moment v4 and Kakao Keyword Ad v1 Open APIs.

    Use as ``async with KakaoClient(token, ad_account_id=...) as kakao:``; the areas are
    ``kakao.moment.ad_accounts``, ``.campaigns``, ``.ad_groups``, ``.creatives`` (and
    ``kakao.moment.set_configs`` across them), ``kakao.moment.reports`` and
    ``kakao.keyword.creatives``.

    ``token`` is an access token (a string or a :class:`Secret`) or a :class:`TokenProvider`.

    Every quota'd endpoint runs under the quota it declares (:mod:`kakao_async.endpoints`):
    ``quotas={"campaigns.onOff": 0.1}`` replaces a quota's interval and keeps its scope,
    ``quotas={"x": Quota(name="x", interval=..., scope=...)}`` replaces both; an unknown name
    is a :class:`ValueError`. ``on_off_interval=x`` is short for
    ``quotas={"creatives.onOff": x}``. :attr:`quotas` shows the result.
    ``on_off_margin`` is the default in-process limiter's margin; pass ``rate_limiter=``
    instead to share one limiter between clients or processes (its ``interval`` is then the
    ``creatives.onOff`` interval unless ``quotas=``/``on_off_interval=`` set it).
    A caller-supplied ``session`` is used as is and never closed by the client;
    ``transport=`` replaces HTTP altogether (e.g. :class:`MockTransport` in tests).
    ``observers`` receive an event for every call, attempt, retry, quota wait and bulk job
    progress (see :mod:`kakao_async.events`).
    """

    def __init__(
        self,
        token: str | Secret | TokenProvider,
        *,
        ad_account_id: int | None = None,
        moment_base_url: str = MOMENT_BASE_URL,
        keyword_base_url: str = KEYWORD_BASE_URL,
        session: aiohttp.ClientSession | None = None,
        transport: Transport | None = None,
        on_off_interval: float | None = None,
        on_off_margin: float | None = None,
        quotas: QuotaSettings | None = None,
        user_key: str | None = None,
        rate_limiter: QuotaLimiter | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        max_connections: int = 100,
        max_requests_per_second: float | None = None,
        max_response_bytes: int = 16 * 1024 * 1024,
        observers: Iterable[Observer] | None = (),
    ) -> None:
        if isinstance(token, (str, Secret)):
            # Rebound first: a traceback of any error below, rendered with locals, shows no token.
            token = as_secret("token", token)
        auth = _provider(token, user_key)
        self._defaults = Defaults(ad_account_id=_maybe(positive_id, "ad_account_id", ad_account_id))
        self._bases = _bases(moment_base_url, keyword_base_url)
        _check_plugins(rate_limiter, retry)
        watchers = _observers(observers)
        effective, limiter = _schedule(quotas, on_off_interval, rate_limiter, on_off_margin)
        self._requester = Requester(
            transport=_transport(transport, session, max_connections, max_response_bytes),
            tokens=TokenSource(auth),
            limiter=limiter,
            quotas=effective,
            retry=retry if retry is not None else RetryPolicy(),
            timeout=positive_number("timeout", timeout),
            max_requests_per_second=_maybe(
                positive_number, "max_requests_per_second", max_requests_per_second
            ),
        )
        for observer in watchers:
            self.add_observer(observer)
        #: Kakao Moment v4: ``moment.ad_accounts``, ``campaigns``, ``ad_groups``, ``creatives``.
        self.moment = MomentAPI(self._api("moment"))
        #: Kakao Keyword Ad v1: ``keyword.creatives``.
        self.keyword = KeywordAPI(self._api("keyword"))

    def _api(self, name: str) -> Api:
        return Api(base_url=self._bases[name], defaults=self._defaults, requester=self._requester)

    @property
    def ad_account_id(self) -> int | None:
        """Default ad account for calls that do not pass ``ad_account_id=``."""
        return self._defaults.ad_account_id

    @ad_account_id.setter
    def ad_account_id(self, value: int | None) -> None:
        self._defaults.ad_account_id = _maybe(positive_id, "ad_account_id", value)

    @property
    def rate_limiter(self) -> QuotaLimiter:
        """The limiter gating quota'd calls (shareable with other clients)."""
        return self._requester.limiter

    @property
    def quotas(self) -> Mapping[str, Quota]:
        """Every quota this client schedules by, by name, as declared or as ``quotas=`` set
        it (read-only)."""
        return self._requester.quotas

    async def quota_snapshot(self, keys: Iterable[str] | None = None) -> tuple[QuotaKeyState, ...]:
        """What the limiter knows about each quota key now (for health checks and dashboards):
        next allowed start, calls waiting, 429s seen. Default: every key it tracks (for a shared
        limiter, other clients' too; for Redis, see :meth:`RedisRateLimiter.snapshot`); pass
        ``keys`` (see :meth:`quota_key`) to ask about particular ones. Sends nothing to Kakao."""
        return await self._requester.limiter.snapshot(keys)

    @property
    def transport(self) -> Transport:
        """What sends this client's HTTP requests (the ``transport=`` given, as given)."""
        transport = self._requester.transport
        return transport.inner if isinstance(transport, ForeignTransport) else transport

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called: every call now raises :class:`KakaoClosedError`."""
        return self._requester.closed

    def quota_key(self, quota: Quota | str, ad_account_id: int) -> str:
        """The scheduler key ``quota`` (a :class:`Quota`, or the name of one in :attr:`quotas`)
        uses for this client's user and ``ad_account_id`` (the ``<key>`` of
        :class:`RedisRateLimiter`'s key names); its scope says who shares it."""
        if isinstance(quota, str):
            if quota not in self.quotas:
                known = ", ".join(sorted(self.quotas))
                raise KakaoInputError(
                    f"no quota named {shown(quota)}; the declared ones are: {known}"
                )
            quota = self.quotas[quota]
        elif not isinstance(quota, Quota):
            raise KakaoInputTypeError(
                f"quota must be a kakao_async.Quota or a quota's name, got {type(quota).__name__}"
            )
        return self._requester.quota_key(quota, positive_id("ad_account_id", ad_account_id))

    @property
    def user_key(self) -> str:
        """The user part of quota keys: stable, and never the token itself."""
        return self._requester.user_key

    def add_observer(self, observer: Observer) -> None:
        """Send every later event to ``observer`` too: a plain (not ``async``) callable taking
        one :mod:`kakao_async.events` event. Calls already under way keep their observers."""
        self._requester.events = with_observer(self._requester.events, observer)

    def remove_observer(self, observer: Observer) -> None:
        """Stop sending events to ``observer`` (ValueError if it is not registered)."""
        self._requester.events = without_observer(self._requester.events, observer)

    async def aclose(self) -> None:
        """End calls still in flight with :class:`KakaoClosedError` and close the HTTP session
        if the client created it."""
        await self._requester.aclose()

    async def __aenter__(self) -> KakaoClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __del__(self, _warn: Any = warnings.warn, _category: Any = ResourceWarning) -> None:
        # What aiohttp does for a forgotten session, named for what the user holds. The loop
        # closes the session itself (see AiohttpTransport); this says that aclose() was missed.
        # A client that never opened a connection holds nothing, and says nothing.
        requester = getattr(self, "_requester", None)  # None: __init__ raised
        if requester is None or requester.closed:
            return
        transport = requester.transport
        if isinstance(transport, AiohttpTransport) and transport.opened:
            _warn(
                f"unclosed {self!r}: use 'async with KakaoClient(...)' or 'await client.aclose()'",
                _category,
                source=self,
            )

    def __repr__(self) -> str:
        if not hasattr(self, "_requester"):
            # __init__ raised; Python 3.10/3.11 render traceback locals with a bare repr().
            return "KakaoClient(<not initialised>)"
        return (
            f"KakaoClient(user_key={self.user_key!r}, ad_account_id={self.ad_account_id!r}, "
            f"moment_base_url={self._bases['moment']!r}, "
            f"keyword_base_url={self._bases['keyword']!r})"
        )


def _provider(token: Secret | TokenProvider, user_key: str | None) -> TokenProvider:
    if isinstance(token, Secret):
        if user_key is not None:
            # Never sent (it names quota keys), so any printable text will do.
            user_key = check_header_value("user_key", user_key, header=False)
        return StaticToken(token, user_key=user_key)
    if isinstance(token, TokenProvider):
        if user_key is not None:
            raise KakaoInputError("user_key goes to the token provider when a provider is passed")
        # A provider of your own: its user_key names quota keys as StaticToken's does.
        check_header_value("user_key", token.user_key, header=False)
        coroutine_methods("a TokenProvider", token, ("token", "refresh"))
        return token
    raise KakaoInputTypeError("token must be an access token string, a Secret or a TokenProvider")


def _maybe(check: Callable[[str, object], R], name: str, value: object) -> R | None:
    # None means "not set" for these options; anything else gets the option's own check.
    return None if value is None else check(name, value)


def _bases(moment: str, keyword: str) -> dict[str, str]:
    """Each API's base URL by area name, as :meth:`KakaoClient._api` looks them up."""
    return {
        "moment": base_url("moment_base_url", moment),
        "keyword": base_url("keyword_base_url", keyword),
    }


def _check_plugins(rate_limiter: object, retry: object) -> None:
    """Refuse a rate_limiter= or retry= of the wrong kind before anything is built."""
    if isinstance(rate_limiter, type):
        # A class has the protocol's attributes too; it would fail later, obscurely.
        raise KakaoInputTypeError(
            f"rate_limiter must be an instance, e.g. {rate_limiter.__name__}(...), not the class"
        )
    if rate_limiter is not None and not isinstance(rate_limiter, QuotaLimiter):
        raise KakaoInputTypeError("rate_limiter must implement kakao_async.ratelimit.QuotaLimiter")
    if rate_limiter is not None:
        hold_keywords(rate_limiter)
    if retry is not None and not isinstance(retry, RetryPolicy):
        # Checked here: an attribute error on the first failed call would be too late.
        raise KakaoInputTypeError(
            f"retry must be a kakao_async.RetryPolicy, got {type(retry).__name__}"
        )


def _observers(observers: object) -> tuple[Observer, ...]:
    # A single callable is the likely slip (observers=print): say so, not "not iterable".
    if observers is None:
        return ()
    if callable(observers) or isinstance(observers, str) or not isinstance(observers, Iterable):
        raise KakaoInputTypeError(
            f"observers must be an iterable of callables (e.g. [on_event]), "
            f"got {type(observers).__name__}"
        )
    return tuple(check_observer(o) for o in observers)


def _schedule(
    quotas: QuotaSettings | None,
    on_off_interval: float | None,
    rate_limiter: QuotaLimiter | None,
    on_off_margin: float | None,
) -> tuple[Mapping[str, Quota], QuotaLimiter]:
    """Every quota as the options set it, and the limiter that keeps them."""
    effective = resolve_quotas(
        quotas,
        on_off_interval=on_off_interval,
        # Before quotas=, a given limiter's interval was the onOff interval: it still is.
        on_off_default=KAKAO_ON_OFF_INTERVAL if rate_limiter is None else rate_limiter.interval,
    )
    return effective, _limiter(
        rate_limiter, effective[CREATIVE_ON_OFF_QUOTA.name].interval, on_off_margin
    )


def _limiter(limiter: QuotaLimiter | None, interval: float, margin: float | None) -> QuotaLimiter:
    if limiter is None:
        # Checked here so the message names the option the caller wrote, not the limiter's.
        margin = positive_number(
            "on_off_margin", DEFAULT_MARGIN if margin is None else margin, allow_zero=True
        )
        # Its own interval only serves holds that name no quota (none of the client's do); the
        # onOff one keeps rate_limiter.interval meaning what it always meant.
        return MemoryRateLimiter(interval=interval, margin=margin)
    if margin is not None:
        raise KakaoInputError(
            "on_off_margin configures the default limiter; set margin= on the rate_limiter "
            "you pass instead"
        )
    return limiter


def _transport(
    transport: Transport | None,
    session: aiohttp.ClientSession | None,
    max_connections: int,
    max_response_bytes: int,
) -> Transport:
    max_connections = positive_int("max_connections", max_connections)
    max_response_bytes = positive_int("max_response_bytes", max_response_bytes)
    if transport is not None:
        if session is not None:
            raise KakaoInputError("pass session= or transport=, not both")
        if not isinstance(transport, Transport):
            raise KakaoInputTypeError(
                "transport must implement kakao_async.Transport (send, aclose)"
            )
        coroutine_methods("a transport", transport, ("send", "aclose"))
        # One of the user's is held to the timeout and token rules the library's own keep.
        # By its send: a subclass with a send of its own is the user's too.
        own = getattr(type(transport), "send", None) in (AiohttpTransport.send, MockTransport.send)
        return transport if own else ForeignTransport(transport)
    if session is not None and not isinstance(session, aiohttp.ClientSession):
        raise KakaoInputTypeError("session must be an aiohttp.ClientSession")
    return AiohttpTransport(
        session=session, max_connections=max_connections, max_response_bytes=max_response_bytes
    )
