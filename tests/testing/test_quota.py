"""The fake's quota class: one accepted call per interval for any scope key, counted on arrival."""

from __future__ import annotations

import pytest

from kakao_async.testing._http import Reject
from kakao_async.testing._quota import Quota


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
