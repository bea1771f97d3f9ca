"""Every public service method's docstring tells the truth about what it sends.

The style: "concise docstrings that say the HTTP method, path and quota"; users read them through
``help()`` and docs/reference.md. For each public method of ``kakao.moment.*`` and
``kakao.keyword.*`` (one row of ``ROWS`` each; a new public method fails
``test_every_public_service_method_has_a_row`` until it gets one), the method is called against
the fake Kakao server over loopback, and what went out (``fake.requests``: method, path, query,
``adAccountId`` header, JSON body; the events: endpoint name, path template, quota name and key)
is compared with what its docstring says:

- ``path``: every ````METHOD /path```` the docstring names (``start_*``: the one of the method it
  starts) covers every request sent, and the first one named was sent;
- ``quota``: the docstring states the quota (``no quota`` / ``Not quota'd``, or its name,
  interval, scope) and that is the quota the call ran under (``ThrottledWait``, the
  ``kakao_async.endpoints`` declaration) with a key of that scope;
- ``header``: ``adAccountId`` is sent, or not where the docstring says so;
- ``name``: the events and the bulk job's ``operation`` use the row's own name ("one name per
  operation");
- ``batch``: a report's "at most N per call" is the number it sends per call.

Request bodies are checked against Kakao's samples (``BODIES``) in the last test.
"""

from __future__ import annotations

import inspect
import itertools
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import pytest

import kakao_async as ka
from kakao_async import events
from kakao_async.endpoints import ENDPOINTS, QUOTAS, REPORT_MAX_IDS
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, RecordedRequest
from tests.conftest import FAST_RETRY, fake_client

FAST = dict.fromkeys(QUOTAS, 0.01)
BY_NAME = {e.name: e for e in ENDPOINTS}


# ----------------------------------------------------------------------------- the world


@dataclass
class World:
    """What the fake holds: ad account 1 with enough objects to pass more ids than one report
    call takes (6 campaigns, 42 ad groups, 126 creatives), accounts 2..7 with one of each, and
    keyword creatives of account 1."""

    campaigns: list[int]
    ad_groups: list[int]
    creatives: list[int]
    other_accounts: list[int]
    keyword: list[int]


def _world(fake: FakeKakaoServer) -> World:
    big = fake.seed_hierarchy(
        ad_accounts=[1], campaigns_per_account=6, ad_groups_per_campaign=7, creatives_per_ad_group=3
    )[1]
    fake.seed_hierarchy(ad_accounts=range(2, 8), creatives_per_ad_group=1)
    return World(
        campaigns=list(big.campaigns),
        ad_groups=list(big.ad_groups),
        creatives=list(big.creatives),
        other_accounts=list(range(2, 8)),
        keyword=fake.seed_keyword(ad_account_id=1, count=3),
    )


Call = Callable[[ka.KakaoClient, World], Awaitable[Any]]


async def _all(iterator: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in iterator]


def _every_level(w: World) -> list[Any]:
    """One change at each level of the hierarchy bulk: creative, ad group, campaign, account."""
    return [
        ka.ConfigChange(w.creatives[0], "OFF"),
        ka.AdGroupConfigChange(w.ad_groups[0], "OFF"),
        ka.CampaignConfigChange(w.campaigns[0], "OFF"),
        ka.AdAccountConfigChange(1, "OFF"),
    ]


def _report(**ids: Any) -> dict[str, Any]:
    return {"date_preset": "YESTERDAY", **ids}


