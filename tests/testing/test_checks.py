"""on_off_arrivals / on_off_gaps read accepted calls from the fake, in-process or over HTTP."""

from __future__ import annotations

import pytest

from kakao_async.testing import OnOffCall, on_off_arrivals, on_off_gaps


def call(account: int, at: float) -> OnOffCall:
    return OnOffCall(user="u", ad_account_id=account, creative_id=1, config="OFF", arrived_at=at)


def test_gaps_per_account_from_objects_and_json() -> None:
    calls = [call(1, 0.0), call(2, 0.1), call(1, 5.2), call(1, 10.3), call(2, 5.0)]
    as_json = [{"ad_account_id": c.ad_account_id, "arrived_at": c.arrived_at} for c in calls]
    for source in (calls, as_json):
        assert on_off_arrivals(source) == {1: [0.0, 5.2, 10.3], 2: [0.1, 5.0]}
        gaps = on_off_gaps(source)
        assert gaps[1] == pytest.approx([5.2, 5.1]) and gaps[2] == pytest.approx([4.9])
    assert on_off_gaps([]) == {} and on_off_gaps([call(3, 1.0)]) == {3: []}
