"""Every public name has a docstring, and so does every public method and property of a public
class: ``help()`` and an editor's hover are a user's reference as much as README is."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from typing import Any

import pytest

#: The public packages: each has a curated ``__all__``.
PACKAGES = [
    "kakao_async",
    "kakao_async.cli",
    "kakao_async.endpoints",
    "kakao_async.errors",
    "kakao_async.events",
    "kakao_async.fastapi",
    "kakao_async.keyword",
    "kakao_async.models",
    "kakao_async.moment",
    "kakao_async.otel",
    "kakao_async.ratelimit",
    "kakao_async.testing",
]


def _own_members(cls: type) -> Iterator[tuple[str, Any]]:
    """Public methods and properties ``cls`` itself defines (attrs' generated ones aside)."""
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(member, staticmethod | classmethod):
            member = member.__func__
        if inspect.isfunction(member) or isinstance(member, property):
            yield name, member


def _undocumented() -> list[str]:
    missing = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        assert (module.__doc__ or "").strip(), f"{package} has no docstring"
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue  # constants, type aliases: documented where they are defined
            if obj.__module__.split(".")[0] != "kakao_async":
                continue
            if not (obj.__doc__ or "").strip():
                missing.append(f"{package}.{name}")
            if inspect.isclass(obj):
                for member_name, member in _own_members(obj):
                    if not (member.__doc__ or "").strip():
                        missing.append(f"{package}.{name}.{member_name}")
    return sorted(set(missing))


@pytest.mark.parametrize("package", PACKAGES)
def test_the_package_imports(package: str) -> None:
    assert importlib.import_module(package).__all__


def test_every_public_name_and_member_has_a_docstring() -> None:
    assert _undocumented() == []
