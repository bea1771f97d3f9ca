"""The public surface, audited mechanically (names31): one name per thing, every public name
documented, keyword-only arguments, informative reprs.

The project's style rules: one name per operation everywhere (code, CLI, docs, logs, events,
metrics, OpenTelemetry names); every public name and option documented (README.md or
docs/reference.md); keyword-only API arguments; renamed names kept as deprecated aliases.
Each defect the audit found failed here before its fix.

Already covered elsewhere, so not repeated here: every ``__all__`` name imports and has a
docstring (test_docstrings.py), is in README or docs (test_reference.py); README's call
signatures exist (test_readme_names.py); service docstrings tell the truth about method, path,
quota and operation name (test_docstring_truth.py).
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import click
import pytest

import kakao_async as ka
from kakao_async import endpoints
from kakao_async.testing import FakeKakaoServer
from tests.test_docs_otel import Otel, run_calls
from tests.test_docstrings import PACKAGES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "kakao_async"


def section(title: str) -> str:
    """README's ``## title`` section, up to the next ``## ``."""
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def public_classes() -> Iterator[tuple[str, type]]:
    """Every class of every public ``__all__`` that kakao_async defines, once."""
    seen: set[type] = set()
    for package in PACKAGES:
        module = importlib.import_module(package)
        for name in module.__all__:
            obj = getattr(module, name)
            if (
                inspect.isclass(obj)
                and obj.__module__.startswith("kakao_async")
                and obj not in seen
            ):
                seen.add(obj)
                yield name, obj


def own_members(cls: type, kinds: tuple[type, ...]) -> list[str]:
    """Public names ``cls`` itself defines whose value is one of ``kinds`` (attrs fields aside)."""
    fields = {f.name for f in attrs.fields(cls)} if attrs.has(cls) else set()
    return [
        name
        for name, member in vars(cls).items()
        if not name.startswith("_") and name not in fields and isinstance(member, kinds)
    ]


# ----------------------------------------------------------------------------- README's names


