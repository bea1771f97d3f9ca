"""Kakao Keyword Ad creatives as a user meets them, with Kakao's Korean document (``/work/shared
/seeds``) beside README's section: whose ad account each call speaks for, what a landing is on
Keyword Ad (the document's ``landingInfo`` carries ``rspvLandingUrl``, ``pcLandingUrl`` and
``mobileLandingUrl``, nothing else; "미입력시 비즈채널 URL 정보 입력": without them the creative
lands on its biz channel's URL), and the same through ``kakao-async keyword``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.cli.conftest import CLI, cli, cli_env  # noqa: F401 - the CLI fixtures, used here too
from tests.conftest import sample

Call = Callable[[ka.KakaoClient], Awaitable[Any]]

#: Every Keyword Ad call, with ``ad_account_id=`` passed through ``options``.
CALLS: dict[str, Callable[..., Awaitable[Any]]] = {
    "list": lambda k, **o: k.keyword.creatives.list(biz_channel_id=7, **o),
    "iter": lambda k, **o: _first(k.keyword.creatives.iter(biz_channel_id=7, **o)),
    "get": lambda k, **o: k.keyword.creatives.get(1001, **o),
    "create": lambda k, **o: k.keyword.creatives.create(
        biz_channel_id=7, name="소재", title="타이틀", description="설명", **o
    ),
    "delete": lambda k, **o: k.keyword.creatives.delete(1001, **o),
    "get_many": lambda k, **o: k.keyword.creatives.get_many([1001], **o),
    "delete_many": lambda k, **o: k.keyword.creatives.delete_many([1001], **o),
}


async def _first(items: Any) -> Any:
    async for item in items:
        return item
    return None


def _answer(request: ka.HttpRequest) -> ka.HttpResponse:
    if request.method == "DELETE":
        return ka.HttpResponse(200, {"Content-Length": "0"}, b"")
    if request.method == "GET" and request.path.endswith("/basic"):
        body = {
            "content": [],
            "page": {"number": 0, "size": 10, "totalElements": 0, "totalPages": 0},
        }
    else:
        body = {"id": "1001", "adAccountId": "2", "bizChannelId": "7", "name": "소재"}
    return ka.HttpResponse(200, {}, json.dumps(body).encode())


@pytest.mark.parametrize("name", CALLS)
async def test_each_call_speaks_for_its_own_ad_account_or_the_clients(name: str) -> None:
    """The document: every call carries the ``adAccountId`` header (필수). README: the client's
    ``ad_account_id`` is "the ad account of calls that do not pass their own"."""
    transport = ka.MockTransport(_answer)
    async with ka.KakaoClient(DEFAULT_TOKEN, ad_account_id=1, transport=transport) as kakao:
        await CALLS[name](kakao)
        await CALLS[name](kakao, ad_account_id=2)
    assert [r.headers["adAccountId"] for r in transport.requests] == ["1", "2"]


@pytest.mark.parametrize("name", CALLS)
async def test_without_any_ad_account_nothing_is_sent(name: str) -> None:
    transport = ka.MockTransport(_answer)
    async with ka.KakaoClient(DEFAULT_TOKEN, transport=transport) as kakao:
        with pytest.raises(ka.KakaoInputError, match="ad_account_id"):
            await CALLS[name](kakao)
    assert transport.requests == []


class RefusingLimiter:
    """A quota limiter that refuses every turn: any call that waits for a quota fails."""

    interval = 5.0
    margin = 0.0

    def __init__(self) -> None:
        self.holds: list[str] = []

    def hold(self, key: str, *, quota: Any = None, deadline: float | None = None) -> Any:
        self.holds.append(key)
        raise ka.KakaoLimiterError(f"no turn for {key}")

    async def ready_in(self, key: str) -> float:
        return 0.0

    async def snapshot(self, keys: Any = None) -> tuple[Any, ...]:
        return ()

    async def aclose(self) -> None:
        pass


async def test_no_keyword_call_waits_for_a_quota() -> None:
    """README, Endpoints: the quota'd calls are "every write except the two creative deletes
    and the Keyword Ad create, and the reports"; Kakao's Keyword Ad document states no limit.
    So no Keyword Ad call takes a turn of the scheduler, even one that refuses every turn;
    a Moment onOff on the same client does (the control)."""
    limiter = RefusingLimiter()
    assert isinstance(limiter, ka.QuotaLimiter)
    transport = ka.MockTransport(_answer)
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, transport=transport, rate_limiter=limiter
    ) as kakao:
        for call in CALLS.values():
            await call(kakao)
        assert limiter.holds == []
        with pytest.raises(ka.KakaoLimiterError):
            await kakao.moment.creatives.set_config(1, "ON")
    assert limiter.holds and len(transport.requests) == len(CALLS)


# --- A landing on Keyword Ad ------------------------------------------------------------------

MOMENT_ONLY = [
    ka.LandingInfo(url="https://www.daum.net"),
    ka.LandingInfo(landing_type="URL", url="https://www.daum.net"),
    ka.LandingInfo(rspv_landing_url="https://www.daum.net", landing_type="URL"),
    ka.LandingInfo(biz_form_id=1),
    ka.LandingInfo(communicator_ad_view_id=1),
]


def _everywhere(landing: ka.LandingInfo) -> list[tuple[str, dict[str, Any]]]:
    """Every place a create takes a landing: (where it is, create's keyword arguments)."""
    return [
        ("landing_info", {"landing_info": landing}),
        (
            "assets.multi_thumbnails[0].landing_info",
            {
                "assets": ka.Assets(
                    multi_thumbnails=(ka.MultiThumbnail(image_id=1, landing_info=landing),)
                )
            },
        ),
        (
            "assets.additional_links[1].landing_info",
            {
                "assets": ka.Assets(
                    additional_links=(
                        ka.AdditionalLink(text="a"),
                        ka.AdditionalLink(text="b", landing_info=landing),
                    )
                )
            },
        ),
        (
            "assets.subject.landing_info",
            {"assets": ka.Assets(subject=ka.Subject(subject="DISCOUNT", landing_info=landing))},
        ),
        (
            "assets.price_tables[0].landing_info",
            {"assets": ka.Assets(price_tables=(ka.PriceTable(price=1000, landing_info=landing),))},
        ),
        (
            "assets.calculate.landing_info",
            {"assets": ka.Assets(calculate=ka.Calculate(landing_info=landing))},
        ),
    ]


@pytest.mark.parametrize(
    ("where", "arguments"),
    [case for landing in MOMENT_ONLY for case in _everywhere(landing)],
)
async def test_a_moment_landing_is_refused_before_sending(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, where: str, arguments: dict[str, Any]
) -> None:
    """``ka.LandingInfo`` serves both APIs ("Moment uses the type fields; Keyword Ad uses the
    three URLs"). Sent to Keyword Ad, a Moment landing (``url``, ``landingType``, ...) is not
    one its document knows: the creative would be created landing on its biz channel's URL
    instead, and a create cannot be taken back by running it again. Refused, naming where."""
    with pytest.raises(ka.KakaoInputError, match=rf"^{_pattern(where)} "):
        await kakao.keyword.creatives.create(
            biz_channel_id=7, name="소재", title="타이틀", description="설명", **arguments
        )
    assert fake.requests.received == 0


def _pattern(where: str) -> str:
    return where.replace(".", r"\.").replace("[", r"\[").replace("]", r"\]")


async def test_keyword_landings_are_sent_as_the_documents_sample_writes_them(
    fake: FakeKakaoServer, kakao: ka.KakaoClient
) -> None:
    """The three URLs, wherever a landing goes, exactly as the request sample names them."""
    doc = sample("keyword_create_request.json")
    landing = ka.LandingInfo(
        rspv_landing_url="https://www.daum.net",
        pc_landing_url="https://pc.daum.net",
        mobile_landing_url="https://m.daum.net",
    )
    for where, arguments in _everywhere(landing):
        created = await kakao.keyword.creatives.create(
            biz_channel_id=7, name="소재", title="타이틀", description="설명", **arguments
        )
        assert created.name == "소재", where
    expected = {"rspvLandingUrl", "pcLandingUrl", "mobileLandingUrl"}
    assert set(doc["landingInfo"]) == expected  # the document's own sample
    assert fake.requests.received == 6


# --- The same through the command line -------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "landing"),
    [
        ("landingInfo", {"url": "https://www.daum.net"}),
        ("landingInfo", {"landingType": "URL", "url": "https://www.daum.net"}),
        ("assets.priceTables[0].landingInfo", {"url": "https://www.daum.net"}),
    ],
)
def test_the_cli_refuses_a_moment_landing_in_a_keyword_file(
    cli: CLI,  # noqa: F811 - the fixture imported above
    cli_env: FakeKakaoServer,  # noqa: F811
    path: str,
    landing: dict[str, Any],
) -> None:
    """README, Command line: `keyword create --file` refuses "a field Kakao's create table does
    not list ..., exit 2, nothing sent". A Moment ``landingInfo`` copied into a Keyword Ad file
    would otherwise create the creative without its landing."""
    body = sample("keyword_create_request.json")
    if path == "landingInfo":
        body["landingInfo"] = landing
    else:
        body["assets"]["priceTables"][0]["landingInfo"] = landing
    proc = cli("--json", "keyword", "create", "--file", "-", stdin=json.dumps(body))
    assert proc.code == 2, proc.err
    (line,) = proc.err_lines
    assert line.startswith("error: ") and path in line, line
    assert proc.json()["errors"][0]["error"]["kind"] == "usage"
    assert list(cli_env.requests) == []
