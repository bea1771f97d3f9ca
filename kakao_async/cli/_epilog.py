"""The top-level help's epilog: environment variables, exit codes and the ``--json`` shape.

Prose that click wraps to the terminal, never inside an option's name (click's own wrapping
breaks at hyphens: ``--token-`` / ``file``); the JSON shape is a ``\\b`` block, kept as written.
"""

from __future__ import annotations

import textwrap

import click

__all__ = ["EPILOG", "EpilogGroup"]

EPILOG = """--json and --debug go before or after the command.

Environment variables: KAKAO_ACCESS_TOKEN, the access token (or --token-file; never printed);
KAKAO_AD_ACCOUNT_ID, the ad account (or --ad-account); KAKAO_BASE_URL, send both APIs there
(or --base-url), e.g. a fake server; KAKAO_ON_OFF_INTERVAL, the onOff quota interval in seconds
(or --on-off-interval); KAKAO_QUOTAS, quota intervals, space-separated NAME=SECONDS (or
--quota).

Exit codes: 0 done; 1 Kakao, the network or an item failed; 2 usage error (nothing was sent);
130 interrupted (Ctrl-C), 143 stopped by SIGTERM.

--json prints one object on stdout, also when something failed:

\b
{"results": [...],
 "errors": [{"id": ID or null,
   "error": {"kind", "message",
    "status", "code",
    "detailCode", "detailMsg"}}]}
"""


class EpilogGroup(click.Group):
    """A group whose epilog wraps without splitting a hyphenated word."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not self.epilog:
            return
        formatter.write_paragraph()
        with formatter.indentation():
            indent = " " * formatter.current_indent
            width = max(formatter.width - formatter.current_indent, 11)
            blocks = []
            for block in self.epilog.strip("\n").split("\n\n"):
                if block.startswith("\b\n"):
                    blocks.append("\n".join(indent + line for line in block[2:].splitlines()))
                    continue
                blocks.append(
                    textwrap.fill(
                        " ".join(block.split()),
                        width + formatter.current_indent,
                        initial_indent=indent,
                        subsequent_indent=indent,
                        break_on_hyphens=False,
                        break_long_words=False,
                    )
                )
            formatter.write("\n\n".join(blocks) + "\n")
