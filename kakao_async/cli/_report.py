"""``kakao-async report ...``: Kakao Moment performance reports, as a table, JSON or CSV.

Every report command takes the same period, breakdown and metrics options, checked before
anything is sent, and hands them to ``kakao.moment.reports``: a range longer than Kakao's
31-day window and more ids than one call may name are cut into calls there, fetched one after
another at the report's quota. A failing call fails the whole report (exit code 1).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Literal, TypeVar

import click
from rich.table import Table

from .. import KakaoClient
from ..endpoints import (
    MOMENT_REPORT_AD_ACCOUNT,
    MOMENT_REPORT_AD_ACCOUNTS,
    MOMENT_REPORT_AD_GROUPS,
    MOMENT_REPORT_CAMPAIGNS,
    MOMENT_REPORT_CREATIVES,
    REPORT_MAX_IDS,
    REPORT_WINDOW_DAYS,
    Endpoint,
)
from ..models import DatePreset, MetricsGroup, OpenEnum, Report, ReportDimension
from ._output import print_data, print_envelope, stderr, stdout
from ._params import DAY, IDS, Names, OneOf, collect_ids
from ._settings import Settings, call, output_options, per_quota, run_api
from ._tables import add_column, print_table

__all__ = ["report"]

F = TypeVar("F", bound=Callable[..., Any])


def _names(enum: type[OpenEnum]) -> str:
    return ", ".join(enum.__members__)


def _report_options(command: F) -> F:
    """The period, breakdown, metrics and output options every report command takes."""
    options = (*_period_options(), *_row_options())
    command = output_options(command)  # innermost: listed last in --help, as elsewhere
    for option in reversed(options):
        command = option(command)
    return command


def _period_options() -> tuple[Callable[[F], F], ...]:
    """--preset, or --start and --end."""
    return (
        click.option(
            "--preset",
            type=OneOf(DatePreset.__members__, what="a date preset"),
            metavar="PRESET",
            help=f"A period relative to today, one of {_names(DatePreset)} (all but TODAY "
            "end yesterday); or --start and --end.",
        ),
        click.option(
            "--start",
            type=DAY,
            metavar="YYYY-MM-DD",
            help=f"First day of the period (with --end). More than {REPORT_WINDOW_DAYS} days "
            f"needs --daily, and is fetched {REPORT_WINDOW_DAYS} days per call.",
        ),
        click.option("--end", type=DAY, metavar="YYYY-MM-DD", help="Last day (included)."),
    )


def _row_options() -> tuple[Callable[[F], F], ...]:
    """What a row is broken down by, which metrics it has, one a day or not, and CSV."""
    return (
        click.option(
            "--dimension",
            type=OneOf(ReportDimension.__members__, what="a dimension"),
            metavar="DIMENSION",
            help=f"Break each row down by one of {_names(ReportDimension)} (age, gender, "
            "location, device and placement: display campaigns only).",
        ),
        click.option(
            "--metrics",
            type=Names(MetricsGroup.__members__, what="a metrics group"),
            multiple=True,
            metavar="GROUPS",
            help=f"Metrics groups, comma-separated or repeated, of {_names(MetricsGroup)} "
            "(default: none asked for; Kakao's default applies).",
        ),
        click.option(
            "--daily",
            is_flag=True,
            help="A row per day (default: one row for the whole period, at most 31 days).",
        ),
        click.option(
            "--csv",
            "as_csv",
            is_flag=True,
            help="Print the rows as CSV on stdout (one column per dimension and metric).",
        ),
    )


def _arguments(
    settings: Settings,
    preset: str | None,
    start: date | None,
    end: date | None,
    dimension: str | None,
    metrics: tuple[tuple[str, ...], ...],
    daily: bool,
    as_csv: bool,
) -> dict[str, Any]:
    """The report method's keyword arguments; a usage error (nothing sent) for a bad mix."""
    if as_csv and settings.as_json:
        raise click.UsageError("--csv and --json both print on stdout: pick one")
    if preset is not None and (start is not None or end is not None):
        raise click.UsageError("give --preset or --start/--end, not both")
    if preset is None:
        if start is None or end is None:
            missing = "--end" if start is not None else "--start" if end is not None else None
            raise click.UsageError(
                f"{missing} is missing"
                if missing
                else "give a period: --preset PRESET, or --start YYYY-MM-DD and --end YYYY-MM-DD"
            )
        if start > end:
            raise click.UsageError(f"--start {start} is after --end {end}")
        if not daily and (end - start).days >= REPORT_WINDOW_DAYS:
            # The library refuses it too; said here, before the "N calls" line.
            raise click.UsageError(
                f"{start} to {end} is longer than Kakao's {REPORT_WINDOW_DAYS} days: pass "
                f"--daily for a row per day, or ask for at most {REPORT_WINDOW_DAYS} days"
            )
    groups = list(dict.fromkeys(g for word in metrics for g in word))
    return {
        "date_preset": preset,
        "start": start,
        "end": end,
        "dimension": dimension,
        "metrics_groups": groups or None,
        "time_unit": "DAY" if daily else None,
    }


def _calls(endpoint: Endpoint, arguments: dict[str, Any], ids: Sequence[int]) -> int:
    """How many calls the library will make: periods of 31 days x batches of ids."""
    start, end = arguments["start"], arguments["end"]
    windows = 1 if start is None else math.ceil(((end - start).days + 1) / REPORT_WINDOW_DAYS)
    size = REPORT_MAX_IDS.get(endpoint.name)
    batches = math.ceil(len(set(ids)) / size) if size and ids else 1
    return windows * batches


