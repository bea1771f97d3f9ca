"""``kakao-async keyword ...``: Kakao Keyword Ad creatives, and an ad group's keywords."""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

import click

from .. import KakaoClient
from ..endpoints import (
    KEYWORD_CREATIVE_CREATE,
    KEYWORD_CREATIVE_DELETE,
    KEYWORD_CREATIVE_GET,
    KEYWORD_CREATIVE_LIST,
    KEYWORD_KEYWORD_LIST,
)
from ..errors import KakaoDecodeError, KakaoInputError
from ..models import Assets, KeywordCreative, LandingInfo, License, decode, unknown_fields
from ._output import print_envelope, print_listed, print_record, stdout
from ._params import ID, OneOf, parse_id, read_input
from ._settings import Settings, call, output_options, run_api

__all__ = ["keyword"]

T = TypeVar("T")

_SNAKE = re.compile(r"\b([a-z]+)_([a-z])([a-z_]*)\b")
#: The fields of Kakao's create body (its document's request table), the required ones first.
_REQUIRED = ("bizChannelId", "name", "title", "description")
_FIELDS = (*_REQUIRED, "landingInfo", "license", "assets")


def _camel(text: str) -> str:
    """Library argument names in a message as the JSON fields of the file (``landingInfo``)."""

    def one(m: re.Match[str]) -> str:
        head, first, rest = m.groups()
        return head + first.upper() + re.sub(r"_([a-z])", lambda n: n.group(1).upper(), rest)

    return _SNAKE.sub(one, text)


@click.group()
@output_options  # --json/--debug between the group and its command too
def keyword() -> None:
    """Kakao Keyword Ad creatives and keywords: list, get, create, delete, keywords."""


@keyword.command(
    "list",
    help=f"""List every creative of a biz channel.

    Reads every page of {call(KEYWORD_CREATIVE_LIST)}?bizChannelId=...
    """,
)
@click.option("--biz-channel", type=ID, required=True, help="Biz channel whose creatives to list.")
@click.option(
    "--config",
    type=OneOf(KEYWORD_CREATIVE_LIST.states, what="a state"),
    default=None,
    help="Only creatives in this state (default: none asked for; Kakao's default applies).",
)
@output_options
@click.pass_obj
def keyword_list(settings: Settings, biz_channel: int, config: str | None) -> None:

    async def work(kakao: KakaoClient) -> list[Any]:
        return [
            c async for c in kakao.keyword.creatives.iter(biz_channel_id=biz_channel, config=config)
        ]

    rows = run_api(settings, work)
    print_listed(
        rows,
        ["id", "name", "title", "description", "config", "asset_types"],
        as_json=settings.as_json,
    )


@keyword.command(
    "get",
    help=f"""Show one creative with its extensions.

    {call(KEYWORD_CREATIVE_GET)} for creative CREATIVE_ID.
    """,
)
@click.argument("creative_id", type=ID)
@output_options
@click.pass_obj
def keyword_get(settings: Settings, creative_id: int) -> None:
    creative = run_api(
        settings, lambda k: k.keyword.creatives.get(creative_id), item=("creative", creative_id)
    )
    if settings.as_json:
        print_envelope([creative])
    else:
        print_record(creative, title=f"creative {creative_id}")