#: One row per public method: how to call it (every id it takes from the fake's world).
ROWS: dict[str, Call] = {
    # creatives
    "moment.creatives.list": lambda k, w: k.moment.creatives.list(
        ad_group_id=w.ad_groups[0], config=["ON", "OFF"]
    ),
    "moment.creatives.get": lambda k, w: k.moment.creatives.get(w.creatives[0]),
    "moment.creatives.set_config": lambda k, w: k.moment.creatives.set_config(
        w.creatives[0], "OFF"
    ),
    "moment.creatives.delete": lambda k, w: k.moment.creatives.delete(w.creatives[1]),
    "moment.creatives.system_config_history": lambda k, w: k.moment.creatives.system_config_history(
        w.creatives[0]
    ),
    "moment.creatives.system_config_histories": lambda k, w: (
        k.moment.creatives.system_config_histories(w.creatives[0])
    ),
    "moment.creatives.get_many": lambda k, w: k.moment.creatives.get_many(w.creatives[:3]),
    "moment.creatives.start_get_many": lambda k, w: k.moment.creatives.start_get_many(
        w.creatives[:3]
    ),
    "moment.creatives.set_configs": lambda k, w: k.moment.creatives.set_configs(
        [(c, "OFF") for c in w.creatives[:3]], skip_unchanged=True
    ),
    "moment.creatives.start_set_configs": lambda k, w: k.moment.creatives.start_set_configs(
        [(c, "OFF") for c in w.creatives[:3]], skip_unchanged=True
    ),
    # campaigns
    "moment.campaigns.list": lambda k, w: k.moment.campaigns.list(),
    "moment.campaigns.get": lambda k, w: k.moment.campaigns.get(w.campaigns[0]),
    "moment.campaigns.set_config": lambda k, w: k.moment.campaigns.set_config(
        w.campaigns[0], "OFF"
    ),
    "moment.campaigns.set_daily_budget": lambda k, w: k.moment.campaigns.set_daily_budget(
        w.campaigns[0], 70_000
    ),
    "moment.campaigns.system_config_histories": lambda k, w: (
        k.moment.campaigns.system_config_histories(w.campaigns[0])
    ),
    "moment.campaigns.set_configs": lambda k, w: k.moment.campaigns.set_configs(
        [(c, "OFF") for c in w.campaigns[:2]], skip_unchanged=True
    ),
    "moment.campaigns.start_set_configs": lambda k, w: k.moment.campaigns.start_set_configs(
        [(c, "OFF") for c in w.campaigns[:2]], skip_unchanged=True
    ),
    # ad groups
    "moment.ad_groups.list": lambda k, w: k.moment.ad_groups.list(
        campaign_id=w.campaigns[0], config="ON"
    ),
    "moment.ad_groups.get": lambda k, w: k.moment.ad_groups.get(w.ad_groups[0]),
    "moment.ad_groups.create": lambda k, w: k.moment.ad_groups.create(
        {"campaign": {"id": w.campaigns[0]}, "name": "new"}
    ),
    "moment.ad_groups.update": lambda k, w: k.moment.ad_groups.update(
        {"id": w.ad_groups[0], "name": "renamed"}
    ),
    "moment.ad_groups.set_config": lambda k, w: k.moment.ad_groups.set_config(
        w.ad_groups[0], "OFF"
    ),
    "moment.ad_groups.set_daily_budget": lambda k, w: k.moment.ad_groups.set_daily_budget(
        w.ad_groups[0], 50_000
    ),
    "moment.ad_groups.set_bid_amount": lambda k, w: k.moment.ad_groups.set_bid_amount(
        w.ad_groups[0], 300
    ),
    "moment.ad_groups.set_pacing": lambda k, w: k.moment.ad_groups.set_pacing(
        w.ad_groups[0], "QUICK"
    ),
    "moment.ad_groups.set_configs": lambda k, w: k.moment.ad_groups.set_configs(
        [(g, "OFF") for g in w.ad_groups[:2]], skip_unchanged=True
    ),
    "moment.ad_groups.start_set_configs": lambda k, w: k.moment.ad_groups.start_set_configs(
        [(g, "OFF") for g in w.ad_groups[:2]], skip_unchanged=True
    ),
    # ad accounts
    "moment.ad_accounts.list": lambda k, w: _all(k.moment.ad_accounts.list(page_size=3)),
    "moment.ad_accounts.get": lambda k, w: k.moment.ad_accounts.get(),
    "moment.ad_accounts.set_config": lambda k, w: k.moment.ad_accounts.set_config("OFF"),
    # the hierarchy bulk
    "moment.set_configs": lambda k, w: k.moment.set_configs(_every_level(w), skip_unchanged=True),
    "moment.start_set_configs": lambda k, w: k.moment.start_set_configs(
        _every_level(w), skip_unchanged=True
    ),
    # reports: more ids than one call takes, so the batches show
    "moment.reports.ad_account": lambda k, w: k.moment.reports.ad_account(**_report()),
    "moment.reports.ad_accounts": lambda k, w: k.moment.reports.ad_accounts(
        **_report(ad_account_ids=[1, *w.other_accounts])
    ),
    "moment.reports.campaigns": lambda k, w: k.moment.reports.campaigns(
        **_report(campaign_ids=w.campaigns)
    ),
    "moment.reports.ad_groups": lambda k, w: k.moment.reports.ad_groups(
        **_report(ad_group_ids=w.ad_groups)
    ),
    "moment.reports.creatives": lambda k, w: k.moment.reports.creatives(
        **_report(creative_ids=w.creatives)
    ),
    # keyword
    "keyword.creatives.list": lambda k, w: k.keyword.creatives.list(
        biz_channel_id=1, limit=2, config="ON"
    ),
    "keyword.creatives.iter": lambda k, w: _all(
        k.keyword.creatives.iter(biz_channel_id=1, page_size=2)
    ),
    "keyword.creatives.get": lambda k, w: k.keyword.creatives.get(w.keyword[0]),
    "keyword.creatives.create": lambda k, w: k.keyword.creatives.create(
        biz_channel_id=1, name="소재이름", title="타이틀", description="설명문구"
    ),
    "keyword.creatives.delete": lambda k, w: k.keyword.creatives.delete(w.keyword[0]),
    "keyword.creatives.get_many": lambda k, w: k.keyword.creatives.get_many(w.keyword[:2]),
    "keyword.creatives.start_get_many": lambda k, w: k.keyword.creatives.start_get_many(
        w.keyword[:2]
    ),
    "keyword.creatives.delete_many": lambda k, w: k.keyword.creatives.delete_many(w.keyword[1:]),
    "keyword.creatives.start_delete_many": lambda k, w: k.keyword.creatives.start_delete_many(
        w.keyword[1:]
    ),
    "keyword.keywords.list": lambda k, w: k.keyword.keywords.list(ad_group_id=7, config="OFF"),
}

