"""``kakao-async moment ...``: Kakao Moment creatives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from .. import KakaoClient
from .._bulk import BulkJob, BulkResult
from .._changes import ConfigChange
from ..endpoints import (
    CREATIVE_ON_OFF_QUOTA,
    MOMENT_CREATIVE_DELETE,
    MOMENT_CREATIVE_GET,
    MOMENT_CREATIVE_LIST,
    MOMENT_CREATIVE_SET_CONFIG,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES,
    MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY,
)
from ..errors import STOPPING_ERRORS
from ._output import (
    print_envelope,
    print_listed,
    print_rows,
    report_bulk,
    report_fetched,
    stdout,
    with_bar,
)
from ._params import ID, IDS, OneOf, collect_ids
from ._settings import Settings, call, output_options, per_quota, run_api

__all__ = ["moment"]


@click.group()
@output_options  # --json/--debug between the group and its command too
def moment() -> None:
    """Kakao Moment creatives: list, get, on, off, delete, history."""


@moment.command(
    "list",
    help=f"""List the creatives of an ad group.

    {call(MOMENT_CREATIVE_LIST)}?adGroupId=...: id, name, type, state (config) and the state
    Kakao's administrators set (system_config).
    """,
)
@click.option("--ad-group", type=ID, required=True, help="Ad group whose creatives to list.")
@click.option(
    "--config",
    "configs",
    multiple=True,
    type=OneOf(MOMENT_CREATIVE_LIST.states, what="a state"),
    help="Only creatives in this state (repeatable; default: ON and OFF, as Kakao does).",
)
@output_options
@click.pass_obj
def moment_list(settings: Settings, ad_group: int, configs: tuple[str, ...]) -> None:
    rows = run_api(
        settings, lambda k: k.moment.creatives.list(ad_group_id=ad_group, config=configs or None)
    )
    print_listed(rows, ["id", "name", "type", "config", "system_config"], as_json=settings.as_json)


@moment.command(
    "get",
    help=f"""Show creatives in detail.

    IDS are creative ids (spaces or commas between them). Every id is fetched, at most 10 at
    a time ({call(MOMENT_CREATIVE_GET)}); ids that fail are listed on stderr (in "errors"
    with --json) and the exit code is 1.
    """,
)
@click.argument("ids", nargs=-1, required=True, type=IDS)
@output_options
@click.pass_context
def moment_get(ctx: click.Context, ids: tuple[tuple[int, ...], ...]) -> None:
    settings: Settings = ctx.obj
    wanted = collect_ids(ids)
    result = run_api(settings, lambda k: k.moment.creatives.get_many(wanted))
    ctx.exit(report_fetched(result, noun="creative", as_json=settings.as_json))


def _switch_command(config: str) -> Callable[..., None]:
    @click.argument("ids", nargs=-1, type=IDS)
    @click.option(
        "--from-file",
        metavar="FILE",
        help="Also switch the ids in FILE (spaces, commas or lines between them; '-': stdin).",
    )
    @click.option(
        "--skip-unchanged",
        is_flag=True,
        help=f"Read each creative first; send only real changes (already {config}: skipped).",
    )
    @output_options
    @click.pass_context
    def command(
        ctx: click.Context,
        ids: tuple[tuple[int, ...], ...],
        from_file: str | None,
        skip_unchanged: bool,
    ) -> None:
        settings: Settings = ctx.obj
        wanted = collect_ids(ids, from_file, files=True)

        async def work(kakao: KakaoClient) -> BulkResult[Any, Any]:
            changes = [ConfigChange(i, config) for i in wanted]
            job = kakao.moment.creatives.start_set_configs(changes, skip_unchanged=skip_unchanged)
            return await with_bar(job, f"{config:>3}")

        result = run_api(settings, work)
        ctx.exit(report_bulk(result, done="switched", as_json=settings.as_json))

    command.__doc__ = f"""Switch creatives {config}, at Kakao's quota.

    IDS are creative ids (spaces or commas between them), and/or those of --from-file.
    Calls {call(MOMENT_CREATIVE_SET_CONFIG)} at Kakao's quota
    ({per_quota(CREATIVE_ON_OFF_QUOTA)}), with a progress bar on stderr. Prints a row
    per id: switched, skipped (with --skip-unchanged: already {config}) or failed; exit code
    1 if any failed. Ctrl-C stops it and still prints the rows (the rest: interrupted; exit
    130).
    """
    return command


moment.command("on")(_switch_command("ON"))
moment.command("off")(_switch_command("OFF"))


@moment.command(
    "delete",
    help=f"""Delete creatives (state DEL).

    IDS are creative ids (spaces or commas between them). Calls {call(MOMENT_CREATIVE_DELETE)},
    at most 5 at a time; prints a row per id, exit code 1 if any failed.
    """,
)
@click.argument("ids", nargs=-1, required=True, type=IDS)
@output_options
@click.pass_context
def moment_delete(ctx: click.Context, ids: tuple[tuple[int, ...], ...]) -> None:
    settings: Settings = ctx.obj
    wanted = collect_ids(ids)

    async def work(kakao: KakaoClient) -> BulkResult[Any, Any]:
        return await BulkJob.map(
            wanted, kakao.moment.creatives.delete, concurrency=5, stop_on=STOPPING_ERRORS
        )

    result = run_api(settings, work)
    ctx.exit(report_bulk(result, done="deleted", as_json=settings.as_json))


@moment.command(
    "history",
    help=f"""Why a creative was stopped by an administrator.

    Shows the latest record of creative CREATIVE_ID ({call(MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY)};
    none if it never was), or with --all every record
    ({call(MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES)}).
    """,
)
@click.argument("creative_id", type=ID)
@click.option(
    "--all", "every", is_flag=True, help="Every record (systemConfigHistories), not the latest."
)
@output_options
@click.pass_obj
def moment_history(settings: Settings, creative_id: int, every: bool) -> None:
    if every:
        rows = run_api(
            settings,
            lambda k: k.moment.creatives.system_config_histories(creative_id),
            item=("creative", creative_id),
        )
    else:
        one = run_api(
            settings,
            lambda k: k.moment.creatives.system_config_history(creative_id),
            item=("creative", creative_id),
        )
        rows = [] if one is None else [one]
    if settings.as_json:
        print_envelope(rows)
    elif not rows:  # a table of headers alone left the reader to guess
        stdout.print(
            f"creative {creative_id}: no record (not stopped by an administrator)", highlight=False
        )
    else:
        print_rows(rows, ["id", "system_config", "reason", "created_date", "last_modified_date"])
