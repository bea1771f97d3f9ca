"""The click application behind ``kakao-async``: the root command, ``demo``, and :func:`run`."""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from types import FrameType
from typing import Any

import click
from click.core import ParameterSource

from .. import __version__
from ..endpoints import CREATIVE_ON_OFF_QUOTA
from ._epilog import EPILOG, EpilogGroup
from ._errors import CTRL_C, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, ItemError, render
from ._hierarchy import ad_groups, campaigns
from ._keyword import keyword
from ._moment import moment
from ._output import item_error, print_envelope
from ._params import BASE_URL, ID, QUOTA, Seconds
from ._report import report
from ._settings import Settings, debug_option, interrupt, output_options, refused_json_option

__all__ = ["cli", "run"]


class _ClientOption(click.Option):
    """A root option that configures the client. ``demo`` builds its own client against its
    own fake, so for it the option's environment variable is not read at all (README exports
    KAKAO_* for the other commands, then runs the demo in the same shell: a stale or malformed
    value must not stop it), and the option typed on the command line is a usage error rather
    than silently ignored."""

    def handle_parse_result(
        self, ctx: click.Context, opts: Mapping[str, Any], args: list[str]
    ) -> tuple[Any, list[str]]:
        # `args` is what the root command left: the subcommand's name comes first.
        if _asks_help(ctx, args):
            # The help is where the user reads the formats: a malformed variable (checked when
            # a command runs) must not stand in front of it.
            return self._unset(ctx), args
        if args[:1] != ["demo"]:
            return super().handle_parse_result(ctx, opts, args)
        if self.name in opts and not ctx.resilient_parsing:  # a shell completing: no error
            raise click.UsageError(
                f"demo takes no {self.opts[0]}: it runs its own fake server, without a token "
                "(its quota interval is demo --interval)",
                ctx=ctx,
            )
        return self._unset(ctx), args

    def _unset(self, ctx: click.Context) -> Any:
        value: Any = () if self.multiple else None
        if self.name is not None:
            ctx.params[self.name] = value
        return value


def _asks_help(ctx: click.Context, args: list[str]) -> bool:
    """Whether the command line asks a command's help (``-h``/``--help`` before ``--``)."""
    return any(_requested(args, name) for name in ctx.help_option_names)


@click.group(
    cls=EpilogGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG,
)
@click.version_option(
    __version__, "--version", prog_name="kakao-async", message="%(prog)s %(version)s"
)
@click.option(
    "--token-file",
    cls=_ClientOption,
    metavar="FILE",
    help="Read the access token from FILE instead of $KAKAO_ACCESS_TOKEN.",
)
@click.option(
    "--ad-account",
    cls=_ClientOption,
    type=ID,
    envvar="KAKAO_AD_ACCOUNT_ID",
    help="Ad account to act in (required; default $KAKAO_AD_ACCOUNT_ID).",
)
@click.option(
    "--base-url",
    cls=_ClientOption,
    type=BASE_URL,
    envvar="KAKAO_BASE_URL",
    metavar="URL",
    help="Send both APIs to URL instead of Kakao, e.g. a fake server (default $KAKAO_BASE_URL).",
)
@click.option(
    "--on-off-interval",
    cls=_ClientOption,
    type=Seconds(maximum=3600),
    envvar="KAKAO_ON_OFF_INTERVAL",
    metavar="SECONDS",
    help="onOff quota interval (Kakao's: 5; smaller only for a fake; "
    "default $KAKAO_ON_OFF_INTERVAL).",
)
@click.option(
    "--quota",
    "quotas",
    cls=_ClientOption,
    type=QUOTA,
    multiple=True,
    envvar="KAKAO_QUOTAS",
    metavar="NAME=SECONDS",
    help="Any quota's interval, e.g. campaigns.onOff=0.2 (repeatable; Kakao's by default; "
    "smaller only for a fake; default $KAKAO_QUOTAS).",
)
@output_options
@click.pass_obj
def cli(
    settings: Settings,
    token_file: str | None,
    ad_account: int | None,
    base_url: str | None,
    on_off_interval: float | None,
    quotas: tuple[tuple[str, float], ...],
) -> None:
    """kakao-async: Kakao Moment and Keyword Ad from the command line.

    Try 'kakao-async demo' first: no token, no network.
    """
    settings.token_file = token_file
    settings.ad_account = ad_account
    settings.base_url = base_url
    # A name given twice: the last one, as with any option.
    settings.quotas, settings.on_off_interval = _one_on_off_interval(
        click.get_current_context(), dict(quotas), on_off_interval
    )


