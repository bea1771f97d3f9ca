"""review22: the fake registers its API routes from the endpoint declarations (testing._http.serve:
declared method, declared path, ``{id}`` ASCII digits only). What that gives a request off the
declared shape, for every declared endpoint: ``{id}`` in other digits or with a trailing slash
is not found (as the client never sends them), a method the declaration does not name is 405,
and a GET route also answers HEAD, as it did when the routes were written with ``add_get``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from kakao_async.endpoints import ENDPOINTS, Endpoint
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

HEADERS = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "adAccountId": "1"}
WITH_ID = [e for e in ENDPOINTS if "{id}" in e.path]
GETS = [e for e in ENDPOINTS if e.method == "GET"]


@pytest.fixture
async def served() -> AsyncIterator[tuple[FakeKakaoServer, aiohttp.ClientSession]]:
    async with FakeKakaoServer() as fake, aiohttp.ClientSession() as session:
        yield fake, session


async def status(
    served: tuple[FakeKakaoServer, aiohttp.ClientSession], method: str, path: str
) -> tuple[int, bytes]:
    fake, session = served
    async with session.request(method, fake.base_url + path, headers=HEADERS) as response:
        return response.status, await response.read()


@pytest.mark.parametrize("endpoint", WITH_ID, ids=lambda e: e.name)
@pytest.mark.parametrize("shape", ["\u0661\u0662", "\uff11\uff12", "12/", "-1", "1e3"])
async def test_an_id_off_the_declared_shape_is_not_found(
    served: tuple[FakeKakaoServer, aiohttp.ClientSession], endpoint: Endpoint, shape: str
) -> None:
    code, _ = await status(served, endpoint.method, endpoint.path.replace("{id}", shape))
    assert code == 404


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
async def test_a_method_the_declaration_does_not_name_is_405(
    served: tuple[FakeKakaoServer, aiohttp.ClientSession], endpoint: Endpoint
) -> None:
    declared = {e.method for e in ENDPOINTS if e.path == endpoint.path}
    other = next(m for m in ("PATCH", "DELETE", "PUT", "POST") if m not in declared)
    code, _ = await status(served, other, endpoint.path.replace("{id}", "12"))
    assert code == 405


@pytest.mark.parametrize("endpoint", GETS, ids=lambda e: e.name)
async def test_a_get_route_answers_head_as_get_without_a_body(
    served: tuple[FakeKakaoServer, aiohttp.ClientSession], endpoint: Endpoint
) -> None:
    path = endpoint.path.replace("{id}", "12")
    (got, _), (head, body) = await status(served, "GET", path), await status(served, "HEAD", path)
    assert head == got and body == b""
