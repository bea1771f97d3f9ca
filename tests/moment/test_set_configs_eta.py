"""The bulk ETA's round-trip estimate never fails, whatever the samples."""

from __future__ import annotations

import collections

from kakao_async.moment._set_configs import _typical


def test_the_typical_round_trip_of_odd_samples_is_a_number() -> None:
    # A call the limiter let go before the lane's estimated ready time gives a negative sample
    # (seen with a Redis limiter recovering from an outage); the estimate must not raise.
    assert _typical(collections.deque([-0.02, -0.01, -0.03])) >= 0.0
    assert _typical(collections.deque()) == 0.0
    assert _typical(collections.deque([0.0, 0.0, 5.0])) == 0.0  # the outlier is ignored
    assert _typical(collections.deque([0.01, 0.02, 0.03])) == 0.02
