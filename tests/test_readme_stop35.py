"""README's and CHANGELOG's sentences changed this session (``git diff 63d58fb -- README.md``),
read literally by a newcomer, each checked against the library, the CLI (a real subprocess,
through a pipe or a pseudo-terminal), the example FastAPI app and the fake server (readme36)."""

from __future__ import annotations

import asyncio
import fcntl
import importlib.util
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import warnings
from pathlib import Path
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import FAST_RETRY, SECRETS, fake_client, sample

ROOT = Path(__file__).resolve().parent.parent


# --- Quotas: `kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1234)` ------------------------


async def test_the_quotas_example_prints_the_key_its_comment_says(fake: FakeKakaoServer) -> None:
    """README's `quotas=` example: `fast.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1234)`
    prints `creatives.onOff:1234` (the client's `account` scope), and that is the key its calls
    use."""
    creative = fake.add_moment_creative(ad_account_id=1234)
    async with ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1234,
        moment_base_url=fake.base_url,
        quotas={
            "reports.app": 0.05,
            "creatives.onOff": ka.Quota(name="creatives.onOff", interval=0.05, scope="account"),
        },
    ) as fast:
        assert fast.quotas["reports.app"].interval == 0.05
        key = fast.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1234)
        assert key == "creatives.onOff:1234"
        await fast.moment.creatives.set_config(creative.id, "OFF")
        assert [state.key for state in await fast.quota_snapshot()] == [key]


async def test_the_declared_scope_names_a_user_s_key(kakao: ka.KakaoClient) -> None:
    """'Scopes and the scheduler keys they make': `user_account` is `<name>:<user>:<ad account>`."""
    key = kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1234)
    assert key == f"creatives.onOff:{kakao.user_key}:1234"


def test_on_off_quota_is_the_same_object_deprecated_and_out_of_all() -> None:
    """CHANGELOG Deprecated: `ON_OFF_QUOTA` is `CREATIVE_ON_OFF_QUOTA`, warns, not in __all__."""
    assert "CREATIVE_ON_OFF_QUOTA" in ka.endpoints.__all__
    assert "ON_OFF_QUOTA" not in ka.endpoints.__all__
    with pytest.warns(DeprecationWarning, match="CREATIVE_ON_OFF_QUOTA"):
        old = ka.endpoints.ON_OFF_QUOTA
    assert old is ka.endpoints.CREATIVE_ON_OFF_QUOTA


