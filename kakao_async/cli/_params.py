"""Command-line ids, read by the library's one id check (``_validate.positive_id``)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .._validate import positive_id

__all__ = ["ID", "ids_from"]


if TYPE_CHECKING:  # generic in recent click only: subscripting fails at run time on 8.1
    _ParamType = click.ParamType[int, object]
else:
    _ParamType = click.ParamType


class _Id(_ParamType):
    """A positive id in ASCII digits. (click's ``int`` type takes ``'١٢'`` as 12.)"""

    name = "id"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        name = param.name if param is not None and param.name else "id"
        try:
            return positive_id(name, value)
        except (TypeError, ValueError) as exc:
            self.fail(str(exc), param, ctx)


ID = _Id()


def ids_from(values: tuple[str, ...], from_file: str | None) -> list[int]:
    """Ids from arguments and/or a file ('-' = stdin), separated by spaces, commas or lines."""
    texts = list(values)
    if from_file is not None:
        texts.append(sys.stdin.read() if from_file == "-" else Path(from_file).read_text("utf-8"))
    ids = []
    for token in re.split(r"[\s,]+", " ".join(texts)):
        if not token:
            continue
        try:
            ids.append(positive_id("creative id", token))
        except (TypeError, ValueError):
            raise click.BadParameter(f"not a creative id: {token[:40]!r}") from None
    if not ids:
        raise click.UsageError("no creative ids given")
    return ids
