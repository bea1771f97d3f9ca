"""Bulk state changes: coalesce, maybe skip what is already right, then one lane per quota key.

Generic over the endpoint: every change is an :class:`Op`, and each lands in the lane of its
endpoint's quota for its ad account. A bulk of creative, ad group and campaign changes thus runs
every (quota, account) pair side by side, each at its own interval, and the ETA is the slowest
lane's.
"""

from __future__ import annotations

import asyncio
import collections
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import attrs

from .._bulk import BulkJob, ItemFailed, ItemResult, ItemSucceeded
from .._http import SUPERSEDED, Request, Turn
from .._latest import LatestChanges, Ticket
from .._results import caught, succeeded
from ..endpoints import Quota
from ..errors import STOPPING_ERRORS, KakaoAPIError, KakaoAuthError, KakaoNotFoundError
from ..ratelimit import QuotaLimiter
from ._ops import Op

__all__ = ["Entry", "Lanes", "ReadCurrent", "RequestOf", "Send", "coalesce", "plan_and_run"]

#: The request that sends one change under its ticket, within a timeout, in its lane's turn.
RequestOf = Callable[[Op, Ticket, "float | None", "Turn | None"], Request]
#: Sends a request: the decoded body, or :data:`SUPERSEDED` when a newer change replaced it.
Send = Callable[[Request], Awaitable[Any]]
#: Reads (un-quota'd) the value the change would set, as the object has it now.
ReadCurrent = Callable[[Op, "float | None"], Awaitable[Any]]

_Job = BulkJob[Any, Any]
_Result = ItemResult[Any, Any]


@attrs.frozen(kw_only=True)
class Lanes:
    """How a bulk run reaches the scheduler: its limiter, and the :class:`Turn` of a quota for
    an ad account (its effective quota, its key, the limiter's hold for a lane's calls if it
    has one: closed by the run)."""

    limiter: QuotaLimiter
    turn_of: Callable[[Quota, int], Turn]


#: How many recent round-trip samples the estimate looks at.
_WINDOW = 32


class Entry(Ticket):
    """One object's final requested change and the input items that asked for it; also the
    ticket the change was submitted under (one object per change of a bulk, not an entry and a
    ticket: a bulk holds one per object for the whole run).

    Built as a ticket (``Entry(book, key)`` submits it), then given its change by
    :func:`coalesce`: an ``__init__`` of its own, calling the ticket's, costs each entry ~870
    instructions more."""

    __slots__ = ("earlier", "index", "item", "op")

    op: Op
    #: The last input item that named the object: the one whose change is sent.
    item: Any
    #: Its index among the job's items.
    index: int
    #: The indices of the items that named the object before it (nearly always none: ``()``, no
    #: tuple per entry for the collector to count and walk).
    earlier: tuple[int, ...]


@attrs.define(kw_only=True)
class _Lane:
    """One quota key's queue; its calls run one after another through the limiter."""

    key: str
    #: The effective quota, the key and the lane's hold, found once for all its calls.
    turn: Turn
    #: Seconds from one call's end to the next call's start: the quota's interval plus margin.
    step: float
    entries: list[Entry]
    remaining: int = 0
    #: time.monotonic() from which the limiter lets this lane's next call start. A lane with
    #: calls left is waiting for that moment, or past it with a call in flight.
    ready_at: float = 0.0
    #: The lane hold's count of 429s when this lane's last call ended.
    refusals: int = 0


def _typical(samples: collections.deque[float]) -> float:
    """Mean round trip, ignoring outliers beyond three times the median (a 429 retry inside
    one call costs a whole extra interval; that is not the typical trip)."""
    if not samples:
        return 0.0
    median = max(0.0, statistics.median(samples))
    # Negative samples (a call the limiter let go before the estimated ready time) count as 0.
    kept = [max(0.0, s) for s in samples if s <= 3 * median]
    return statistics.fmean(kept) if kept else median