#: Rows whose calls go out under another endpoint's name on purpose: ``iter`` walks ``list``.
SAME_OPERATION = {"keyword.creatives.iter": "keyword.creatives.list"}

#: Docstrings found wrong or silent (corrected text: the blackbox17 report). Each is a strict
#: xfail: fixing the docstring turns it into a failure, and the entry goes.
DOC_DEFECTS: dict[tuple[str, str], str] = {}


# ----------------------------------------------------------------------------- the services


def _services() -> dict[str, type]:
    """``kakao.moment``, ``kakao.keyword`` and every service they hold, by dotted name."""
    kakao = ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1)
    found: dict[str, type] = {}
    for api_name in ("moment", "keyword"):
        api = getattr(kakao, api_name)
        found[api_name] = type(api)
        for slot in type(api).__slots__:
            found[f"{api_name}.{slot}"] = type(getattr(api, slot))
    return found


def _public_methods() -> dict[str, Callable[..., Any]]:
    methods = {}
    for prefix, cls in _services().items():
        for name, member in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                methods[f"{prefix}.{name}"] = member
    return methods


METHODS = _public_methods()


def test_every_public_service_method_has_a_row() -> None:
    assert sorted(METHODS) == sorted(ROWS), "add a row to ROWS for each new public method"


# ----------------------------------------------------------------------------- the docstrings

