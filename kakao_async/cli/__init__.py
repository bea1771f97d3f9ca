"""``kakao-async``: the command line (``pip install 'kakao-async[cli]'``).

``kakao-async demo`` runs a bulk set_configs against an embedded fake server; the other commands
talk to Kakao (or, with ``--base-url``, to a fake) with the token from ``KAKAO_ACCESS_TOKEN`` or
``--token-file``.

Modules: ``_app`` (root command, ``demo``, :func:`run`: every error ends there), ``_moment``,
``_hierarchy`` (``campaigns``, ``ad-groups``), ``_report`` and ``_keyword`` (the API commands),
``_demo``, ``_settings`` (global options, ``--json``/``--debug`` anywhere, the client),
``_params`` (ids, amounts, dates, seconds, URLs and input files, checked before anything is
sent), ``_output`` (tables, progress bars and the one ``--json`` shape), ``_errors`` (the one
error renderer).
"""

from __future__ import annotations

import sys

__all__ = ["main"]

MISSING = (
    "kakao-async: the command line needs its extra dependencies (click, rich).\n"
    "Install them with:  pip install 'kakao-async[cli]'"
)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    try:
        import click  # noqa: F401
        import rich  # noqa: F401
    except ImportError:
        print(MISSING, file=sys.stderr)
        return 2
    from ._app import run

    return run(argv)
