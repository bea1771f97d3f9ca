"""What every command shares: the global settings, ``--json``/``--debug`` anywhere, the client."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import attrs
import click

from .. import KakaoClient
from .._client import KEYWORD_BASE_URL, MOMENT_BASE_URL
from .._secret import Secret, redact
from .._token_checks import check_header_value
from ..endpoints import Endpoint, Quota
from ..errors import KakaoError, KakaoInputError
from ._errors import ItemError, usage
from ._params import read_input

__all__ = ["FLAGS_HELP", "Settings", "call", "output_options", "per_quota", "run_api"]

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

#: The environment variables the CLI reads (also listed in ``kakao-async --help``).
TOKEN_ENV = "KAKAO_ACCESS_TOKEN"


@attrs.define
class Settings:
    """The root options, filled in by the root command; ``as_json``/``debug`` by any command."""

    token_file: str | None = None
    ad_account: int | None = None
    base_url: str | None = None
    on_off_interval: float | None = None
    #: ``--quota NAME=SECONDS``: quota intervals, as the client's ``quotas=`` takes them.
    quotas: dict[str, float] = attrs.Factory(dict)
    as_json: bool = False
    debug: bool = False
    #: The token once read: the error renderer scrubs it from anything it prints.
    secret: Secret | None = None

    def token(self) -> Secret:
        """The access token from ``--token-file`` or ``$KAKAO_ACCESS_TOKEN``, checked."""
        if self.token_file is not None:
            text = read_input(self.token_file, option="--token-file").strip()
            source = f"--token-file {self.token_file}"
        else:
            text = os.environ.get(TOKEN_ENV, "").strip()
            source = TOKEN_ENV
        if not text:
            raise click.UsageError(
                f"no access token: set {TOKEN_ENV} or pass --token-file FILE"
                + (f" ({self.token_file} is empty)" if self.token_file is not None else "")
            )
        self.secret = Secret(text)
        try:
            check_header_value(f"the access token in {source}", text)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        return self.secret

    def client(self, *, needs_account: bool = True) -> KakaoClient:
        """A client for the command; a usage error (nothing sent) when something is missing.
        ``needs_account=False`` for a command whose ids name its ad accounts (``report
        accounts``): the library's call takes none, so asking for one would only be in the way."""
        token = self.token()
        if self.ad_account is None and needs_account:
            raise click.UsageError("no ad account: pass --ad-account ID or set KAKAO_AD_ACCOUNT_ID")
        return KakaoClient(
            token,
            ad_account_id=self.ad_account,
            moment_base_url=self.base_url or MOMENT_BASE_URL,
            keyword_base_url=self.base_url or KEYWORD_BASE_URL,
            on_off_interval=self.on_off_interval,
            quotas=self.quotas,
        )

    def scrub(self, text: str) -> str:
        return text if self.secret is None else redact(text, (self.secret,))


def call(endpoint: Endpoint) -> str:
    """``GET /openapi/...``: the endpoint as help texts name it (one name, from one place)."""
    return f"{endpoint.method} {endpoint.path}"


_SCOPES = {"user_account": "per (user, ad account)", "account": "per ad account", "app": "per app"}


def per_quota(quota: Quota, note: str = "") -> str:
    """A quota as help texts say it: ``one call per 1 s per (user, ad account)``."""
    return f"one call per {quota.interval:g} s {_SCOPES[quota.scope]}{note}"


#: The command running in this process (a nested run's last), and whether interrupt() stopped it.
_RUNNING: list[asyncio.Task[Any] | None] = []
_STOPPED: list[bool] = []


def interrupt() -> bool:
    """Stop the running command as asyncio.run's Ctrl-C handler does, for a SIGTERM that comes
    with Ctrl-C ignored (a script's background job): False when none runs, or a second time."""
    task = _RUNNING[-1] if _RUNNING else None
    if task is None or _STOPPED:
        return False
    _STOPPED.append(True)
    task.cancel()
    task.get_loop().call_soon_threadsafe(lambda: None)  # wake the loop now
    return True


def run_api(
    settings: Settings,
    work: Callable[[KakaoClient], Awaitable[T]],
    *,
    item: tuple[str, int] | None = None,
    needs_account: bool = True,
) -> T:
    """Run ``work`` with a client in a fresh event loop; Kakao's errors propagate to the
    renderer (as the error of ``item``, a noun and an id, for a command over one id), an input
    error the library raised becomes a usage error in the CLI's names. ``needs_account``: see
    :meth:`Settings.client`."""

    async def go() -> T:
        _RUNNING.append(asyncio.current_task())
        try:
            async with settings.client(needs_account=needs_account) as kakao:
                return await work(kakao)
        finally:
            _RUNNING.pop()

    try:
        try:
            return asyncio.run(go())
        except asyncio.CancelledError:
            if _STOPPED:  # as asyncio.run ends a command its Ctrl-C handler stopped
                raise KeyboardInterrupt from None
            raise
        finally:
            if not _RUNNING:
                _STOPPED.clear()
    except KakaoInputError as exc:  # the library's "invalid argument, nothing sent"
        raise usage(exc) from exc
    except KakaoError as exc:
        if item is None:
            raise
        raise ItemError(*item, exc) from exc


def _set_flag(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and param.name is not None:
        setattr(ctx.ensure_object(Settings), param.name, True)


FLAGS_HELP = "before or after the command"


def output_options(command: F) -> F:
    """``--json`` and ``--debug``, accepted on the root command and on each command."""
    return _json_option(debug_option(command), hidden=False)


def debug_option(command: F) -> F:
    """``--debug`` alone: for ``demo``, which takes ``--json`` only to refuse it."""
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        callback=_set_flag,
        help=f"Log each request on stderr and, on failure, show the traceback ({FLAGS_HELP}).",
    )(command)


def refused_json_option(command: F) -> F:
    """``--json`` accepted but not offered in ``--help``: the command refuses it itself, saying
    why, rather than click calling it an unknown option."""
    return _json_option(command, hidden=True)


def _json_option(command: F, *, hidden: bool) -> F:
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        expose_value=False,
        callback=_set_flag,
        hidden=hidden,
        help="Print one JSON object {results, errors} on stdout instead of tables "
        f"({FLAGS_HELP}).",
    )(command)