def coalesce(items: Sequence[Any], ops: Sequence[Op], book: LatestChanges) -> list[Entry]:
    """Last write wins per object (``op.key``), ordered by each object's last mention. Call it
    when the job is submitted: each entry is its object's newest change in ``book`` (the
    client's :class:`LatestChanges`) from then on."""
    # Per object, the index of the last item naming it (the one whose op is sent), and of any
    # before it.
    last: dict[tuple[str, int, int], int] = {}
    earlier: dict[tuple[str, int, int], tuple[int, ...]] = {}
    for index, op in enumerate(ops):
        key = op.key
        before = last.pop(key, None)  # popped: objects are ordered by their last mention
        if before is not None:
            earlier[key] = (*earlier.get(key, ()), before)
        last[key] = index
    entries = []
    for key, index in last.items():
        entry = Entry(book, key)  # submitted now: later changes to the object win over it
        entry.op = ops[index]
        entry.item = items[index]
        entry.index = index
        entry.earlier = earlier.get(key, ())
        entries.append(entry)
    return entries


async def plan_and_run(
    job: _Job,
    entries: list[Entry],
    *,
    lanes: Lanes,
    request_of: RequestOf,
    send: Send,
    read: ReadCurrent | None,
    read_concurrency: int,
    timeout: float | None,
) -> None:
    """Report every item of ``job``: read first when ``read`` is given (skip_unchanged), then
    send what is left, one lane per quota key. The entries' tickets are the caller's to close
    when the job ends (also if it is cancelled before this ever runs)."""
    to_send = entries
    if read is not None:
        to_send = await _drop_unchanged(read, entries, _finisher(job), read_concurrency, timeout)
    await _run(job, to_send, lanes, request_of, send, timeout)


def _finisher(job: _Job) -> Callable[[Entry, _Result], None]:
    items = job.items

    def finish(entry: Entry, result: _Result) -> None:
        for index in entry.earlier:
            item = items[index]
            # Each input item reports itself, also when coalescing merged it into another.
            job.report(index, result if item is result.item else attrs.evolve(result, item=item))
        job.report(entry.index, result)  # the item whose change was sent: result.item

    return finish


