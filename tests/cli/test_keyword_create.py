"""``kakao-async`` as its --help and README describe it, checked by a user who knows nothing
else: bad input is refused with exit 2 before anything is sent (the fake's request log stays
empty)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kakao_async.testing import FakeKakaoServer
from tests.cli.conftest import CLI
from tests.conftest import sample


def typo(path: str, body: dict[str, Any]) -> dict[str, Any]:
    """Kakao's documented create body with one key renamed: ``path`` is ``"key"`` or
    ``"parent.key"``, renamed to the same name with its last letter doubled."""
    changed = json.loads(json.dumps(body))
    *parents, key = path.split(".")
    target = changed
    for parent in parents:
        target = target[parent]
    target[key + key[-1]] = target.pop(key)
    return changed


@pytest.mark.parametrize(
    "path", ["assets", "landingInfo", "assets.phoneNumber", "license.licenseNumber"]
)
def test_keyword_create_refuses_a_field_it_would_drop(
    cli: CLI, cli_env: FakeKakaoServer, path: str
) -> None:
    """`keyword create --file FILE`: 'JSON body as in Kakao's document ..., checked first;
    never retried'. A misspelt field must not be dropped silently: the creative would be
    created without it (and a create cannot be taken back by running it again)."""
    body = typo(path, sample("keyword_create_request.json"))
    proc = cli("--json", "keyword", "create", "--file", "-", stdin=json.dumps(body))
    assert proc.code == 2, proc.err
    (line,) = proc.err_lines
    assert line.startswith("error: ") and path + path[-1] in line, line
    assert proc.json()["errors"][0]["error"]["kind"] == "usage"
    assert list(cli_env.requests) == []