def _one_on_off_interval(
    ctx: click.Context, quotas: dict[str, float], on_off_interval: float | None
) -> tuple[dict[str, float], float | None]:
    """``--on-off-interval`` and ``--quota creatives.onOff=...`` set one interval. Typed, either
    wins over the other's variable, as any option typed wins over its own (README exports
    KAKAO_ON_OFF_INTERVAL for every command); two that disagree from the same place are a
    usage error naming what the user gave."""
    name = CREATIVE_ON_OFF_QUOTA.name
    on_off = quotas.get(name)
    if on_off is None or on_off_interval is None or on_off == on_off_interval:
        return quotas, on_off_interval
    typed_quota, typed_interval = (
        ctx.get_parameter_source(param) is ParameterSource.COMMANDLINE
        for param in ("quotas", "on_off_interval")
    )
    if typed_quota and not typed_interval:
        return quotas, None
    if typed_interval and not typed_quota:
        return {k: v for k, v in quotas.items() if k != name}, on_off_interval
    if typed_quota:
        given = f"--on-off-interval {on_off_interval:g} contradicts --quota {name}={on_off:g}"
    else:
        given = (
            f"KAKAO_ON_OFF_INTERVAL {on_off_interval:g} contradicts KAKAO_QUOTAS {name}={on_off:g}"
        )
    raise click.UsageError(f"{given}: give one of them")


@cli.command(short_help="Try it on an embedded fake Kakao server (no token, no network).")
@click.option(
    "--accounts",
    type=click.IntRange(1, 200),
    default=8,
    show_default=True,
    metavar="N",
    help="Fake ad accounts, switched in parallel.",
)
@click.option(
    "--creatives",
    type=click.IntRange(1, 100),
    default=6,
    show_default=True,
    metavar="N",
    help="Creatives per account.",
)
@click.option(
    "--campaigns",
    type=click.IntRange(0, 20),
    default=2,
    show_default=True,
    metavar="N",
    help="Campaigns per account, an ad group each, also switched OFF at their own quotas "
    "(0: none).",
)
@click.option(
    "--interval",
    type=Seconds(maximum=60),
    default=1.0,
    show_default=True,
    # The bounds in words: click shows an IntRange's bounds itself, not those of Seconds.
    help="Scaled-down onOff quota interval in seconds, at most 60 (Kakao's is 5).",
)
@click.option(
    "--jitter",
    type=Seconds(maximum=1, zero_ok=True),
    default=0.02,
    show_default=True,
    help="Max injected network delay each way, in seconds, 0 to at most 1.",
)
@refused_json_option  # after `demo` too: refused below, with the reason, not "no such option"
@debug_option
@click.pass_context
def demo(
    ctx: click.Context,
    accounts: int,
    creatives: int,
    campaigns: int,
    interval: float,
    jitter: float,
) -> None:
    """Switch creatives OFF on an embedded fake Kakao server (no network, no token).

    Shows live progress per account and overall, then calls, 429s and wall time against the
    quota's physical bound. Campaigns and ad groups are switched OFF beside them, each level
    at its own onOff quota (scaled down like the creatives' one: a fifth of it, as at Kakao).
    """
    from ._demo import run_demo

    settings: Settings = ctx.obj
    if settings.as_json:
        raise click.UsageError("demo prints for people only: drop --json")
    ctx.exit(
        run_demo(
            accounts=accounts,
            creatives=creatives,
            campaigns=campaigns,
            interval=interval,
            jitter=jitter,
        )
    )


cli.add_command(moment)
cli.add_command(campaigns)
cli.add_command(ad_groups)
cli.add_command(report)
cli.add_command(keyword)


def _requested(args: list[str], flag: str) -> bool:
    """``flag`` (``--debug``, ``--json``) anywhere before ``--``: known before parsing, so parse
    errors honour it too."""
    return flag in (args[: args.index("--")] if "--" in args else args)


