"""``python -m kakao_async.testing``: run the fake Kakao server standalone.

Bad options exit 2 with argparse's usage message; a port that cannot be listened on exits 1
with one line saying so (no traceback).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import sys

from .._validate import loopback_host
from ..endpoints import CREATIVE_ON_OFF_QUOTA
from ..errors import KakaoInputError
from ._latency import latency_range
from ._oauth import access_token
from ._quota import FakeQuotas
from ._seeding import DEFAULT_CREATIVES_PER_ACCOUNT
from ._server import DEFAULT_TOKEN, FakeKakaoServer

PROG = "python -m kakao_async.testing"


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0-65535; 0 picks a free one)")
    return port


def _seconds(text: str, *, zero_ok: bool) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and (value >= 0 if zero_ok else value > 0)):
        bound = ">= 0" if zero_ok else "> 0"
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number of seconds {bound}")
    return value


def _interval(text: str) -> float:
    return _seconds(text, zero_ok=False)


def _delay(text: str) -> float:
    return _seconds(text, zero_ok=True)


def _count(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a count (0 or more)")
    return int(text)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = _parser()
    args = parser.parse_args(argv)
    _check(parser, args)
    return args


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Run the fake Kakao server (Kakao Moment v4 ad accounts, campaigns, ad "
        "groups, creatives and reports; Keyword Ad v1 creatives; OAuth) on loopback. "
        "It prints one line, 'fake Kakao server listening on URL', then serves until "
        "interrupted.",
    )
    _add_server_options(parser)
    _add_seed_options(parser)
    return parser


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    """Where it listens, what it accepts, how fast it answers."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="loopback address to listen on (127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=_port, default=8080, help="port to listen on (8080; 0 picks a free one)"
    )
    parser.add_argument(
        "--on-off-interval",
        type=_delay,  # 0: no interval enforced, as 0.2.0's fake took it
        default=None,
        metavar="SECONDS",
        help="onOff quota interval per (token, ad account) "
        f"(Kakao's: {CREATIVE_ON_OFF_QUOTA.interval:g}; "
        "0: none enforced)",
    )
    parser.add_argument(
        "--quota",
        action="append",
        default=[],
        type=_quota,
        metavar="NAME=SECONDS",
        help="any quota's interval, e.g. campaigns.onOff=0.1 or reports.app=0.2; 0: none "
        "enforced (repeatable)",
    )
    parser.add_argument(
        "--token",
        action="append",
        help=f"accepted access token (repeatable; default {DEFAULT_TOKEN!r})",
    )
    parser.add_argument(
        "--latency",
        type=_delay,
        nargs=2,
        default=(0.0, 0.0),
        metavar=("MIN", "MAX"),
        help="seconds of random delay before handling and again before answering (0 0)",
    )


def _add_seed_options(parser: argparse.ArgumentParser) -> None:
    """What it holds when it starts."""
    parser.add_argument(
        "--seed-accounts",
        type=_count,
        default=0,
        metavar="N",
        help="ad accounts to create (ids 1..N)",
    )
    parser.add_argument(
        "--seed-creatives",
        type=_count,
        default=None,  # given without --seed-accounts is an error, the default is not
        metavar="N",
        help="display creatives per seeded account "
        f"(default {DEFAULT_CREATIVES_PER_ACCOUNT}; needs --seed-accounts)",
    )
    parser.add_argument(
        "--seed-campaigns",
        type=_count,
        default=0,
        metavar="N",
        help="campaigns per seeded account, each with one ad group (needs --seed-accounts)",
    )
    parser.add_argument(
        "--seed-keyword",
        type=_count,
        default=0,
        metavar="N",
        help="keyword creatives per seeded account, in biz channel 1 (needs --seed-accounts)",
    )


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What each option's type cannot see alone: options that need another, and the checks the
    server itself makes, so a bad value is argparse's usage message and not a traceback."""
    for flag in ("seed_creatives", "seed_campaigns", "seed_keyword"):
        if getattr(args, flag) and not args.seed_accounts:
            parser.error(f"argument --{flag.replace('_', '-')}: needs --seed-accounts")
    try:
        latency_range(args.latency)
    except KakaoInputError as exc:
        parser.error(f"argument --latency: {exc}")
    for token in args.token or ():
        try:  # the fake's own check, so an empty token is refused here, not in a traceback
            access_token(token)
        except KakaoInputError as exc:
            parser.error(f"argument --token: {exc}")
    try:
        loopback_host("--host", args.host)
    except KakaoInputError as exc:
        parser.error(f"argument {exc}")
    try:  # an unknown quota name, or --on-off-interval with --quota creatives.onOff=...
        FakeQuotas(dict(args.quota), on_off_interval=args.on_off_interval)  # the fake's check
    except ValueError as exc:
        parser.error(f"argument --quota: {exc}")


def _quota(text: str) -> tuple[str, float]:
    name, _, seconds = text.partition("=")
    try:
        return name, float(seconds)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected NAME=SECONDS, got {text!r}") from None


def _reason(exc: OSError) -> str:
    # asyncio's bind error repeats the address in its text; the errno says it in words.
    return os.strerror(exc.errno).lower() if exc.errno else str(exc)


async def _serve(args: argparse.Namespace) -> int:
    fake = FakeKakaoServer(
        on_off_interval=args.on_off_interval,
        tokens=args.token or (DEFAULT_TOKEN,),
        host=args.host,
        port=args.port,
        latency=tuple(args.latency),
        quotas=dict(args.quota),
    )
    accounts = range(1, args.seed_accounts + 1)
    # In this order, so the ids are the README's: creatives, campaigns (each followed by its ad
    # group), keyword creatives.
    if accounts:
        per_account = args.seed_creatives
        if per_account is None:
            per_account = DEFAULT_CREATIVES_PER_ACCOUNT
        fake.seed(ad_accounts=accounts, creatives_per_account=per_account)
    if args.seed_campaigns:
        fake.seed_hierarchy(ad_accounts=accounts, campaigns_per_account=args.seed_campaigns)
    for account in accounts if args.seed_keyword else ():
        fake.seed_keyword(ad_account_id=account, count=args.seed_keyword)
    try:
        await fake.start()
    except OSError as exc:  # the port is taken, the host is not this machine's, ...
        print(
            f"{PROG}: cannot listen on {args.host}:{args.port}: {_reason(exc)} "
            "(choose another --host or --port; --port 0 picks a free one)",
            file=sys.stderr,
        )
        return 1
    try:
        # One parseable line, so a parent process can wait for it and read the URL.
        print(f"fake Kakao server listening on {fake.base_url}", flush=True)
        await asyncio.Event().wait()
    finally:
        await fake.stop()
    return 0


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    code = 0
    with contextlib.suppress(KeyboardInterrupt):
        code = asyncio.run(_serve(args))
    sys.exit(code)


if __name__ == "__main__":
    main()
