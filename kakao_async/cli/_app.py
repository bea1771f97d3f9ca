"""The click application behind ``kakao-async``."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import KakaoClient
from .._bulk import BulkJob, BulkResult
from .._changes import ConfigChange
from .._client import KEYWORD_BASE_URL, MOMENT_BASE_URL
from .._progress import Progress as JobProgress
from .._validate import positive_id
from ..errors import KakaoError
from ..models import Assets, LandingInfo, License, decode
from ._output import print_json, print_record, print_rows, stderr
from ._params import ID, ids_from

T = TypeVar("T")


@attrs.define
class Settings:
    token_file: Path | None
    ad_account: int | None
    base_url: str | None
    as_json: bool
    on_off_interval: float | None

    def client(self) -> KakaoClient:
        token = self._token()
        return KakaoClient(
            token,
            ad_account_id=self.ad_account,
            moment_base_url=self.base_url or MOMENT_BASE_URL,
            keyword_base_url=self.base_url or KEYWORD_BASE_URL,
            on_off_interval=self.on_off_interval,
        )

    def _token(self) -> str:
        if self.token_file is not None:
            text = self.token_file.read_text(encoding="utf-8").strip()
        else:
            text = os.environ.get("KAKAO_ACCESS_TOKEN", "").strip()
        if not text:
            raise click.UsageError("no access token: set KAKAO_ACCESS_TOKEN or pass --token-file")
        return text


def _run(settings: Settings, work: Callable[[KakaoClient], Awaitable[T]]) -> T:
    async def go() -> T:
        async with settings.client() as kakao:
            return await work(kakao)

    try:
        return asyncio.run(go())
    except KakaoError as exc:
        stderr.print(f"[red]error:[/red] {type(exc).__name__}: {exc}", highlight=False)
        raise SystemExit(1) from None
    except (ValueError, TypeError) as exc:
        raise click.UsageError(str(exc)) from None


def _report_bulk(settings: Settings, result: BulkResult[Any, Any], what: str) -> None:
    if settings.as_json:
        print_json(result)
    else:
        stderr.print(f"{len(result.succeeded)} {what}, {len(result.failed)} failed")
    for failure in result.failed:
        stderr.print(f"[red]failed[/red] {failure.item}: {failure.error}", highlight=False)
    if result.failed:
        raise SystemExit(1)


def _with_bar(job: BulkJob[Any, Any], label: str) -> Coroutine[Any, Any, BulkResult[Any, Any]]:
    async def follow() -> BulkResult[Any, Any]:
        columns = (
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("ETA {task.fields[eta]}"),
        )
        with Progress(*columns, console=stderr, transient=False) as bar:
            task = bar.add_task(label, total=job.total, failed=0, eta="?")
            async for p in job.watch():
                bar.update(task, completed=p.done, failed=p.failed, eta=_eta(p))
        return await job

    return follow()


def _eta(p: JobProgress) -> str:
    return "?" if p.eta is None else f"{p.eta:.1f}s"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--token-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="File holding the access token (default: $KAKAO_ACCESS_TOKEN).",
)
@click.option(
    "--ad-account",
    type=ID,
    envvar="KAKAO_AD_ACCOUNT_ID",
    help="Ad account id (default: $KAKAO_AD_ACCOUNT_ID).",
)
@click.option(
    "--base-url",
    envvar="KAKAO_BASE_URL",
    help="Send both APIs here instead of Kakao, e.g. a fake server.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of tables.")
@click.option(
    "--on-off-interval",
    type=float,
    default=None,
    envvar="KAKAO_ON_OFF_INTERVAL",
    help="onOff quota interval in seconds (Kakao: 5); for fakes.",
)
@click.pass_context
def cli(
    ctx: click.Context,
    token_file: Path | None,
    ad_account: int | None,
    base_url: str | None,
    as_json: bool,
    on_off_interval: float | None,
) -> None:
    """asyncio client for Kakao Moment / Keyword Ad creative APIs."""
    ctx.obj = Settings(token_file, ad_account, base_url, as_json, on_off_interval)


@cli.command()
@click.option("--accounts", type=click.IntRange(min=1), default=8, show_default=True)
@click.option(
    "--creatives",
    type=click.IntRange(min=1),
    default=6,
    show_default=True,
    help="Creatives per account.",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Scaled onOff quota interval in seconds (Kakao's is 5).",
)
@click.option(
    "--jitter",
    type=click.FloatRange(min=0),
    default=0.02,
    show_default=True,
    help="Max injected network delay each way, seconds.",
)
def demo(accounts: int, creatives: int, interval: float, jitter: float) -> None:
    """Bulk set_configs against an embedded fake Kakao server (no network, no token)."""
    from ._demo import run_demo

    raise SystemExit(
        run_demo(accounts=accounts, creatives=creatives, interval=interval, jitter=jitter)
    )


# --- Kakao Moment ---------------------------------------------------------------------------


@cli.group()
def moment() -> None:
    """Kakao Moment creatives (/openapi/v4/creatives)."""


@moment.command("list")
@click.option("--ad-group", type=ID, required=True, help="Ad group id.")
@click.option(
    "--config",
    "configs",
    multiple=True,
    type=click.Choice(["ON", "OFF", "DEL"]),
    help="Filter by state (repeatable; Kakao's default ON + OFF).",
)
@click.pass_obj
def moment_list(settings: Settings, ad_group: int, configs: tuple[str, ...]) -> None:
    """List the creatives of an ad group."""
    rows = _run(
        settings, lambda k: k.moment.creatives.list(ad_group_id=ad_group, config=configs or None)
    )
    if settings.as_json:
        print_json(rows)
    else:
        print_rows(rows, ["id", "name", "type", "config", "system_config"])


@moment.command("get")
@click.argument("ids", nargs=-1, required=True)
@click.pass_obj
def moment_get(settings: Settings, ids: tuple[str, ...]) -> None:
    """Show creatives in detail."""
    wanted = ids_from(ids, None)
    result = _run(settings, lambda k: k.moment.creatives.get_many(wanted))
    if settings.as_json:
        print_json([r.value for r in result if r.ok] if result.ok else result)
    else:
        for r in result.succeeded:
            print_record(r.value, title=f"creative {r.item}")
    for failure in result.failed:
        stderr.print(f"[red]failed[/red] {failure.item}: {failure.error}", highlight=False)
    if result.failed:
        raise SystemExit(1)


def _set_config_command(config: str) -> Callable[..., None]:
    @click.argument("ids", nargs=-1)
    @click.option("--from-file", help="Read ids from a file ('-' for stdin).")
    @click.option(
        "--skip-unchanged", is_flag=True, help="Read states first; send only real changes."
    )
    @click.pass_obj
    def command(
        settings: Settings, ids: tuple[str, ...], from_file: str | None, skip_unchanged: bool
    ) -> None:
        wanted = ids_from(ids, from_file)

        async def work(kakao: KakaoClient) -> BulkResult[Any, Any]:
            changes = [ConfigChange(i, config) for i in wanted]
            job = kakao.moment.creatives.start_set_configs(changes, skip_unchanged=skip_unchanged)
            return await _with_bar(job, f"{config:>3}")

        _report_bulk(settings, _run(settings, work), f"switched {config}")

    command.__doc__ = f"Switch creatives {config} (quota-limited; progress on stderr)."
    return command


moment.command("on")(_set_config_command("ON"))
moment.command("off")(_set_config_command("OFF"))


@moment.command("delete")
@click.argument("ids", nargs=-1, required=True)
@click.pass_obj
def moment_delete(settings: Settings, ids: tuple[str, ...]) -> None:
    """Delete creatives (state DEL)."""
    wanted = ids_from(ids, None)

    async def work(kakao: KakaoClient) -> BulkResult[Any, Any]:
        return await BulkJob.map(wanted, kakao.moment.creatives.delete, concurrency=5)

    _report_bulk(settings, _run(settings, work), "deleted")


@moment.command("history")
@click.argument("creative_id", type=ID)
@click.option("--all", "every", is_flag=True, help="Every record (systemConfigHistories).")
@click.pass_obj
def moment_history(settings: Settings, creative_id: int, every: bool) -> None:
    """Why a creative was admin-stopped (systemConfigHistory)."""
    if every:
        rows = _run(settings, lambda k: k.moment.creatives.system_config_histories(creative_id))
    else:
        one = _run(settings, lambda k: k.moment.creatives.system_config_history(creative_id))
        rows = [] if one is None else [one]
    if settings.as_json:
        print_json(rows if every else (rows[0] if rows else None))
    else:
        print_rows(rows, ["id", "system_config", "reason", "created_date", "last_modified_date"])


# --- Kakao Keyword Ad ------------------------------------------------------------------------


@cli.group()
def keyword() -> None:
    """Kakao Keyword Ad creatives (/openapi/v1/creatives)."""


@keyword.command("list")
@click.option("--biz-channel", type=ID, required=True, help="Biz channel id.")
@click.option("--config", type=click.Choice(["ON", "DEL"]), default=None)
@click.pass_obj
def keyword_list(settings: Settings, biz_channel: int, config: str | None) -> None:
    """List every creative of a biz channel (all pages)."""

    async def work(kakao: KakaoClient) -> list[Any]:
        return [
            c async for c in kakao.keyword.creatives.iter(biz_channel_id=biz_channel, config=config)
        ]

    rows = _run(settings, work)
    if settings.as_json:
        print_json(rows)
    else:
        print_rows(rows, ["id", "name", "title", "description", "config", "asset_types"])


@keyword.command("get")
@click.argument("creative_id", type=ID)
@click.pass_obj
def keyword_get(settings: Settings, creative_id: int) -> None:
    """Show one creative with its extensions."""
    creative = _run(settings, lambda k: k.keyword.creatives.get(creative_id))
    if settings.as_json:
        print_json(creative)
    else:
        print_record(creative, title=f"creative {creative_id}")


@keyword.command("create")
@click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, allow_dash=True),
    required=True,
    help="JSON body as in Kakao's document ('-' for stdin).",
)
@click.pass_obj
def keyword_create(settings: Settings, path: str) -> None:
    """Create a creative from a JSON file (never retried)."""
    text = sys.stdin.read() if path == "-" else Path(path).read_text("utf-8")
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise click.BadParameter(f"not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise click.BadParameter("the file must hold a JSON object")

    def part(key: str, cls: type[T]) -> T | None:
        return None if body.get(key) is None else decode(cls, body[key])

    try:
        kwargs = {
            "biz_channel_id": positive_id("bizChannelId", body["bizChannelId"]),
            "name": body["name"],
            "title": body["title"],
            "description": body["description"],
            "landing_info": part("landingInfo", LandingInfo),
            "license": part("license", License),
            "assets": part("assets", Assets),
        }
    except KeyError as exc:
        raise click.BadParameter(f"missing field {exc}") from None
    except (KakaoError, TypeError, ValueError) as exc:
        raise click.BadParameter(str(exc)) from None
    created = _run(settings, lambda k: k.keyword.creatives.create(**kwargs))
    if settings.as_json:
        print_json(created)
    else:
        print_record(created, title="created")


@keyword.command("delete")
@click.argument("creative_id", type=ID)
@click.pass_obj
def keyword_delete(settings: Settings, creative_id: int) -> None:
    """Delete a creative (DELETE /openapi/v1/creatives/{id})."""
    _run(settings, lambda k: k.keyword.creatives.delete(creative_id))
    if settings.as_json:
        print_json({"deleted": creative_id})
    else:
        stderr.print(f"deleted {creative_id}")


def run(argv: list[str] | None) -> int:
    try:
        cli.main(args=argv, prog_name="kakao-async", standalone_mode=False)
    except click.exceptions.Abort:
        stderr.print("aborted")
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0
