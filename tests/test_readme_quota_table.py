"""README "Quotas": the table of quota names, endpoints, intervals and scopes is the
declarations in ``kakao_async.endpoints``, row for row (a README that drifts from the code
fails here, whichever of the two changed)."""

from __future__ import annotations

import re
from pathlib import Path

import kakao_async as ka

README = Path(__file__).parent.parent / "README.md"


def _rows() -> dict[str, tuple[set[tuple[str, str]], float, str]]:
    """quota name -> ((method, path) of each endpoint, interval, scope), as README shows them."""
    section = README.read_text(encoding="utf-8").split("\n## Quotas\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, tuple[set[tuple[str, str]], float, str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        name, endpoints, interval, scope = cells
        calls = {
            (method, path.split("?", 1)[0])
            for method, path in re.findall(r"`(GET|POST|PUT|DELETE) (\S+?)`", endpoints)
        }
        seconds = re.match(r"([\d.]+) s\b", interval)
        assert seconds is not None, line
        rows[name.strip("`")] = (calls, float(seconds.group(1)), scope.split()[0].strip("`"))
    return rows


def test_the_readme_quota_table_is_the_declarations() -> None:
    declared: dict[str, tuple[set[tuple[str, str]], float, str]] = {}
    for endpoint in ka.endpoints.ENDPOINTS:
        quota = endpoint.quota
        if quota is None:
            continue
        calls, _, _ = declared.setdefault(quota.name, (set(), quota.interval, quota.scope))
        calls.add((endpoint.method, endpoint.path))
    rows = _rows()
    assert len(rows) >= 14  # the table, not an empty match
    assert rows == declared


def test_the_readme_scope_keys_are_the_clients() -> None:
    """ "`user_account` (`<name>:<user>:<ad account>`); `account` (`<name>:<ad account>`);
    `app` (`<name>:app`)": one example per scope, through kakao.quota_key."""
    kakao = ka.KakaoClient("t", user_key="me")
    assert kakao.quota_key("creatives.onOff", 1234) == "creatives.onOff:me:1234"
    assert kakao.quota_key("reports.account", 1234) == "reports.account:1234"
    assert kakao.quota_key("reports.app", 1234) == "reports.app:app"
    assert kakao.quota_key(ka.endpoints.REPORT_APP_QUOTA, 1) == "reports.app:app"
