"""``kakao-async campaigns ...`` and ``kakao-async ad-groups ...``: the levels above creatives.

Both groups are built from one description per level (:class:`_Level`), so ``list``, ``get``,
``on`` and ``off`` read, print and fail the same way at both levels (and as ``moment`` does for
creatives). ``on``/``off`` go through the library's bulk ``set_configs``: each level's onOff
quota is its own, per ad account, and the library schedules every call at it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import click

from .. import KakaoClient
from .._bulk import BulkJob, BulkResult
from ..endpoints import (
    AD_GROUP_BID_AMOUNT_QUOTA,
    AD_GROUP_DAILY_BUDGET_QUOTA,
    AD_GROUP_ON_OFF_QUOTA,
    CAMPAIGN_DAILY_BUDGET_QUOTA,
    CAMPAIGN_ON_OFF_QUOTA,
    MOMENT_AD_GROUP_GET,
    MOMENT_AD_GROUP_LIST,
    MOMENT_AD_GROUP_SET_BID_AMOUNT,
    MOMENT_AD_GROUP_SET_CONFIG,
    MOMENT_AD_GROUP_SET_DAILY_BUDGET,
    MOMENT_CAMPAIGN_GET,
    MOMENT_CAMPAIGN_LIST,
    MOMENT_CAMPAIGN_SET_CONFIG,
    MOMENT_CAMPAIGN_SET_DAILY_BUDGET,
    Endpoint,
    Quota,
)
from ..errors import STOPPING_ERRORS
from ._output import (
    print_envelope,
    print_listed,
    report_bulk,
    report_fetched,
    stdout,
    with_bar,
)
from ._params import ID, IDS, Amount, OneOf, collect_ids
from ._settings import Settings, call, output_options, per_quota, run_api

__all__ = ["ad_groups", "campaigns"]

F = TypeVar("F", bound=Callable[..., Any])

#: The columns of ``list`` at both levels.
_COLUMNS = ["id", "name", "type", "config", "system_config"]


@attrs.frozen(kw_only=True)
class _Level:
    """What the commands of one level differ in."""

    noun: str
    plural: str
    #: The library's service for the level (``kakao.moment.campaigns``).
    service: Callable[[KakaoClient], Any]
    get: Endpoint
    on_off: Endpoint
    on_off_quota: Quota
    #: Said after the quota in help when Kakao does not document it.
    quota_note: str = ""


_CAMPAIGN = _Level(
    noun="campaign",
    plural="campaigns",
    service=lambda kakao: kakao.moment.campaigns,
    get=MOMENT_CAMPAIGN_GET,
    on_off=MOMENT_CAMPAIGN_SET_CONFIG,
    on_off_quota=CAMPAIGN_ON_OFF_QUOTA,
)
_AD_GROUP = _Level(
    noun="ad group",
    plural="ad groups",
    service=lambda kakao: kakao.moment.ad_groups,
    get=MOMENT_AD_GROUP_GET,
    on_off=MOMENT_AD_GROUP_SET_CONFIG,
    on_off_quota=AD_GROUP_ON_OFF_QUOTA,
    quota_note="; Kakao lists none, so this is assumed",
)


def _config_filter(endpoint: Endpoint) -> Callable[[F], F]:
    """``--config``, repeatable, taking the states ``endpoint`` declares for its filter."""
    return click.option(
        "--config",
        "configs",
        multiple=True,
        type=OneOf(endpoint.states, what="a state"),
        help="Only those in this state (repeatable; default: ON and OFF).",
    )


def _get_command(level: _Level) -> click.Command:
    @click.argument("ids", nargs=-1, required=True, type=IDS)
    @output_options
    @click.pass_context
    def command(ctx: click.Context, ids: tuple[tuple[int, ...], ...]) -> None:
        settings: Settings = ctx.obj
        wanted = collect_ids(ids, what=level.noun)

        async def work(kakao: KakaoClient) -> BulkResult[int, Any]:
            return await BulkJob.map(
                wanted, level.service(kakao).get, concurrency=10, stop_on=STOPPING_ERRORS
            )

        result = run_api(settings, work)
        ctx.exit(report_fetched(result, noun=level.noun, as_json=settings.as_json))

    return click.command(
        "get",
        help=f"""Show {level.plural} in detail.

        IDS are {level.noun} ids (spaces or commas between them). Every id is fetched, at most
        10 at a time ({call(level.get)}, no quota); ids that fail are listed on stderr (in
        "errors" with --json) and the exit code is 1.
        """,
    )(command)


def _switch_command(level: _Level, config: str) -> click.Command:
    @click.argument("ids", nargs=-1, type=IDS)
    @click.option(
        "--from-file",
        metavar="FILE",
        help=f"Also switch the {level.noun} ids in FILE (spaces, commas or lines between "
        "them; '-': stdin).",
    )
    @click.option(
        "--skip-unchanged",
        is_flag=True,
        help=f"Read each {level.noun} first; send only real changes (already {config}: skipped).",
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
        wanted = collect_ids(ids, from_file, what=level.noun, files=True)

        async def work(kakao: KakaoClient) -> BulkResult[Any, Any]:
            changes = [(i, config) for i in wanted]
            job = level.service(kakao).start_set_configs(changes, skip_unchanged=skip_unchanged)
            return await with_bar(job, f"{config:>3}")

        result = run_api(settings, work)
        code = report_bulk(result, done="switched", as_json=settings.as_json, noun=level.noun)
        ctx.exit(code)

    return click.command(
        config.lower(),
        help=f"""Switch {level.plural} {config}, at Kakao's quota.

        IDS are {level.noun} ids (spaces or commas between them), and/or those of --from-file.
        Calls {call(level.on_off)} at its own quota
        ({per_quota(level.on_off_quota, level.quota_note)}), with a progress bar on stderr.
        Prints a row per id: switched, skipped (with --skip-unchanged: already {config}) or
        failed; exit code 1 if any failed. Ctrl-C stops it and still prints
        the rows (the rest: interrupted; exit 130).
        """,
    )(command)


def _amount_command(
    level: _Level,
    name: str,
    *,
    what: str,
    field: str,
    endpoint: Endpoint,
    quota: Quota,
    setter: str,
    none_ok: bool = False,
) -> click.Command:
    """``budget ID AMOUNT`` / ``bid ID AMOUNT``: one object's amount, through ``setter``."""
    metavar = level.noun.replace(" ", "_").upper() + "_ID"

    @click.argument("object_id", metavar=metavar, type=ID)
    @click.argument("amount", type=Amount(none_ok=none_ok))
    @output_options
    @click.pass_obj
    def command(settings: Settings, object_id: int, amount: int | None) -> None:
        applied = run_api(
            settings,
            lambda k: getattr(level.service(k), setter)(object_id, amount),
            item=(level.noun, object_id),
        )
        outcome = "set" if applied else "superseded"
        if settings.as_json:
            print_envelope([{"id": object_id, field: amount, "outcome": outcome}])
            return
        shown = "none" if amount is None else f"{amount:,} won"
        stdout.print(f"{level.noun} {object_id}: {what} {outcome} to {shown}", highlight=False)

    none = " or 'none' (no daily budget)" if none_ok else ""
    return click.command(
        name,
        # '-5' reaches AMOUNT (and is refused there in words), not click's option parser.
        context_settings={"ignore_unknown_options": True},
        help=f"""Set the {what} of {level.noun} {metavar} to AMOUNT.

        AMOUNT is in won, digits only (no separators){none}. Calls {call(endpoint)} at its
        quota ({per_quota(quota)}); Kakao's own rules (minimum, steps of 10 won) are Kakao's to
        check: a refusal is an error with Kakao's reason (exit code 1).
        """,
    )(command)