def logger_and_metric_names() -> set[str]:
    """``kakao_async.*`` names that are loggers or metrics, not modules."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r'getLogger\("kakao_async\.([\w.]+)"\)', text))
        names |= set(re.findall(r'create_(?:counter|histogram)\(\s*"kakao_async\.([\w.]+)"', text))
    return names


def resolve(root: Any, dotted: str) -> Any:
    obj = root
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def test_every_name_readme_spells_out_exists() -> None:
    """``ka.X``, ``ka.endpoints.X``, ``kakao.moment.x.y`` and ``kakao_async.module.X`` in README
    (prose and code) all resolve: nothing documented is missing from the code."""
    client = ka.KakaoClient("t", ad_account_id=1)
    skip = logger_and_metric_names()
    assert {"http", "calls", "quota.wait"} <= skip  # the scan found the loggers and metrics
    missing = []
    spelled = set(re.findall(r"\bka\.([A-Za-z_][\w.]*\w)", README))
    for dotted in sorted(spelled):
        try:
            resolve(ka, dotted)
        except AttributeError:
            missing.append(f"ka.{dotted}")
    spelled = set(re.findall(r"\bkakao\.((?:moment|keyword)(?:\.\w+)*)", README))
    for dotted in sorted(spelled):
        try:
            resolve(client, dotted)
        except AttributeError:
            missing.append(f"kakao.{dotted}")
    for dotted in sorted(set(re.findall(r"\bkakao_async\.([a-z]\w*(?:\.\w+)*)", README))):
        if dotted in skip:
            continue
        module, _, rest = dotted.partition(".")
        try:
            obj = importlib.import_module(f"kakao_async.{module}")
            if rest:
                resolve(obj, rest)
        except (ImportError, AttributeError):
            missing.append(f"kakao_async.{dotted}")
    assert len(spelled) > 20
    assert missing == []


def test_every_endpoint_name_is_the_method_that_calls_it() -> None:
    """An endpoint's name (events' ``endpoint``, OpenTelemetry's ``kakao.endpoint``, the
    reference) is the path to the client method that calls it: one name per operation."""
    client = ka.KakaoClient("t", ad_account_id=1)
    wrong = []
    for endpoint in endpoints.ENDPOINTS:
        try:
            method = resolve(client, endpoint.name)
        except AttributeError:
            wrong.append(endpoint.name)
            continue
        if not callable(method):
            wrong.append(endpoint.name)
    assert wrong == []


# ----------------------------------------------------------------------------- keyword-only

#: README: "A method takes the object's id (and, for a setter, the new value ...) positionally,
#: and everything else by keyword." The bulk calls take their items, the ad group writes their
#: body, and ``ad_accounts.get`` / ``ad_accounts.set_config`` (the account is the object).
POSITIONAL = {
    "creative_id",
    "campaign_id",
    "ad_group_id",
    "ad_account_id",
    "config",
    "amount",
    "pacing",
    "body",
    "changes",
    "creative_ids",
}


def service_methods() -> Iterator[tuple[str, Any]]:
    """``moment.set_configs`` and every public method of every service of both areas."""
    client = ka.KakaoClient("t", ad_account_id=1)
    for area in ("moment", "keyword"):
        api = getattr(client, area)
        for name in (n for n in dir(api) if not n.startswith("_")):
            member = getattr(api, name)
            if callable(member):
                yield f"{area}.{name}", member
                continue
            for method_name in (n for n in dir(member) if not n.startswith("_")):
                yield f"{area}.{name}.{method_name}", getattr(member, method_name)


def test_service_methods_take_only_the_object_and_its_value_positionally() -> None:
    methods = dict(service_methods())
    assert len(methods) > 40
    wrong = {}
    for path, method in methods.items():
        params = inspect.signature(method).parameters.values()
        positional = [p.name for p in params if p.kind is not p.KEYWORD_ONLY]
        if not set(positional) <= POSITIONAL or len(positional) > 2:
            wrong[path] = positional
    assert wrong == {}


def test_error_class_takes_its_codes_by_keyword() -> None:
    """``error_class(400, 33003)`` reads the detail code as Kakao's ``code``: two ints side by
    side. Its sibling ``error_for_response`` takes everything by keyword."""
    params = inspect.signature(ka.errors.error_class).parameters
    assert params["code"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["detail_code"].kind is inspect.Parameter.KEYWORD_ONLY


# ----------------------------------------------------------------------------- one name each


def names_per_object() -> list[tuple[str, list[str]]]:
    """Objects that one public ``__all__`` lists under more than one name."""
    found = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        by_id: dict[int, list[str]] = {}
        for name in module.__all__:
            obj = getattr(module, name)
            if not isinstance(obj, int | float | str | bytes | type(None)):
                by_id.setdefault(id(obj), []).append(name)
        found += [(package, names) for names in by_id.values() if len(names) > 1]
    return found


#: README documents both on purpose ("ka.ConfigChange(...)  # a creative; also
#: ka.CreativeConfigChange") and ConfigChange is 0.2.0's: a synonym, not a rename.
SYNONYMS = [("kakao_async", ["ConfigChange", "CreativeConfigChange"])]


def test_the_name_scan_finds_the_documented_synonym() -> None:
    assert set(map(str, SYNONYMS)) <= set(map(str, names_per_object()))


def test_each_public_object_has_one_name() -> None:
    assert [found for found in names_per_object() if found not in SYNONYMS] == []
    assert re.search(r"\bON_OFF_QUOTA\b", README) is None


def test_the_fake_changes_a_quota_through_one_method() -> None:
    fake = FakeKakaoServer()
    fake.set_quota("campaigns.onOff", 0.2)
    if hasattr(FakeKakaoServer, "set_quota_interval"):
        with pytest.warns(DeprecationWarning, match=r"\bset_quota\b"):
            fake.set_quota_interval("campaigns.onOff", 0.1)


#: The operation is ``set_config`` / ``set_configs`` everywhere (CHANGELOG: "The bulk module is
#: moment/_set_configs.py (was _toggle.py): one name for the operation").
TOGGLE = re.compile(r"toggl", re.IGNORECASE)


def test_user_facing_files_call_the_operation_by_its_one_name() -> None:
    places = [ROOT / "README.md", *sorted((ROOT / "examples").glob("*.py"))]
    places += sorted((ROOT / "benchmarks").glob("*.py"))
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in places
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        # The example's first paths, /bulk-toggles, answer on as deprecated aliases.
        if TOGGLE.search(line) and "deprecated" not in line
    ]
    found += [str(p.relative_to(ROOT)) for p in places if TOGGLE.search(p.name)]
    assert found == []


# ----------------------------------------------------------------------------- the reference


def test_the_reference_lists_each_public_method_with_its_docstring() -> None:
    """README: docs/reference.md has "each public class's own methods with their signatures and
    docstrings"; plain methods are there."""
    missing = [
        f"{name}.{method}"
        for name, cls in public_classes()
        for method in own_members(cls, (type(lambda: None),))
        if f"#### `{name}.{method}`" not in REFERENCE
    ]
    assert missing == []