def _body(path: str) -> dict[str, Any]:
    """The creative described by the file at ``path``, as ``create``'s keyword arguments."""
    text = read_input(path, option="--file")
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise click.BadParameter(f"'{path}' is not JSON: {exc}", param_hint="'--file'") from None
    if not isinstance(body, dict):
        raise click.BadParameter(f"'{path}' must hold a JSON object", param_hint="'--file'")

    def part(key: str, cls: type[T]) -> T | None:
        return None if body.get(key) is None else decode(cls, body[key])

    missing = [k for k in _REQUIRED if k not in body]
    if missing:
        raise click.BadParameter(
            f"'{path}' lacks {', '.join(missing)} (see Kakao's document)", param_hint="'--file'"
        )
    channel = body["bizChannelId"]
    try:
        # Kakao's documents show ids as numbers, sometimes as strings of digits.
        if isinstance(channel, bool) or not isinstance(channel, (int, str)):
            raise ValueError(f"{json.dumps(channel)} is not an id")
        channel_id = parse_id(str(channel))
    except ValueError as exc:
        raise click.BadParameter(f"'{path}': bizChannelId {exc}", param_hint="'--file'") from None
    try:
        _check_known(path, body)
        return {
            "biz_channel_id": channel_id,
            "name": body["name"],
            "title": body["title"],
            "description": body["description"],
            "landing_info": part("landingInfo", LandingInfo),
            "license": part("license", License),
            "assets": part("assets", Assets),
        }
    except KakaoDecodeError as exc:
        raise click.BadParameter(f"'{path}': {exc}", param_hint="'--file'") from None


def _check_known(path: str, body: dict[str, Any]) -> None:
    """Refuse a field the create call would not send: a misspelt ``assets`` or ``phoneNumber``
    would otherwise be dropped and the creative created without it."""
    unknown = [k for k in body if k not in _FIELDS]
    if not unknown:
        # The body read as a creative (the id is a stand-in): its models name every field
        # they read, nested ones included.
        unknown = list(unknown_fields(decode(KeywordCreative, {**body, "id": 1})))
    if unknown:
        raise click.BadParameter(
            f"'{path}': unknown field(s) {', '.join(unknown)} (see Kakao's document)",
            param_hint="'--file'",
        )


@keyword.command(
    "create",
    help=f"""Create a creative from a JSON file.

    {call(KEYWORD_CREATIVE_CREATE)} with the body of --file, checked first; never retried once sent
    (a retry could create it twice).
    """,
)
@click.option(
    "--file",
    "path",
    metavar="FILE",
    required=True,
    help="JSON body as in Kakao's document: bizChannelId, name, title, description, "
    "landingInfo, license, assets ('-': stdin).",
)
@output_options
@click.pass_obj
def keyword_create(settings: Settings, path: str) -> None:
    kwargs = _body(path)

    async def work(kakao: KakaoClient) -> Any:
        try:
            return await kakao.keyword.creatives.create(**kwargs)
        except KakaoInputError as exc:  # a field the library refused, nothing sent
            message = f"'{path}': {_camel(str(exc))}"
            raise click.BadParameter(message, param_hint="'--file'") from exc

    created = run_api(settings, work)
    if settings.as_json:
        print_envelope([created])
    else:
        print_record(created, title="created")


@keyword.command(
    "delete",
    help=f"""Delete one creative.

    {call(KEYWORD_CREATIVE_DELETE)} for creative CREATIVE_ID.
    """,
)
@click.argument("creative_id", type=ID)
@output_options
@click.pass_obj
def keyword_delete(settings: Settings, creative_id: int) -> None:
    run_api(
        settings,
        lambda k: k.keyword.creatives.delete(creative_id),
        item=("creative", creative_id),
    )
    if settings.as_json:
        print_envelope([{"id": creative_id, "outcome": "deleted"}])
    else:
        stdout.print(f"deleted {creative_id}", highlight=False)


@keyword.command(
    "keywords",
    help=f"""List the keywords (search terms) of an ad group.

    {call(KEYWORD_KEYWORD_LIST)}?adGroupId=...
    """,
)
@click.option("--ad-group", type=ID, required=True, help="Ad group whose keywords to list.")
@click.option(
    "--config",
    type=OneOf(KEYWORD_KEYWORD_LIST.states, what="a state"),
    default=None,
    help="Only keywords in this state (default: Kakao's, ON and OFF).",
)
@output_options
@click.pass_obj
def keyword_keywords(settings: Settings, ad_group: int, config: str | None) -> None:
    rows = run_api(settings, lambda k: k.keyword.keywords.list(ad_group_id=ad_group, config=config))
    print_listed(
        rows,
        ["id", "text", "config", "bid_strategy", "status", "review_status"],
        as_json=settings.as_json,
    )