def _print_table(rows: Report, title: str) -> None:
    """The report's flat table: start, end, each dimension, each metric (numbers right)."""
    records = rows.to_records()
    names = list(records[0]) if records else ["start", "end"]
    dimensions = 2 + len(rows.dimension_names)
    cells = [["" if v is None else str(v) for v in record.values()] for record in records]
    table = Table(title=title)
    for position, name in enumerate(names):
        justify: Literal["left", "right"] = "right" if position >= dimensions else "left"
        # Every cell whole: a date or figure cut to "2026…" / "493…" is wrong, not shorter.
        add_column(table, name, [row[position] for row in cells], justify=justify, whole=True)
    for row in cells:
        table.add_row(*row)
    print_table(table, stdout)
    if not records:
        stderr.print("no rows: nothing was reported for this period")


def _report_command(
    name: str,
    endpoint: Endpoint,
    method: str,
    *,
    title: str,
    ids_keyword: str | None = None,
    noun: str = "",
) -> click.Command:
    """One ``report`` subcommand calling ``kakao.moment.reports.<method>``; ``ids_keyword`` is
    its ids argument, if it has one, and ``noun`` what those ids are."""
    assert endpoint.quota is not None  # every report is quota'd
    per = per_quota(endpoint.quota)
    command = _report_body(endpoint, method, title, ids_keyword=ids_keyword, noun=noun, per=per)
    decorated = _report_options(click.pass_obj(command))
    if ids_keyword is not None:
        decorated = click.argument("ids", nargs=-1, required=True, type=IDS)(decorated)
    return click.command(name, help=_help(endpoint, title, ids_keyword, noun=noun, per=per))(
        decorated
    )


def _help(endpoint: Endpoint, title: str, ids_keyword: str | None, *, noun: str, per: str) -> str:
    """A report command's --help text: its call, its ids or account, period, quota, output."""
    which = (
        f"IDS are {noun} ids (spaces or commas between them), at most "
        f"{REPORT_MAX_IDS[endpoint.name]} per call."
        if ids_keyword is not None
        else "The ad account is --ad-account (KAKAO_AD_ACCOUNT_ID)."
    )
    if endpoint is MOMENT_REPORT_AD_ACCOUNTS:
        which += " No --ad-account is needed: IDS name the accounts."
    return f"""{title.capitalize()} report: {call(endpoint)}.

        {which} The period is --preset, or --start and --end; calls go one after another
        at the quota ({per}). Prints a table, one JSON object with the rows in "results"
        (--json), or CSV (--csv).
        """


def _report_body(
    endpoint: Endpoint, method: str, title: str, *, ids_keyword: str | None, noun: str, per: str
) -> Callable[..., None]:
    """What a report command does: check its options (a usage error sends nothing), say how
    many calls it takes if more than one, fetch the rows and print them."""

    def command(
        settings: Settings, /, ids: tuple[tuple[int, ...], ...] = (), **options: Any
    ) -> None:
        as_csv = options.pop("as_csv")
        arguments = _arguments(settings, as_csv=as_csv, **options)
        wanted = collect_ids(ids, what=noun) if ids_keyword is not None else []
        if ids_keyword is not None:
            arguments[ids_keyword] = wanted
        calls = _calls(endpoint, arguments, wanted)
        if calls > 1:
            stderr.print(f"report: {calls} calls, one after another at the quota ({per})")

        async def work(kakao: KakaoClient) -> Report:
            fetch: Callable[..., Any] = getattr(kakao.moment.reports, method)
            result: Report = await fetch(**arguments)
            return result

        # The multi-account report names its accounts in IDS; the others act in --ad-account.
        rows = run_api(settings, work, needs_account=endpoint is not MOMENT_REPORT_AD_ACCOUNTS)
        if settings.as_json:
            print_envelope(list(rows))
        elif as_csv:
            print_data(rows.to_csv())
        else:
            period = options["preset"] or f"{options['start']} to {options['end']}"
            _print_table(rows, f"{title} report, {period}")

    return command


@click.group()
@output_options  # --json/--debug between the group and its command too
def report() -> None:
    """Kakao Moment reports: account, accounts, campaigns, ad-groups, creatives."""


report.add_command(
    _report_command("account", MOMENT_REPORT_AD_ACCOUNT, "ad_account", title="ad account")
)
report.add_command(
    _report_command(
        "accounts",
        MOMENT_REPORT_AD_ACCOUNTS,
        "ad_accounts",
        title="multi-account",
        ids_keyword="ad_account_ids",
        noun="ad account",
    )
)
report.add_command(
    _report_command(
        "campaigns",
        MOMENT_REPORT_CAMPAIGNS,
        "campaigns",
        title="campaign",
        ids_keyword="campaign_ids",
        noun="campaign",
    )
)
report.add_command(
    _report_command(
        "ad-groups",
        MOMENT_REPORT_AD_GROUPS,
        "ad_groups",
        title="ad group",
        ids_keyword="ad_group_ids",
        noun="ad group",
    )
)
report.add_command(
    _report_command(
        "creatives",
        MOMENT_REPORT_CREATIVES,
        "creatives",
        title="creative",
        ids_keyword="creative_ids",
        noun="creative",
    )
)
