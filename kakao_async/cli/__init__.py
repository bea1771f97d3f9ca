"""``kakao-async``: command-line front door (``kakao-async demo`` runs without credentials)."""

from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kakao-async",
        description="asyncio client for Kakao Moment / Keyword Ad creative APIs.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser(
        "demo",
        help="run a bulk toggle against an embedded fake Kakao server (no network, no token)",
    )
    demo.add_argument("--accounts", type=int, default=8, help="ad accounts (default 8)")
    demo.add_argument("--creatives", type=int, default=6, help="creatives per account (default 6)")
    demo.add_argument(
        "--interval", type=float, default=1.0, help="scaled onOff quota interval in s (Kakao: 5)"
    )
    demo.add_argument(
        "--jitter", type=float, default=0.02, help="max injected network delay each way, s"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        from ._demo import run_demo

        return run_demo(
            accounts=args.accounts,
            creatives=args.creatives,
            interval=args.interval,
            jitter=args.jitter,
        )
    return 2  # pragma: no cover - argparse enforces the choice


if __name__ == "__main__":
    sys.exit(main())
