"""Campaign, ad group and ad account models read the shapes public samples show."""

from __future__ import annotations

import pytest

import kakao_async as ka
from kakao_async.models import decode


def test_an_ad_group_as_a_public_sample_shows_it() -> None:
    group = decode(
        ka.AdGroup,
        {
            "id": 35443,
            "name": "3514",
            "pricingType": "CPC",
            "pacing": "QUICK",
            "bidStrategy": "MANUAL",
            "dailyBudgetAmount": 100000,
            "bidAmount": 200,
            "config": "ON",
            "isDailyBudgetAmountOver": False,
            "isValidPeriod": True,
            "statusDescription": "운영중",
            "targeting": {"ageType": "NOT_ALL"},  # not modelled: ignored
        },
    )
    assert (group.id, group.bid_amount, group.daily_budget_amount) == (35443, 200, 100000)
    assert group.pacing is ka.Pacing.QUICK and group.bid_strategy is ka.BidStrategy.MANUAL
    assert group.is_valid_period is True and group.status == ()


def test_unknown_enum_values_are_kept_and_nulls_mean_absent() -> None:
    group = decode(
        ka.AdGroup,
        {
            "id": "7",
            "pacing": "NONE",
            "bidStrategy": "AUTOBID_V2",
            "type": "DIRECT_MESSAGE",
            "systemConfig": "EXTERNAL_SERVICE_STOP",
            "status": None,
            "bidStrategyTarget": {"value": 3000, "type": "TARGET_CPA"},
        },
    )
    assert group.id == 7 and group.pacing == "NONE" and not group.pacing.is_known
    assert group.bid_strategy == "AUTOBID_V2" and group.type is ka.AdGroupType.DIRECT_MESSAGE
    assert group.system_config is ka.SystemConfig.EXTERNAL_SERVICE_STOP
    assert group.bid_strategy_target == ka.BidStrategyTarget(value=3000, type="TARGET_CPA")


def test_a_campaign_with_an_old_field_and_a_null_budget() -> None:
    campaign = decode(
        ka.Campaign,
        {
            "id": 17550,
            "name": "★썸네일피드",
            "adPurposeType": "INCREASE_WEB_VISITING",  # an older API's field: ignored
            "dailyBudgetAmount": None,
            "config": "ON",
            "isDailyBudgetAmountOver": False,
            "statusDescription": "운영중",
            "campaignTypeGoal": {"campaignType": "DISPLAY", "goal": "VISITING"},
            "objective": {"type": "PIXEL_AND_SDK", "detailType": "PURCHASE", "value": "1234"},
            "createdDate": "2021-06-23T13:26:53",
        },
    )
    assert campaign.daily_budget_amount is None and campaign.config is ka.Config.ON
    assert campaign.objective == ka.Objective(
        type="PIXEL_AND_SDK", detail_type="PURCHASE", value="1234"
    )
    assert campaign.created_date is not None and campaign.created_date.year == 2021


def test_an_ad_account_and_a_page_of_them() -> None:
    account = decode(
        ka.AdAccount,
        {
            "id": 41250,
            "name": "강남",
            "ownerCompany": {"businessRegistrationNumber": "220-88-36643", "name": "케어랩스"},
            "advertiser": {"businessRegistrationNumber": "104-90-96978", "name": "강남"},
            "type": "BUSINESS",
            "config": "ON",
            "isAdminStop": False,
            "isOutOfBalance": False,
            "statusDescription": "운영중",
        },
    )
    assert account.owner_company == ka.Company(
        business_registration_number="220-88-36643", name="케어랩스"
    )
    page = decode(
        ka.AdAccountPage,
        {
            "content": [{"id": 1, "name": "a", "memberType": "MEMBER", "config": "OFF"}],
            "size": 10,
            "totalElements": 1,
            "totalPages": 1,
            "page": 0,
        },
    )
    assert page.content[0].member_type is ka.MemberType.MEMBER and page.total_pages == 1


@pytest.mark.parametrize(
    ("model", "body"),
    [
        (ka.Campaign, {"id": 1, "dailyBudgetAmount": "a lot"}),
        (ka.AdGroup, {"id": 1, "status": "OPERATING"}),  # a string where a list belongs
        (ka.AdAccountPage, {"content": {"id": 1}}),
        (ka.CampaignSummary, {"name": "no id"}),
    ],
)
def test_wrong_shapes_are_decode_errors(model: type, body: dict) -> None:
    with pytest.raises(ka.KakaoDecodeError):
        decode(model, body)