_CLAIM = re.compile(r"``(GET|POST|PUT|DELETE) ([^`]+)``")
_INTERVAL = re.compile(r"\b(?:1|one)(?: call)? per (second|(\d+(?:\.\d+)?) s\b)")
_SCOPES = (
    ("user_account", re.compile(r"per \(user, ad account\)|per user and ad account")),
    ("app", re.compile(r"per app\b")),
    ("account", re.compile(r"per ad account\b")),
)


def _doc(row: str) -> str:
    """The docstring that speaks for ``row``: a ``start_*`` method's is the one it starts."""
    prefix, name = row.rsplit(".", 1)
    doc = inspect.getdoc(METHODS[row]) or ""
    if name.startswith("start_"):
        started = name.removeprefix("start_")
        assert f":meth:`{started}`" in doc, f"{row} does not say it starts {started}"
        return _doc(f"{prefix}.{started}")
    return " ".join(doc.split())


def _expand(path: str) -> list[str]:
    """``/a/{b,c}/d`` -> ``/a/b/d``, ``/a/c/d``; ``{id}`` stays."""
    match = re.search(r"\{([^}]*,[^}]*)\}", path)
    if match is None:
        return [path]
    return [
        expanded
        for choice in match.group(1).split(",")
        for expanded in _expand(path[: match.start()] + choice + path[match.end() :])
    ]


@dataclass(frozen=True)
class Claim:
    method: str
    path: str
    query: tuple[str, ...]


def claims(doc: str) -> list[Claim]:
    """Every ````METHOD /path```` of ``doc``, in order; ``.../x`` is under the first one's
    resource."""
    found: list[Claim] = []
    for method, text in _CLAIM.findall(doc):
        path, _, query = text.partition("?")
        if path.startswith("...") and found:
            path = found[0].path.rsplit("/", 1)[0] + path[3:]
        names = tuple(name for name, _ in parse_qsl(query, keep_blank_values=True))
        found += [Claim(method, p, names) for p in _expand(path)]
    return found


@dataclass(frozen=True)
class QuotaClaim:
    #: "limited", "none" or "unstated"
    kind: str
    names: frozenset[str] = frozenset()
    interval: float | None = None
    scope: str | None = None


def quota_claim(doc: str) -> QuotaClaim:
    names = frozenset(n for n in QUOTAS if f"``{n}``" in doc)
    interval_match = _INTERVAL.search(doc)
    interval = None
    if interval_match:
        interval = 1.0 if interval_match.group(1) == "second" else float(interval_match.group(2))
    scope = next((name for name, pattern in _SCOPES if pattern.search(doc)), None)
    limited = names or interval is not None or re.search(r"Quota[:-]|quota bound", doc)
    if limited:
        return QuotaClaim("limited", names, interval, scope)
    if re.search(r"\bno quota\b|\bnot quota'd\b", doc, re.IGNORECASE):
        return QuotaClaim("none")
    return QuotaClaim("unstated")


def _template(path: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[a-z_]+\\\}", r"\\d+", re.escape(path)) + "$")


# ----------------------------------------------------------------------------- what went out


@dataclass
class Seen:
    requests: list[RecordedRequest]
    events: list[Any]
    world: World
    starts: list[events.CallStarted] = field(default_factory=list)
    waits: list[events.ThrottledWait] = field(default_factory=list)
    jobs: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.starts = [e for e in self.events if isinstance(e, events.CallStarted)]
        self.waits = [e for e in self.events if isinstance(e, events.ThrottledWait)]
        self.jobs = {e.operation for e in self.events if isinstance(e, events.JobProgress)}


_SEEN: dict[str, Seen] = {}