async def test_set_quota_interval_warns_and_sets_the_quota(fake: FakeKakaoServer) -> None:
    """CHANGELOG Deprecated: `set_quota_interval(name, seconds)` does what `set_quota` does."""
    with pytest.warns(DeprecationWarning, match="set_quota"):
        fake.set_quota_interval("reports.app", 0.3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fake.set_quota("reports.app", 0.3)


# --- Bulk operations: the per-id bulks stop after a refused token -------------------------------


@pytest.mark.parametrize("call", ["moment.get_many", "keyword.get_many", "keyword.delete_many"])
async def test_per_id_bulks_stop_after_a_refused_token(fake: FakeKakaoServer, call: str) -> None:
    """'The per-id bulks (`get_many`, `delete_many`, ...) stop the same way: after the first such
    error, the ids not yet sent fail with it, unsent (at most `concurrency` calls were in
    flight)'."""
    api, method = call.split(".")
    if api == "moment":
        ids = fake.seed(ad_accounts=[1], creatives_per_account=40)[1]
    else:
        ids = fake.seed_keyword(ad_account_id=1, count=40)
    fake.revoke_token(DEFAULT_TOKEN)
    async with fake_client(fake, retry=FAST_RETRY) as kakao:
        service = getattr(kakao, api).creatives
        before = len(fake.requests)
        result = await getattr(service, method)(ids, concurrency=4)
    sent = len(fake.requests) - before
    assert 1 <= sent <= 4
    assert len(result.failed) == len(ids)
    assert all(isinstance(item.error, ka.KakaoAuthError) for item in result)
    # The unsent ids fail with the error that stopped the run, that very object.
    assert len({id(item.error) for item in result}) <= sent


async def test_a_refused_refresh_is_asked_once_per_call_in_flight_not_per_id(
    fake: FakeKakaoServer,
) -> None:
    """'a `RefreshingToken` whose refresh is refused is asked once per such call, not once per
    id' (CHANGELOG: 15 refreshes for 60 ids at concurrency 4 before)."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=60)[1]
    SECRETS.add("readme36-refresh-0f3c")
    refreshing = ka.RefreshingToken(
        client_id="readme36-unknown-app",
        refresh_token="readme36-refresh-0f3c",
        auth_url=fake.base_url,
    )
    async with fake_client(fake, refreshing, retry=FAST_RETRY) as kakao:
        result = await kakao.moment.creatives.get_many(ids, concurrency=4)
    assert len(result.failed) == 60
    assert all(isinstance(item.error, ka.KakaoAuthError) for item in result)
    assert 1 <= fake.oauth_requests <= 4


async def test_a_per_id_bulk_stops_after_a_quota_exhausted_answer(fake: FakeKakaoServer) -> None:
    """'A token Kakao refuses ... unsent, as `KakaoQuotaExhaustedError` does': -11 stops it too."""
    ids = fake.seed(ad_accounts=[1], creatives_per_account=20)[1]
    fake.fail_next(1, status=400, code=-11)
    async with fake_client(fake, retry=FAST_RETRY) as kakao:
        before = len(fake.requests)
        result = await kakao.moment.creatives.get_many(ids, concurrency=1)
    assert len(fake.requests) - before == 1
    assert all(isinstance(item.error, ka.KakaoQuotaExhaustedError) for item in result)


# --- Bulk operations: `BulkJob.map(stop_on=)`, `ka.errors.STOPPING_ERRORS` ----------------------


def test_stopping_errors_are_the_two_readme_names() -> None:
    assert (ka.KakaoAuthError, ka.KakaoQuotaExhaustedError) == ka.errors.STOPPING_ERRORS


async def test_map_stop_on_ends_early_and_lets_calls_in_flight_finish() -> None:
    """'once a call raises one of them, the items not yet started fail with that same error,
    unsent, and the calls in flight finish'."""
    refused = ka.KakaoAuthError(status=401, code=-401, method="GET", path="/x")
    started: list[int] = []
    release = asyncio.Event()

    async def fn(item: int) -> int:
        started.append(item)
        if item == 0:
            await asyncio.sleep(0)
            raise refused
        await release.wait()  # items 1 and 2 are in flight when 0 stops the run
        return item

    job = ka.BulkJob.map(range(10), fn, concurrency=3, stop_on=ka.errors.STOPPING_ERRORS)
    await asyncio.sleep(0.01)
    release.set()
    result = await job
    assert sorted(started) == [0, 1, 2]
    assert [item.value for item in result.succeeded] == [1, 2]
    assert all(result[i].error is refused for i in [0, *range(3, 10)])


async def test_map_without_stop_on_stops_on_nothing() -> None:
    """'`stop_on=` (an exception class or several; default none)'."""

    async def fn(item: int) -> int:
        raise ka.KakaoAuthError(status=401, code=-401)

    result = await ka.BulkJob.map(range(5), fn, concurrency=1)
    assert len({id(item.error) for item in result}) == 5


async def test_map_stop_on_takes_one_class_or_several() -> None:
    calls: list[int] = []

    async def fn(item: int) -> int:
        calls.append(item)
        raise KeyError(item)

    await ka.BulkJob.map(range(5), fn, concurrency=1, stop_on=KeyError)
    await ka.BulkJob.map(range(5), fn, concurrency=1, stop_on=[ValueError, LookupError])
    assert calls == [0, 0]


# --- Errors: the 1,000-character quote ----------------------------------------------------------


@pytest.mark.parametrize("field", ["detailMsg", "msg"])
async def test_an_error_message_quotes_1000_characters_and_keeps_the_whole_text(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, field: str
) -> None:
    """ "A `KakaoAPIError`'s message quotes Kakao's `detailMsg` (else `msg`) up to 1,000
    characters; the attributes keep the whole text"."""
    creative = fake.add_moment_creative(ad_account_id=1)
    reason = "가" * 999 + "나" * 1001
    body: dict[str, Any] = {"code": -813, "msg": "m" * 1500}
    if field == "detailMsg":
        body["extras"] = {"detailCode": 12345, "detailMsg": reason}
    else:
        body["msg"] = reason
    fake.respond_next(body, status=400)
    with pytest.raises(ka.KakaoAPIError) as caught:
        await kakao.moment.creatives.get(creative.id)
    message = str(caught.value)
    assert reason[:1000] in message and reason[:1001] not in message
    whole = caught.value.detail_msg if field == "detailMsg" else caught.value.msg
    assert whole == reason


def test_error_class_takes_the_codes_by_keyword_only() -> None:
    """CHANGELOG Changed: `error_class(status, *, code=None, detail_code=None)`."""
    with pytest.raises(TypeError):
        ka.errors.error_class(400, 33003)  # type: ignore[misc]
    assert ka.errors.error_class(400, detail_code=33003) is ka.KakaoNotFoundError


# --- Keyword Ad table rows ----------------------------------------------------------------------


async def test_keyword_list_page_and_limit_bounds(kakao: ka.KakaoClient) -> None:
    """'`page` from 0 to 2**31 - 1 (Kakao's `Integer`), `limit` 1 to 1,000'."""
    for page, limit in [(0, 1), (2**31 - 1, 1000)]:
        await kakao.keyword.creatives.list(biz_channel_id=1, page=page, limit=limit)
    for page, limit in [(-1, 10), (2**31, 10), (0, 0), (0, 1001)]:
        with pytest.raises(ka.KakaoInputError):
            await kakao.keyword.creatives.list(biz_channel_id=1, page=page, limit=limit)


@pytest.mark.parametrize("bad", [True, 0, -5, 2**70, 1.5, "abc", "\uff11\uff12"])
async def test_keyword_create_refuses_an_id_inside_as_an_id_argument(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, bad: object
) -> None:
    """'so is an id inside, `image_id` or `review_document_id`, that is not one, as an id
    argument is' (refused before sending, with the error an id argument gets)."""
    from kakao_async.models import Assets, License, Thumbnail

    with pytest.raises(ka.KakaoInputError) as as_argument:
        await kakao.keyword.creatives.get(bad)  # type: ignore[arg-type]
    for kwargs in (
        {"assets": Assets(thumbnail=Thumbnail(image_id=bad, text="t"))},  # type: ignore[arg-type]
        {"license": License(license_number="1", review_document_id=bad)},  # type: ignore[arg-type]
    ):
        with pytest.raises(type(as_argument.value)):
            await kakao.keyword.creatives.create(
                biz_channel_id=1, name="n", title="t", description="d", **kwargs
            )
    assert not fake.requests


async def test_keyword_create_takes_an_id_inside_as_text_digits(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    """An id argument takes ASCII digits as text (as Kakao's create sample writes them)."""
    from kakao_async.models import Assets, License, Thumbnail

    created = await kakao.keyword.creatives.create(
        biz_channel_id=1,
        name="n",
        title="t",
        description="d",
        license=License(license_number="1", review_document_id="9999999991"),  # type: ignore[arg-type]
        assets=Assets(thumbnail=Thumbnail(image_id="8888888881", text="t")),  # type: ignore[arg-type]
    )
    assert created.id


# --- How it works: the modules named --------------------------------------------------------------


def test_how_it_works_names_modules_that_hold_what_it_says() -> None:
    """'the attempt's HttpRequest (_http/_exchange.py)', '_http/_cause.py's without_credentials',
    'MockTransport (_http/_mock.py)', AiohttpTransport in _http/_transport.py."""
    import inspect

    from kakao_async._http import _cause

    def where(obj: object) -> str:
        path = Path(inspect.getsourcefile(obj))  # type: ignore[arg-type]
        return path.relative_to(ROOT / "kakao_async").as_posix()

    assert where(ka.HttpRequest) == "_http/_exchange.py"
    assert where(ka.MockTransport) == "_http/_mock.py"
    assert where(ka.AiohttpTransport) == "_http/_transport.py"
    assert callable(_cause.without_credentials)
    for name in ("_http/_attempt.py", "_auth.py", "_http/_pool.py", "_bulk.py", "_service.py"):
        assert (ROOT / "kakao_async" / name).is_file(), name


def test_the_benchmarks_readme_names_exist() -> None:
    """'**Bulk `set_configs`** (`python -m benchmarks.bench_bulk_set_configs`)'; CHANGELOG: the
    benchmark was `bench_bulk_toggle`."""
    sys.path.insert(0, str(ROOT))
    try:
        assert importlib.util.find_spec("benchmarks.bench_bulk_set_configs") is not None
        assert importlib.util.find_spec("benchmarks.bench_redis") is not None
        assert importlib.util.find_spec("benchmarks.bench_bulk_toggle") is None
    finally:
        sys.path.remove(str(ROOT))


# --- Command line, as a real process --------------------------------------------------------------


def _env(fake: FakeKakaoServer, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAKAO_")}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    env.update(
        KAKAO_ACCESS_TOKEN=DEFAULT_TOKEN,
        KAKAO_AD_ACCOUNT_ID="1",
        KAKAO_BASE_URL=fake.base_url,
        KAKAO_ON_OFF_INTERVAL="0.05",
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra)
    return env


def _cli(
    fake: FakeKakaoServer, *argv: str, stdin: bytes = b"", **env: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kakao_async", *argv],
        input=stdin,
        capture_output=True,
        env=_env(fake, **env),
        timeout=60,
        check=False,
    )


def test_keyword_delete_prints_deleted_id_on_stdout(kakao_fake: FakeKakaoServer) -> None:
    """'(`keyword delete`: `deleted ID`'."""
    (creative_id,) = kakao_fake.seed_keyword(ad_account_id=1, count=1)
    proc = _cli(kakao_fake, "keyword", "delete", str(creative_id))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == f"deleted {creative_id}\n"
    assert proc.stderr == b""


@pytest.mark.parametrize(
    "argv",
    [
        ("moment", "list", "--ad-group", "1"),
        ("--json", "moment", "list", "--ad-group", "1"),
        ("moment", "get", "{0}", "{1}"),
        ("moment", "off", "{0}", "{1}"),
        ("--json", "moment", "on", "{0}", "{1}"),
        ("moment", "delete", "{1}"),
        ("report", "account", "--preset", "LAST_7DAY", "--csv"),
    ],
)
def test_a_reader_that_quits_early_changes_no_exit_code(
    kakao_fake: FakeKakaoServer, argv: tuple[str, ...]
) -> None:
    """'a reader that quits early, `| head`, changes no exit code': here the reader is gone
    before the command writes a byte."""
    ids = kakao_fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    args = [a.format(*ids) for a in argv]
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone: every write to stdout is a broken pipe
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "kakao_async", *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=_env(kakao_fake),
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "error" not in err.lower(), err


BODY_NAME = "봄 세일 소재"


def _create_body() -> dict[str, Any]:
    body = sample("keyword_create_request.json")
    body["name"] = BODY_NAME
    return body


@pytest.mark.parametrize("console", ["latin-1", "ascii", "cp949"])
def test_stdin_is_read_as_utf8_whatever_the_console(
    kakao_fake: FakeKakaoServer, console: str
) -> None:
    """'A file or stdin is read as UTF-8 whatever the console's encoding'."""
    raw = json.dumps(_create_body(), ensure_ascii=False).encode("utf-8")
    proc = _cli(
        kakao_fake,
        "--json",
        "keyword",
        "create",
        "--file",
        "-",
        stdin=raw,
        PYTHONIOENCODING=console,
    )
    assert proc.returncode == 0, proc.stderr
    (created,) = json.loads(proc.stdout.decode(console))["results"]
    assert kakao_fake.keyword_creative(created["id"]).name == BODY_NAME


@pytest.mark.parametrize(
    "argv", [("keyword", "create", "--file", "-"), ("moment", "off", "--from-file", "-")]
)
def test_cp949_bytes_on_stdin_are_a_usage_error_and_nothing_is_sent(
    kakao_fake: FakeKakaoServer, argv: tuple[str, ...]
) -> None:
    """'(cp949 bytes are a usage error, exit 2)', and exit 2 means nothing was sent."""
    (creative_id,) = kakao_fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    text = json.dumps(_create_body(), ensure_ascii=False) if argv[0] == "keyword" else ""
    text = text or f"{creative_id}  # {BODY_NAME}\n"
    before = len(kakao_fake.requests)
    proc = _cli(kakao_fake, *argv, stdin=text.encode("cp949"), PYTHONIOENCODING="cp949")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.decode("cp949").startswith("error: ")
    assert len(kakao_fake.requests) == before


LONG_NAME = "봄맞이 특가 세일 " * 12 + "끝"


def test_a_piped_table_is_as_wide_as_its_widest_row(kakao_fake: FakeKakaoServer) -> None:
    """'piped or redirected a table is as wide as its widest row': a long name stays on one
    line, whole."""
    kakao_fake.add_moment_creative(ad_account_id=1, ad_group_id=7, name=LONG_NAME)
    for argv in (("moment", "list", "--ad-group", "7"),):
        proc = _cli(kakao_fake, *argv)
        assert proc.returncode == 0, proc.stderr
        assert LONG_NAME in proc.stdout.decode(), proc.stdout.decode()


def _on_a_terminal(fake: FakeKakaoServer, columns: int, *argv: str) -> str:
    """What ``kakao-async argv`` shows on a terminal ``columns`` wide (a pseudo-terminal)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kakao_async", *argv],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=_env(fake, TERM="xterm"),
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.decode("utf-8", "replace"))


def test_a_narrow_terminal_keeps_ids_whole(kakao_fake: FakeKakaoServer) -> None:
    """'ids ... keep their width, a terminal too narrow for them gets the table as wide as they
    need'."""
    ids = kakao_fake.seed_keyword(ad_account_id=1, count=3)
    screen = _on_a_terminal(kakao_fake, 20, "keyword", "list", "--biz-channel", "1")
    for creative_id in ids:
        assert str(creative_id) in screen


def test_a_narrow_terminal_folds_a_hangul_name_rather_than_dropping_it(
    kakao_fake: FakeKakaoServer,
) -> None:
    """'a table cuts no cell: ... a long name folds onto more lines'. Keyword Ad names are
    Korean; on a 30-column terminal `keyword list` showed `1` where the name `소재1` was and
    nothing where the title `타이틀` was."""
    kakao_fake.add_keyword_creative(ad_account_id=1, name="봄세일", title="타이틀")
    screen = _on_a_terminal(kakao_fake, 30, "keyword", "list", "--biz-channel", "1")
    missing = [ch for ch in "봄세일타이틀" if ch not in screen]
    assert not missing, f"lost {missing}:\n{screen}"


# --- The FastAPI example --------------------------------------------------------------------------


def _example() -> Any:
    spec = importlib.util.spec_from_file_location(
        "fastapi_app_readme36", ROOT / "examples" / "fastapi_app.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the models' annotations through it
    spec.loader.exec_module(module)
    return module


async def test_the_fastapi_example_paragraph(fake: FakeKakaoServer) -> None:
    """'switch one (`PUT /creatives/{id}/config`), start a `set_configs` run as a background job
    (`POST /set-configs` answers 202 at once) and follow it (`GET /set-configs/{id}`: done,
    failed, ETA, then per-item results; `/bulk-toggles` ... still answers, marked deprecated in
    its OpenAPI)'."""
    pytest.importorskip("fastapi")
    from tests.asgi import serve

    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    app = _example().create_app(
        token=DEFAULT_TOKEN, ad_account_id=1, base_url=fake.base_url, on_off_interval=0.05
    )
    async with serve(app) as service:
        switched = await service.put(f"/creatives/{ids[0]}/config", json={"config": "OFF"})
        assert switched.status_code == 200 and switched.json() == {"id": ids[0], "config": "OFF"}
        assert fake.moment_creative(ids[0]).config == "OFF"
        for path in ("/set-configs", "/bulk-toggles"):
            changes = [{"creativeId": i, "config": "OFF"} for i in ids[1:]]
            started = await service.post(path, json={"changes": changes})
            assert started.status_code == 202
            job_id = started.json()["jobId"]
            status: dict[str, Any] = {}
            for _ in range(200):
                status = (await service.get(f"{path}/{job_id}")).json()
                if status["state"] == "done":
                    break
                await asyncio.sleep(0.02)
            assert {"done", "failed", "eta", "results"} <= set(status)
            assert status["failed"] == 0 and len(status["results"]) == 2
        paths = (await service.get("/openapi.json")).json()["paths"]
    assert paths["/creatives/{creative_id}/config"]["put"]
    assert "deprecated" not in paths["/set-configs"]["post"]
    assert "deprecated" not in paths["/set-configs/{job_id}"]["get"]
    assert paths["/bulk-toggles"]["post"]["deprecated"] is True
    assert paths["/bulk-toggles/{job_id}"]["get"]["deprecated"] is True


# --- Metrics / OpenTelemetry attribute names ------------------------------------------------------


async def test_otel_emits_the_attribute_names_readme_lists(fake: FakeKakaoServer) -> None:
    """Every span attribute, span event attribute and metric attribute README names, as
    emitted (a quota wait, a 429 -10 answer that is retried, a failed call)."""
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from kakao_async.otel import instrument

    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])

    ids = fake.seed(ad_accounts=[1], creatives_per_account=2)[1]
    async with fake_client(fake, on_off_interval=0.2, retry=FAST_RETRY) as kakao:
        instrument(kakao, tracer_provider=tracer_provider, meter_provider=meter_provider)
        await kakao.moment.creatives.set_config(ids[0], "OFF")
        fake.fail_next(1, status=429, code=-10, retry_after=0.05)
        await kakao.moment.creatives.set_config(ids[1], "OFF")  # waits, refused, requeued
        fake.fail_next(1, status=503)
        await kakao.moment.creatives.get(ids[0])  # retried
        with pytest.raises(ka.KakaoNotFoundError):
            await kakao.moment.creatives.get(999_999)

    finished = spans.get_finished_spans()
    span_names = {"http.request.method", "url.template", "http.response.status_code"}
    span_names |= {"kakao.endpoint", "kakao.ad_account_id", "kakao.outcome", "kakao.attempts"}
    span_names |= {"kakao.retries", "kakao.quota_wait", "error.type"}
    seen = set().union(*(set(s.attributes or {}) for s in finished))
    assert span_names <= seen, span_names - seen
    events = {e.name: set(e.attributes or {}) for s in finished for e in s.events}
    assert events["retry"] == {"kakao.retry.action", "error.type", "kakao.retry.delay"}
    assert events["rate_limited"] >= {"kakao.quota.deferred"}
    assert events["rate_limited"] <= {"kakao.quota.deferred", "kakao.retry_after"}

    data = reader.get_metrics_data()
    assert data is not None
    metrics: dict[str, set[str]] = {}
    for resource in data.resource_metrics:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                for point in metric.data.data_points:
                    metrics.setdefault(metric.name, set()).update(point.attributes or {})
    assert metrics["kakao_async.calls"] == {
        "kakao.endpoint",
        "http.request.method",
        "url.template",
        "kakao.outcome",
        "http.response.status_code",
        "error.type",
    }
    assert metrics["kakao_async.call.duration"] == {"kakao.endpoint", "kakao.outcome"}
    assert metrics["kakao_async.retries"] == {"kakao.endpoint", "kakao.retry.action", "error.type"}
    assert metrics["kakao_async.rate_limited"] == {"kakao.endpoint", "http.response.status_code"}
    assert metrics["kakao_async.quota.wait"] == {"kakao.quota.name", "kakao.endpoint"}


def test_a_narrow_terminal_keeps_a_record_s_id_and_hangul(kakao_fake: FakeKakaoServer) -> None:
    """'ids ... keep their width, a terminal too narrow for them gets the table as wide as they
    need, a long name folds': `campaigns get` on a 28-column terminal."""
    (campaign,) = kakao_fake.seed_hierarchy(ad_accounts=[1], campaigns_per_account=1)[1].campaigns
    screen = _on_a_terminal(kakao_fake, 28, "campaigns", "get", str(campaign))
    assert f"│ {campaign} " in screen, screen
    assert "운영중" in screen, screen


@pytest.mark.parametrize("columns", [40, 80])
def test_the_top_level_help_fits_the_terminal(kakao_fake: FakeKakaoServer, columns: int) -> None:
    """CHANGELOG Fixed (cliops32): '`--help` never wrapped narrower than click's 50 columns, so
    a 40-column pane broke words' -- fixed for every help, the first one a user reads too."""
    from rich.cells import cell_len

    screen = _on_a_terminal(kakao_fake, columns, "--help")
    wide = [line for line in screen.replace("\r", "").split("\n") if cell_len(line) > columns]
    assert not wide, wide


def test_the_cli_quotes_1000_characters_of_kakao_s_reason(kakao_fake: FakeKakaoServer) -> None:
    """CHANGELOG Fixed: 'the CLI's error line and `--json` message quoted a 1 MB `detailMsg`
    whole (the 1,000-character cut now applies there too)'."""
    (creative_id,) = kakao_fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    reason = "가" * 1000 + "나" * 4000
    body = {"code": -813, "msg": "x", "extras": {"detailCode": 33003, "detailMsg": reason}}
    kakao_fake.respond_next(body, status=400, count=2)
    proc = _cli(kakao_fake, "--json", "moment", "get", str(creative_id))
    assert proc.returncode == 1, proc.stderr
    (entry,) = json.loads(proc.stdout)["errors"]
    assert reason[:1000] in entry["error"]["message"]
    assert "나" not in entry["error"]["message"]
    proc = _cli(kakao_fake, "moment", "get", str(creative_id))
    assert proc.returncode == 1
    line = proc.stderr.decode()
    assert reason[:1000] in line and "나" not in line


MARKUP = "[mo] 봄 세일 :fire: [/] [bold]x"


@pytest.mark.parametrize(
    "argv",
    [
        ("moment", "list", "--ad-group", "7"),
        ("moment", "get", "{moment}"),
        ("keyword", "list", "--biz-channel", "3"),
        ("keyword", "get", "{keyword}"),
    ],
)
def test_names_are_printed_as_sent_not_as_markup(
    kakao_fake: FakeKakaoServer, argv: tuple[str, ...]
) -> None:
    """CHANGELOG Fixed: 'CLI tables and error lines read names ... as rich markup (`[mo] 봄 세일`
    lost `[mo]`, `:fire:` became an emoji, and a `[/]` crashed the command ...): printed as
    sent'; piped and on a terminal too narrow for the table (its own console)."""
    moment = kakao_fake.add_moment_creative(ad_account_id=1, ad_group_id=7, name=MARKUP)
    keyword = kakao_fake.add_keyword_creative(ad_account_id=1, biz_channel_id=3, name=MARKUP)
    args = [a.format(moment=moment.id, keyword=keyword.id) for a in argv]
    proc = _cli(kakao_fake, *args)
    assert proc.returncode == 0, proc.stderr
    assert MARKUP in proc.stdout.decode()
    screen = _on_a_terminal(kakao_fake, 24, *args)
    assert "🔥" not in screen and "bug" not in screen


def test_a_failed_row_quotes_kakao_s_reason_as_sent(kakao_fake: FakeKakaoServer) -> None:
    """'`on`/`off`/`moment delete` a `failed` row per id', Kakao's reason as sent."""
    (creative_id,) = kakao_fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
    reason = "소재 [/] :fire: [bold]상태"
    body = {"code": -813, "msg": "x", "extras": {"detailCode": 31999, "detailMsg": reason}}
    kakao_fake.respond_next(body, status=400, method="DELETE")
    proc = _cli(kakao_fake, "moment", "delete", str(creative_id))
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout.decode()
    assert "failed" in out and reason in out.replace("\n", "")


async def test_a_transport_error_keeps_aiohttp_s_cause_without_the_authorization_header() -> None:
    """How it works: 'aiohttp's error kept as the cause, its Authorization header dropped by
    _http/_cause.py's without_credentials' (a bad status line from a server on loopback)."""
    token = "readme36-secret-token-7f2a9c"
    SECRETS.add(token)  # the suite's end-of-run check looks for it in every log record

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 abc Broken\r\nContent-Length: 2\r\n\r\n{}")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with ka.KakaoClient(
            token, ad_account_id=1, moment_base_url=f"http://127.0.0.1:{port}", retry=FAST_RETRY
        ) as kakao:
            with pytest.raises(ka.KakaoTransportError) as caught:
                await kakao.moment.creatives.get(5)
    finally:
        server.close()
        await server.wait_closed()
    cause = caught.value.__cause__
    assert cause is not None and type(cause).__module__.startswith("aiohttp")
    headers = dict(cause.request_info.headers)  # type: ignore[attr-defined]
    assert "adAccountId" in headers and "Authorization" not in headers
    assert token not in repr(cause) and token not in str(headers)


