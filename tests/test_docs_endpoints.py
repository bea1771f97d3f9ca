"""README "Endpoints" introduction: every endpoint declared once, which ones carry a quota, and
``kakao.quota_key`` naming the scheduler key a quota uses."""

from __future__ import annotations

import kakao_async as ka
from kakao_async.endpoints import CREATIVE_ON_OFF_QUOTA, ENDPOINTS


def test_every_endpoint_is_declared_once_with_method_path_idempotency_and_quota() -> None:
    names = [e.name for e in ENDPOINTS]
    assert len(names) == len(set(names))
    for endpoint in ENDPOINTS:
        assert endpoint.method in {"GET", "POST", "PUT", "DELETE"}
        assert endpoint.path.startswith("/openapi/")
        assert isinstance(endpoint.idempotent, bool)
        assert endpoint.idempotent is (endpoint.method != "POST")


def test_list_and_detail_gets_have_no_quota_and_reports_do() -> None:
    for endpoint in ENDPOINTS:
        if endpoint.method == "GET":
            assert (endpoint.quota is not None) is endpoint.path.endswith("/report"), endpoint


def test_the_writes_without_a_quota_are_the_deletes_and_the_keyword_create() -> None:
    # README: "The quota'd ones (every write, and the reports)". Not quite: these writes have
    # none (Kakao lists no limit for them), which the report asks README to say.
    unlimited = sorted(e.name for e in ENDPOINTS if e.method != "GET" and e.quota is None)
    assert unlimited == [
        "keyword.creatives.create",
        "keyword.creatives.delete",
        "moment.creatives.delete",
    ]


def test_quota_key_names_the_scheduler_key_of_a_quota() -> None:
    kakao = ka.KakaoClient("a-token-of-some-length", user_key="user-7")
    assert kakao.quota_key(CREATIVE_ON_OFF_QUOTA, 1234) == "creatives.onOff:user-7:1234"
    assert kakao.quota_key("reports.app", 1234) == "reports.app:app"
    assert kakao.quota_key("reports.account", 1234) == "reports.account:1234"
    scoped = ka.KakaoClient(
        "a-token-of-some-length",
        quotas={"creatives.onOff": ka.Quota(name="creatives.onOff", interval=5, scope="account")},
    )
    # The client's own (effective) scope, also when given the declared Quota.
    assert scoped.quota_key(CREATIVE_ON_OFF_QUOTA, 1234) == "creatives.onOff:1234"