async def seen(row: str) -> Seen:
    """What calling ``row`` once sent (run once per row, then shared by its tests)."""
    if row not in _SEEN:
        async with FakeKakaoServer(quotas=FAST, record_bodies=True) as fake:
            world = _world(fake)
            observed: list[Any] = []
            async with fake_client(fake, quotas=FAST, observers=[observed.append]) as kakao:
                await ROWS[row](kakao, world)
            _SEEN[row] = Seen(list(fake.requests), observed, world)
    return _SEEN[row]


def _params(aspect: str) -> list[Any]:
    return [
        pytest.param(
            row,
            id=row,
            marks=[
                pytest.mark.xfail(strict=True, raises=AssertionError, reason=f"docstring: {reason}")
            ]
            if (reason := DOC_DEFECTS.get((row, aspect)))
            else [],
        )
        for row in sorted(ROWS)
    ]


# ----------------------------------------------------------------------------- the checks


@pytest.mark.parametrize("row", _params("path"))
async def test_the_docstring_names_the_method_and_path_it_sends(row: str) -> None:
    said = claims(_doc(row))
    assert said, f"{row}: its docstring names no ``METHOD /path``"
    got = await seen(row)
    assert got.requests, f"{row} sent nothing"
    templates = {(e.method, e.path) for e in got.starts}
    assert templates <= {(c.method, c.path) for c in said}, (row, templates)
    for request in got.requests:
        matching = [
            c for c in said if c.method == request.method and _template(c.path).match(request.path)
        ]
        assert matching, f"{row} sent {request.method} {request.path}, not in its docstring"
        query = {name for name, _ in parse_qsl(request.query)}
        assert all(set(c.query) <= query for c in matching), (row, request.query)
    first = said[0]
    assert any(
        r.method == first.method and _template(first.path).match(r.path) for r in got.requests
    ), f"{row}: the docstring's {first.method} {first.path} was never sent"


@pytest.mark.parametrize("row", _params("quota"))
async def test_the_docstring_states_the_quota_the_call_runs_under(row: str) -> None:
    said = quota_claim(_doc(row))
    assert said.kind != "unstated", f"{row}: its docstring says nothing of a quota"
    got = await seen(row)
    ran_under = {w.quota for w in got.waits}
    declared = {BY_NAME[e.endpoint].quota for e in got.starts}
    if said.kind == "none":
        assert ran_under == set() and declared == {None}, (row, ran_under)
        return
    assert ran_under, f"{row}: the docstring states a quota, the calls waited for none"
    # Which quota, or how much: a reader must be able to tell (its name is what ``quotas=``
    # overrides and the events report; its interval is Kakao's limit).
    assert said.names or said.interval is not None, f"{row}: neither the quota's name nor interval"
    # Every quota'd call waited under its endpoint's declared quota.
    assert ran_under == {q.name for q in declared if q is not None}, (row, ran_under, declared)
    if said.names:
        assert said.names == ran_under, (row, said.names, ran_under)
    for name in ran_under:
        quota = QUOTAS[name]
        if said.interval is not None:
            assert quota.interval == said.interval, (row, name, quota.interval, said.interval)
        if said.scope is not None:
            assert quota.scope == said.scope, (row, name, quota.scope, said.scope)
    for wait in got.waits:
        parts = wait.quota_key.split(":")
        scope = {2: "app" if parts[-1] == "app" else "account", 3: "user_account"}[len(parts)]
        assert parts[0] == wait.quota and scope == QUOTAS[wait.quota].scope, wait.quota_key
        if scope != "app":  # the key's account is the one the call was made for
            assert parts[-1] == str(wait.ad_account_id), (wait.quota_key, wait.ad_account_id)


@pytest.mark.parametrize("row", _params("header"))
async def test_the_ad_account_header_is_sent_unless_the_docstring_says_not(row: str) -> None:
    doc = _doc(row)
    got = await seen(row)
    headers = {r.ad_account_id for r in got.requests}
    if "no ``adAccountId`` header" in doc:
        assert headers == {None}, (row, headers)
    else:
        assert None not in headers, (row, headers)
        # The header names the account each call was made for (the events' ad_account_id).
        assert headers == {str(e.ad_account_id) for e in got.starts}, (row, headers)


