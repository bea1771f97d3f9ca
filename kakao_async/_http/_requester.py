"""The requester: every call's one path from a :class:`Request` to a decoded body.

::

    send(request)
      superseded?            a newer change to the same object exists: nothing to send
      limiter.hold(key)      only endpoints whose declaration has a quota, spaced by that
                             quota's effective interval (``quotas=`` overrides the declared
                             one); the wait for the turn does not count against the deadline
      transport.send(...)    Bearer header from the token source (unwrapped only here)
      interpret(...)         envelope -> typed error, or the JSON body
      request.decode(...)    the JSON body -> the call's result (the endpoint's model)
      decide(failure)        retry chain: raise / refresh / requeue / retry after a sleep
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

from .._auth import authorization
from .._latest import LatestChanges
from .._observe import CallTrace, Emitter, quota_refused, quota_turn, retrying
from .._quotas import resolve_quotas
from .._secret import Secret
from .._tasks import cancel_requests, undo_cancel
from .._tokens import TokenSource
from ..endpoints import Quota
from ..errors import (
    KakaoAuthError,
    KakaoClosedError,
    KakaoConnectError,
    KakaoError,
    KakaoRateLimitError,
)
from ..ratelimit import QuotaLimiter
from ..ratelimit._base import EndingQuietly, give_back
from ._attempt import answer, http_request, no_answer
from ._budget import Budget, Tries, call_timeout
from ._deadlines import Deadlines
from ._exchange import Transport
from ._pacer import Pacer
from ._request import SUPERSEDED, Request, Turn
from ._retry import Failure, RetryPolicy, decide

__all__ = ["Requester"]

T = TypeVar("T")


class Requester:
    """Sends :class:`Request`\\ s for one client; services hold it, never the client."""

    def __init__(
        self,
        *,
        transport: Transport,
        tokens: TokenSource,
        limiter: QuotaLimiter,
        retry: RetryPolicy,
        timeout: float,
        max_requests_per_second: float | None = None,
        quotas: Mapping[str, Quota] | None = None,
    ) -> None:
        #: The client's observers; None while it has none (then no event is ever built).
        self.events: Emitter | None = None
        self.transport = transport
        self.tokens = tokens
        self.limiter = limiter
        #: A limiter of the user's: a hold of its whose end fails must not undo the call.
        self._theirs = not type(limiter).__module__.startswith("kakao_async.")
        self.retry = retry
        self.timeout = timeout
        #: The effective quota of every declared one, by name (read-only).
        self.quotas: Mapping[str, Quota] = resolve_quotas(None) if quotas is None else quotas
        #: Newest pending change per object, so a retried change never overtakes a newer one.
        self.latest = LatestChanges()
        self._pacer = None if max_requests_per_second is None else Pacer(max_requests_per_second)
        self._bearer: tuple[Secret | None, str] = (None, "")
        #: Waits for the token source, each ended by its call's deadline (one timer for all).
        self._token_waits = Deadlines()
        # The protocol promises a user_key that never changes: read it once.
        self._user_key = tokens.provider.user_key
        self._closed = False
        #: When calls in flight stop being waited for: 5 s after the first :meth:`aclose`.
        self._unwind_by: float | None = None
        #: Tasks inside :meth:`send` now, and those :meth:`aclose` cancelled to end them.
        self._inflight: set[asyncio.Task[Any]] = set()
        #: For each: resolved when its call has unwound (the task itself may go on).
        self._closing: dict[asyncio.Task[Any], asyncio.Future[None]] = {}

    @property
    def closed(self) -> bool:
        return self._closed

    def check_open(self) -> None:
        """Raise :class:`~kakao_async.KakaoClosedError` once the client is closed: before a call,
        and before a bulk job starts (its every item would only report it)."""
        if self._closed:
            raise KakaoClosedError("this KakaoClient is closed")

    @property
    def user_key(self) -> str:
        return self._user_key

    def quota(self, declared: Quota) -> Quota:
        """The quota calls declared with ``declared`` run under: the client's setting for its
        name (interval and scope), else the declaration itself."""
        return self.quotas.get(declared.name, declared)

    def quota_key(self, quota: Quota, ad_account_id: int) -> str:
        """The scheduler key of ``quota`` (its effective scope) for this user and ad account:
        the scope decides which of them share it."""
        return self._key(self.quota(quota), ad_account_id)

    def _key(self, quota: Quota, ad_account_id: int) -> str:
        """:meth:`quota_key` of an already effective quota."""
        if quota.scope == "user_account":
            return f"{quota.name}:{self._user_key}:{ad_account_id}"
        if quota.scope == "account":
            return f"{quota.name}:{ad_account_id}"
        return f"{quota.name}:app"

    def lane(self, declared: Quota, ad_account_id: int) -> Turn:
        """The :class:`Turn` of a bulk lane sending calls of ``declared`` for ``ad_account_id``
        one after another (its requests carry it as ``turn``): the effective quota and the key,
        found once for the lane, and the limiter's lane hold when it offers one (``lane(key,
        quota=)``, as the in-memory one does; the caller closes it after the lane's last call).
        Without one (``hold`` is ``None``), each call takes a new hold."""
        quota = self.quota(declared)
        key = self._key(quota, ad_account_id)
        lane = getattr(self.limiter, "lane", None)
        hold = None
        if lane is not None:
            try:
                hold = lane(key, quota=quota)
            except Exception:
                # E.g. a limiter bound to another running loop: each call then takes its own
                # hold, and each item reports that error, as it would without lanes.
                hold = None
        return Turn(quota, key, hold)

    async def send(self, request: Request) -> Any:
        """The JSON body (``None`` when empty) through ``request.decode`` if it has one, or
        :data:`SUPERSEDED` when ``request.ticket`` went stale before the change could be sent."""
        # One coroutine per call: each frame between caller and socket reruns at every suspension.
        events = self.events
        trace = None if events is None else events.call(request.endpoint, request.ad_account_id)
        task = asyncio.current_task()
        assert task is not None
        # Cancellations already pending (a call made from cleanup code) are not ours to undo.
        pending = cancel_requests(task)
        nested = task in self._inflight  # a handler calling the client: the outer call owns task
        self._inflight.add(task)
        try:
            self.check_open()
            endpoint, ticket = request.endpoint, request.ticket
            timeout = request.timeout if request.timeout is not None else self.timeout
            # Only a wait (token, pacer, quota turn) or a failure needs the call's Budget: a
            # call whose first attempt goes out at once and succeeds never builds one.
            budget: Budget | None = None
            tries: Tries | None = None  # only a failure pays for counting failures
            while True:
                if ticket is not None and not ticket.current:
                    body = SUPERSEDED
                    break
                token = self.tokens.ready()
                if token is None:
                    budget = budget or Budget(timeout)
                    token = await self._in_time(self.tokens.current(), request, budget)
                started: float | None = None
                try:
                    if endpoint.quota is not None:
                        budget = budget or Budget(timeout)
                        body = await self._exchange_in_turn(request, token, budget, trace)
                        break
                    # An un-quota'd attempt is awaited here, not in a coroutine of its own (above).
                    if self._pacer is not None:
                        budget = budget or Budget(timeout)
                        await self._paced(budget)
                    # The first attempt, sent at once, has the whole timeout from now.
                    seconds = timeout if budget is None else budget.attempt(request)
                    started = time.monotonic()
                    http = http_request(request, self._bearer_of(token), seconds, trace)
                    try:
                        response = await self.transport.send(http)
                    except KakaoError as exc:
                        no_answer(request, timeout, trace, exc, token)
                        raise
                    try:
                        body = answer(request, response, token, trace, started, self.retry)
                    finally:
                        del response  # see answer(): the body may echo the token
                    break
                except KakaoError as error:
                    # A first attempt sent without a Budget: its clock started when it went out.
                    budget = budget or Budget(timeout, started=started)
                    tries = tries or Tries()
                    if not await self._recover(request, error, token, budget, tries, trace):
                        raise
        except BaseException as exc:
            closed = self._closed_error(request, task, exc, pending)
            if trace is not None:
                trace.ended(exc if closed is None else closed)
            if closed is None:
                raise
            # No frame of the call may keep its error (here, in _recover) or the task, which
            # keeps it: frames live on in the traceback, a cycle only the collector frees.
            try:
                raise closed from None
            finally:
                del closed
        finally:
            if not nested:
                self._inflight.discard(task)
            unwound = None if nested else self._closing.pop(task, None)
            del task
            if unwound is not None and not unwound.done():
                unwound.set_result(None)
        if trace is not None:
            trace.ended(None, superseded=body is SUPERSEDED)
        return body

    def _closed_error(
        self, request: Request, task: asyncio.Task[Any], exc: BaseException, pending: int
    ) -> KakaoClosedError | None:
        """The error to end the call with if ``exc`` is :meth:`aclose`'s cancellation."""
        if not isinstance(exc, asyncio.CancelledError) or task not in self._closing:
            return None
        # Our own cancellation, turned into an error: undo it, unless someone else cancelled
        # the task too.
        if not undo_cancel(task, pending=pending):
            return None
        return KakaoClosedError(
            f"{request.method} {request.path}: the client was closed before the call ended"
        )

    async def _recover(
        self,
        request: Request,
        error: KakaoError,
        token: Secret,
        budget: Budget,
        tries: Tries,
        trace: CallTrace | None,
    ) -> bool:
        """After a failed attempt: True once ready for the next, False if ``error`` ends it."""
        endpoint = request.endpoint
        if isinstance(error, KakaoRateLimitError) and endpoint.quota is not None:
            tries.quota += 1
        elif not isinstance(error, KakaoAuthError):
            tries.transient += 1
        failure = Failure(
            error, endpoint, tries.transient, tries.quota, tries.refreshed, budget.left()
        )
        decision = decide(failure, self.retry)
        if decision.action == "raise":
            return False
        if decision.action == "refresh":
            tries.refreshed = True
            if await self._in_time(self.tokens.refresh(token), request, budget) is None:
                return False
        count = (
            (tries.quota, self.retry.rate_limit_attempts - 1)
            if decision.action == "requeue"
            else (tries.transient, self.retry.attempts - 1)
        )
        what = f"{request.method} {request.path}"
        retrying(trace, what, error, decision.action, decision.delay, count)
        if decision.action == "retry":
            await asyncio.sleep(decision.delay)
        return True

    async def _in_time(self, waiting: Awaitable[T], request: Request, budget: Budget) -> T:
        """``waiting`` (the token source's answer), ended by the call's deadline: a stalled token
        endpoint must not hold a call past its ``timeout``. A refresh shared with other callers
        goes on for them (``RefreshingToken`` shields it)."""
        since = time.monotonic()
        scope = self._token_waits.scope(budget.remaining())
        try:
            with scope:
                return await waiting
        except TimeoutError as exc:
            if not scope.expired:
                raise  # the provider's own
            raise call_timeout(request, budget.timeout, "an access token") from exc
        finally:
            budget.charge(since)

    async def _exchange_in_turn(
        self, request: Request, token: Secret, budget: Budget, trace: CallTrace | None
    ) -> Any:
        """One attempt of a quota'd call, holding its key's turn."""
        turn = request.turn
        if turn is None:
            declared = request.endpoint.quota
            assert declared is not None
            quota = self.quota(declared)
            # Every quota'd endpoint is called for an ad account (its scope may name it).
            assert request.ad_account_id is not None
            key = self._key(quota, request.ad_account_id)
            lane_hold = None
        else:
            # A bulk lane's call: its quota, key and hold were found once for the whole lane
            # (the hold keeps the key pinned from one call to the next).
            quota, key, lane_hold = turn
        # The waits for the pacer and for the turn are the scheduler's, not the call's budget.
        paced = waiting = time.monotonic()
        if self._pacer is not None:
            # Before the turn, not inside it: a turn spent waiting for the pacer would cost the
            # key a cooldown with nothing sent.
            await self._pacer.acquire()
            waiting = time.monotonic()
        # A limiter backend that fails (Redis restarting) is retried within its own tolerance,
        # and never past the call's deadline once the call has started.
        holding = (
            self.limiter.hold(key, quota=quota, deadline=budget.deadline)
            if lane_hold is None
            else lane_hold
        )
        async with EndingQuietly(holding, key) if self._theirs else holding as hold:
            budget.resume(paced)
            # Ending the hold (recording the call's end in Redis) must not outlast the call's
            # timeout either; a custom limiter's hold may not offer this.
            finish_by = getattr(hold, "finish_by", None)
            if finish_by is not None:
                assert budget.deadline is not None  # resume() started the clock
                finish_by(budget.deadline)
            quota_turn(trace, quota, key, waiting)
            if request.ticket is not None and not request.ticket.current:
                give_back(hold)  # nothing goes out: the next change need not wait for this turn
                return SUPERSEDED
            # Awaited here, not in a coroutine of its own: see send().
            http = http_request(request, self._bearer_of(token), budget.attempt(request), trace)
            started = time.monotonic()
            try:
                response = await self.transport.send(http)
            except KakaoError as exc:
                if isinstance(exc, KakaoConnectError):
                    give_back(hold)  # never sent: the key's quota is untouched
                no_answer(request, budget.timeout, trace, exc, token)
                raise
            try:
                return answer(request, response, token, trace, started, self.retry)
            except KakaoError as exc:
                del response  # see answer(): the body may echo the token
                if isinstance(exc, KakaoRateLimitError):
                    # Someone else (another tool, another process) spent this key's quota.
                    spacing = quota.interval + self.limiter.margin
                    deferred = max(spacing, exc.retry_after or 0.0)
                    hold.defer(deferred)
                    quota_refused(trace, quota, key, exc, deferred)
                raise

    async def _paced(self, budget: Budget) -> None:
        """Wait for the pacer; like the wait for a quota turn, that wait does not count."""
        assert self._pacer is not None
        waiting = time.monotonic()
        await self._pacer.acquire()
        budget.resume(waiting)

    def _bearer_of(self, token: Secret) -> str:
        """The ``Authorization`` header of ``token``, built once per token, not per request."""
        bearer_for, bearer = self._bearer
        if token is not bearer_for:
            bearer = authorization(token)
            self._bearer = (token, bearer)
        return bearer

    async def aclose(self) -> None:
        """Refuse new calls, end the calls in flight with :class:`KakaoClosedError`, then close
        the transport. Bulk jobs see their unfinished items fail that way and end by themselves."""
        self._closed = True
        loop = asyncio.get_running_loop()
        if self._unwind_by is None:
            self._unwind_by = loop.time() + 5
        me = asyncio.current_task()
        # A call another aclose() is already ending is not cancelled twice: the second
        # cancellation could not be undone, and the call would end in CancelledError.
        closing = self._closing
        victims = [t for t in self._inflight if t is not me and not t.done() and t not in closing]
        for task in victims:
            closing[task] = loop.create_future()
            task.cancel()
        # Only until each call has unwound (also those an aclose() beside this one ends), not
        # until its task (the caller's) ends; never for this task's own call (cleanup in a call
        # another aclose() is ending): it unwinds only once this returns.
        unwinding = [done for task, done in closing.items() if task is not me]
        # 5 s in all, not per aclose(): a call that never unwinds must not hold up each later one
        # (a lifespan's, then ``async with``'s, then a signal handler's).
        wait = self._unwind_by - loop.time()
        try:
            if unwinding and wait > 0:
                await asyncio.wait(unwinding, timeout=wait)
        finally:
            # Also when a shutdown deadline cuts the wait short: the connections go all the same.
            self._token_waits.close()
            await self.transport.aclose()
