"""docs/testing.md: the fake's settings that a test changes by assignment are checked as the
constructor checks them. ``fake.record_bodies = "no"`` is truthy: it turned recording on; a
fault's ``remaining`` set to text broke the queue at the next matching request."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault


@pytest.mark.parametrize(
    ("value", "error"), [("no", ka.KakaoInputTypeError), (1, ka.KakaoInputTypeError)]
)
def test_record_bodies_assigned_later_is_checked(value: Any, error: type) -> None:
    fake = FakeKakaoServer()
    with pytest.raises(error, match="record_bodies"):
        fake.record_bodies = value
    assert fake.record_bodies is False


async def test_record_bodies_assigned_later_takes_effect() -> None:
    async with FakeKakaoServer(on_off_interval=0.01) as fake:
        fake.record_bodies = True
        assert fake.record_bodies is True
        (creative_id,) = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
        ) as kakao:
            await kakao.moment.creatives.set_config(creative_id, "OFF")
        assert fake.requests[-1].body == {"id": creative_id, "config": "OFF"}


@pytest.mark.parametrize(
    ("value", "error"),
    [("x", ka.KakaoInputTypeError), (True, ka.KakaoInputTypeError), (-1, ka.KakaoInputError)],
)
def test_a_faults_remaining_assigned_later_is_checked(value: Any, error: type) -> None:
    fault = Fault(kind="status", remaining=2)
    with pytest.raises(error, match="remaining"):
        fault.remaining = value
    assert fault.remaining == 2


async def test_a_faults_remaining_may_be_set_to_zero_or_more() -> None:
    async with FakeKakaoServer() as fake:
        (creative_id,) = fake.seed(ad_accounts=[1], creatives_per_account=1)[1]
        fault = fake.inject(Fault(kind="status", status=503, remaining=1))
        fault.remaining = 0  # used up: no request sees it
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
        ) as kakao:
            assert (await kakao.moment.creatives.get(creative_id)).id == creative_id


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("host", "0.0.0.0", ka.KakaoInputError),  # every interface: the fake on the network
        ("host", "example.com", ka.KakaoInputError),
        ("host", 127, ka.KakaoInputTypeError),
        ("port", 80.5, ka.KakaoInputTypeError),
        ("port", 70_000, ka.KakaoInputError),
    ],
)
async def test_host_and_port_assigned_later_are_checked(name: str, value: Any, error: type) -> None:
    # The constructor refuses a host that is not loopback (the fake accepts a published token
    # and answers its control API to anyone who reaches it); an assignment before start()
    # bound wherever it was told.
    fake = FakeKakaoServer()
    with pytest.raises(error, match=name):
        setattr(fake, name, value)
    assert (fake.host, fake.port) == ("127.0.0.1", 0)
    async with fake:
        assert fake.base_url.startswith("http://127.0.0.1:")


async def test_a_loopback_host_and_port_may_still_be_assigned() -> None:
    fake = FakeKakaoServer()
    fake.host = "localhost"
    async with fake:
        url = fake.base_url
    fake.port = int(url.rsplit(":", 1)[1])
    async with fake:
        assert fake.base_url == url