def test_the_reference_lists_class_and_static_methods() -> None:
    found = [
        f"{name}.{method}"
        for name, cls in public_classes()
        for method in own_members(cls, (classmethod, staticmethod))
    ]
    assert "BulkJob.map" in found
    assert [m for m in found if f"#### `{m}`" not in REFERENCE] == []


def test_the_reference_lists_every_public_property() -> None:
    found = [
        f"{name}.{prop}" for name, cls in public_classes() for prop in own_members(cls, (property,))
    ]
    assert {"BulkJob.completed", "ItemResult.applied", "Progress.fraction"} <= set(found)
    assert [p for p in found if f"#### `{p}`" not in REFERENCE] == []


# ----------------------------------------------------------------------------- OpenTelemetry


@pytest.fixture
def otel() -> Iterator[Otel]:
    otel = Otel()
    yield otel
    otel.meter_provider.shutdown()
    otel.tracer_provider.shutdown()


def readme_metric_attributes() -> dict[str, set[str]]:
    """README's "**Metrics**" bullet: per metric, the attribute names after the last colon."""
    bullet = " ".join(section("Metrics, tracing and logs").split("- **Metrics**:", 1)[1].split())
    listed = {}
    for metric, inside in re.findall(r"`(kakao_async\.[\w.]+)` \(([^()]*)\)", bullet):
        names = inside.rsplit(": ", 1)[1].replace("`", "")
        listed[metric] = {n.strip() for n in names.split(",")}
    return listed


def readme_span_attributes() -> set[str]:
    text = " ".join(section("Metrics, tracing and logs").split())
    sentence = text.split("Its attributes are ", 1)[1].split(". It also gets", 1)[0]
    return set(re.findall(r"`([\w.]+)`", sentence))


async def test_readme_lists_the_five_metrics(fake: FakeKakaoServer, otel: Otel) -> None:
    await run_calls(fake, otel)
    assert set(readme_metric_attributes()) == set(otel.metrics())


async def test_readme_names_each_metric_attribute_as_emitted(
    fake: FakeKakaoServer, otel: Otel
) -> None:
    await run_calls(fake, otel)
    emitted = {
        metric: {key for point in points for key in point.attributes}
        for metric, points in otel.metrics().items()
    }
    assert readme_metric_attributes() == emitted


async def test_readme_lists_every_span_attribute(fake: FakeKakaoServer, otel: Otel) -> None:
    await run_calls(fake, otel)
    emitted = {key for span in otel.spans.get_finished_spans() for key in span.attributes or {}}
    assert "kakao.quota_wait" in readme_span_attributes()
    assert emitted == readme_span_attributes()


def attribute_names(otel: Otel) -> set[str]:
    names = set()
    for span in otel.spans.get_finished_spans():
        names |= set(span.attributes or {})
        for event in span.events:
            names |= set(event.attributes or {})
    for points in otel.metrics().values():
        for point in points:
            names |= set(point.attributes)
    return names


async def test_no_attribute_name_is_the_namespace_of_another(
    fake: FakeKakaoServer, otel: Otel
) -> None:
    await run_calls(fake, otel)
    names = attribute_names(otel)
    assert {"kakao.endpoint", "kakao.retry.action"} <= names
    assert sorted((a, b) for a in names for b in names if b.startswith(f"{a}.")) == []


# ----------------------------------------------------------------------------- the CLI


