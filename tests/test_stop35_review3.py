"""review38: CHANGELOG's Unreleased claims checked against the code, and the newest code attacked
(``cli/_epilog.py`` and the help around it, ``_plugins._awaitable_method``, how
``_client._transport`` tells the library's own transport from the user's, ``scrub_text``).
The strict xfails are defects found here; the others pin what held up."""

from __future__ import annotations

import asyncio
import functools
import re
import warnings
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN
from tests.terminal import top_level_help

ROOT = Path(__file__).resolve().parent.parent
EMPTY = ka.HttpResponse(200, {}, b'{"content": []}')
ONE_TRY = ka.RetryPolicy(attempts=1)
TOKEN = "review38-token-5f0c9e7d2b"


def client(transport: Any, token: str = DEFAULT_TOKEN) -> ka.KakaoClient:
    return ka.KakaoClient(token, ad_account_id=1, transport=transport, retry=ONE_TRY)


# --- a transport of one's own: its KakaoError's text is scrubbed of the token ----------------


class Raising:
    """A transport of the user's that fails each exchange with ``make(request)``."""

    def __init__(self, make: Any) -> None:
        self.make = make

    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        raise self.make(request)

    async def aclose(self) -> None:
        pass


async def raised_by(make: Any) -> BaseException:
    async with client(Raising(make), TOKEN) as kakao:
        with pytest.raises(ka.KakaoTransportError) as caught:
            await kakao.moment.campaigns.list()
    return caught.value


async def test_a_transport_error_quoting_the_token_as_str_is_scrubbed() -> None:
    """README: 'the text of a `KakaoError` it raises is scrubbed of the request's token'."""
    error = await raised_by(
        lambda request: ka.KakaoTransportError(f"bad status line: Bearer {TOKEN}")
    )
    assert TOKEN not in f"{error!s} {error!r}"
    assert "bad status line" in str(error)


async def test_a_header_dict_in_a_transport_error_s_args_shows_no_token() -> None:
    """The request's headers passed along as an argument: their values are masked."""
    error = await raised_by(
        lambda request: ka.KakaoTransportError("refused", dict(request.headers))
    )
    assert TOKEN not in f"{error!s} {error!r}"


@pytest.mark.parametrize(
    "make",
    [
        lambda request: ka.KakaoTransportError(
            b"HTTP/1.1 9x9 Authorization: Bearer " + TOKEN.encode()
        ),
        lambda request: ka.KakaoTransportError(
            "refused", {"sent": str(request.headers["Authorization"])}
        ),
    ],
    ids=["bytes-status-line", "dict-of-plain-str"],
)
async def test_a_transport_error_quoting_the_token_in_a_non_str_argument_is_scrubbed(
    make: Any,
) -> None:
    """An HTTP library hands over the raw status line it could not parse as bytes (h11's
    errors do); a transport passes it on, or the headers it sent, as the error's argument."""
    error = await raised_by(make)
    assert TOKEN not in f"{error!s} {error!r}"


class StatusLineError(ka.KakaoTransportError):
    """A user's error type that keeps the offending line in a field and shows it in its text."""

    def __init__(self, line: str) -> None:
        super().__init__("bad status line")
        self.line = line

    def __str__(self) -> str:
        return f"bad status line: {self.line}"


class SlottedStatusLineError(ka.KakaoTransportError):
    __slots__ = ("line",)

    def __init__(self, line: str) -> None:
        super().__init__("bad status line")
        self.line = line

    def __str__(self) -> str:
        return f"bad status line: {self.line}"


async def test_a_str_field_shown_by_a_custom_str_is_scrubbed() -> None:
    """A field in ``__dict__`` is scrubbed, and so is the text built from it."""
    error = await raised_by(lambda request: StatusLineError(f"Bearer {TOKEN}"))
    assert TOKEN not in f"{error!s} {error!r}"


async def test_a_slotted_field_shown_by_a_custom_str_is_scrubbed() -> None:
    error = await raised_by(lambda request: SlottedStatusLineError(f"Bearer {TOKEN}"))
    assert TOKEN not in f"{error!s} {error!r}"


# --- a transport of one's own: which are the library's -------------------------------------


class Slow:
    async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
        await asyncio.sleep(5)
        return EMPTY

    async def aclose(self) -> None:
        pass


