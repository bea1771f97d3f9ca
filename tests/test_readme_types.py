"""Every Python block in README.md passes ``mypy --strict``, as a user's editor would check it.

The blocks are one story (later blocks use names earlier ones made), so they are checked as the
body of one async function whose parameters are the names README takes as given.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.test_readme import blocks
from tests.user_mypy import mypy_strict

#: The names README's blocks use without defining them, typed as a user would have them.
GIVEN = """\
from __future__ import annotations

import kakao_async as ka


def save_refresh_token(refresh_token: str) -> None: ...


async def readme(
    kakao: ka.KakaoClient,
    token: str,
    token_a: str,
    token_b: str,
    changes: list[ka.ConfigChange],
) -> None:
"""


def readme_module() -> str:
    body = "\n".join(textwrap.indent(code, "    ") for code in blocks("python"))
    return GIVEN + body + "\n    return None\n"


def test_readme_python_blocks_pass_mypy_strict(tmp_path: Path) -> None:
    source = tmp_path / "readme_blocks.py"
    source.write_text(readme_module(), encoding="utf-8")
    proc = mypy_strict(tmp_path, source.name)  # README is checked as a user's file
    numbered = "\n".join(
        f"{n:4} {line}" for n, line in enumerate(source.read_text().splitlines(), 1)
    )
    assert proc.returncode == 0, f"{proc.stdout}{proc.stderr}\n{numbered}"


def test_the_check_sees_a_wrong_block(tmp_path: Path) -> None:
    """The harness itself can fail: an obviously wrong line is reported."""
    source = tmp_path / "wrong.py"
    source.write_text(GIVEN + "    x: int = kakao.moment\n", encoding="utf-8")
    proc = mypy_strict(tmp_path, source.name)
    assert proc.returncode == 1 and "Incompatible types in assignment" in proc.stdout
