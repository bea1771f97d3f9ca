"""What every Moment service that changes state shares: one change sent under its ticket (last
write wins), the current state read for ``skip_unchanged``, and a bulk of changes started as a
:class:`BulkJob` on the one planner in :mod:`._set_configs`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from .._bulk import BulkJob, require_running_loop
from .._changes import AnyConfigChange
from .._http import SUPERSEDED, Request, Turn
from .._latest import Ticket
from .._progress import ProgressCallback
from .._service import Service
from .._validate import flag, positive_int, positive_number
from ..models import Config
from ._ops import READS, Op, config_op
from ._set_configs import Entry, Lanes, coalesce, plan_and_run

__all__ = ["ChangeSender"]

I = TypeVar("I")  # noqa: E741 - the item type, as in BulkJob[I, V]
V = TypeVar("V")
C = TypeVar("C", bound=AnyConfigChange)


class ChangeSender(Service):
    """Base of the Moment services with quota'd writes."""

    __slots__ = ()

    async def _apply(self, op: Op, timeout: float | None) -> bool:
        """Send one change: ``True`` once applied, ``False`` if a newer change to the same
        object, submitted on this client meanwhile, replaced it (nothing was sent then)."""
        # Every argument is checked before the ticket: a refused call must not supersede anything.
        timeout = None if timeout is None else positive_number("timeout", timeout)
        ticket = self._api.requester.latest.submit(op.key)
        try:
            return await self._send(self._change_request(op, ticket, timeout)) is not SUPERSEDED
        finally:
            ticket.close()

    async def _apply_config(self, change: AnyConfigChange, timeout: float | None) -> bool:
        """:meth:`_apply` for an ON/OFF change (an object's ``set_config``)."""
        return await self._apply(config_op(change, self._account(change.ad_account_id)), timeout)

    def _start_configs(
        self,
        items: Sequence[C],
        operation: str,
        *,
        skip_unchanged: bool,
        read_concurrency: int,
        on_progress: ProgressCallback | None,
        timeout: float | None,
    ) -> BulkJob[C, Config]:
        """A started job switching every item (validated) ON/OFF at each quota's bound, its
        progress reported to the client's observers as ``operation``."""
        # A change checked its ad_account_id when it was built: only a missing one goes through
        # _account() (the client's, or the error), not every id a second time.
        ops = [
            config_op(c, self._account(None) if c.ad_account_id is None else c.ad_account_id)
            for c in items
        ]
        job: BulkJob[C, Config] = self._start_ops(
            items,
            ops,
            skip_unchanged=skip_unchanged,
            read_concurrency=read_concurrency,
            on_progress=on_progress,
            timeout=timeout,
        )
        return self._observed(job, operation)

    def _change_request(
        self, op: Op, ticket: Ticket, timeout: float | None, turn: Turn | None = None
    ) -> Request:
        # An Op and the timeout are validated when made: no second check per item of a bulk.
        endpoint = op.endpoint
        base_url = self._api.base_url
        return Request(
            endpoint, base_url, endpoint.path, op.account, (), op.body, timeout, ticket, None, turn
        )

    async def _read_current(self, op: Op, timeout: float | None) -> Any:
        """The value ``op`` would set, as Kakao has it now (un-quota'd detail call)."""
        read = READS[op.endpoint.name]
        path = read.endpoint.format(id=op.object_id)
        request = self._request(
            read.endpoint,
            path=path,
            ad_account_id=op.account,
            timeout=timeout,
            decode=read.current,
        )
        return await self._send(request)

    def _start_ops(
        self,
        items: Sequence[I],
        ops: Sequence[Op],
        *,
        skip_unchanged: bool,
        read_concurrency: int,
        on_progress: ProgressCallback | None,
        timeout: float | None,
    ) -> BulkJob[I, V]:
        """A started job sending ``ops`` (one per item, validated) at each quota's bound."""
        skip_unchanged = flag("skip_unchanged", skip_unchanged)
        read_concurrency = positive_int("read_concurrency", read_concurrency)
        timeout = None if timeout is None else positive_number("timeout", timeout)
        require_running_loop()  # a job needs a running loop: say so before any ticket
        self._api.requester.check_open()
        job: BulkJob[I, V] = BulkJob(items, on_progress=on_progress)
        # Submitted now, not when the job's task first runs: a change the caller makes right
        # after this call is newer and must win.
        requester = self._api.requester
        entries = coalesce(items, ops, requester.latest)
        work = plan_and_run(
            job,
            entries,
            lanes=Lanes(limiter=requester.limiter, turn_of=requester.lane),
            request_of=self._change_request,
            send=self._send,
            read=self._read_current if skip_unchanged else None,
            read_concurrency=read_concurrency,
            timeout=timeout,
        )
        job.start(work)
        # Also when the job is cancelled before its work ever ran (its own cleanup never runs).
        job.add_done_callback(lambda _: _close_tickets(entries))
        return job


def _close_tickets(entries: Iterable[Entry]) -> None:
    for entry in entries:
        entry.close()