class Proxy:
    """A transport whose class defines no send: ``__getattr__`` hands over another's."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


async def test_a_transport_whose_send_comes_from_getattr_is_held_to_the_timeout() -> None:
    kakao = ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, transport=Proxy(Slow()), retry=ONE_TRY, timeout=0.2
    )
    async with kakao:
        assert isinstance(kakao.transport, Proxy)
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(ka.KakaoTimeoutError):
            await kakao.moment.campaigns.list()
        assert loop.time() - started < 2


class ClosingAiohttp(ka.AiohttpTransport):
    """An aiohttp transport subclass that only adds to aclose."""

    closes = 0

    async def aclose(self) -> None:
        type(self).closes += 1
        await super().aclose()


async def test_an_aiohttp_transport_subclass_overriding_aclose_sends_and_is_closed(
    fake: Any,
) -> None:
    transport = ClosingAiohttp()
    kakao = ka.KakaoClient(
        DEFAULT_TOKEN,
        ad_account_id=1,
        transport=transport,
        moment_base_url=fake.base_url,
        keyword_base_url=fake.base_url,
    )
    async with kakao:
        assert kakao.transport is transport
        assert await kakao.moment.campaigns.list() == []
    await transport.aclose()
    assert ClosingAiohttp.closes >= 1


# --- _awaitable_method: what README's "plain defs are refused" means --------------------------


class AsyncCallable:
    async def __call__(self, *args: Any) -> Any:
        return EMPTY


async def answer(request: ka.HttpRequest, *, body: bytes) -> ka.HttpResponse:
    return ka.HttpResponse(200, {}, body)


class Kinds:
    """Sends written every way README's 'async def send(request)' may be met."""

    @staticmethod
    async def static_send(request: ka.HttpRequest) -> ka.HttpResponse:
        return EMPTY

    @classmethod
    async def class_send(cls, request: ka.HttpRequest) -> ka.HttpResponse:
        return EMPTY

    async def aclose(self) -> None:
        pass


def transport_with(send: Any) -> Any:
    transport = Kinds()
    transport.send = send  # type: ignore[attr-defined]
    return transport


@pytest.mark.parametrize(
    "send",
    [
        Kinds.static_send,
        Kinds().class_send,
        functools.partial(answer, body=b'{"content": []}'),
        AsyncMock(return_value=EMPTY),
        AsyncCallable(),
    ],
    ids=["staticmethod", "classmethod", "partial-of-async-def", "AsyncMock", "async-callable"],
)
async def test_async_sends_of_every_shape_are_accepted_and_work(send: Any) -> None:
    async with client(transport_with(send)) as kakao:
        assert await kakao.moment.campaigns.list() == []


@pytest.mark.parametrize(
    "send",
    [MagicMock(return_value=EMPTY), lambda request: EMPTY],
    ids=["MagicMock", "plain-lambda"],
)
def test_plain_sends_are_refused_when_the_client_is_built(send: Any) -> None:
    """README: 'plain `def`s are refused when the client is built'."""
    with pytest.raises(ka.KakaoInputTypeError, match="coroutine function"):
        client(transport_with(send))


def test_a_lambda_returning_a_coroutine_is_a_plain_def_and_refused() -> None:
    """README asks for `async def send`: a lambda is a plain def, whatever it returns."""
    with pytest.raises(ka.KakaoInputTypeError, match="send"):
        client(transport_with(lambda request: answer(request, body=b"{}")))


async def test_a_partial_of_an_async_callable_object_is_accepted() -> None:
    """A partial of an async callable works when awaited, as a partial of an async def does."""
    async with client(transport_with(functools.partial(AsyncCallable()))) as kakao:
        assert await kakao.moment.campaigns.list() == []


# --- the top-level --help at every width ------------------------------------------------------

ENV_NAMES = (
    "$KAKAO_ACCESS_TOKEN",
    "$KAKAO_AD_ACCOUNT_ID",
    "$KAKAO_BASE_URL",
    "$KAKAO_ON_OFF_INTERVAL",
    "$KAKAO_QUOTAS",
    "campaigns.onOff=0.2",
)


def test_the_help_epilog_at_20_to_200_columns_and_piped_without_columns() -> None:
    """The epilog's prose fits the width (words longer than it excepted), never splits a word,
    and the `\\b` JSON block is printed as written, at every width."""
    block = (
        '  {"results": [...],\n'
        '   "errors": [{"id": ID or null,\n'
        '     "error": {"kind", "message",\n'
        '      "status", "code",\n'
        '      "detailCode", "detailMsg"}}]}\n'
    )
    for columns in (20, 40, 80, 200, None):
        screen = top_level_help(columns)
        epilog = screen[screen.index("--json and --debug") - 2 :]
        assert epilog.endswith(block), (columns, epilog)
        width = max(min(columns or 80, 80) - 2, 20)  # _app._help_width
        prose = epilog[: -len(block)]
        for line in prose.splitlines():
            assert len(line) <= width or " " not in line.strip(), (columns, line)
        words = " ".join(prose.split())
        for name in ("KAKAO_ON_OFF_INTERVAL,", "--on-off-interval);", "NAME=SECONDS", "SIGTERM."):
            assert name in words, (columns, name)


