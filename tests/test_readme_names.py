"""README names only what exists: every signature it shows matches the code, every option the
constructors take is documented, and every logger the package uses is named.

The code blocks are run and type-checked elsewhere (test_readme.py, test_readme_types.py); this
file checks the prose and the tables, where ``get(id)`` could drift from ``get(creative_id)``.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import kakao_async as ka
import kakao_async.testing as testing

README = Path(__file__).resolve().parent.parent / "README.md"
PACKAGE = Path(ka.__file__).resolve().parent

#: ``name(args)`` in an inline code span; the name may be dotted (``kakao.moment.x.get(...)``).
CALL = re.compile(r"`(?:[\w.]+\.)?(\w+)\(([^`()]*)\)`")


def readme() -> str:
    return README.read_text(encoding="utf-8")


def public_objects() -> Iterator[Any]:
    """The objects whose methods README may show: the client's areas, then every public class
    and function of ``kakao_async`` and ``kakao_async.testing``."""
    client = ka.KakaoClient("t", ad_account_id=1)
    for api in (client.moment, client.keyword):
        for name in dir(api):
            if not name.startswith("_"):
                yield getattr(api, name)
    yield client
    for module in (ka, testing):
        for name in module.__all__:
            yield getattr(module, name)


def callables() -> dict[str, list[Callable[..., Any]]]:
    found: dict[str, list[Callable[..., Any]]] = {}
    for obj in public_objects():
        if inspect.isfunction(obj) or inspect.ismethod(obj):
            found.setdefault(obj.__name__, []).append(obj)
            continue
        owner = obj if inspect.isclass(obj) else type(obj)
        if owner.__module__.split(".")[0] != "kakao_async":
            continue
        found.setdefault(owner.__name__, []).append(owner)
        for name, member in inspect.getmembers(owner):
            routine = inspect.isfunction(member) or inspect.ismethod(member)
            if routine and not name.startswith("_"):
                found.setdefault(name, []).append(member)
    return found


def parameters(fn: Callable[..., Any]) -> list[inspect.Parameter]:
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return []
    in_class = "." in getattr(fn, "__qualname__", "")
    if in_class and params and params[0].name in {"self", "cls"}:
        params = params[1:]  # a method as found on its class
    return params


def fits(fn: Callable[..., Any], args: list[str]) -> bool:
    """Whether README's ``args`` (``name``, ``name=``, ``name=default`` or a literal) fit."""
    params = parameters(fn)
    names = {p.name for p in params}
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    for position, arg in enumerate(args):
        if "=" in arg:
            if arg.split("=", 1)[0].strip() not in names:
                return False
        elif (
            arg.isidentifier()  # a name, not a value like 1112, "OFF" or fake.on_off_calls
            and arg not in {"None", "True", "False"}
            and (position >= len(positional) or positional[position] != arg)
        ):
            return False
    return True


def split_args(text: str) -> list[str]:
    return [a.strip() for a in text.split(",") if a.strip() and a.strip() not in {"*", "..."}]


def test_every_signature_readme_shows_exists() -> None:
    known = callables()
    wrong = []
    for name, args in CALL.findall(readme()):
        if name in known and not any(fits(fn, split_args(args)) for fn in known[name]):
            wrong.append(f"{name}({args})")
    assert not wrong, f"README shows signatures the code does not have: {wrong}"


def test_the_signature_check_can_fail() -> None:
    (get,) = [fn for fn in callables()["get_many"] if "creative_ids" in str(inspect.signature(fn))][
        :1
    ]
    assert fits(get, ["creative_ids", "concurrency=10"])
    assert not fits(get, ["ids", "concurrency=10"])
    assert not fits(get, ["creative_ids", "parallelism=10"])


#: Constructors whose every option README documents (as ``name=`` or in an options table).
DOCUMENTED_CONSTRUCTORS = [
    ka.KakaoClient,
    ka.RefreshingToken,
    ka.StaticToken,
    ka.MemoryRateLimiter,
    ka.RedisRateLimiter,
    ka.RetryPolicy,
    testing.FakeKakaoServer,
]


def test_every_constructor_option_is_documented() -> None:
    text = readme()
    missing = [
        f"{cls.__name__}({p.name}=)"
        for cls in DOCUMENTED_CONSTRUCTORS
        for p in parameters(cls)
        if p.kind is p.KEYWORD_ONLY and f"`{p.name}" not in text and f"{p.name}=" not in text
    ]
    assert not missing, f"README does not document: {missing}"


def test_every_logger_is_named_in_readme() -> None:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        names |= set(re.findall(r"getLogger\(\"([\w.]+)\"\)", path.read_text(encoding="utf-8")))
    assert names, "no loggers found: the pattern is stale"
    missing = sorted(n for n in names if f"`{n}`" not in readme())
    assert not missing, f"README does not name these loggers: {missing}"


def test_readme_does_not_import_private_modules() -> None:
    private = re.findall(r"kakao_async\.(_\w+)", readme())
    assert not private, private
    assert "kakao_async" in sys.modules


def test_how_it_works_names_modules_that_exist() -> None:
    """The data-flow diagrams name modules by path: each must be a file of the package."""
    section = readme().split("## How it works", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"(?<![\w/.])((?:\w+/)*_?\w+\.py)\b", section))
    assert len(named) >= 10  # the diagrams, not an empty match
    missing = sorted(n for n in named if not (PACKAGE / n).is_file())
    assert missing == []
