"""Each command's ``--help`` names what it sends: every ``METHOD /path`` the help text names is
sent by the command (over its variants: ``history --all``), every request it sends is one the
help names, in the ``--debug`` log under that same method and path, and the quota the help
states ("one call per 5 s per ad account") is the declared quota of what it sent. A command
without a row fails ``test_every_command_has_a_row``.

The library's methods are held to their docstrings the same way in tests/test_docstring_truth.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl

import attrs
import pytest

from kakao_async.endpoints import ENDPOINTS, QUOTAS, REPORT_MAX_IDS, Endpoint
from kakao_async.testing import FakeKakaoServer, RecordedRequest
from tests.cli.conftest import CLI
from tests.test_docstring_truth import quota_claim

#: A request named in help text (wrapped over lines: whitespace is joined first).
_NAMED = re.compile(r"\b(GET|POST|PUT|DELETE) (/openapi/[^\s,;:)]*[^\s,;:).])")


@attrs.frozen
class World:
    campaigns: list[int]
    ad_groups: list[int]
    creatives: list[int]
    keyword: list[int]


@pytest.fixture
def world(cli_env: FakeKakaoServer, monkeypatch: pytest.MonkeyPatch) -> World:
    """Ad account 1 with more objects than one report call takes (6 campaigns, 42 ad groups,
    126 creatives), accounts 2..7, keyword creatives; every quota at 0.05 s on both sides, so
    batches do not wait for Kakao's."""
    for name in QUOTAS:
        cli_env.set_quota(name, 0.05)
    monkeypatch.setenv("KAKAO_QUOTAS", " ".join(f"{name}=0.05" for name in QUOTAS))
    seeded = cli_env.seed_hierarchy(
        ad_accounts=[1], campaigns_per_account=6, ad_groups_per_campaign=7, creatives_per_ad_group=3
    )[1]
    cli_env.seed_hierarchy(ad_accounts=range(2, 8))
    keyword = cli_env.seed_keyword(ad_account_id=1, count=2)
    return World(
        campaigns=list(seeded.campaigns),
        ad_groups=list(seeded.ad_groups),
        creatives=list(seeded.creatives),
        keyword=keyword,
    )


Argv = Callable[[World, Path], list[list[str]]]


def _ids(values: object) -> list[str]:
    return [str(v) for v in values]  # type: ignore[attr-defined]


def _keyword_file(tmp: Path) -> str:
    path = tmp / "creative.json"
    body = {"bizChannelId": 1, "name": "소재", "title": "타이틀", "description": "설명문구"}
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return str(path)


#: Every command, and the argument lists that between them use every request its help names.
COMMANDS: dict[str, Argv] = {
    "moment list": lambda w, t: [["--ad-group", str(w.ad_groups[0])]],
    "moment get": lambda w, t: [_ids(w.creatives[:2])],
    "moment on": lambda w, t: [_ids(w.creatives[:2])],
    "moment off": lambda w, t: [_ids(w.creatives[:2])],
    "moment delete": lambda w, t: [_ids(w.creatives[2:3])],
    "moment history": lambda w, t: [[str(w.creatives[0])], ["--all", str(w.creatives[0])]],
    "campaigns list": lambda w, t: [[]],
    "campaigns get": lambda w, t: [_ids(w.campaigns[:2])],
    "campaigns on": lambda w, t: [_ids(w.campaigns[:2])],
    "campaigns off": lambda w, t: [_ids(w.campaigns[:2])],
    "campaigns budget": lambda w, t: [[str(w.campaigns[0]), "70000"]],
    "ad-groups list": lambda w, t: [["--campaign", str(w.campaigns[0])]],
    "ad-groups get": lambda w, t: [_ids(w.ad_groups[:2])],
    "ad-groups on": lambda w, t: [_ids(w.ad_groups[:2])],
    "ad-groups off": lambda w, t: [_ids(w.ad_groups[:2])],
    "ad-groups budget": lambda w, t: [[str(w.ad_groups[0]), "50000"]],
    "ad-groups bid": lambda w, t: [[str(w.ad_groups[0]), "300"]],
    "keyword list": lambda w, t: [["--biz-channel", "1"]],
    "keyword get": lambda w, t: [[str(w.keyword[0])]],
    "keyword create": lambda w, t: [["--file", _keyword_file(t)]],
    "keyword delete": lambda w, t: [[str(w.keyword[1])]],
    "keyword keywords": lambda w, t: [["--ad-group", "7"], ["--ad-group", "7", "--config", "DEL"]],
    "report account": lambda w, t: [["--preset", "YESTERDAY"]],
    "report accounts": lambda w, t: [["--preset", "YESTERDAY", *_ids(range(1, 8))]],
    "report campaigns": lambda w, t: [["--preset", "YESTERDAY", *_ids(w.campaigns)]],
    "report ad-groups": lambda w, t: [["--preset", "YESTERDAY", *_ids(w.ad_groups)]],
    "report creatives": lambda w, t: [["--preset", "YESTERDAY", *_ids(w.creatives)]],
}


