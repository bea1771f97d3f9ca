"""An observer a team would wire into its service: records every event and checks, per call,
what README "Metrics, tracing and logs" promises (one CallStarted, one CallEnded, one
ResponseReceived per RequestSent, attempts and retries that add up, path templates only, no
token anywhere)."""

from __future__ import annotations

import collections
import contextlib
import re
from typing import Any

import kakao_async as ka
from kakao_async import events
from kakao_async.testing import DEFAULT_TOKEN

_FILLED = re.compile(r"/\d+(/|$)")


class Ledger:
    """Every event a client reported, grouped by call."""

    def __init__(self, *secrets: str) -> None:
        self.events: list[events.Event] = []
        self.secrets = {DEFAULT_TOKEN, *secrets}

    def __call__(self, event: events.Event) -> None:
        self.events.append(event)

    def calls(self) -> dict[int, list[events.CallEvent]]:
        by_call: dict[int, list[events.CallEvent]] = collections.defaultdict(list)
        for event in self.events:
            if isinstance(event, events.CallEvent):
                by_call[event.call_id].append(event)
        return by_call

    def ended(self) -> list[events.CallEnded]:
        return [e for e in self.events if isinstance(e, events.CallEnded)]

    def of(self, kind: type[events.CallEvent]) -> list[events.CallEvent]:
        return [e for e in self.events if isinstance(e, kind)]

    def check(self) -> dict[int, list[events.CallEvent]]:
        """Assert the documented invariants for every call; return the calls."""
        calls = self.calls()
        for call_id, seq in calls.items():
            where = f"call {call_id} ({seq[0].endpoint}): {[type(e).__name__ for e in seq]}"
            assert isinstance(seq[0], events.CallStarted), where
            assert isinstance(seq[-1], events.CallEnded), where
            assert sum(isinstance(e, events.CallStarted) for e in seq) == 1, where
            assert sum(isinstance(e, events.CallEnded) for e in seq) == 1, where
            first = seq[0]
            for e in seq:  # one call, one operation
                assert (e.endpoint, e.method, e.path, e.ad_account_id) == (
                    first.endpoint,
                    first.method,
                    first.path,
                    first.ad_account_id,
                ), where
            assert not _FILLED.search(first.path), f"filled-in path {first.path}"
            sent = [e for e in seq if isinstance(e, events.RequestSent)]
            answered = [e for e in seq if isinstance(e, events.ResponseReceived)]
            assert [e.attempt for e in sent] == list(range(1, len(sent) + 1)), where
            assert [e.attempt for e in answered] == [e.attempt for e in sent], where
            # each answer right after... its own attempt, before the next one goes out
            open_attempt = None
            for e in seq:
                if isinstance(e, events.RequestSent):
                    assert open_attempt is None, where
                    open_attempt = e.attempt
                elif isinstance(e, events.ResponseReceived):
                    assert open_attempt == e.attempt, where
                    open_attempt = None
            end = seq[-1]
            assert isinstance(end, events.CallEnded)
            assert end.attempts == len(sent), where
            assert end.retries == sum(isinstance(e, events.RetryScheduled) for e in seq), where
            if end.outcome == "ok":
                assert end.error is None, where
            elif end.outcome == "error":
                assert end.error is not None, where
            waits = [e for e in seq if isinstance(e, events.ThrottledWait)]
            assert abs(end.quota_wait - sum(w.waited for w in waits)) < 1e-6, where
        for event in self.events:
            text = repr(event)
            for secret in self.secrets:
                assert secret not in text, f"secret in {text}"
        return calls


async def until_done(job: ka.BulkJob[Any, Any], count: int) -> None:
    """Wait, through the job's documented ``watch()``, until ``count`` items have finished."""
    async with contextlib.aclosing(job.watch()) as progress:
        async for p in progress:
            if p.done >= count:
                return
