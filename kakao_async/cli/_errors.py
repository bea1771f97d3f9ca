"""The one place CLI errors are put into words: for people (one line) and for ``--json``.

Exit codes: 2 for usage errors (what was typed, or the environment, is wrong; nothing was
sent), 1 when Kakao, the network or an item failed (or kakao-async itself did), 130 when
interrupted (``run`` turns it into 143 for SIGTERM). ``--debug`` adds the traceback above the
line.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable
from typing import Any

import aiohttp
import click
from click.core import ParameterSource

from .._envelope import quoted_reason
from ..errors import (
    KakaoAPIError,
    KakaoAuthError,
    KakaoClosedError,
    KakaoDecodeError,
    KakaoError,
    KakaoInputError,
    KakaoLimiterError,
    KakaoNotFoundError,
    KakaoPermissionError,
    KakaoRateLimitError,
    KakaoServerError,
    KakaoTimeoutError,
    KakaoTransportError,
)
from ._params import ID, IDS

__all__ = [
    "CTRL_C",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "Interrupted",
    "ItemError",
    "describe",
    "error_fields",
    "usage",
]

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class Interrupted(Exception):
    """The result of a bulk item still waiting or in flight when Ctrl-C stopped the job."""


#: Ctrl-C outside a bulk job (which reports per item instead): the whole command's error.
CTRL_C = Interrupted("stopped by Ctrl-C or SIGTERM; a call in flight may have reached Kakao")


class ItemError(Exception):
    """Kakao's error for the one id a command was given, reported as that id's (as commands
    over several ids report theirs), not as the whole command's."""

    def __init__(self, noun: str, item_id: int, error: Exception) -> None:
        super().__init__(f"{noun} {item_id}: {error}")
        self.noun = noun
        self.item_id = item_id
        self.error = error


#: (class, kind for --json, what it means in words), most specific first.
_KINDS: tuple[tuple[type[BaseException], str, str], ...] = (
    (
        KakaoAuthError,
        "auth",
        "Kakao refused the access token (missing, invalid or expired: "
        "check KAKAO_ACCESS_TOKEN or --token-file)",
    ),
    (
        KakaoPermissionError,
        "permission",
        "no permission for this ad account, campaign, ad group or creative",
    ),
    (KakaoNotFoundError, "not_found", "not found"),
    (KakaoRateLimitError, "rate_limit", "Kakao's quota was exceeded and the retries ran out"),
    (KakaoServerError, "server", "Kakao is failing or in maintenance"),
    (KakaoAPIError, "api", "Kakao refused the request"),
    (KakaoTimeoutError, "timeout", "no complete answer in time"),
    (KakaoTransportError, "transport", "could not reach Kakao"),
    (KakaoDecodeError, "decode", "Kakao's answer could not be read"),
    (KakaoLimiterError, "limiter", "the quota limiter could not be reached; nothing was sent"),
    (KakaoClosedError, "closed", "the client closed before the call finished"),
    (Interrupted, "interrupted", "interrupted"),
    (click.UsageError, "usage", "usage error"),
)

#: Library parameter names, as the CLI user typed them (for an input error the library raised).
_CLI_NAMES = {
    "ad_account_id": "--ad-account (KAKAO_AD_ACCOUNT_ID)",
    "moment_base_url": "--base-url (KAKAO_BASE_URL)",
    "keyword_base_url": "--base-url (KAKAO_BASE_URL)",
    "on_off_interval": "--on-off-interval (KAKAO_ON_OFF_INTERVAL)",
    "interval": "--on-off-interval (KAKAO_ON_OFF_INTERVAL)",
    "ad_group_id": "--ad-group",
    "biz_channel_id": "--biz-channel",
    "creative_ids": "IDS",
    "creative_id": "creative id",
    "campaign_ids": "IDS",
    "campaign_id": "campaign id",
    "ad_group_ids": "IDS",
    "ad_account_ids": "IDS",
    "date_preset": "--preset",
    "metrics_groups": "--metrics",
}
_LIBRARY_NAME = re.compile(r"\b(" + "|".join(_CLI_NAMES) + r")\b")
_KAKAO_CLIENT = re.compile(r"\s*(pass it to this call )?or to KakaoClient\([^)]*\)")


def kind_of(exc: BaseException) -> str:
    for cls, kind, _ in _KINDS:
        if isinstance(exc, cls):
            return kind
    return "internal"


def _transport_reason(exc: KakaoTransportError) -> str:
    """Where and why, from the aiohttp error behind it (its class name means nothing to users)."""
    where = str(exc).split(": ", 1)[0]
    cause = exc.__cause__
    if isinstance(cause, aiohttp.ClientConnectorError):
        errno = cause.os_error.errno
        why = os.strerror(errno).lower() if errno else "the connection failed"
        return f"{cause.host}:{cause.port} ({where}): {why}"
    if isinstance(cause, aiohttp.ServerDisconnectedError):
        return f"{where}: the server closed the connection without answering"
    if isinstance(cause, aiohttp.ClientPayloadError):
        return f"{where}: the answer was cut off"
    if cause is None:
        return str(exc)
    return f"{where}: the connection failed"


