"""Generated structure functions for the attrs models: the hot path of every decode.

cattrs' own generated functions call one hook per field, and every ``X | None`` field goes
through another layer. Decoding thousands of creatives a second, those calls were most of the
client's overhead over raw aiohttp (benchmarks/bench_fetch.py). Here the common cases are
inlined: a ``str`` field costs one ``dict.get`` and one type check. Anything less common
(enums, nested models, tuples, and every value of an unexpected type) still goes to the
converter's hooks, so the rules stay in one place.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ._enums import OpenEnum

__all__ = ["make_structure_fn"]

Hook = Callable[[Any, Any], Any]


def _strip_optional(tp: Any) -> Any:
    args = typing.get_args(tp)
    if type(None) in args and len(args) == 2:
        return next(a for a in args if a is not type(None))
    return tp


def make_structure_fn(
    cls: type[Any], get_hook: Callable[[Any], Hook], *, to_json_name: Callable[[str], str]
) -> Hook:
    """Build ``structure(obj, cls)`` for an attrs class.

    ``null`` and a missing key are the same (the default applies); a missing required field
    raises ``KeyError``; a non-object raises ``TypeError``.
    """
    attrs.resolve_types(cls)  # the models use postponed annotations
    names: dict[str, Any] = {"_cls": cls, "_Mapping": Mapping}
    lines = [
        "def structure(o, _):",
        "    if type(o) is not dict and not isinstance(o, _Mapping):",
        f"        raise TypeError('expected a JSON object for {cls.__name__}, got '"
        " + type(o).__name__)",
        "    g = o.get",
    ]
    arguments = []
    for a in attrs.fields(cls):
        key = to_json_name(a.name)
        tp = _strip_optional(a.type)
        var = f"a_{a.name}"
        if a.default is attrs.NOTHING:
            lines += [
                f"    v = g({key!r})",
                f"    if v is None: raise KeyError({key!r})",
            ]
            default_expr = None
        elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
            names[f"f_{a.name}"] = a.default.factory
            default_expr = f"f_{a.name}()"
        else:
            names[f"d_{a.name}"] = a.default
            default_expr = f"d_{a.name}"
        hook = get_hook(tp)
        names[f"h_{a.name}"] = hook
        names[f"t_{a.name}"] = tp
        if tp is str or tp is int:
            convert = f"v if type(v) is {tp.__name__} else h_{a.name}(v, None)"
        elif tp is bool:
            convert = f"v if v is True or v is False else h_{a.name}(v, None)"
        elif isinstance(tp, type) and issubclass(tp, OpenEnum):
            # Known members straight from the member map; the rest via the hook.
            names[f"m_{a.name}"] = tp._value2member_map_
            convert = (
                f"(m_{a.name}.get(v) if type(v) is str else None) or h_{a.name}(v, t_{a.name})"
            )
        else:
            convert = f"h_{a.name}(v, t_{a.name})"
        if default_expr is None:
            lines.append(f"    {var} = {convert}")
        else:
            lines += [
                f"    v = g({key!r})",
                f"    {var} = {default_expr} if v is None else {convert}",
            ]
        arguments.append(f"{a.name}={var}")
    lines.append(f"    return _cls({', '.join(arguments)})")
    source = "\n".join(lines)
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<kakao_async structure {cls.__qualname__}>", "exec"), names, namespace)
    fn: Hook = namespace["structure"]
    return fn
