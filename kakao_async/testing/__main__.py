"""``python -m kakao_async.testing``: run the fake Kakao server standalone."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

from .._quotas import resolve_quotas
from ..endpoints import ON_OFF_QUOTA
from ._server import DEFAULT_TOKEN, FakeKakaoServer


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m kakao_async.testing",
        description="Run the fake Kakao Moment / Keyword Ad creative server on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument(
        "--on-off-interval",
        type=float,
        default=None,
        help=f"seconds (Kakao: {ON_OFF_QUOTA.interval:g})",
    )
    parser.add_argument(
        "--quota",
        action="append",
        type=_quota_setting,
        default=[],
        metavar="NAME=SECONDS",
        help="a declared quota's interval, e.g. reports.app=0.2 (repeatable; Kakao: 1 or 5)",
    )
    parser.add_argument(
        "--token",
        action="append",
        help=f"accepted access token (repeatable; default {DEFAULT_TOKEN!r})",
    )
    parser.add_argument(
        "--latency", type=float, nargs=2, default=(0.0, 0.0), metavar=("MIN", "MAX")
    )
    parser.add_argument(
        "--seed-accounts", type=int, default=0, help="ad accounts to create (ids 1..N)"
    )
    parser.add_argument(
        "--seed-creatives", type=int, default=0, help="display creatives per account"
    )
    args = parser.parse_args(argv)
    try:
        resolve_quotas(dict(args.quota), on_off_interval=args.on_off_interval)
    except (TypeError, ValueError) as exc:
        parser.error(str(exc))
    return args


def _quota_setting(text: str) -> tuple[str, float]:
    name, sep, seconds = text.partition("=")
    try:
        if not sep:
            raise ValueError
        return name, float(seconds)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected NAME=SECONDS, got {text!r}") from None


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeKakaoServer(
        on_off_interval=args.on_off_interval,
        quotas=dict(args.quota),
        tokens=args.token or (DEFAULT_TOKEN,),
        host=args.host,
        port=args.port,
        latency=tuple(args.latency),
    )
    if args.seed_accounts and args.seed_creatives:
        fake.seed(
            ad_accounts=range(1, args.seed_accounts + 1), creatives_per_account=args.seed_creatives
        )
    async with fake:
        # One parseable line, so a parent process can wait for it and read the URL.
        print(f"fake Kakao server listening on {fake.base_url}", flush=True)
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
    sys.exit(0)


if __name__ == "__main__":
    main()