def describe(exc: BaseException) -> str:
    """``exc`` in one line of user words; Kakao's codes and reason when Kakao gave them."""
    if isinstance(exc, click.ClickException):
        return exc.format_message()
    lead = next((words for cls, _, words in _KINDS if isinstance(exc, cls)), None)
    if isinstance(exc, KakaoAPIError):
        reason = quoted_reason(exc.detail_msg or exc.msg)
        codes = [f"code {exc.code}"] if exc.code is not None else []
        if exc.detail_code is not None:
            codes.append(f"detailCode {exc.detail_code}")
        codes.append(f"HTTP {exc.status} from {exc.method} {exc.path}".rstrip())
        return f"{lead}{': ' + reason if reason else ''} ({', '.join(codes)})"
    if isinstance(exc, KakaoTimeoutError):
        return f"{lead} ({exc})"
    if isinstance(exc, KakaoTransportError):
        return f"{lead}: {_transport_reason(exc)}"
    if lead is not None:
        return f"{lead}: {exc}"
    if isinstance(exc, KakaoError):
        return str(exc)
    return (
        f"unexpected failure ({type(exc).__name__}: {exc}); this is a bug in kakao-async: "
        "run again with --debug and report the traceback"
    )


def error_fields(exc: BaseException) -> dict[str, Any]:
    """``exc`` for ``--json``: always the same six keys."""
    api = exc if isinstance(exc, KakaoAPIError) else None
    return {
        "kind": kind_of(exc),
        "message": describe(exc),
        "status": api.status if api else getattr(exc, "status", None) or None,
        "code": api.code if api else None,
        "detailCode": api.detail_code if api else None,
        "detailMsg": api.detail_msg if api else None,
    }


def usage(exc: KakaoInputError) -> click.UsageError:
    """An input error the library raised, as a usage error in the CLI's names."""
    text = _KAKAO_CLIENT.sub("", str(exc)).replace("time_unit='DAY'", "--daily")
    return click.UsageError(_LIBRARY_NAME.sub(lambda m: _CLI_NAMES[m.group(1)], text))


def _from_env(exc: click.BadParameter) -> None:
    """Say so when the bad value came from an environment variable, not the command line."""
    param, ctx = exc.param, exc.ctx
    if exc.param_hint is not None or param is None or ctx is None or param.name is None:
        return
    if ctx.get_parameter_source(param.name) is ParameterSource.ENVIRONMENT:
        envvar = getattr(param, "envvar", None)
        exc.param_hint = f"{param.get_error_hint(ctx)} (from {envvar})"


_NUMBER = re.compile(r"-[0-9][0-9.e+_]*")


def _negative_id(exc: click.NoSuchOption) -> click.UsageError:
    """``moment get -3``: click reads ``-3`` as an option; it was meant as an id."""
    ctx = exc.ctx
    arguments = (
        []
        if ctx is None
        else [
            p for p in ctx.command.params if isinstance(p, click.Argument) and p.type in (ID, IDS)
        ]
    )
    if not arguments or not _NUMBER.fullmatch(exc.option_name):
        return exc
    hint = arguments[0].get_error_hint(ctx)
    return click.BadParameter(
        f"'{exc.option_name}' is not an id: ids start at 1", ctx=ctx, param_hint=hint
    )


def render(
    exc: BaseException, *, debug: bool, redact: Callable[[str], str] | None = None
) -> tuple[int, str]:
    """The exit code and the one line for ``exc``; with ``debug``, the traceback comes first."""
    if isinstance(exc, click.NoSuchOption):
        exc = _negative_id(exc)
    if isinstance(exc, click.BadParameter):
        _from_env(exc)
    raised = exc  # what --debug shows the traceback of
    if isinstance(exc, click.exceptions.Abort | KeyboardInterrupt):
        # One line like every other error (kind "interrupted" in --json), not click's "Aborted!".
        exc = CTRL_C
    prefix = ""
    if isinstance(exc, ItemError):
        prefix, exc = f"{exc.noun} {exc.item_id}: ", exc.error
    line = prefix + describe(exc)
    # A report's failed call notes what it asked for (ids, days): what a job fetches again.
    notes = getattr(exc, "__notes__", None)
    if isinstance(notes, list) and notes:
        line += f" ({'; '.join(map(str, notes))})"
    if isinstance(exc, click.UsageError):
        code = EXIT_USAGE
        if exc.ctx is not None:
            line += f" (see '{exc.ctx.command_path} --help')"
    elif isinstance(exc, Interrupted):
        code = EXIT_INTERRUPTED
    else:
        code = EXIT_FAILED
    text = f"error: {' '.join(line.split())}"
    if debug:
        text = "".join(traceback.format_exception(raised)) + text
    if redact is not None:
        text = redact(text)
    return code, text
