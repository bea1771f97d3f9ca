"""README "Bulk operations": ``skip_unchanged=True`` reads states first. The flag is a bool: a
text such as ``"no"`` (from an environment variable, say) is truthy and would silently turn
the reads on, so it is refused before anything is sent, at every level that takes it."""

from __future__ import annotations

from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import FakeKakaoServer


@pytest.mark.parametrize("flag", ["no", "false", 1, None])
async def test_skip_unchanged_must_be_a_bool(
    scaled_fake: FakeKakaoServer, scaled_kakao: ka.KakaoClient, flag: Any
) -> None:
    moment = scaled_kakao.moment
    calls = [
        lambda: moment.creatives.set_configs([(1, "OFF")], skip_unchanged=flag),
        lambda: moment.campaigns.set_configs([(1, "OFF")], skip_unchanged=flag),
        lambda: moment.ad_groups.set_configs([(1, "OFF")], skip_unchanged=flag),
        lambda: moment.set_configs([ka.AdAccountConfigChange(1, "OFF")], skip_unchanged=flag),
    ]
    for call in calls:
        with pytest.raises(ka.KakaoInputTypeError, match="skip_unchanged must be True or False"):
            await call()
    with pytest.raises(ka.KakaoInputTypeError, match="skip_unchanged"):
        moment.creatives.start_set_configs([(1, "OFF")], skip_unchanged=flag)
    assert len(scaled_fake.requests) == 0