@pytest.mark.parametrize("row", _params("name"))
async def test_the_events_and_the_job_use_the_rows_own_name(row: str) -> None:
    got = await seen(row)
    prefix, name = row.rsplit(".", 1)
    operation = f"{prefix}.{name.removeprefix('start_')}"
    bulk = operation.endswith(("_many", "set_configs"))
    if bulk:
        assert got.jobs == {operation}, (row, got.jobs)
    else:
        assert got.jobs == set(), (row, got.jobs)
        expected = SAME_OPERATION.get(row, row)
        assert {e.endpoint for e in got.starts} == {expected}, (row, got.starts)


@pytest.mark.parametrize("row", [r for r in sorted(ROWS) if ".reports." in r])
async def test_a_reports_ids_per_call_are_what_its_docstring_says(row: str) -> None:
    doc = _doc(row)
    stated = re.search(r"at most (\d+)\)|(\d+) per call", doc)
    got = await seen(row)
    endpoint = BY_NAME[row]
    if endpoint.name not in REPORT_MAX_IDS:
        assert stated is None and len(got.requests) == 1
        return
    assert stated, f"{row}: its docstring states no ids per call"
    most = int(stated.group(1) or stated.group(2))
    assert most == REPORT_MAX_IDS[endpoint.name]
    param = {"moment.reports.ad_accounts": "adAccountId"}.get(
        row,
        {"campaigns": "campaignId", "ad_groups": "adGroupId", "creatives": "creativeId"}.get(
            row.rsplit(".", 1)[1], ""
        ),
    )
    sizes = [len(dict(parse_qsl(r.query))[param].split(",")) for r in got.requests]
    assert max(sizes) == most and len(sizes) > 1, (row, sizes)  # the batches show


@pytest.mark.parametrize("row", [r for r in sorted(ROWS) if ".reports." in r])
async def test_a_report_sends_only_kakaos_query_parameter_names(row: str) -> None:
    # The names of Kakao's report page (developers.kakao.com, "보고서" / "Report"): datePreset,
    # start, end, timeUnit, dimension, metricsGroup, and each report's ids.
    kakaos = {"datePreset", "start", "end", "timeUnit", "dimension", "metricsGroup"}
    ids = {"adAccountId", "campaignId", "adGroupId", "creativeId"}
    for request in (await seen(row)).requests:
        assert {name for name, _ in parse_qsl(request.query)} <= kakaos | ids, request.query


#: What a docstring says of retries, and what it means after one transient 503.
_RETRY_CLAIMS = {
    "never retried once sent": False,
    "retried on transient failures": True,
    "a transient failure is retried": True,
}


def _retry_claim(row: str) -> bool | None:
    doc = _doc(row).lower()
    said = {retried for phrase, retried in _RETRY_CLAIMS.items() if phrase in doc}
    assert len(said) <= 1, row
    return said.pop() if said else None


@pytest.mark.parametrize("row", [r for r in sorted(ROWS) if _retry_claim(r) is not None])
async def test_what_a_docstring_says_of_retries_is_what_a_503_gets(row: str) -> None:
    retried = _retry_claim(row)
    (said, *_) = claims(_doc(row))
    async with FakeKakaoServer(quotas=FAST) as fake:
        world = _world(fake)
        prefix = said.path.split("{", 1)[0].rstrip("/")
        fake.fail_next(1, status=503, method=said.method, path=prefix)
        async with fake_client(fake, quotas=FAST, retry=FAST_RETRY) as kakao:
            if retried:
                result = await ROWS[row](kakao, world)
                assert not getattr(result, "failed", ()), result  # a bulk reports, never raises
            else:
                with pytest.raises(ka.KakaoServerError):
                    await ROWS[row](kakao, world)
        sent = [r for r in fake.requests if r.method == said.method]
    matching = [r for r in sent if _template(said.path).match(r.path)]
    assert all(r.status for r in matching)
    first = matching[0].path
    attempts = [r for r in matching if r.path == first]
    assert len(attempts) == (2 if retried else 1), (row, [(r.path, r.status) for r in sent])
    assert [r.status for r in attempts][-1] == (200 if retried else 503)
    endpoint = BY_NAME[SAME_OPERATION.get(row, row).replace("_many", "").replace("start_", "")]
    assert endpoint.idempotent is retried


