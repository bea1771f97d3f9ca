"""``python -m kakao_async.testing``: run the fake Kakao server standalone."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

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
        default=ON_OFF_QUOTA.interval,
        help=f"seconds (Kakao: {ON_OFF_QUOTA.interval:g})",
    )
    parser.add_argument(
        "--quota",
        action="append",
        default=[],
        type=_quota,
        metavar="NAME=SECONDS",
        help="any quota's interval, e.g. campaigns.onOff=0.1 or reports.app=0.2 (repeatable)",
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
    return parser.parse_args(argv)


def _quota(text: str) -> tuple[str, float]:
    name, _, seconds = text.partition("=")
    try:
        return name, float(seconds)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected NAME=SECONDS, got {text!r}") from None


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeKakaoServer(
        on_off_interval=args.on_off_interval,
        tokens=args.token or (DEFAULT_TOKEN,),
        host=args.host,
        port=args.port,
        latency=tuple(args.latency),
        quotas=dict(args.quota),
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
