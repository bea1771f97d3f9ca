"""The fake's quota class: one accepted call per interval for any scope key, counted on arrival."""

from __future__ import annotations

import time

import pytest

from kakao_async.endpoints import Quota as Declared
from kakao_async.errors import KakaoInputError
from kakao_async.testing._http import Reject, set_caller
from kakao_async.testing._quota import FakeQuotas, Quota


def test_quota_enforces_an_interval_for_an_arbitrary_scope_key() -> None:
    quota = Quota(detail_code=31234, message="reports once per 5 s")
    report = ("report", "user-a", 7)
    quota.accept(report, quota.check(report, 5.0))
    with pytest.raises(Reject) as refused:
        quota.check(report, 5.0)
    assert refused.value.status == 429
    assert refused.value.body["code"] == -813
    assert refused.value.body["extras"]["detailCode"] == 31234
    assert quota.rejections == 1
    # Other scopes have their own windows; a refused call did not move this one.
    quota.accept(("report", "user-b", 7), quota.check(("report", "user-b", 7), 5.0))
    quota.check(report, 0.0)
    # A check that is not followed by accept (the call failed otherwise) opens no window.
    campaign = ("campaign", 1)
    quota.check(campaign, 1.0)
    quota.check(campaign, 1.0)
    quota.clear()
    quota.check(report, 5.0)
    assert quota.rejections == 0


@pytest.mark.parametrize(
    ("scope", "same_window"),
    [
        # (user a, account 1) then: (user b, account 1), (user a, account 2)
        ("user_account", [False, False]),
        ("account", [True, False]),
        ("app", [True, True]),  # every caller of the fake
    ],
)
def test_fake_quotas_key_each_scope(scope: str, same_window: list[bool]) -> None:
    declared = Declared(name="creatives.onOff", interval=5.0, scope=scope)  # type: ignore[arg-type]
    quotas = FakeQuotas({"creatives.onOff": declared})
    request = object()  # the caller lives in a context variable, not on the request
    set_caller(1, "user-a")
    quotas.accept(quotas.admit(declared, request))  # type: ignore[arg-type]
    for (account, user), shared in zip([(1, "user-b"), (2, "user-a")], same_window, strict=True):
        set_caller(account, user)
        if shared:
            with pytest.raises(Reject):
                quotas.admit(declared, request)  # type: ignore[arg-type]
        else:
            quotas.admit(declared, request)  # type: ignore[arg-type]
    assert quotas.rejections("creatives.onOff") == same_window.count(True)


def test_fake_quotas_use_the_settings_over_the_declaration() -> None:
    quotas = FakeQuotas({"creatives.onOff": 0.0001})
    declared = Declared(name="creatives.onOff", interval=5.0)
    set_caller(1, "u")
    quotas.accept(quotas.admit(declared, object()))  # type: ignore[arg-type]
    time.sleep(0.002)
    quotas.admit(declared, object())  # type: ignore[arg-type]  # 0.0001 s, not 5 s
    assert dict(quotas)["creatives.onOff"].interval == 0.0001 and len(quotas) >= 1
    assert quotas.rejections() == 0 and quotas.rejections_by_quota() == {}


def test_an_onoff_interval_of_0_beside_another_onoff_quota_is_a_contradiction() -> None:
    with pytest.raises(KakaoInputError, match="contradicts"):
        FakeQuotas({"creatives.onOff": 1.0}, on_off_interval=1.5)
    with pytest.raises(KakaoInputError, match="contradicts"):
        FakeQuotas({"creatives.onOff": 3.0}, on_off_interval=0)
    with pytest.raises(KakaoInputError, match="contradicts"):
        FakeQuotas({"creatives.onOff": 0}, on_off_interval=1.5)
    FakeQuotas({"creatives.onOff": 0}, on_off_interval=0)  # the same setting twice


def test_a_quota_set_to_0_in_the_settings_enforces_none_as_set_does() -> None:
    """docs/testing.md: ``on_off_interval=0`` and ``fake.set_quota(name, 0)`` enforce none; the
    same 0 in ``quotas=`` (and so ``--quota NAME=0`` and ``/_fake/config``) was refused."""
    declared = Declared(name="campaigns.onOff", interval=1.0, scope="account")
    quotas = FakeQuotas({"campaigns.onOff": 0, "reports.app": 0.5})
    set_caller(1, "u")
    for _ in range(3):
        quotas.accept(quotas.admit(declared, object()))  # type: ignore[arg-type]
    assert quotas.interval("campaigns.onOff") == 0 and quotas.interval("reports.app") == 0.5
    assert quotas.rejections() == 0
    with pytest.raises(KakaoInputError):  # an unknown name stays refused, 0 or not
        FakeQuotas({"campaigns.onoff": 0})