# ----------------------------------------------------------------------------- campaigns


@click.group()
@output_options  # --json/--debug between the group and its command too
def campaigns() -> None:
    """Kakao Moment campaigns: list, get, on, off, budget."""


@campaigns.command(
    "list",
    help=f"""List the ad account's campaigns.

    {call(MOMENT_CAMPAIGN_LIST)}: id, name, type, state (config) and the state Kakao's
    administrators set (system_config).
    """,
)
@_config_filter(MOMENT_CAMPAIGN_LIST)
@output_options
@click.pass_obj
def campaigns_list(settings: Settings, configs: tuple[str, ...]) -> None:
    rows = run_api(settings, lambda k: k.moment.campaigns.list(config=configs or None))
    print_listed(rows, _COLUMNS, as_json=settings.as_json)


campaigns.add_command(_get_command(_CAMPAIGN))
campaigns.add_command(_switch_command(_CAMPAIGN, "ON"))
campaigns.add_command(_switch_command(_CAMPAIGN, "OFF"))
campaigns.add_command(
    _amount_command(
        _CAMPAIGN,
        "budget",
        what="daily budget",
        field="dailyBudgetAmount",
        endpoint=MOMENT_CAMPAIGN_SET_DAILY_BUDGET,
        quota=CAMPAIGN_DAILY_BUDGET_QUOTA,
        setter="set_daily_budget",
        none_ok=True,
    )
)

# ----------------------------------------------------------------------------- ad groups


@click.group("ad-groups")
@output_options  # --json/--debug between the group and its command too
def ad_groups() -> None:
    """Kakao Moment ad groups: list, get, on, off, budget, bid."""


@ad_groups.command(
    "list",
    help=f"""List the ad groups of a campaign.

    {call(MOMENT_AD_GROUP_LIST)}?campaignId=...: id, name, type, state (config) and the state
    Kakao's administrators set (system_config).
    """,
)
@click.option("--campaign", type=ID, required=True, help="Campaign whose ad groups to list.")
@_config_filter(MOMENT_AD_GROUP_LIST)
@output_options
@click.pass_obj
def ad_groups_list(settings: Settings, campaign: int, configs: tuple[str, ...]) -> None:
    rows = run_api(
        settings, lambda k: k.moment.ad_groups.list(campaign_id=campaign, config=configs or None)
    )
    print_listed(rows, _COLUMNS, as_json=settings.as_json)


ad_groups.add_command(_get_command(_AD_GROUP))
ad_groups.add_command(_switch_command(_AD_GROUP, "ON"))
ad_groups.add_command(_switch_command(_AD_GROUP, "OFF"))
ad_groups.add_command(
    _amount_command(
        _AD_GROUP,
        "budget",
        what="daily budget",
        field="dailyBudgetAmount",
        endpoint=MOMENT_AD_GROUP_SET_DAILY_BUDGET,
        quota=AD_GROUP_DAILY_BUDGET_QUOTA,
        setter="set_daily_budget",
    )
)
ad_groups.add_command(
    _amount_command(
        _AD_GROUP,
        "bid",
        what="bid amount",
        field="bidAmount",
        endpoint=MOMENT_AD_GROUP_SET_BID_AMOUNT,
        quota=AD_GROUP_BID_AMOUNT_QUOTA,
        setter="set_bid_amount",
    )
)
