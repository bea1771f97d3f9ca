"""Bulk set_configs: coalesce, maybe skip what is already right, then one lane per ad account."""

from __future__ import annotations

import asyncio
import collections
import statistics
from collections.abc import Awaitable, Callable, Sequence

import attrs

from .._bulk import BulkJob, ItemFailed, ItemResult, ItemSucceeded
from .._changes import ConfigChange
from .._latest import Ticket
from ..errors import KakaoNotFoundError
from ..models import Config, MomentCreative
from ..ratelimit import QuotaLimiter

__all__ = ["Entry", "Lanes", "SendConfig", "coalesce", "plan_and_run"]

#: Sends one change under its ticket; ``False`` when a newer change superseded it.
SendConfig = Callable[[ConfigChange, int, Ticket, "float | None"], Awaitable[bool]]
#: Reads one creative (un-quota'd): ``(creative_id, ad_account_id, timeout)``.
GetCreative = Callable[[int, int, "float | None"], Awaitable[MomentCreative]]


@attrs.frozen(kw_only=True)
class Lanes:
    """How a bulk run reaches the scheduler: its limiter and each account's quota key."""

    limiter: QuotaLimiter
    key_of: Callable[[int], str]
    #: Seconds between two calls of one lane (the quota's effective interval); None: the
    #: limiter's own interval.
    interval: float | None = None


#: How many recent round-trip samples the estimate looks at.
_WINDOW = 32


@attrs.define(kw_only=True)
class Entry:
    """One creative's final requested state and the input items that asked for it."""

    account: int
    change: ConfigChange
    indices: list[int]
    #: Taken when the job was submitted, so later changes to the creative win over this one.
    ticket: Ticket


@attrs.define(kw_only=True)
class _Lane:
    """One ad account's queue; its calls run one after another through the limiter."""

    key: str
    entries: list[Entry]
    remaining: int = 0
    #: loop.time() from which the limiter lets this account's next call start.
    ready_at: float = 0.0
    #: loop.time() the current call started waiting, or None between calls.
    started_at: float | None = None


def _typical(samples: collections.deque[float]) -> float:
    """Mean round trip, ignoring outliers beyond three times the median (a 429 retry inside
    one call costs a whole extra interval; that is not the typical trip)."""
    if not samples:
        return 0.0
    # A sample can be slightly negative under load: the lane's ready_at is booked a moment
    # after the limiter's own clock started the cooldown. Clamped, the median is >= 0 and the
    # cutoff keeps at least the samples at or below it (fmean of nothing would raise).
    kept = [max(0.0, s) for s in samples]
    cutoff = 3 * statistics.median(kept)
    return statistics.fmean(s for s in kept if s <= cutoff)


def coalesce(
    items: Sequence[ConfigChange],
    accounts: Sequence[int],
    submit: Callable[[int, int], Ticket],
) -> list[Entry]:
    """Last write wins per (account, creative), ordered by each creative's last mention. Call it
    when the job is submitted: ``submit`` registers each creative's change with the client."""
    final: dict[tuple[int, int], tuple[ConfigChange, list[int]]] = {}
    for index, (change, account) in enumerate(zip(items, accounts, strict=True)):
        key = (account, change.creative_id)
        _, indices = final.pop(key, (change, []))
        final[key] = (change, [*indices, index])
    return [
        Entry(account=account, change=change, indices=indices, ticket=submit(account, creative))
        for (account, creative), (change, indices) in final.items()
    ]


async def plan_and_run(
    job: BulkJob[ConfigChange, Config],
    entries: list[Entry],
    *,
    lanes: Lanes,
    send_config: SendConfig,
    get: GetCreative | None,
    read_concurrency: int,
    timeout: float | None,
) -> None:
    """Report every item of ``job``: read first when ``get`` is given (skip_unchanged), then
    send what is left, one lane per ad account. The entries' tickets are the caller's to close
    when the job ends (also if it is cancelled before this ever runs)."""
    to_send = entries
    if get is not None:
        to_send = await _drop_unchanged(get, entries, _finisher(job), read_concurrency, timeout)
    await _run(job, to_send, lanes, send_config, timeout)


def _finisher(
    job: BulkJob[ConfigChange, Config],
) -> Callable[[Entry, ItemResult[ConfigChange, Config]], None]:
    items = job.items

    def finish(entry: Entry, result: ItemResult[ConfigChange, Config]) -> None:
        for index in entry.indices:
            item = items[index]
            # Each input item reports itself, also when coalescing merged it into another.
            job.report(index, result if item is result.item else attrs.evolve(result, item=item))

    return finish