# ----------------------------------------------------------------------------- the bodies

#: The JSON keys each write sends, as Kakao's pages and samples write them. Sources: the
#: creatives onOff sample (``{"id": 1234, "config": "ON"}``) and the keyword creative create
#: sample in ../shared/seeds/; developers.kakao.com "Kakao Moment API Reference" (paths and
#: limits) for the others, whose body field is the last path segment (onOff -> ``config``).
BODIES: dict[str, set[str]] = {
    "moment.creatives.set_config": {"id", "config"},
    "moment.campaigns.set_config": {"id", "config"},
    "moment.campaigns.set_daily_budget": {"id", "dailyBudgetAmount"},
    "moment.ad_groups.set_config": {"id", "config"},
    "moment.ad_groups.set_daily_budget": {"id", "dailyBudgetAmount"},
    "moment.ad_groups.set_bid_amount": {"id", "bidAmount"},
    "moment.ad_groups.set_pacing": {"id", "pacing"},
    "moment.ad_accounts.set_config": {"config"},
    "moment.ad_groups.create": {"campaign", "name"},
    "moment.ad_groups.update": {"id", "name"},
    "keyword.creatives.create": {"bizChannelId", "name", "title", "description"},
}


@pytest.mark.parametrize("row", sorted(BODIES))
async def test_each_write_sends_kakaos_field_names(row: str) -> None:
    got = await seen(row)
    writes = [r for r in got.requests if r.method in {"PUT", "POST"}]
    assert len(writes) == 1, (row, writes)
    assert set(writes[0].body) == BODIES[row], (row, writes[0].body)


def test_every_write_row_has_its_body_listed() -> None:
    writes = {
        row
        for row in ROWS
        if any(c.method in {"PUT", "POST"} for c in claims(_doc(row)))
        and not row.rsplit(".", 1)[1].startswith(("start_", "set_configs"))
    }
    assert writes == set(BODIES), sorted(writes ^ set(BODIES))


def test_the_docstring_parsers_read_the_projects_phrasings() -> None:
    # The forms the docstrings use, so a parser change cannot quietly pass everything.
    assert quota_claim("Quota ``campaigns.onOff`` (Kakao: 1 per second).") == QuotaClaim(
        "limited", frozenset({"campaigns.onOff"}), 1.0, None
    )
    assert quota_claim("Quota: one call per 5 s per app, shared") == QuotaClaim(
        "limited", frozenset(), 5.0, "app"
    )
    assert quota_claim("(1 per 5 s, shared; per user and ad account assumed)").scope == (
        "user_account"
    )
    assert quota_claim("one ad group (no quota).").kind == "none"
    assert quota_claim("Not quota'd.").kind == "none"
    assert quota_claim("a display or a message creative model.").kind == "unstated"
    assert claims("``GET /a/{b,c}/report?adAccountId=...`` then ``GET .../{id}``") == [
        Claim("GET", "/a/b/report", ("adAccountId",)),
        Claim("GET", "/a/c/report", ("adAccountId",)),
        Claim("GET", "/a/b/{id}", ()),
    ]
    assert _template("/x/{id}/y").match("/x/12/y") and not _template("/x/{id}").match("/x/1/y")
    assert list(itertools.chain(*[_expand("/{a,b}/{c,d}")])) == ["/a/c", "/a/d", "/b/c", "/b/d"]
