"""The endpoint declarations: one per operation, each write with its documented quota."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kakao_async as ka
import kakao_async.endpoints as ep


def test_the_names_from_before_the_package_split_still_import() -> None:
    for name in (
        "ENDPOINTS",
        "KEYWORD_CREATIVE_CREATE",
        "KEYWORD_CREATIVE_DELETE",
        "KEYWORD_CREATIVE_GET",
        "KEYWORD_CREATIVE_LIST",
        "MOMENT_CREATIVE_DELETE",
        "MOMENT_CREATIVE_GET",
        "MOMENT_CREATIVE_LIST",
        "MOMENT_CREATIVE_SET_CONFIG",
        "MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORIES",
        "MOMENT_CREATIVE_SYSTEM_CONFIG_HISTORY",
        "Endpoint",
        "Quota",
        "Scope",
    ):
        assert name in ep.__all__ and hasattr(ep, name), name
    assert all(hasattr(ep, name) for name in ep.__all__)


def test_every_declaration_is_listed_once_under_a_unique_name() -> None:
    names = [e.name for e in ep.ENDPOINTS]
    assert len(names) == len(set(names))
    declared = {v for k, v in vars(ep).items() if isinstance(v, ep.Endpoint)}
    assert declared == set(ep.ENDPOINTS)


def test_the_area_tuples_split_every_declaration_by_api() -> None:
    areas = (ep.MOMENT_ENDPOINTS, ep.REPORT_ENDPOINTS, ep.KEYWORD_ENDPOINTS)
    assert tuple(e for area in areas for e in area) == ep.ENDPOINTS
    assert {e.api for e in ep.KEYWORD_ENDPOINTS} == {"keyword"}
    assert not {e.api for e in (*ep.MOMENT_ENDPOINTS, *ep.REPORT_ENDPOINTS)} & {"keyword"}


def test_every_moment_write_has_its_documented_quota() -> None:
    quotas = {
        (e.method, e.path): (e.quota.name, e.quota.interval, e.quota.scope)
        for e in ep.ENDPOINTS
        if e.quota is not None and e.method != "GET"
    }
    assert quotas == {
        ("PUT", "/openapi/v4/creatives/onOff"): ("creatives.onOff", 5.0, "user_account"),
        ("PUT", "/openapi/v4/campaigns/onOff"): ("campaigns.onOff", 1.0, "user_account"),
        ("PUT", "/openapi/v4/campaigns/dailyBudgetAmount"): (
            "campaigns.dailyBudgetAmount",
            1.0,
            "user_account",
        ),
        ("PUT", "/openapi/v4/adGroups/onOff"): ("adGroups.onOff", 1.0, "user_account"),
        ("PUT", "/openapi/v4/adGroups/dailyBudgetAmount"): (
            "adGroups.dailyBudgetAmount",
            1.0,
            "user_account",
        ),
        ("PUT", "/openapi/v4/adGroups/bidAmount"): ("adGroups.bidAmount", 1.0, "user_account"),
        ("PUT", "/openapi/v4/adGroups/pacing"): ("adGroups.pacing", 1.0, "user_account"),
        ("PUT", "/openapi/v4/adAccounts/onOff"): ("adAccounts.onOff", 1.0, "user_account"),
        # Create and update share one quota (its scope is assumed: Kakao states none).
        ("POST", "/openapi/v4/adGroups"): ("adGroups.write", 5.0, "user_account"),
        ("PUT", "/openapi/v4/adGroups"): ("adGroups.write", 5.0, "user_account"),
    }
    assert set(ep.MOMENT_QUOTAS) == {name for name, _, _ in quotas.values()}
    assert set(ep.QUOTAS) == set(ep.MOMENT_QUOTAS) | set(ep.REPORT_QUOTAS)


def test_on_off_quota_is_a_deprecated_name_of_the_creatives_quota() -> None:
    with pytest.warns(DeprecationWarning, match="use CREATIVE_ON_OFF_QUOTA"):
        assert ep.ON_OFF_QUOTA is ep.CREATIVE_ON_OFF_QUOTA
    assert "ON_OFF_QUOTA" not in ep.__all__
    with pytest.raises(AttributeError, match="no attribute 'NO_SUCH_QUOTA'"):
        ep.NO_SUCH_QUOTA  # noqa: B018 - the lookup is the test


def test_only_the_users_list_of_ad_accounts_goes_without_the_ad_account_header() -> None:
    assert [e.name for e in ep.ENDPOINTS if not e.ad_account_header] == ["moment.ad_accounts.list"]


def test_creating_an_ad_group_is_never_retried_and_updating_it_is() -> None:
    assert ep.MOMENT_AD_GROUP_CREATE.idempotent is False
    assert ep.MOMENT_AD_GROUP_UPDATE.idempotent is True
    assert ep.MOMENT_AD_GROUP_CREATE.quota is ep.MOMENT_AD_GROUP_UPDATE.quota
    assert ep.QUOTAS["adGroups.write"] is ep.AD_GROUP_WRITE_QUOTA


def test_every_call_that_answers_with_a_body_declares_what_it_returns() -> None:
    # Every GET and every create / update answers with a model; the state changes (onOff,
    # budgets, bids, pacing) and the deletes answer with nothing the library reads.
    every = ep.ENDPOINTS
    answering = {e.name for e in every if e.response is not None}
    expected = {
        e.name for e in every if e.method == "GET" or e.name.endswith((".create", ".update"))
    }
    assert answering == expected


def test_a_declared_response_reads_kakaos_sample_into_the_model() -> None:
    data = Path(__file__).parent / "data"
    body = json.loads((data / "moment_campaign.json").read_text(encoding="utf-8"))
    path = "/openapi/v4/campaigns/1"
    decoded = ep.MOMENT_CAMPAIGN_GET.response(body, "GET", path)  # type: ignore[misc]
    assert isinstance(decoded, ka.Campaign)
    assert decoded.id == body["id"]
    assert "response=Campaign" in repr(ep.MOMENT_CAMPAIGN_GET)