def _help(cli: CLI, command: str) -> str:
    run = cli(*command.split(), "--help")
    assert run.code == 0, run.err
    return " ".join(run.out.split("Options:")[0].split())


def _endpoint(request: RecordedRequest) -> Endpoint:
    """The declaration a request was sent for (the multi-account report: by its ids)."""
    found = [
        e for e in ENDPOINTS if e.method == request.method and _template(e.path).match(request.path)
    ]
    if len(found) > 1:  # the two forms of the ad account report share their path
        many = "adAccountId" in dict(parse_qsl(request.query))
        found = [e for e in found if e.name.endswith("ad_accounts") is many]
    (endpoint,) = found
    return endpoint


def _template(path: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[a-z_]+\\\}", r"\\d+", re.escape(path)) + "$")


def test_every_command_has_a_row(cli: CLI) -> None:
    groups = ["moment", "campaigns", "ad-groups", "keyword", "report"]
    found = {
        f"{group} {line.split()[0]}"
        for group in groups
        for line in cli(group, "--help").out.split("Commands:")[1].splitlines()
        if line.strip()
    }
    assert found == set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_help_names_what_the_command_sends(
    cli: CLI, cli_env: FakeKakaoServer, world: World, tmp_path: Path, command: str
) -> None:
    helped = _help(cli, command)
    named = {(m, p.split("?")[0]) for m, p in _NAMED.findall(helped)}
    assert named, f"{command}: its help names no METHOD /path"
    cli_env.requests.clear()
    logged = ""
    for argv in COMMANDS[command](world, tmp_path):
        run = cli("--debug", *command.split(), *argv)
        assert run.code == 0, run.err
        logged += run.err
    sent = list(cli_env.requests)
    used: set[tuple[str, str]] = set()
    for request in sent:
        matching = {
            (m, p) for m, p in named if m == request.method and _template(p).match(request.path)
        }
        assert matching, f"{command} sent {request.method} {request.path}, not in its help"
        used |= matching
        # The debug log shows each exchange under the same method and path.
        assert f"{request.method} {request.path}" in logged, (command, request.path)
    assert used == named, f"{command}: its help names {sorted(named - used)}, never sent"

    quota = quota_claim(helped)
    declared = {_endpoint(r).quota for r in sent} - {None}
    if quota.kind == "none":
        assert declared == set(), (command, declared)
    elif declared:
        assert quota.kind == "limited", f"{command}: runs under {declared}, its help says none"
        for q in declared:
            assert quota.interval in (None, q.interval), (command, q, quota)
            assert quota.scope in (None, q.scope), (command, q, quota)
            assert quota.names in (frozenset(), frozenset({q.name})), (command, q, quota)

    most = re.search(r"at most (\d+) per call", helped)
    if most:
        endpoint = _endpoint(sent[0])
        assert int(most.group(1)) == REPORT_MAX_IDS[endpoint.name]
        counts = [
            max(len(v.split(",")) for k, v in parse_qsl(r.query) if k.endswith("Id")) for r in sent
        ]
        assert max(counts) == int(most.group(1)) and len(counts) > 1, (command, counts)
