"""The fake Kakao server as a user-facing product, as README and docs/testing.md describe it."""

from __future__ import annotations

from tests.testing.test_standalone import standalone


def test_an_empty_token_option_is_a_usage_error() -> None:
    """``python -m kakao_async.testing``: 'Bad options exit 2 with argparse's usage message'
    (its module docstring) and no traceback. ``--token ''`` (an unset shell variable, say)
    crashed with a KakaoInputError traceback and exit 1 instead."""
    proc = standalone("--port", "0", "--token", "")
    assert proc.returncode == 2, proc.stderr
    assert "--token" in proc.stderr and "Traceback" not in proc.stderr