@pytest.mark.xfail(
    strict=True,
    reason="left open, CHANGELOG says so: click wraps the options' help in a 10-19 column "
    "gutter below 56 columns, breaking long words: $KAKAO_A / CCESS_TOKEN at 50",
)
@pytest.mark.parametrize("columns", [40, 50])
def test_the_top_level_help_keeps_environment_variable_names_whole(columns: int) -> None:
    """CHANGELOG (cliops32): '`--help` never wrapped narrower than click's 50 columns, so a
    40-column pane broke words' -- fixed; the names a user copies from it must stay whole."""
    screen = top_level_help(columns)
    words = set(screen.split())
    missing = [name for name in ENV_NAMES if not any(name in word for word in words)]
    assert not missing, screen


# --- CHANGELOG's Deprecated entries: the old names are used nowhere else ----------------------


PINNING = {
    "tests/test_endpoints.py",
    "tests/test_public_surface_audit.py",
    "tests/test_fastapi.py",
    "tests/test_stop35_review.py",
    "tests/test_readme_stop35.py",
    "tests/testing/test_docs_helper_arguments.py",
    "tests/test_stop35_review3.py",
}


def test_the_names_deprecated_this_session_are_used_only_where_pinned() -> None:
    """CHANGELOG Deprecated: `ON_OFF_QUOTA`, `set_quota_interval`, `/bulk-toggles` (and the
    benchmark `bench_bulk_toggle`). Under filterwarnings=error a stray use elsewhere fails."""
    pattern = re.compile(
        r"(?<!CREATIVE_)\bON_OFF_QUOTA\b|set_quota_interval|bulk-toggles|bulk_toggle\b"
    )
    found = []
    for folder in ("tests", "examples", "benchmarks", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative in PINNING or relative == "examples/fastapi_app.py":
                continue
            if pattern.search(path.read_text(encoding="utf-8")):
                found.append(relative)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"(?<!CREATIVE_)\bON_OFF_QUOTA\b|set_quota_interval", readme) is None
    assert not found


def test_every_use_of_set_quota_interval_in_the_tests_expects_its_warning() -> None:
    for path in (ROOT / "tests").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\.set_quota_interval\(", text):
            before = text[max(0, match.start() - 400) : match.start()]
            assert "pytest.warns(DeprecationWarning" in before, (path, match.start())


def test_on_off_quota_warns_once_per_use_and_is_creative_on_off_quota() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = ka.endpoints.ON_OFF_QUOTA
    assert old is ka.endpoints.CREATIVE_ON_OFF_QUOTA
    assert [w.category for w in caught] == [DeprecationWarning]
    assert caught[0].filename == __file__


# --- CHANGELOG's Added / Changed entries, literally ------------------------------------------


def test_each_list_declares_the_states_the_changelog_names() -> None:
    """CHANGELOG Added: 'Keyword Ad's creative list: `ON`, `DEL`; every other list: `ON`, `OFF`,
    `DEL`'."""
    lists = {
        name: endpoint
        for name, endpoint in vars(ka.endpoints).items()
        if name.endswith("_LIST") and isinstance(endpoint, ka.endpoints.Endpoint)
    }
    assert "KEYWORD_CREATIVE_LIST" in lists
    assert len(lists) >= 5
    for name, endpoint in lists.items():
        expected = ("ON", "DEL") if name == "KEYWORD_CREATIVE_LIST" else ("ON", "OFF", "DEL")
        assert tuple(endpoint.states) == expected, name


def test_stop_on_takes_exception_classes_only() -> None:
    """CHANGELOG Added: `stop_on=`, 'an exception class (or several)'."""
    from kakao_async._job_inputs import stop_errors

    assert stop_errors(ka.KakaoAuthError) == (ka.KakaoAuthError,)
    assert stop_errors(ka.errors.STOPPING_ERRORS) == (
        ka.KakaoAuthError,
        ka.KakaoQuotaExhaustedError,
    )
    for bad in (ValueError("x"), "KakaoAuthError", [KeyError, 3], KeyboardInterrupt):
        with pytest.raises(ka.KakaoInputTypeError, match="stop_on"):
            stop_errors(bad)
