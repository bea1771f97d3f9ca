"""Copies of public objects that carry a credential: what ``MockTransport`` recorded (each
``HttpRequest`` holds the ``Authorization`` header it sent). A pickle is often stored or sent
in clear, so those refuse to be pickled, as a ``Secret`` does; a copy stays masked."""

from __future__ import annotations

import copy
import pickle

import pytest

import kakao_async as ka
from tests.conftest import SECRETS

TOKEN = "pickled-token-0123456789abcdef"
SECRETS.add(TOKEN)


async def recorded() -> ka.HttpRequest:
    transport = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, b'{"content": []}'))
    async with ka.KakaoClient(TOKEN, ad_account_id=1, transport=transport) as kakao:
        await kakao.moment.creatives.list(ad_group_id=1)
    return transport.requests[0]


async def test_a_recorded_request_does_not_pickle_its_bearer_token() -> None:
    request = await recorded()
    for obj in (request, request.headers, [request]):
        with pytest.raises(TypeError, match="pickle") as info:
            pickle.dumps(obj)
        assert TOKEN not in str(info.value)


async def test_a_copied_request_keeps_its_header_masked_and_usable() -> None:
    request = await recorded()
    for twin in (copy.copy(request), copy.deepcopy(request)):
        assert TOKEN not in repr(twin)
        assert twin.headers["Authorization"] == "Bearer " + TOKEN  # still the value sent