def commands() -> Iterator[tuple[str, click.Command]]:
    from kakao_async.cli._app import cli

    def walk(command: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
        yield path, command
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from walk(sub, f"{path} {name}".strip())

    yield from walk(cli, "")


def test_every_cli_option_has_help_and_is_in_readme() -> None:
    cli_section = section("Command line")
    options = {}
    undocumented = []
    for path, command in commands():
        assert (command.help or "").strip(), f"{path or 'kakao-async'} has no help"
        for param in command.params:
            if not isinstance(param, click.Option):
                continue
            name = max(param.opts, key=len)
            options[name] = path
            if not (param.help or "").strip():
                undocumented.append(f"{path} {name}: no help")
            if name not in cli_section and name not in ("--help",):
                undocumented.append(f"{path} {name}: not in README")
    assert len(options) > 20
    assert undocumented == []
    # README's flags (the fake's own --seed-* and --port aside) are the CLI's.
    fake_flags = {"--port", "--seed-accounts", "--seed-creatives", "--seed-campaigns"}
    fake_flags |= {"--seed-keyword", "--help"}
    typed = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", cli_section)) - fake_flags
    assert typed <= set(options)


def test_every_environment_variable_is_in_readmes_table() -> None:
    table = section("Command line").split("| environment variable | same as |", 1)[1]
    variables = {
        str(param.envvar)
        for _, command in commands()
        for param in command.params
        if isinstance(param, click.Option) and param.envvar
    }
    assert variables >= {"KAKAO_AD_ACCOUNT_ID", "KAKAO_BASE_URL", "KAKAO_QUOTAS"}
    assert [v for v in variables if f"`{v}`" not in table] == []


def test_every_command_readme_types_exists() -> None:
    from kakao_async.cli._app import cli

    typed = re.findall(r"^kakao-async ((?:[a-z][\w-]* ?)+)", README, re.MULTILINE)
    typed += re.findall(r"^\| `([a-z][^`]*)`", section("Command line"), re.MULTILINE)
    assert len(typed) > 20
    missing = []
    for line in typed:
        first, *rest = re.split(r"[\s/]+", line.strip())
        command = cli.commands.get(first)
        group = isinstance(command, click.Group)
        if command is None or (group and rest[0] not in command.commands):
            missing.append(line)
    assert missing == []


# ----------------------------------------------------------------------------- reprs


async def test_reprs_are_short_informative_and_hold_no_secret() -> None:
    token = "Tok3n-that-must-not-show-0123456789"
    tokens = ka.RefreshingToken(
        client_id="cid", refresh_token="R3fresh-secret-0123456789", client_secret="Cl1ent-secret"
    )
    mock = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, b'{"content": []}'))
    async with ka.KakaoClient(token, ad_account_id=1, transport=mock) as kakao:
        job = kakao.moment.creatives.start_set_configs([(1, "OFF")])
        result = await job
        await kakao.moment.creatives.list(ad_group_id=5)
        shown = [
            kakao,
            kakao.moment,
            kakao.moment.creatives,
            kakao.moment.reports,
            kakao.keyword.creatives,
            kakao.rate_limiter,
            tokens,
            ka.StaticToken(token),
            ka.Secret(token),
            job,
            result,
            job.progress,
            result[0],
            ka.RetryPolicy(),
            endpoints.MOMENT_CREATIVE_SET_CONFIG,
            endpoints.CREATIVE_ON_OFF_QUOTA,
            mock.requests[0],
        ]
        texts = [repr(obj) for obj in shown]
    for text in texts:
        assert " object at 0x" not in text, text
        assert len(text) < 600, text
        for secret in (token, "R3fresh-secret", "Cl1ent-secret"):
            assert secret not in text, text


def default_repr_objects() -> dict[str, Any]:
    from kakao_async.fastapi import BulkJobs
    from kakao_async.otel import OpenTelemetryObserver

    handler = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, b"{}"))
    return {
        "KeywordAPI": ka.KakaoClient("t", ad_account_id=1).keyword,
        "MockTransport": handler,
        "AiohttpTransport": ka.AiohttpTransport(),
        "BulkJobs": BulkJobs(),
        "OpenTelemetryObserver": OpenTelemetryObserver(),
    }


@pytest.mark.parametrize(
    "name",
    ["KeywordAPI", "MockTransport", "AiohttpTransport", "BulkJobs", "OpenTelemetryObserver"],
)
def test_public_objects_say_what_they_are(name: str) -> None:
    """``repr(kakao.moment)`` is ``<MomentAPI ad_accounts, campaigns, ...>``; its Keyword Ad
    sibling, the transports, the FastAPI registry and the OpenTelemetry observer show an
    address."""
    text = repr(default_repr_objects()[name])
    assert " object at 0x" not in text, text


def test_a_response_repr_does_not_dump_its_body() -> None:
    response = ka.HttpResponse(200, {"Content-Type": "application/json"}, b"x" * 1_000_000)
    assert len(repr(response)) < 1_000
    assert "200" in repr(response)


def test_the_default_repr_probe_finds_an_address() -> None:
    """The probe above can fail: an object without a repr of its own shows its address."""

    class Plain:
        pass

    assert " object at 0x" in repr(Plain())


def test_a_refreshing_token_s_repr_names_its_attribute() -> None:
    token = ka.RefreshingToken(client_id="app", refresh_token="a-refresh-token-0123456789")
    assert repr(token) == f"RefreshingToken(user_key={token.user_key!r}, refresh_count=0)"
    assert "a-refresh-token" not in repr(token)
