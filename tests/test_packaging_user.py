"""What a user gets from ``pip install /path/to/checkout`` (a built wheel, not ``-e``).

Checked by hand on Python 3.10, 3.11, 3.12 and 3.13, from a directory outside the checkout:
the wheel's ``kakao-async demo`` (with ``[cli]``), ``python -m kakao_async`` (the extra's
message, exit 2, without it), ``python -m kakao_async.testing``, README's Quick start and its
``kakao_fake`` test against the fake, every name of every public ``__all__`` on the base
install, and the missing-extra errors (``RedisRateLimiter``, ``kakao_async.fastapi``,
``kakao_async.otel``): all as README says. The lower bounds pyproject declares are checked
too: pip keeps an installed version that meets them.
"""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"


def lower_bounds(name: str) -> list[tuple[int, ...]]:
    """Every ``"name>=X"`` requirement pyproject declares (dependencies and extras alike)."""
    text = PYPROJECT.read_text(encoding="utf-8")
    found = re.findall(rf'"{re.escape(name)}>=([0-9][0-9.]*)"', text)
    assert found, f"no {name}>= requirement in pyproject.toml"
    return [tuple(int(part) for part in version.split(".")) for version in found]


def test_the_wheel_holds_what_readme_features_need(tmp_path: Path) -> None:
    """py.typed (``Typing :: Typed``), every module (the testing module and its pytest plugin,
    the CLI and its demo), the ``kakao-async`` command and the ``kakao_fake`` fixture."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (wheel,) = tmp_path.glob("kakao_async-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        entries = configparser.ConfigParser()
        entries.read_string(archive.read(entry_points).decode())
    package = ROOT / "kakao_async"
    sources = {
        p.relative_to(ROOT).as_posix()
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert sources - names == set()
    assert {"kakao_async/py.typed", "kakao_async/testing/__main__.py"} <= names
    assert entries["console_scripts"]["kakao-async"] == "kakao_async.cli:main"
    assert entries["pytest11"]["kakao_async"] == "kakao_async.testing._pytest"


def test_the_declared_cattrs_bound_is_the_version_the_converter_needs() -> None:
    assert all(bound >= (25, 1) for bound in lower_bounds("cattrs"))


def test_the_declared_redis_bound_has_the_aclose_the_limiter_calls() -> None:
    assert all(bound >= (5, 0, 1) for bound in lower_bounds("redis"))


# review24, each measured in a scratch venv at the declared minimum.
def test_the_declared_click_bound_runs_the_cli() -> None:
    assert all(bound >= (8, 3) for bound in lower_bounds("click"))


def test_the_declared_test_bounds_read_the_pytest_configuration() -> None:
    assert all(bound >= (0, 24) for bound in lower_bounds("pytest-asyncio"))
    assert all(bound >= (8, 2) for bound in lower_bounds("pytest"))


def test_the_declared_redis_bound_ends_an_outage_in_time() -> None:
    assert all(bound >= (5, 0, 2) for bound in lower_bounds("redis"))