class _Schedule:
    """The lanes of one bulk run (one per ad account) and what the ETA is made of: each lane's
    next allowed start and the round trips seen so far."""

    def __init__(self, entries: list[Entry], scheduler: Lanes) -> None:
        self.limiter = scheduler.limiter
        self.loop = asyncio.get_running_loop()
        interval = self.limiter.interval if scheduler.interval is None else scheduler.interval
        self.step_floor = interval + self.limiter.margin
        # Observed round trips (from when the limiter let a call go to its response). A lane's
        # first call may also pay for opening a connection: those count only until others exist.
        self.rtts: collections.deque[float] = collections.deque(maxlen=_WINDOW)
        self.first_rtts: collections.deque[float] = collections.deque(maxlen=_WINDOW)
        self.lanes: dict[int, _Lane] = {}
        for entry in entries:
            lane = self.lanes.get(entry.account)
            if lane is None:
                lane = self.lanes[entry.account] = _Lane(
                    key=scheduler.key_of(entry.account), entries=[]
                )
            lane.entries.append(entry)
            lane.remaining += 1

    def eta(self) -> float | None:
        now = self.loop.time()
        rtt = _typical(self.rtts) if self.rtts else min(self.first_rtts, default=0.0)
        step = self.step_floor + rtt
        worst = 0.0
        for lane in self.lanes.values():
            if not lane.remaining:
                continue
            if lane.started_at is not None and now >= lane.ready_at:
                # A call is in flight: what is left of it, then the rest at one step each.
                first = max(0.0, rtt - (now - max(lane.started_at, lane.ready_at)))
            else:
                first = max(0.0, lane.ready_at - now) + rtt
            worst = max(worst, first + (lane.remaining - 1) * step)
        return worst

    async def ask_limiter(self, lane: _Lane) -> None:
        """Set ``lane.ready_at`` from the limiter (only for the ETA: a limiter that cannot
        answer must not cost the lane its items)."""
        try:
            lane.ready_at = self.loop.time() + await self.limiter.ready_in(lane.key)
        except Exception:
            lane.ready_at = self.loop.time()

    def ended(self, lane: _Lane, number: int, result: ItemResult[ConfigChange, Config]) -> bool:
        """Book one finished call of ``lane``; whether the limiter must be asked again (after a
        failure, a 429 may have pushed the key back). Otherwise the limiter's rule is applied
        here, rather than an await per item only for the ETA."""
        now = self.loop.time()
        if result.applied:
            assert lane.started_at is not None
            (self.rtts if number else self.first_rtts).append(
                now - max(lane.started_at, lane.ready_at)
            )
        lane.remaining -= 1
        lane.started_at = None
        lane.ready_at = now + (0.0 if result.superseded else self.step_floor)
        return result.error is not None


async def _run(
    job: BulkJob[ConfigChange, Config],
    entries: list[Entry],
    scheduler: Lanes,
    send_config: SendConfig,
    timeout: float | None,
) -> None:
    schedule = _Schedule(entries, scheduler)
    job.set_eta(schedule.eta)
    finish = _finisher(job)

    async def run_lane(lane: _Lane) -> None:
        await schedule.ask_limiter(lane)
        for number, entry in enumerate(lane.entries):
            lane.started_at = schedule.loop.time()
            change = entry.change
            try:
                sent = await send_config(change, entry.account, entry.ticket, timeout)
                result: ItemResult[ConfigChange, Config] = ItemSucceeded(
                    item=change, value=change.config, superseded=not sent
                )
            except Exception as exc:  # that item's result; the lane goes on
                result = ItemFailed(item=change, error=exc)
            if schedule.ended(lane, number, result):
                await schedule.ask_limiter(lane)
            finish(entry, result)

    await asyncio.gather(*(run_lane(lane) for lane in schedule.lanes.values()))


async def _drop_unchanged(
    get: GetCreative,
    entries: list[Entry],
    finish: Callable[[Entry, ItemResult[ConfigChange, Config]], None],
    concurrency: int,
    timeout: float | None,
) -> list[Entry]:
    """Read current states through the un-quota'd detail call; keep only real changes."""
    keep: list[Entry | None] = [None] * len(entries)
    semaphore = asyncio.Semaphore(concurrency)

    async def check(position: int, entry: Entry) -> None:
        if entry.ticket.replaced_pending:
            # An older change to this creative may still be on its way to Kakao: what a read
            # shows now says nothing about the state once it lands, so this one is sent.
            keep[position] = entry
            return
        async with semaphore:
            try:
                current = await get(entry.change.creative_id, entry.account, timeout)
            except KakaoNotFoundError as exc:
                # onOff would fail the same way; do not spend quota to learn it again.
                finish(entry, ItemFailed(item=entry.change, error=exc))
                return
            except Exception:
                keep[position] = entry  # cannot tell; sending is the safe side
                return
        if not entry.ticket.current:
            keep[position] = entry  # superseded meanwhile: the lane reports it as such
        elif current.config == entry.change.config:
            finish(entry, ItemSucceeded(item=entry.change, value=entry.change.config, skipped=True))
        else:
            keep[position] = entry

    await asyncio.gather(*(check(i, e) for i, e in enumerate(entries)))
    return [e for e in keep if e is not None]