@pytest.mark.parametrize(
    "argv",
    [
        ("campaigns", "list"),
        ("ad-groups", "list", "--campaign", "{campaign}"),
        ("campaigns", "get", "{campaign}"),
        ("ad-groups", "get", "{ad_group}"),
        ("moment", "get", "{creative}"),
        ("moment", "history", "--all", "{creative}"),
    ],
)
def test_piped_lists_records_and_history_keep_a_long_name_whole(
    kakao_fake: FakeKakaoServer, argv: tuple[str, ...]
) -> None:
    """CHANGELOG Fixed (cliops32): 'piped `moment list`, `campaigns list`, `ad-groups list`,
    `history` and the `get` records were cut at 80 columns'."""
    campaign = kakao_fake.add_campaign(ad_account_id=1, name=LONG_NAME)
    ad_group = kakao_fake.add_ad_group(campaign_id=campaign.id, name=LONG_NAME)
    creative = kakao_fake.add_moment_creative(
        ad_account_id=1,
        ad_group_id=ad_group.id,
        name=LONG_NAME,
        system_config="ADMIN_STOP",
        admin_stop_reason=LONG_NAME,
    )
    args = [
        a.format(campaign=campaign.id, ad_group=ad_group.id, creative=creative.id) for a in argv
    ]
    proc = _cli(kakao_fake, *args)
    assert proc.returncode == 0, proc.stderr
    assert LONG_NAME in proc.stdout.decode(), proc.stdout.decode()
