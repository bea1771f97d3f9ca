"""Every public name is documented: docs/reference.md is what scripts/api_reference.py generates
from the code today, and every name of every public ``__all__`` appears in README.md or
docs/*.md (the reference lists them all, so a new name fails here until it is regenerated)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from tests.test_docstrings import PACKAGES

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference.md"
REGENERATE = "regenerate it: .venv/bin/python scripts/api_reference.py > docs/reference.md"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "api_reference", ROOT / "scripts/api_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rendered(generator: ModuleType) -> str:
    return str(generator.render())


def test_the_generator_finds_every_public_package(generator: ModuleType) -> None:
    found = {m.__name__ for m in generator.public_modules()}
    # The same packages whose names must carry docstrings (test_docstrings.py).
    assert found == set(PACKAGES)
    assert not any("._" in name for name in found)


def test_the_reference_is_up_to_date(rendered: str) -> None:
    assert REFERENCE.exists(), f"docs/reference.md is missing; {REGENERATE}"
    current = REFERENCE.read_text(encoding="utf-8")
    assert current == rendered, f"docs/reference.md is stale; {REGENERATE}"


def test_every_public_name_is_in_the_docs(generator: ModuleType) -> None:
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    words = set(re.findall(r"\w+", "\n".join(p.read_text(encoding="utf-8") for p in docs)))
    missing = [
        f"{module.__name__}.{name}"
        for module in generator.public_modules()
        for name in module.__all__
        if name not in words
    ]
    assert missing == [], f"not in README.md or docs/*.md; {REGENERATE}"


def test_entries_show_kinds_keyword_only_arguments_and_endpoint_declarations(
    rendered: str,
) -> None:
    text = rendered
    quota_entry = text.split("### `Quota`\n", 2)[2].split("###", 1)[0]
    assert "*attrs model*" in quota_entry
    assert "Quota(*, name: str, interval: float, scope: Scope = 'user_account')" in quota_entry
    assert "- `interval: float` — Seconds Kakao demands between two calls of one scope." in (
        quota_entry
    )
    create = text.split("### `MOMENT_AD_GROUP_CREATE`\n", 1)[1].split("###", 1)[0]
    assert "- `POST /openapi/v4/adGroups` (moment API), name `moment.ad_groups.create`" in create
    assert "- idempotent (retried on transient failures): no" in create
    assert "- quota: `adGroups.write`; `adAccountId` header: yes" in create
    on_off = text.split("### `CREATIVE_ON_OFF_QUOTA`\n", 1)[1].split("###", 1)[0]
    assert "- name `creatives.onOff`: one call per 5 s per `user_account`" in on_off
    assert " at 0x" not in text


def test_no_entry_has_an_empty_description(rendered: str) -> None:
    """A name with no docstring (or no ``#:`` comment, for a constant) shows only its kind: give
    it one in the code, then regenerate."""
    lines = rendered.splitlines()
    empty = [lines[i - 2] for i, line in enumerate(lines) if re.fullmatch(r"\*[^*]+\*", line)]
    assert empty == []