class _Schedule:
    """The lanes of one bulk run (one per quota key) and what the ETA is made of: each lane's
    next allowed start and the round trips seen so far."""

    def __init__(self, entries: list[Entry], scheduler: Lanes) -> None:
        self.limiter = scheduler.limiter
        margin = self.limiter.margin
        # Observed round trips (from when the limiter let a call go to its response). A lane's
        # first call may also pay for opening a connection: those count only until others exist.
        self.rtts: collections.deque[float] = collections.deque(maxlen=_WINDOW)
        self.first_rtts: collections.deque[float] = collections.deque(maxlen=_WINDOW)
        self.lanes: dict[str, _Lane] = {}
        # Each (endpoint, ad account) pair's lane is found once: its turn (the key, the lane's
        # hold) is not worked out again for every entry or call. Pairs may share a lane (a quota
        # of app scope).
        lane_of: dict[tuple[str, int], _Lane] = {}
        # Every lane's first call may go now, as far as the estimate knows. The limiter is not
        # asked (an await per lane, a round trip per lane with Redis) only for the estimate: a
        # key still cooling from an earlier call shows once its first call has ended.
        now = time.monotonic()
        for entry in entries:
            op = entry.op
            lane = lane_of.get((op.endpoint.name, op.account))
            if lane is None:
                quota = op.endpoint.quota
                assert quota is not None  # only quota'd writes are planned
                lane = self._lane(scheduler.turn_of(quota, op.account), margin, now)
                lane_of[op.endpoint.name, op.account] = lane
            lane.entries.append(entry)
        for lane in self.lanes.values():
            lane.remaining = len(lane.entries)

    def _lane(self, turn: Turn, margin: float, now: float) -> _Lane:
        """The lane of ``turn``'s key: a new one, or the one another ad account's calls share."""
        lane = self.lanes.get(turn.key)
        if lane is not None:
            if turn.hold is not None:
                turn.hold.close()  # the lane has its own
            return lane
        step = turn.quota.interval + margin
        lane = self.lanes[turn.key] = _Lane(key=turn.key, turn=turn, step=step, entries=[])
        lane.ready_at = now
        return lane

    def close(self) -> None:
        """Release every lane's hold (a lane releases its own when it ends; this covers those
        whose task never ran, the run being cancelled first)."""
        for lane in self.lanes.values():
            if lane.turn.hold is not None:
                lane.turn.hold.close()

    def eta(self) -> float | None:
        now = time.monotonic()
        # Each step's round trip only from calls timed from a known ready moment. A lane's
        # first call is timed from the run's start (the limiter is not asked then), so it also
        # holds any wait for a key still cooling from an earlier job: as a step's round trip,
        # that wait would double every remaining step. It serves only for calls in flight.
        rtt = _typical(self.rtts) if self.rtts else 0.0
        in_flight = rtt if self.rtts else min(self.first_rtts, default=0.0)
        worst = 0.0
        for lane in self.lanes.values():
            if not lane.remaining:
                continue
            if now >= lane.ready_at:
                # A call is in flight: what is left of it, then the rest at one step each.
                first = max(0.0, in_flight - (now - lane.ready_at))
            else:
                first = lane.ready_at - now + rtt
            worst = max(worst, first + (lane.remaining - 1) * (lane.step + rtt))
        return worst

    async def ask_limiter(self, lane: _Lane) -> None:
        """Set ``lane.ready_at`` from the limiter (only for the ETA: a limiter that cannot
        answer must not cost the lane its items)."""
        try:
            lane.ready_at = time.monotonic() + await self.limiter.ready_in(lane.key)
        except Exception:
            lane.ready_at = time.monotonic()

    def ended(self, lane: _Lane, number: int, result: _Result) -> bool:
        """Book one finished call of ``lane``; whether the limiter must be asked again (after a
        failure, a 429 may have pushed the key back). Otherwise the limiter's rule is applied
        here, rather than an await per item only for the ETA. A call goes once the lane is
        ready: its round trip is counted from then."""
        now = time.monotonic()
        lane.remaining -= 1
        if result.superseded:  # nothing was sent: the key's turn was given back
            lane.ready_at = now
            return False
        # Applied or failed, the call spent the key's turn. (A lane's result is never skipped:
        # result.applied, a property, would cost a call per item for what these two lines say.)
        # A call retried after a 429 (its lane hold counts them) also took that wait: not a
        # round trip. Without such a hold the outlier filter takes those, once it has samples.
        refusals = getattr(lane.turn.hold, "refusals", 0)
        retried, lane.refusals = refusals != lane.refusals, refusals
        if result.error is None and not retried:
            (self.rtts if number else self.first_rtts).append(now - lane.ready_at)
        lane.ready_at = now + lane.step
        return result.error is not None


