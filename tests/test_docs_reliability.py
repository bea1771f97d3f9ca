"""README "Reliability", the claims no other test pins: which answers are retried (also inside
an HTTP 200), that a create never is, and what a MockTransport handler's raised failure means."""

from __future__ import annotations

import functools
import inspect

import pytest

import kakao_async as ka
from kakao_async.endpoints import QUOTAS
from kakao_async.testing import FakeKakaoServer
from tests.conftest import FAST_RETRY, INTERVAL, fake_client

AD_GROUPS = "/openapi/v4/adGroups"


_client = functools.partial(
    fake_client, quotas={name: INTERVAL for name in QUOTAS}, retry=FAST_RETRY
)


@pytest.mark.parametrize("code", [-1, -7, -9798])
async def test_each_retried_code_is_retried_also_inside_an_http_200(
    fake: FakeKakaoServer, code: int
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.fail_next(1, status=200, code=code, path=f"/openapi/v4/creatives/{creative}")
    async with _client(fake) as kakao:
        got = await kakao.moment.creatives.get(creative)
    assert got.id == creative
    assert [r.status for r in fake.requests] == [200, 200]


@pytest.mark.parametrize(("status", "code"), [(503, -9798), (200, -9798), (500, -1)])
async def test_a_create_is_never_retried_after_a_failure(status: int, code: int) -> None:
    async with FakeKakaoServer(quotas={name: INTERVAL for name in QUOTAS}) as fake:
        campaign = fake.seed_hierarchy(ad_accounts=[1])[1].campaigns[0]
        fake.fail_next(1, status=status, code=code, method="POST", path=AD_GROUPS)
        async with _client(fake) as kakao:
            with pytest.raises(ka.KakaoServerError):
                await kakao.moment.ad_groups.create({"campaign": {"id": campaign}, "name": "g"})
        assert [(r.method, r.path) for r in fake.requests] == [("POST", AD_GROUPS)]


async def test_an_absolute_state_put_is_not_retried_with_attempts_1(
    fake: FakeKakaoServer,
) -> None:
    creative = fake.seed(ad_accounts=[1], creatives_per_account=1)[1][0]
    fake.fail_next(1, status=503, path="/openapi/v4/creatives/onOff")
    async with _client(fake, retry=ka.RetryPolicy(attempts=1)) as kakao:
        with pytest.raises(ka.KakaoServerError):
            await kakao.moment.creatives.set_config(creative, "OFF")
    assert len(fake.requests) == 1


async def test_a_mock_handler_s_dropped_connection_is_retried_for_an_idempotent_call() -> None:
    failures = [ka.KakaoTransportError("connection reset")]

    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        if failures:
            raise failures.pop()
        return ka.HttpResponse(200, {}, b'{"content": []}')

    mock = ka.MockTransport(answer)
    async with ka.KakaoClient(
        "<token>", ad_account_id=1234, transport=mock, retry=ka.RetryPolicy(base=0.01, cap=0.02)
    ) as offline:
        assert await offline.moment.creatives.list(ad_group_id=5678) == []
    assert len(mock.requests) == 2


def _defaults(fn: object) -> dict[str, object]:
    parameters = inspect.signature(fn).parameters.values()  # type: ignore[arg-type]
    return {p.name: p.default for p in parameters if p.default is not p.empty}


def test_the_documented_defaults_and_that_every_option_is_keyword_only() -> None:
    # "RetryPolicy(attempts=3, base=0.5, cap=8.0, rate_limit_attempts=5)", exhausted_after
    # "default 60"; "KakaoClient(timeout=30.0)"; max_response_bytes "(16 MiB ...)";
    # RefreshingToken's "max_response_bytes=, 1 MiB", "auth_url= (default
    # https://kauth.kakao.com)", "timeout= (10 s per refresh)".
    policy = ka.RetryPolicy()
    assert (policy.attempts, policy.base, policy.cap, policy.rate_limit_attempts) == (
        3,
        0.5,
        8.0,
        5,
    )
    assert policy.exhausted_after == 60 and policy.exhausted_codes == frozenset()
    client = _defaults(ka.KakaoClient)
    assert client["timeout"] == 30.0 and client["max_response_bytes"] == 16 * 1024 * 1024
    tokens = _defaults(ka.RefreshingToken)
    assert tokens["timeout"] == 10.0 and tokens["max_response_bytes"] == 1024 * 1024
    assert tokens["auth_url"] == "https://kauth.kakao.com"
    for fn in (ka.RetryPolicy, ka.RefreshingToken, ka.MockTransport.__init__):
        for p in inspect.signature(fn).parameters.values():
            if p.name not in {"self", "handler"}:
                assert p.kind is p.KEYWORD_ONLY, (fn, p.name)
    for p in list(inspect.signature(ka.KakaoClient).parameters.values())[1:]:
        assert p.kind is p.KEYWORD_ONLY, p.name