@contextlib.contextmanager
def _debug_log(enabled: bool) -> Iterator[None]:
    """With --debug, the library's log (one line per request, retry and wait) on stderr."""
    if not enabled:
        yield
        return
    logger = logging.getLogger("kakao_async")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("debug: %(message)s"))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextlib.contextmanager
def _sigterm_as_ctrl_c() -> Iterator[list[int]]:
    """While the command runs, SIGTERM does what Ctrl-C does (the list of what was switched);
    the list yielded holds the signal once it came. Scripts, CI runners, ``timeout`` and
    container stops end a command with SIGTERM, whose default ends the process unannounced."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield received  # signals are the main thread's; a handler someone set stays theirs
        return

    def on_term(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        # Ctrl-C's handler at this moment: asyncio.run's (cancel the command, then
        # KeyboardInterrupt), or Python's own. Ignored (a script's background job): cancel the
        # running command as asyncio.run's would, or with none running end as Python's.
        ctrl_c = signal.getsignal(signal.SIGINT)
        if callable(ctrl_c):
            ctrl_c(signal.SIGINT, frame)
        elif not interrupt():  # none to cancel as asyncio.run's handler would: end as Python's
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        yield received
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def _escaping_what_the_output_cannot_encode() -> Iterator[None]:
    """While the command runs, text stdout or stderr cannot encode (Hangul names on a cron
    job's ASCII or a Latin-1 console) is written as ``\\uXXXX`` escapes, as Python writes
    its own tracebacks, instead of failing the command after its calls were made."""
    # "surrogateescape" fails on Hangul as "strict" does: Python gives it to the C/POSIX
    # locale's stdout when neither UTF-8 mode nor locale coercion is on.
    failing = [
        (stream, stream.errors)
        for stream in (sys.stdout, sys.stderr)
        if isinstance(stream, io.TextIOWrapper) and stream.errors in _FAILING
    ]
    for stream, _ in failing:
        stream.reconfigure(errors="backslashreplace")
    try:
        yield
    finally:
        for stream, errors in failing:
            if not stream.closed:
                stream.reconfigure(errors=errors)


#: The error handlers of a text stream that fail on what it cannot encode.
_FAILING = frozenset({"strict", "surrogateescape"})


def run(argv: list[str] | None) -> int:
    """Run the CLI on ``argv`` (default: the process's); every error ends here, as one line.
    Interrupted by SIGTERM rather than Ctrl-C, the exit code is the shell's 143 (128 + 15)."""
    with _escaping_what_the_output_cannot_encode(), _sigterm_as_ctrl_c() as terminated:
        code = _run(argv)
    return 128 + terminated[0] if terminated and code == EXIT_INTERRUPTED else code


def _help_width() -> int:
    # click wraps help at its 78 columns, never narrower than 50: a 40-column pane broke words.
    return max(min(shutil.get_terminal_size().columns, 80) - 2, 20)


def _run(argv: list[str] | None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    settings = Settings(debug=_requested(args, "--debug"), as_json=_requested(args, "--json"))
    with _debug_log(settings.debug):
        try:
            code = cli.main(
                args=args,
                prog_name="kakao-async",
                standalone_mode=False,
                obj=settings,
                terminal_width=_help_width(),
            )
        except click.exceptions.NoArgsIsHelpError as exc:
            if settings.as_json:  # the help is for the person; the script gets the error
                missing = click.UsageError("Missing command.", ctx=exc.ctx)
                print_envelope([], [item_error(None, missing)])
            sys.stderr.write(exc.format_message() + "\n")
            return exc.exit_code
        except (Exception, KeyboardInterrupt) as exc:
            code, text = render(exc, debug=settings.debug, redact=settings.scrub)
            if settings.as_json and isinstance(exc, ItemError):
                # That id's entry, and nothing on stderr, as for a command over several ids.
                print_envelope([], [item_error(exc.item_id, exc.error)])
                return code
            if settings.as_json and code in (EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED):
                # A script parses stdout whatever happened; exit 2 still says nothing was sent.
                ctrl_c = isinstance(exc, click.exceptions.Abort | KeyboardInterrupt)
                print_envelope([], [item_error(None, CTRL_C if ctrl_c else exc)])
            sys.stderr.write(text + "\n")
            return code
    return code if isinstance(code, int) else 0