async def _run(
    job: _Job,
    entries: list[Entry],
    scheduler: Lanes,
    request_of: RequestOf,
    send: Send,
    timeout: float | None,
) -> None:
    schedule = _Schedule(entries, scheduler)
    job.set_eta(schedule.eta)
    finish = _finisher(job)
    done = _AllLanes()
    running = len(schedule.lanes)

    async def run_lane(lane: _Lane) -> None:
        # One coroutine for the whole lane, its hold's close included: every suspension of a
        # call resumes each frame between the lane and the socket.
        nonlocal running
        turn = lane.turn
        exhausted: KakaoAPIError | None = None
        try:
            for number, entry in enumerate(lane.entries):
                if exhausted is not None:
                    # A daily or monthly limit, or a token Kakao refused (after its provider's
                    # refresh: a lane is one user's): every further call of this key would be
                    # refused the same way, one quota turn each, and each refusal could count
                    # against the app. The items fail unsent, safe to run again.
                    lane.remaining -= 1
                    finish(entry, ItemFailed(item=entry.item, error=exhausted))
                    continue
                op = entry.op
                try:
                    # The requester's send itself: a lane waiting its turn is a frame shallower.
                    body = await send(request_of(op, entry, timeout, turn))
                    result: _Result = succeeded(entry.item, op.value, superseded=body is SUPERSEDED)
                except STOPPING_ERRORS as exc:
                    exhausted = exc
                    result = caught(entry.item, exc)
                except Exception as exc:  # that item's result; the lane goes on
                    result = caught(entry.item, exc)
                if schedule.ended(lane, number, result) and exhausted is None:
                    await schedule.ask_limiter(lane)
                finish(entry, result)
        finally:
            if turn.hold is not None:
                turn.hold.close()  # the key may go once it has cooled
            running -= 1
            if not running and not done.done():
                done.set_result(None)

    # Longest lane first: its first call starts the run's critical path, so it is issued before
    # the first calls of short lanes rather than behind them.
    lanes = sorted(schedule.lanes.values(), key=lambda lane: lane.remaining * lane.step)
    loop = asyncio.get_running_loop()
    tasks = [loop.create_task(run_lane(lane)) for lane in reversed(lanes)]
    done.lanes = tasks
    try:
        if tasks:
            await done
        for task in tasks:
            task.result()  # a lane's own failure (not an item's), as gather() would raise it
    except BaseException:
        # Cancelled (job.cancel(): every lane already is), or a lane failed: no lane outlives
        # the run, and the run ends once they have unwound.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    finally:
        schedule.close()


class _AllLanes(asyncio.Future[None]):
    """What a run awaits: resolved by its last lane as it ends. Cancelling it (the run is
    cancelled) cancels every lane at once, as :func:`asyncio.gather` does, so no lane that
    has not started yet ever takes a turn. Lanes count themselves off in their own code, not
    through a done callback per task: gather's costs each lane (an ad account) ~18,000
    instructions more."""

    lanes: Sequence[asyncio.Task[None]] = ()

    def cancel(self, msg: Any | None = None) -> bool:
        for lane in self.lanes:
            lane.cancel(msg)
        return super().cancel(msg)


async def _drop_unchanged(
    read: ReadCurrent,
    entries: list[Entry],
    finish: Callable[[Entry, _Result], None],
    concurrency: int,
    timeout: float | None,
) -> list[Entry]:
    """Read current states through the un-quota'd detail calls; keep only real changes."""
    keep: list[Entry | None] = [None] * len(entries)
    semaphore = asyncio.Semaphore(concurrency)
    refused = False  # a token Kakao refused: every further read would be refused as well

    async def check(position: int, entry: Entry) -> None:
        nonlocal refused
        if entry.replaced_pending:
            # An older change to this object may still be on its way to Kakao: what a read
            # shows now says nothing about the state once it lands, so this one is sent.
            keep[position] = entry
            return
        async with semaphore:
            if refused:  # unread: its lane's one refused call fails the rest
                keep[position] = entry
                return
            try:
                current = await read(entry.op, timeout)
            except KakaoNotFoundError as exc:
                # The write would fail the same way; do not spend quota to learn it again.
                finish(entry, caught(entry.item, exc))
                return
            except KakaoAuthError:
                refused = True
                keep[position] = entry
                return
            except Exception:
                keep[position] = entry  # cannot tell; sending is the safe side
                return
        if not entry.current:
            keep[position] = entry  # superseded meanwhile: the lane reports it as such
        elif current == entry.op.value:
            finish(entry, ItemSucceeded(item=entry.item, value=entry.op.value, skipped=True))
        else:
            keep[position] = entry

    await asyncio.gather(*(check(i, e) for i, e in enumerate(entries)))
    return [e for e in keep if e is not None]
