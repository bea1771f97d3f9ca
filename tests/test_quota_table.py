"""README's quota table ("## Quotas") read as a user reads it, checked against the client:
every row's name, endpoint, interval and scope is what ``kakao.quotas`` and the endpoint
declarations say, and every declared quota has its row."""

from __future__ import annotations

import re
from pathlib import Path

import kakao_async as ka
from kakao_async.endpoints import ENDPOINTS

README = Path(__file__).parent.parent / "README.md"


def _rows() -> dict[str, tuple[list[tuple[str, str]], float, str]]:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| quota name | endpoint | interval | scope |") :]
    rows = {}
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        name, endpoint, interval, scope = (c.strip() for c in line.strip("|").split("|"))
        routes = re.findall(r"`(GET|POST|PUT|DELETE) (/[^`?]+)", endpoint)
        seconds = float(re.fullmatch(r"(\d+(?:\.\d+)?) s(?: \(assumed\))?", interval)[1])  # type: ignore[index]
        rows[name.strip("`")] = (routes, seconds, re.match(r"`(\w+)`", scope)[1])  # type: ignore[index]
    return rows


def test_every_row_is_the_quota_the_client_schedules_by() -> None:
    rows = _rows()
    quotas = ka.KakaoClient("t").quotas
    assert set(rows) == set(quotas)
    for name, (routes, interval, scope) in rows.items():
        assert (quotas[name].interval, quotas[name].scope) == (interval, scope), name
        declared = {(e.method, e.path) for e in ENDPOINTS if e.quota and e.quota.name == name}
        assert declared == set(routes), name


def test_each_scope_makes_the_key_readme_shows() -> None:
    kakao = ka.KakaoClient("t", user_key="me")
    shapes = {"user_account": "{name}:me:42", "account": "{name}:42", "app": "{name}:app"}
    for name, (_, _, scope) in _rows().items():
        assert kakao.quota_key(kakao.quotas[name], 42) == shapes[scope].format(name=name)
