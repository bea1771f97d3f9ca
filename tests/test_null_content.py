"""A Moment list answered with ``{"content": null}`` (CHANGELOG: "is an empty list")
wherever a user meets it: the call's ``CallEnded`` says ``ok`` (an absent ``content`` still
says ``error``), and the CLI's list commands print an empty list and exit 0."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import kakao_async as ka
from kakao_async import events
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.cli.conftest import CLI, cli, cli_env  # noqa: F401 - the CLI fixtures, used here too

LISTS: dict[str, Callable[[ka.KakaoClient], Awaitable[Any]]] = {
    "creatives": lambda k: k.moment.creatives.list(ad_group_id=1),
    "ad_groups": lambda k: k.moment.ad_groups.list(campaign_id=1),
    "campaigns": lambda k: k.moment.campaigns.list(config="ON"),
}


@pytest.mark.parametrize("name", LISTS)
async def test_a_null_content_is_a_call_that_ended_ok(name: str) -> None:
    bodies = [b'{"content": null}', b"{}"]
    seen: list[events.Event] = []

    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        return ka.HttpResponse(200, {}, bodies.pop(0))

    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, transport=ka.MockTransport(answer), observers=[seen.append]
    ) as kakao:
        assert await LISTS[name](kakao) == []
        with pytest.raises(ka.KakaoDecodeError):
            await LISTS[name](kakao)
    ended = [(e.outcome, e.error) for e in seen if isinstance(e, events.CallEnded)]
    assert ended == [("ok", None), ("error", "KakaoDecodeError")]


@pytest.mark.parametrize(
    ("argv", "path"),
    [
        (["moment", "list", "--ad-group", "1"], "/openapi/v4/creatives"),
        (["ad-groups", "list", "--campaign", "1"], "/openapi/v4/adGroups"),
        (["campaigns", "list", "--config", "ON"], "/openapi/v4/campaigns"),
    ],
)
def test_the_cli_lists_a_null_content_as_nothing(
    cli: CLI,  # noqa: F811 - the fixture imported above
    cli_env: FakeKakaoServer,  # noqa: F811
    argv: list[str],
    path: str,
) -> None:
    cli_env.seed(ad_accounts=[1], creatives_per_account=2)  # what the null hides
    null = cli_env.respond_next({"content": None}, method="GET", path=path)
    proc = cli("--json", *argv)
    assert null.remaining == 0  # the list was answered with the null
    assert proc.code == 0, proc.err
    assert proc.json() == {"results": [], "errors": []}
    null = cli_env.respond_next({"content": None}, method="GET", path=path)
    table = cli(*argv)
    assert null.remaining == 0
    assert table.code == 0 and table.err == "", table.err


async def test_the_example_service_lists_a_null_content_as_an_empty_list(
    fake: FakeKakaoServer,
) -> None:
    """``examples/fastapi_app.py``'s ``GET /ad-groups/{id}/creatives`` (README, FastAPI): 200
    with ``[]``; an absent ``content`` is a decode error, a 502 naming it."""
    pytest.importorskip("fastapi")
    from tests.asgi import serve
    from tests.test_fastapi import load_example

    app = load_example().create_app(
        token=DEFAULT_TOKEN, ad_account_id=1, base_url=fake.base_url, on_off_interval=0.1
    )
    fake.seed(ad_accounts=[1], creatives_per_account=2)  # what the null hides
    async with serve(app) as service:
        null = fake.respond_next({"content": None}, method="GET", path="/openapi/v4/creatives")
        listed = await service.get("/ad-groups/1/creatives")
        assert null.remaining == 0
        assert listed.status_code == 200 and listed.json() == []
        fake.respond_next({}, method="GET", path="/openapi/v4/creatives")
        broken = await service.get("/ad-groups/1/creatives")
        assert broken.status_code == 502 and broken.json()["error"] == "KakaoDecodeError"
