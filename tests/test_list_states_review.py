"""review23: what ``Endpoint.states`` (5779fc7) must keep, beyond ``tests/test_list_states.py`` and
``tests/cli/test_list_states_cli.py``: each list's exact refusal (type and message, before any
request) in the library, the exact query each accepted filter sends, the fake's envelope and
message for each form of ``config`` (repeated, comma-separated, empty, lowercase; the campaigns
list's one-state rule), the CLI's case-insensitive ``--config`` and its message, and a
user-built ``Endpoint`` without ``states``. Every expectation here was checked against main~2
(before the declaration) and holds there too."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import attrs
import pytest
from aiohttp import web

import kakao_async as ka
from kakao_async.endpoints import ENDPOINTS, KEYWORD_CREATIVE_LIST, Endpoint
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from kakao_async.testing._http import Reject, list_filter, one_state

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}


async def ad_accounts(kakao: ka.KakaoClient, config: Any) -> list[Any]:
    return [a async for a in kakao.moment.ad_accounts.list(config=config)]


#: The service call of each list, given a ``config``.
CALLS: dict[str, Callable[[ka.KakaoClient, Any], Awaitable[Any]]] = {
    "moment.ad_accounts.list": ad_accounts,
    "moment.campaigns.list": lambda k, c: k.moment.campaigns.list(config=c),
    "moment.ad_groups.list": lambda k, c: k.moment.ad_groups.list(campaign_id=1, config=c),
    "moment.creatives.list": lambda k, c: k.moment.creatives.list(ad_group_id=1, config=c),
    "keyword.creatives.list": lambda k, c: k.keyword.creatives.list(biz_channel_id=1, config=c),
    "keyword.keywords.list": lambda k, c: k.keyword.keywords.list(ad_group_id=1, config=c),
}
#: What the library says when a state is not the list's (sorted, as it always was).
AMONG = {
    name: "['DEL', 'ON']" if name == "keyword.creatives.list" else "['DEL', 'OFF', 'ON']"
    for name in CALLS
}


def empty_answer(request: ka.HttpRequest) -> ka.HttpResponse:
    """An empty page in whichever shape the list reads (each ignores the others' keys)."""
    if request.path.endswith("/keywords"):
        return ka.HttpResponse(200, {}, b"[]")
    if request.path.endswith("/pages"):
        return ka.HttpResponse(200, {}, b'{"content": [], "page": 0, "totalPages": 0}')
    body = (
        b'{"content": [], "page": {"number": 0, "size": 10, "totalElements": 0, "totalPages": 0}}'
    )
    return ka.HttpResponse(200, {}, body)


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize(
    ("config", "error", "shown"),
    [
        ("on", ka.KakaoInputError, "'on'"),
        ("PAUSED", ka.KakaoInputError, "'PAUSED'"),
        ("", ka.KakaoInputError, "''"),
        ("ON,OFF", ka.KakaoInputError, "'ON,OFF'"),
    ],
)
async def test_the_library_refuses_with_the_same_words_before_any_request(
    name: str, config: object, error: type[Exception], shown: str
) -> None:
    mock = ka.MockTransport(empty_answer)
    async with ka.KakaoClient("t", ad_account_id=1, transport=mock) as kakao:
        with pytest.raises(error) as refused:
            await CALLS[name](kakao, config)
    assert str(refused.value) == f"config must be among {AMONG[name]}, got {shown}"
    assert type(refused.value) is error
    assert len(mock.requests) == 0


@pytest.mark.parametrize("name", sorted(CALLS))
async def test_a_list_with_an_undeclared_state_is_refused_as_before(name: str) -> None:
    mock = ka.MockTransport(empty_answer)
    async with ka.KakaoClient("t", ad_account_id=1, transport=mock) as kakao:
        with pytest.raises(ka.KakaoInputError) as refused:
            await CALLS[name](kakao, ["ON", "PAUSED"])
    if name.startswith("keyword."):
        # A Keyword Ad list takes one state: a list is no state at all.
        assert type(refused.value) is ka.KakaoInputTypeError
        assert str(refused.value) == "config must hold states (text), got ['ON', 'PAUSED']"
    else:
        assert type(refused.value) is ka.KakaoInputError
        assert str(refused.value) == f"config must be among {AMONG[name]}, got 'PAUSED'"
    assert len(mock.requests) == 0


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize(
    ("config", "moment", "keyword"),
    [
        ([], "config must name at least one state", "config must hold states (text), got []"),
        (
            b"ON",
            "config must be a state or a list of states, got b'ON'",
            "config must hold states (text), got b'ON'",
        ),
        (
            1,
            "config must be a state or a list of states, got 1",
            "config must hold states (text), got 1",
        ),
        ([1], "config must hold states (text), got 1", "config must hold states (text), got [1]"),
    ],
)
async def test_the_library_refuses_what_is_no_state_at_all_as_before(
    name: str, config: object, moment: str, keyword: str
) -> None:
    mock = ka.MockTransport(empty_answer)
    async with ka.KakaoClient("t", ad_account_id=1, transport=mock) as kakao:
        with pytest.raises(ka.KakaoInputError) as refused:
            await CALLS[name](kakao, config)
    # A Keyword Ad list takes one state (``[config]`` inside), so anything else is not text.
    assert str(refused.value) == (keyword if name.startswith("keyword.") else moment)
    assert len(mock.requests) == 0


#: Each list given OFF or DEL (whichever it takes) and DEL again: what it sends.
SENT = {
    "moment.ad_accounts.list": [[("config", "DEL,ON")]],
    "moment.campaigns.list": [[("config", "DEL")], [("config", "ON")]],
    "moment.ad_groups.list": [[("config", "DEL,ON")]],
    "moment.creatives.list": [[("config", "DEL"), ("config", "ON")]],
}


@pytest.mark.parametrize("name", sorted(SENT))
async def test_a_list_of_states_goes_out_in_each_lists_own_form(name: str) -> None:
    mock = ka.MockTransport(empty_answer)
    async with ka.KakaoClient("t", ad_account_id=1, transport=mock) as kakao:
        await CALLS[name](kakao, [ka.models.Config.DEL, "ON", "DEL"])
    sent = [[p for p in r.params if p[0] == "config"] for r in mock.requests]
    assert sent == SENT[name]


@pytest.mark.parametrize("name", ["keyword.creatives.list", "keyword.keywords.list"])
async def test_a_keyword_list_takes_one_state_as_a_config_member(name: str) -> None:
    mock = ka.MockTransport(empty_answer)
    async with ka.KakaoClient("t", ad_account_id=1, transport=mock) as kakao:
        await CALLS[name](kakao, ka.models.Config.DEL)
        with pytest.raises(ka.KakaoInputError):
            # One state, as Kakao's page types it: a list of two is not a keyword filter.
            await CALLS[name](kakao, ["ON", "DEL"])
    assert [[p for p in r.params if p[0] == "config"] for r in mock.requests] == [
        [("config", "DEL")]
    ]


#: The query each list needs besides ``config``.
PATHS = {
    "moment.ad_accounts.list": "/openapi/v4/adAccounts/pages?",
    "moment.campaigns.list": "/openapi/v4/campaigns?",
    "moment.ad_groups.list": "/openapi/v4/adGroups?campaignId=1&",
    "moment.creatives.list": "/openapi/v4/creatives?adGroupId=1&",
    "keyword.creatives.list": "/openapi/v1/creatives/basic?bizChannelId=1&",
    "keyword.keywords.list": "/openapi/v1/keywords?adGroupId=1&",
}
ALL_THREE = "config must be ON, OFF or DEL"
ONE_OF = "config must be one of ON, OFF, DEL"
#: (list, query) -> (status, detailMsg or None for a 200): the fake's answers before and after.
FAKE = {
    ("moment.ad_accounts.list", "config=on"): (400, ALL_THREE),
    ("moment.ad_accounts.list", "config=ON,OFF"): (200, None),
    ("moment.ad_accounts.list", "config=ON&config=DEL"): (200, None),
    ("moment.ad_accounts.list", "config=ON&config=BAD"): (400, ALL_THREE),
    ("moment.ad_accounts.list", "config=,"): (200, None),
    ("moment.campaigns.list", ""): (400, "config is required"),
    ("moment.campaigns.list", "config=PAUSED"): (400, ALL_THREE),
    ("moment.campaigns.list", "config=ON,OFF"): (400, ONE_OF),
    ("moment.campaigns.list", "config=ON&config=OFF"): (400, ONE_OF),
    ("moment.campaigns.list", "config=DEL,DEL"): (400, ONE_OF),
    ("moment.campaigns.list", "config="): (400, ONE_OF),
    ("moment.ad_groups.list", "config=ON,PAUSED"): (400, ALL_THREE),
    ("moment.ad_groups.list", "config=ON,,DEL"): (200, None),
    ("moment.creatives.list", "config=BAD&config=ON"): (400, ALL_THREE),
    ("moment.creatives.list", "config=ON&config=OFF"): (200, None),
    ("keyword.creatives.list", "config=OFF"): (400, "config must be ON or DEL"),
    ("keyword.creatives.list", "config=ON,DEL"): (400, "config must be ON or DEL"),
    ("keyword.creatives.list", "config="): (400, "config must be ON or DEL"),
    # One config read, the first, as before: a second is not looked at.
    ("keyword.creatives.list", "config=DEL&config=BAD"): (200, None),
    ("keyword.keywords.list", "config=on"): (400, ALL_THREE),
    ("keyword.keywords.list", "config=ON,OFF"): (400, ALL_THREE),
    ("keyword.keywords.list", "config=OFF&config=BAD"): (200, None),
}


@pytest.fixture
async def session() -> AsyncIterator[tuple[FakeKakaoServer, aiohttp.ClientSession]]:
    async with FakeKakaoServer() as fake, aiohttp.ClientSession() as client:
        yield fake, client


@pytest.mark.parametrize(("name", "query"), sorted(FAKE))
async def test_the_fake_answers_each_form_of_config_as_before(
    session: tuple[FakeKakaoServer, aiohttp.ClientSession], name: str, query: str
) -> None:
    fake, client = session
    async with client.get(fake.base_url + PATHS[name] + query, headers=HEADERS) as response:
        status, body = response.status, await response.json()
    expected_status, message = FAKE[(name, query)]
    assert status == expected_status, body
    if message is not None:
        assert body == {
            "code": -813,
            "msg": "KakaoMomentException",
            "extras": {"detailMsg": message, "detailCode": 30001},
        }


def test_the_fake_table_names_every_list() -> None:
    assert {name for name, _ in FAKE} == {e.name for e in ENDPOINTS if e.states} == set(PATHS)


BARE = {"name": "x.things.list", "api": "moment", "method": "GET", "path": "/openapi/v4/things"}


def test_a_user_built_endpoint_without_states_has_none_and_compares_as_before() -> None:
    bare = Endpoint(**BARE)  # type: ignore[arg-type]
    assert bare.states == ()
    assert bare == Endpoint(**BARE) and hash(bare) == hash(Endpoint(**BARE))  # type: ignore[arg-type]
    # The states are part of what an endpoint is: two lists filtering differently differ.
    assert bare != attrs.evolve(bare, states=("ON",))
    assert repr(bare) == (
        "Endpoint(name='x.things.list', api='moment', method='GET', path='/openapi/v4/things',"
        " idempotent=True, quota=None, ad_account_header=True, states=(), response=None)"
    )


# ----------------------------------------------------------------------------------- latent
# The fake's new helpers word their 400 from ``endpoint.states`` as "A, B or C"; they are only
# given the six lists (two or three states), but a declaration of one state, or none (the
# documented "no such filter"), breaks the wording or the handler.


async def fake_answer(endpoint: Endpoint, query: str) -> tuple[int, str]:
    """What the fake's ``list_filter`` and ``one_state`` answer ``query`` for ``endpoint``,
    each served over loopback the way the fake serves them (a ``Reject`` is the response)."""

    def handler(read: Callable[[web.Request, Endpoint], object]) -> Any:
        async def handle(request: web.Request) -> web.Response:
            try:
                read(request, endpoint)
            except Reject as reject:
                return web.json_response(reject.body, status=reject.status)
            return web.json_response({})

        return handle

    app = web.Application()
    app.router.add_get("/list", handler(list_filter))
    app.router.add_get("/one", handler(one_state))
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    answers = []
    try:
        async with aiohttp.ClientSession() as client:
            for route in ("list", "one"):
                async with client.get(f"http://127.0.0.1:{port}/{route}?{query}") as response:
                    answers.append((response.status, await response.text()))
    finally:
        await runner.cleanup()
    assert answers[0] == answers[1], answers
    return answers[0]


async def test_the_fakes_wording_of_two_states_is_as_before() -> None:
    status, text = await fake_answer(KEYWORD_CREATIVE_LIST, "config=OFF")
    assert status == 400 and "config must be ON or DEL" in text


async def test_a_one_state_declaration_is_worded_without_a_dangling_or() -> None:
    one = Endpoint(**BARE, states=("ON",))  # type: ignore[arg-type]
    status, text = await fake_answer(one, "config=OFF")
    assert status == 400
    assert '"config must be ON"' in text, text


async def test_a_list_without_states_given_a_config_is_a_400_not_a_500() -> None:
    status, text = await fake_answer(Endpoint(**BARE), "config=ON")  # type: ignore[arg-type]
    assert status == 400, text
