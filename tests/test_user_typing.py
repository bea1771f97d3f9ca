"""What a team that runs ``mypy --strict`` in CI writes against the public API, type-checked.

Each snippet below is a module of user code written from README.md and docs/reference.md (not
from the source): implementing the documented protocols (``TokenProvider``, ``Transport``,
``QuotaLimiter`` and its ``Hold``, observers, ``on_progress`` callbacks, ``MockTransport``
handlers), reading bulk results and jobs, models, errors, the FastAPI module and the testing
module. They are checked as a user's files are: in a directory of their own, with mypy's defaults
and ``--strict``, not the project's configuration (as ``tests/test_readme_types.py`` checks
README's blocks).

``assert_type`` pins what a call gives (an ``Any`` where a type is promised fails it). A line
that must be refused carries ``# type: ignore[<code>]``: ``--strict`` reports an ignore that
nothing needed (``unused-ignore``), so the snippet fails the day the types accept that line.

All snippets are checked in one mypy run (a module fixture); each test reads its own module's
lines of the report. A snippet the public types get wrong today is a strict xfail raising
:class:`TypeCheckFailed`, with the reason.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from tests.user_mypy import mypy_strict


class TypeCheckFailed(AssertionError):
    """mypy reported an error in a snippet of user code."""


SNIPPETS: dict[str, str] = {}


def snippet(name: str, source: str) -> None:
    SNIPPETS[name] = textwrap.dedent(source).lstrip()


# --- tokens and transports ---------------------------------------------------------------------

snippet(
    "token_providers",
    '''
    from __future__ import annotations

    import kakao_async as ka


    class VaultToken:
        """A TokenProvider handing out Secrets."""

        def __init__(self, user: str, secret: ka.Secret) -> None:
            self._user = user
            self._secret = secret

        @property
        def user_key(self) -> str:
            return self._user

        async def token(self) -> ka.Secret:
            return self._secret

        async def refresh(self, failed: ka.Secret) -> ka.Secret | None:
            return None


    class PlainToken:
        """A TokenProvider of plain strings, its user_key a plain attribute."""

        def __init__(self) -> None:
            self.user_key = "ops-team"
            self.current = "abc"

        async def token(self) -> str:
            return self.current

        async def refresh(self, failed: str) -> str | None:
            self.current = "new"
            return self.current


    def save(refresh_token: str) -> None: ...


    async def save_async(access: str, refresh: str) -> None: ...


    def clients() -> list[ka.KakaoClient]:
        vault = VaultToken("u1", ka.Secret("tok"))
        provider: ka.TokenProvider = vault
        assert isinstance(vault, ka.TokenProvider)
        refreshing = ka.RefreshingToken(
            client_id="key", refresh_token="r", on_refresh=lambda access, refresh: save(refresh)
        )
        rotating = ka.RefreshingToken(
            client_id="key",
            refresh_token=ka.Secret("r"),
            client_secret=ka.Secret("s"),
            on_refresh=save_async,
            timeout=5,
        )
        held: ka.Secret | None = refreshing.token_now()
        count: int = rotating.refresh_count
        print(held, count)
        return [
            ka.KakaoClient(provider),
            ka.KakaoClient(vault, ad_account_id=1),
            ka.KakaoClient(PlainToken()),
            ka.KakaoClient(refreshing),
            ka.KakaoClient(ka.Secret("tok")),
            ka.KakaoClient(ka.StaticToken("tok", user_key="me")),
            ka.KakaoClient("tok", observers=None),
        ]


    def refused() -> None:
        ka.KakaoClient(42)  # type: ignore[arg-type]
        ka.KakaoClient("t", 1234)  # type: ignore[call-arg]
    ''',
)

snippet(
    "transports",
    '''
    from __future__ import annotations

    import kakao_async as ka


    class LoggingTransport:
        """A Transport of one's own, wrapping the real one."""

        def __init__(self) -> None:
            self.inner = ka.AiohttpTransport(max_connections=10)
            self.seen: list[str] = []

        async def send(self, request: ka.HttpRequest) -> ka.HttpResponse:
            self.seen.append(f"{request.method} {request.path}")
            response = await self.inner.send(request)
            status: int = response.status
            body: bytes = response.body
            print(status, len(body), response.headers.get("Retry-After"))
            return response

        async def aclose(self) -> None:
            await self.inner.aclose()


    def answer(request: ka.HttpRequest) -> ka.HttpResponse:
        if request.method == "PUT":
            raise ka.KakaoConnectError("refused")
        account: str = request.headers["adAccountId"]
        body: bytes | None = request.body
        print(account, body, dict(request.params), request.url, request.timeout)
        return ka.HttpResponse(200, {"Content-Type": "application/json"}, b'{"content": []}')


    async def answer_later(request: ka.HttpRequest) -> ka.HttpResponse:
        return ka.HttpResponse(status=200, headers={}, body=b"{}")


    async def offline() -> None:
        mine: ka.Transport = LoggingTransport()
        mock = ka.MockTransport(answer)
        later = ka.MockTransport(answer_later)
        inline = ka.MockTransport(lambda request: ka.HttpResponse(200, {}, b"[]"))
        assert isinstance(later, ka.Transport)
        for transport in (mine, mock, later, inline):
            async with ka.KakaoClient("<token>", ad_account_id=1234, transport=transport) as kakao:
                assert await kakao.moment.creatives.list(ad_group_id=5678) == []
        sent: list[ka.HttpRequest] = mock.requests
        print(sent[0].method, sent[0].url)


    def refused() -> None:
        ka.MockTransport(lambda request: b"{}")  # type: ignore[arg-type,return-value]
        ka.KakaoClient("t", transport=object())  # type: ignore[arg-type]
    ''',
)

# --- quota limiters ----------------------------------------------------------------------------

snippet(
    "limiter_full_hold",
    '''
    from __future__ import annotations

    import time
    from collections.abc import AsyncGenerator, Iterable
    from contextlib import asynccontextmanager

    from typing_extensions import assert_type

    import kakao_async as ka
    from kakao_async.ratelimit import Hold


    class FullHold:
        def __init__(self) -> None:
            self.deferred = 0.0

        def defer(self, seconds: float) -> None:
            self.deferred = max(self.deferred, seconds)

        def unused(self) -> None:
            self.deferred = 0.0

        def finish_by(self, deadline: float) -> None:
            print(deadline - time.monotonic())


    class SpacingLimiter:
        """A QuotaLimiter of one's own whose holds offer everything Hold describes."""

        @property
        def interval(self) -> float:
            return 5.0

        @property
        def margin(self) -> float:
            return 0.01

        @asynccontextmanager
        async def hold(
            self, key: str, *, quota: ka.Quota | None = None, deadline: float | None = None
        ) -> AsyncGenerator[FullHold, None]:
            spacing = quota.interval if quota is not None else self.interval
            print(key, spacing, quota.name if quota else None, quota.scope if quota else None)
            yield FullHold()

        async def ready_in(self, key: str) -> float:
            return 0.0

        async def snapshot(
            self, keys: Iterable[str] | None = None
        ) -> tuple[ka.QuotaKeyState, ...]:
            return tuple(
                ka.QuotaKeyState(
                    key=k, quota=None, interval=None, ready_in=0.0, waiting=0,
                    in_flight=False, rejections=0,
                )
                for k in keys or ()
            )

        async def aclose(self) -> None:
            pass


    async def limiters(token_a: str, token_b: str) -> None:
        mine = SpacingLimiter()
        limiter: ka.QuotaLimiter = mine
        assert isinstance(mine, ka.QuotaLimiter)
        async with ka.KakaoClient(token_a, rate_limiter=limiter) as kakao:
            for state in await kakao.quota_snapshot([kakao.quota_key("creatives.onOff", 1234)]):
                assert_type(state.ready_in, float)
                assert_type(state.quota, str | None)
                assert_type(state.in_flight, bool)
        memory = ka.MemoryRateLimiter(interval=5.0, margin=0.01)
        async with memory, memory.hold("k", quota=ka.endpoints.CREATIVE_ON_OFF_QUOTA) as hold:
            held: Hold = hold
            held.defer(1.0)
        async with ka.RedisRateLimiter("redis://localhost:6379/0", namespace="ads") as redis:
            shared: list[ka.QuotaLimiter] = [memory, redis]
            async with ka.KakaoClient(token_b, rate_limiter=shared[1]) as other:
                print(other.rate_limiter)
        quota = ka.Quota(name="creatives.onOff", interval=0.05, scope="account")
        async with ka.KakaoClient(
            token_a, quotas={"reports.app": 0.05, "creatives.onOff": quota}, on_off_margin=0.01
        ) as fast:
            on_off = ka.endpoints.CREATIVE_ON_OFF_QUOTA
            print(fast.quotas["reports.app"].interval, fast.quota_key(on_off, 1))


    def refused() -> None:
        ka.Quota(name="x", interval=1.0, scope="everyone")  # type: ignore[arg-type]
    ''',
)

snippet(
    "limiter_defer_only_hold",
    '''
    from __future__ import annotations

    import asyncio
    from collections.abc import AsyncGenerator, Iterable
    from contextlib import asynccontextmanager

    import kakao_async as ka


    class DeferOnlyHold:
        """A hold without unused(): README says it counts every turn as a call."""

        def defer(self, seconds: float) -> None:
            pass


    class OneAtATime:
        interval = 5.0
        margin = 0.0

        def __init__(self) -> None:
            self.locks: dict[str, asyncio.Lock] = {}

        @asynccontextmanager
        async def hold(
            self, key: str, *, quota: ka.Quota | None = None, deadline: float | None = None
        ) -> AsyncGenerator[DeferOnlyHold, None]:
            async with self.locks.setdefault(key, asyncio.Lock()):
                yield DeferOnlyHold()

        async def ready_in(self, key: str) -> float:
            return 0.0

        async def snapshot(
            self, keys: Iterable[str] | None = None
        ) -> tuple[ka.QuotaKeyState, ...]:
            return ()

        async def aclose(self) -> None:
            pass


    def client() -> ka.KakaoClient:
        return ka.KakaoClient("t", rate_limiter=OneAtATime())
    ''',
)

# --- observers and progress callbacks ----------------------------------------------------------

snippet(
    "observers",
    """
    from __future__ import annotations

    import collections
    from typing import Literal

    from typing_extensions import assert_type

    import kakao_async as ka
    from kakao_async import events

    answers: collections.Counter[tuple[str, int | None]] = collections.Counter()


    def on_event(event: events.Event) -> None:
        if isinstance(event, events.CallEnded) and event.retries:
            assert_type(event.outcome, Literal["ok", "error", "superseded", "cancelled"])
            assert_type(event.status, int | None)
            print(f"{event.endpoint} {event.outcome} after {event.retries} retries")
        elif isinstance(event, events.ThrottledWait):
            print(f"{event.quota_key}: waited {event.waited:.1f}s for the quota turn")
        elif isinstance(event, events.ResponseReceived):
            answers[event.endpoint, event.status] += 1


    def by_class(event: events.Event) -> None:
        match event:
            case events.CallEnded(outcome="error", error=error):
                assert_type(error, str | None)
            case events.RateLimited(retry_after=retry_after, deferred=deferred):
                print(retry_after, deferred + 1.0)
            case events.RetryScheduled(action=action, delay=delay):
                print(action, delay)
            case events.JobProgress(progress=progress, ended=True):
                assert_type(progress, ka.Progress)
            case events.CallStarted() | events.RequestSent():
                print(event.call_id, event.ad_account_id, event.path)
            case _:
                pass


    class Metrics:
        def __init__(self) -> None:
            self.calls = 0

        def __call__(self, event: events.Event) -> None:
            if isinstance(event, events.CallEvent):
                self.calls += 1


    def watched(kakao: ka.KakaoClient) -> ka.KakaoClient:
        seen: list[events.Event] = []
        kakao.add_observer(on_event)
        kakao.remove_observer(on_event)
        kakao.add_observer(seen.append)
        observer: events.Observer = by_class
        return ka.KakaoClient(
            "<business access token>",
            ad_account_id=1234,
            observers=[on_event, observer, Metrics(), lambda e: print(type(e).__name__)],
        )


    class Bar:
        def update(self, progress: ka.Progress) -> None:
            print(f"{progress.fraction:.0%} {progress.eta} {progress.remaining}")


    async def progress(kakao: ka.KakaoClient) -> None:
        bar = Bar()
        await kakao.moment.creatives.set_configs([(1111, "OFF")], on_progress=bar.update)
        await kakao.moment.creatives.get_many([1111], on_progress=lambda p: print(p.done))
        await kakao.moment.creatives.set_configs([(1111, "ON")], on_progress=print)
        callback: ka.ProgressCallback = print
        job = kakao.keyword.creatives.start_delete_many([1], on_progress=callback)
        job.add_progress_callback(bar.update)
    """,
)

snippet(
    "async_observer_refused",
    """
    from __future__ import annotations

    import kakao_async as ka
    from kakao_async import events


    async def forward(event: events.Event) -> None:
        pass


    def watch(kakao: ka.KakaoClient) -> None:
        # README: an observer is a plain (not async) callable; the client refuses this one with
        # KakaoInputTypeError, so a checker should too.
        kakao.add_observer(forward)  # type: ignore[arg-type]
        ka.KakaoClient("t", observers=[forward])  # type: ignore[list-item]
    """,
)

snippet(
    "async_on_progress_refused",
    """
    from __future__ import annotations

    import kakao_async as ka


    async def show(progress: ka.Progress) -> None:
        pass


    async def run(kakao: ka.KakaoClient) -> None:
        # An async on_progress is refused with KakaoInputTypeError before anything is sent.
        await kakao.moment.creatives.get_many([1111], on_progress=show)  # type: ignore[arg-type]
    """,
)

# --- bulk results and jobs ---------------------------------------------------------------------

snippet(
    "bulk_results",
    """
    from __future__ import annotations

    from typing_extensions import assert_type

    import kakao_async as ka

    Creative = ka.DisplayCreative | ka.MessageCreative


    async def set_configs(kakao: ka.KakaoClient) -> None:
        result = await kakao.moment.creatives.set_configs(
            [ka.ConfigChange(1111, "OFF"), (3333, "ON"), ka.ConfigChange(2, ka.Config.ON)],
            skip_unchanged=True,
            on_progress=print,
        )
        assert_type(result, ka.BulkResult[ka.ConfigChange, ka.Config])
        for r in result:
            assert_type(r.item, ka.ConfigChange)
            if r.ok:
                assert_type(r.value, ka.Config)
                print(r.skipped, r.superseded, r.applied)
            else:
                assert_type(r.error, BaseException)
            if isinstance(r, ka.ItemFailed):
                assert_type(r.error, BaseException)
                if isinstance(r.error, ka.KakaoRateLimitError):
                    assert_type(r.error.retry_after, float | None)
            # The forms pyright narrows too (it does not narrow on a bare ``if r.ok:``).
            if r.ok is True:
                assert_type(r.value, ka.Config)
            if isinstance(r, ka.ItemSucceeded):
                assert_type(r.value, ka.Config)
            match r:
                case ka.ItemSucceeded(value=value):
                    assert_type(value, ka.Config)
                case ka.ItemFailed(error=error):
                    assert_type(error, BaseException)
        first = result[0]
        plain: ka.ItemResult[ka.ConfigChange, ka.Config] = first
        outcome: ka.ItemOutcome[ka.ConfigChange, ka.Config] = first
        assert_type(plain.value, ka.Config | None)
        assert_type(plain.error, BaseException | None)
        change = ka.ConfigChange(1111, "OFF")
        print(outcome, first == ka.ItemResult(item=change, value=ka.Config.OFF))
        for failed in result.failed:
            assert_type(failed.error, BaseException)
        for done in result.succeeded:
            assert_type(done.value, ka.Config)
        assert_type(result.values(), list[ka.Config | None])
        assert_type(result.ok, bool)
        print(len(result), len(result.failed), result[1:])
        await kakao.moment.creatives.set_configs([(i, "OFF") for i in (1, 2, 3)])
        await kakao.moment.creatives.set_configs(c for c in [ka.ConfigChange(1, "ON")])
        # mypy joins an unannotated list of changes and pairs to list[object]: annotate it.
        mixed: list[ka.ConfigChange | tuple[int, ka.Config | str]] = [
            ka.ConfigChange(1, "ON"), (2, "OFF"),
        ]
        await kakao.moment.creatives.set_configs(mixed)


    async def get_many(kakao: ka.KakaoClient) -> None:
        details = await kakao.moment.creatives.get_many([1111, 1112, 1113], concurrency=8)
        assert_type(details, ka.BulkResult[int, Creative])
        print([d.value.name for d in details if d.ok])
        refs = [ka.CreativeRef(1234, 1111), ka.CreativeRef(4321, 2222)]
        across = await kakao.moment.creatives.get_many(refs)
        assert_type(across, ka.BulkResult[ka.CreativeRef, ka.MomentCreative])
        print([(r.item.ad_account_id, r.item.creative_id, r.ok) for r in across])
        pairs = await kakao.moment.creatives.get_many([(1234, 1111), (4321, 2222)])
        for p in pairs:
            account, creative = p.item
            print(account + creative)
        both: list[int | tuple[int, int]] = [1111, (4321, 2222)]
        for b in await kakao.moment.creatives.get_many(both, ad_account_id=1234):
            print(b.item)
        gen = await kakao.moment.creatives.get_many(i for i in range(1, 3))
        assert_type(gen, ka.BulkResult[int, ka.MomentCreative])
        keyword = await kakao.keyword.creatives.get_many([66666666661], concurrency=4)
        assert_type(keyword, ka.BulkResult[int, ka.KeywordCreative])
        for k in keyword:
            if k.ok:
                print(k.value.landing_info.rspv_landing_url if k.value.landing_info else None)
        deleted = await kakao.keyword.creatives.delete_many([66666666661, 66666666662])
        assert_type(deleted, ka.BulkResult[int, None])


    async def jobs(kakao: ka.KakaoClient, changes: list[ka.ConfigChange]) -> None:
        job = kakao.moment.creatives.start_set_configs(changes)
        assert_type(job, ka.BulkJob[ka.ConfigChange, ka.Config])
        print(job.progress.done, job.progress.total, job.progress.eta, job.progress.elapsed)
        async for progress in job.watch():
            assert_type(progress, ka.Progress)
        assert_type(await job.result(), ka.BulkResult[ka.ConfigChange, ka.Config])
        assert_type(await job, ka.BulkResult[ka.ConfigChange, ka.Config])
        first = job.results[0]
        if first is not None and first.ok:
            assert_type(first.value, ka.Config)
        print(job.cancel(), job.cancelled(), job.done(), job.total, job.completed)
        print(job.items[0].creative_id)
        job.add_done_callback(lambda j: print(j.progress))
        assert_type(
            kakao.keyword.creatives.start_get_many([1, 2]), ka.BulkJob[int, ka.KeywordCreative]
        )
        assert_type(kakao.keyword.creatives.start_delete_many([1]), ka.BulkJob[int, None])
        assert_type(
            kakao.moment.creatives.start_get_many([ka.CreativeRef(1, 2)]),
            ka.BulkJob[ka.CreativeRef, ka.MomentCreative],
        )


    async def hierarchy(kakao: ka.KakaoClient) -> None:
        everything = await kakao.moment.set_configs([
            ka.CampaignConfigChange(1111, "OFF"),
            ka.AdGroupConfigChange(35443, "OFF"),
            ka.ConfigChange(1112, "OFF"),
            ka.AdAccountConfigChange(1234, "ON"),
        ])
        assert_type(everything, ka.BulkResult[ka.AnyConfigChange, ka.Config])
        for r in everything:
            match r.item:
                case ka.CampaignConfigChange(campaign_id=campaign_id):
                    print("campaign", campaign_id)
                case ka.AdGroupConfigChange():
                    print("ad group", r.item.ad_group_id)
                case ka.ConfigChange():
                    print("creative", r.item.creative_id)
                case ka.AdAccountConfigChange():
                    print("account", r.item.ad_account_id)
        campaigns = await kakao.moment.campaigns.set_configs(
            [(1111, "OFF"), ka.CampaignConfigChange(2, "ON")]
        )
        assert_type(campaigns, ka.BulkResult[ka.CampaignConfigChange, ka.Config])
        groups = kakao.moment.ad_groups.start_set_configs([(35443, ka.Config.OFF)])
        assert_type(groups, ka.BulkJob[ka.AdGroupConfigChange, ka.Config])


    async def name_of(creative_id: int) -> str | None:
        return None


    async def own_jobs() -> None:
        names = await ka.BulkJob.map([1111, 1112], name_of, concurrency=2)
        assert_type(names, ka.BulkResult[int, str | None])
        job: ka.BulkJob[str, int] = ka.BulkJob(["a", "bb"])

        async def work() -> None:
            for i, item in enumerate(job.items):
                job.report(i, ka.ItemResult(item=item, value=len(item)))

        job.set_eta(lambda: 1.0)
        job.start(work())
        assert_type(await job, ka.BulkResult[str, int])


    async def refused(kakao: ka.KakaoClient) -> None:
        kakao.moment.creatives.start_set_configs([(1, 2)])  # type: ignore[list-item]
        ka.ConfigChange(1, 42)  # type: ignore[arg-type]
        kakao.moment.creatives.start_get_many([1.5])  # type: ignore[type-var]
        kakao.moment.start_set_configs([(1, "OFF")])  # type: ignore[list-item]
    """,
)

snippet(
    "pairs_come_back_as_refs",
    """
    from __future__ import annotations

    import kakao_async as ka


    async def across(kakao: ka.KakaoClient) -> None:
        # README: pairs are taken as (ad_account_id, creative_id), "each comes back as a
        # ka.CreativeRef"; the result's item is typed as the plain pair.
        result = await kakao.moment.creatives.get_many([(1234, 1111), (4321, 2222)])
        print([(r.item.ad_account_id, r.ok) for r in result])
    """,
)

# --- models and errors -------------------------------------------------------------------------

snippet(
    "models",
    """
    from __future__ import annotations

    from collections.abc import Mapping
    from datetime import date, datetime
    from decimal import Decimal
    from typing import Any

    from typing_extensions import assert_type

    import kakao_async as ka
    from kakao_async.models import decode_moment_creative


    async def creatives(kakao: ka.KakaoClient) -> None:
        rows = await kakao.moment.creatives.list(ad_group_id=5678, config=[ka.Config.ON, "OFF"])
        assert_type(rows, list[ka.CreativeSummary])
        for row in rows:
            assert_type(row.id, int)
            assert_type(row.name, str | None)
            assert_type(row.config, ka.Config | None)
            if row.config == "OFF":
                print(row.system_config)
        await kakao.moment.creatives.list(ad_group_id=1, config="ON")
        creative = await kakao.moment.creatives.get(1111)
        assert_type(creative, ka.DisplayCreative | ka.MessageCreative)
        assert_type(creative.config, ka.Config | None)
        assert_type(creative.created_date, datetime | None)
        raw: Mapping[str, Any] | None = creative.raw
        extra: dict[str, Any] = ka.unknown_fields(creative)
        print(raw, extra)
        if isinstance(creative, ka.DisplayCreative):
            assert_type(creative.image, ka.Image | None)
            assert_type(creative.review_status, ka.ReviewStatus | None)
            assert_type(creative.rejected_reason, tuple[ka.RejectedReason, ...])
        elif creative.message_element:
            item = creative.message_element.item_asset_groups[1]
            assert_type(item.price_amount, Decimal | None)
            thumb = creative.message_element.message_thumbnail
            assert_type(thumb.image_width if thumb else None, int | None)
        match creative:
            case ka.DisplayCreative(image=ka.Image(width=width)) if width is not None:
                print(width + 1)
            case ka.MessageCreative(message_element=element):
                assert_type(element, ka.MessageElement | None)
            case _:
                pass
        assert_type(
            await kakao.moment.creatives.system_config_history(1111),
            ka.SystemConfigHistory | None,
        )
        assert_type(
            await kakao.moment.creatives.system_config_histories(1111),
            list[ka.SystemConfigHistory],
        )
        assert_type(await kakao.moment.creatives.set_config(1111, "ON"), bool)
        await kakao.moment.creatives.set_config(1111, ka.Config.OFF)
        await kakao.moment.creatives.delete(1113)


    async def hierarchy(kakao: ka.KakaoClient) -> None:
        async for account in kakao.moment.ad_accounts.list(config="ON"):
            assert_type(account, ka.AdAccountSummary)
            assert_type(account.member_type, ka.MemberType | None)
        owner = (await kakao.moment.ad_accounts.get()).owner_company
        assert_type(owner, ka.Company | None)
        camps = await kakao.moment.campaigns.list(config=["ON", ka.Config.OFF])
        assert_type(camps, list[ka.CampaignSummary])
        campaign = await kakao.moment.campaigns.get(1111)
        assert_type(campaign.daily_budget_amount, int | None)
        assert_type(campaign.status, tuple[str, ...])
        assert_type(await kakao.moment.campaigns.set_daily_budget(1111, None), bool)
        await kakao.moment.campaigns.set_daily_budget(1111, 70_000)
        assert_type(
            await kakao.moment.ad_groups.list(campaign_id=1111), list[ka.AdGroupSummary]
        )
        group = await kakao.moment.ad_groups.get(35443)
        assert_type(group.pacing, ka.Pacing | None)
        assert_type(group.campaign, ka.CampaignSummary | None)
        await kakao.moment.ad_groups.set_pacing(35443, ka.Pacing.QUICK)
        await kakao.moment.ad_groups.set_pacing(35443, "NORMAL")
        await kakao.moment.ad_groups.set_bid_amount(35443, 300)
        created = await kakao.moment.ad_groups.create({"campaign": {"id": 1111}, "name": "x"})
        assert_type(created, ka.AdGroup)
        body: dict[str, object] = {"id": 35443, "name": "y"}
        assert_type(await kakao.moment.ad_groups.update(body), ka.AdGroup)


    async def keyword(kakao: ka.KakaoClient) -> None:
        page = await kakao.keyword.creatives.list(biz_channel_id=2222222221, limit=100, config="ON")
        assert_type(page.page.total_elements, int)
        assert_type(page.content, tuple[ka.KeywordCreativeSummary, ...])
        async for summary in kakao.keyword.creatives.iter(biz_channel_id=2222222221):
            assert_type(summary.asset_types, tuple[str, ...])
        detail = await kakao.keyword.creatives.get(66666666661)
        if detail.landing_info and detail.assets:
            assert_type(detail.assets.price_tables[0].price, int | None)
        created = await kakao.keyword.creatives.create(
            biz_channel_id=2222222221, name="소재이름", title="타이틀", description="설명문구",
            landing_info=ka.LandingInfo(rspv_landing_url="https://www.daum.net"),
            assets=ka.Assets(
                phone_number="010-1234-5678",
                price_tables=(ka.PriceTable(text="a", price=1000),),
                thumbnail=ka.Thumbnail(image_id=1),
            ),
            license=ka.License(license_number="1"),
        )
        assert_type(created.id, int)


    async def reports(kakao: ka.KakaoClient) -> None:
        report = await kakao.moment.reports.ad_account(
            start=date(2026, 1, 1), end="2026-03-31", time_unit="DAY",
            metrics_groups=[ka.MetricsGroup.BASIC, "ADDITION"],
        )
        assert_type(report, ka.Report)
        row = report[0]
        assert_type(row.start, date)
        assert_type(row.metrics["imp"], int | float | None)
        assert_type(row.dimensions["ad_account_id"], str | None)
        assert_type(report.to_csv(), str)
        assert_type(report.to_csv("report.csv"), None)
        assert_type(report.to_records(), list[dict[str, Any]])
        by_device = await kakao.moment.reports.campaigns(
            campaign_ids=[111, 112], date_preset=ka.DatePreset.LAST_7DAY, dimension="DEVICE_TYPE"
        )
        print(by_device.dimension_names, by_device.metric_names)
        await kakao.moment.reports.ad_accounts(ad_account_ids=[1234, 4321], date_preset="YESTERDAY")
        await kakao.moment.reports.creatives(
            creative_ids=(1, 2), date_preset=ka.DatePreset("LAST_90DAY"), ids_per_call=50
        )


    def decoding(data: dict[str, Any]) -> None:
        assert ka.Config("PAUSED") == "PAUSED"
        assert_type(ka.Config.ON.is_known, bool)
        text: str = ka.Config.OFF
        display = ka.decode(ka.DisplayCreative, data)
        assert_type(display, ka.DisplayCreative)
        assert_type(ka.decode(ka.KeywordCreativePage, data), ka.KeywordCreativePage)
        assert_type(ka.decode(tuple[ka.Campaign, ...], [data]), tuple[ka.Campaign, ...])
        # ka.decode(ka.MomentCreative, data) is Any to a checker: a union is no class.
        assert_type(decode_moment_creative(data), ka.DisplayCreative | ka.MessageCreative)
        body = ka.unstructure(display)
        assert ka.decode(type(display), body) == display
        landing = ka.LandingInfo(rspv_landing_url="https://x", pc_landing_url=None)
        assert_type(landing.rspv_landing_url, str | None)
        print(text, ka.Image(width=1, height=2).width)


    def refused() -> None:
        ka.LandingInfo("https://x")  # type: ignore[call-arg]
        image = ka.Image(width=1)
        image.width = 2  # type: ignore[misc]
        ka.Image(width="1")  # type: ignore[arg-type]
    """,
)

snippet(
    "errors",
    """
    from __future__ import annotations

    from typing_extensions import assert_type

    import kakao_async as ka


    async def handle(kakao: ka.KakaoClient) -> None:
        try:
            await kakao.moment.creatives.set_config(1112, "OFF")
        except ka.KakaoQuotaExhaustedError as exc:
            assert_type(exc.retry_after, float | None)
            assert_type(exc.code, int | None)
        except ka.KakaoRateLimitError as exc:
            assert_type(exc.retry_after, float | None)
            assert_type(exc.status, int)
            assert_type(exc.detail_code, int | None)
            assert_type(exc.detail_msg, str | None)
            assert_type(exc.msg, str | None)
            assert_type(exc.method, str)
            assert_type(exc.path, str)
        except ka.KakaoDecodeError as exc:
            assert_type(exc.status, int)
            assert_type(exc.path, str)
        except (ka.KakaoConnectError, ka.KakaoTimeoutError) as exc:
            transport: ka.KakaoTransportError = exc
            print(transport)
        except ka.KakaoInputError as exc:
            value_error: ValueError = exc
            print(value_error)
        except ka.KakaoClosedError as exc:
            runtime_error: RuntimeError = exc
            print(runtime_error)
        err = ka.errors.error_for_response(status=429, body={"code": -10}, method="GET", path="/x")
        assert_type(err, ka.KakaoAPIError)
        policy = ka.RetryPolicy(exhausted_codes={-10}, attempts=2)
        print(policy.rate_limit_attempts)
    """,
)

snippet(
    "client_and_own_jobs",
    """
    from __future__ import annotations

    from typing_extensions import assert_type

    import kakao_async as ka
    from kakao_async.otel import OpenTelemetryObserver, instrument


    async def extras(kakao: ka.KakaoClient) -> None:
        kakao.ad_account_id = 4321
        kakao.ad_account_id = None
        assert_type(kakao.closed, bool)
        transport: ka.Transport = kakao.transport
        print(transport, kakao.rate_limiter.interval)
        job: ka.BulkJob[str, int] = ka.BulkJob(["a", "bb"], on_progress=print)

        async def work() -> None:
            job.report(0, ka.ItemResult(item="a", value=1))
            job.report(1, ka.ItemResult(item="bb", error=ValueError("no")))
            job.report(1, ka.ItemFailed(item="bb", error=ValueError("no")))
            job.report(1, ka.ItemSucceeded(item="bb", value=2, skipped=True))

        job.start(work())
        assert_type(ka.BulkResult([ka.ItemSucceeded(item="x", value=1)]), ka.BulkResult[str, int])
        print(ka.Progress(total=1, done=0, failed=0, elapsed=0.0, eta=None))
        assert_type(instrument(kakao), OpenTelemetryObserver)
        print(ka.endpoints.ENDPOINTS, ka.endpoints.CREATIVE_ON_OFF_QUOTA.interval)
        async with ka.KakaoClient("t", quotas={"creatives.onOff": 1, "reports.app": 0.5}) as k:
            print(k.quotas)
    """,
)

snippet(
    "refused_misuse",
    """
    from __future__ import annotations

    import kakao_async as ka
    from kakao_async import events


    class SyncToken:
        user_key = "u"

        def token(self) -> str:  # TokenProvider.token is a coroutine function
            return "t"

        async def refresh(self, failed: str) -> str | None:
            return None


    def only_ends(event: events.CallEnded) -> None: ...


    def name_now(creative_id: int) -> str:
        return ""


    async def refused(kakao: ka.KakaoClient) -> None:
        ka.KakaoClient(SyncToken())  # type: ignore[arg-type]
        kakao.add_observer(only_ends)  # type: ignore[arg-type]
        ka.KakaoClient("t", observers=print)  # type: ignore[arg-type]
        ka.BulkJob.map([1], name_now)  # type: ignore[arg-type]
        job: ka.BulkJob[int, int] = ka.BulkJob([1])
        job.set_eta(lambda: "soon")  # type: ignore[arg-type,return-value]
        campaign = ka.CampaignConfigChange(1, "OFF")
        await kakao.moment.creatives.set_configs([campaign])  # type: ignore[list-item]
        ka.ConfigChange(1111, "OFF", 1234)  # type: ignore[call-arg]
    """,
)

# --- FastAPI and the testing module ------------------------------------------------------------

snippet(
    "fastapi_app",
    """
    from __future__ import annotations

    import os
    from typing import Any

    from fastapi import Depends, FastAPI

    import kakao_async as ka
    from kakao_async.fastapi import (
        BulkJobs,
        Jobs,
        Kakao,
        get_jobs,
        get_kakao,
        install_error_handlers,
        kakao_lifespan,
    )


    def make_client() -> ka.KakaoClient:
        return ka.KakaoClient(os.environ["KAKAO_TOKEN"], ad_account_id=1234)


    app = FastAPI(lifespan=kakao_lifespan(make_client))
    install_error_handlers(app)
    other = FastAPI(lifespan=kakao_lifespan(lambda: ka.KakaoClient("t", ad_account_id=1)))


    @app.get("/creatives/{creative_id}")
    async def creative(creative_id: int, kakao: Kakao) -> dict[str, Any]:
        body: dict[str, Any] = ka.unstructure(await kakao.moment.creatives.get(creative_id))
        return body


    @app.post("/bulk-off", status_code=202)
    async def bulk_off(ids: list[int], kakao: Kakao, jobs: Jobs) -> dict[str, str]:
        job = kakao.moment.creatives.start_set_configs([(i, "OFF") for i in ids])
        return {"job": jobs.add(job)}


    @app.get("/bulk-off/{job_id}")
    async def bulk_status(job_id: str, jobs: Jobs) -> dict[str, Any]:
        print(jobs.get(job_id).progress.eta, len(jobs))
        return jobs.status(job_id)


    @app.get("/plain")
    async def plain(
        kakao: ka.KakaoClient = Depends(get_kakao), jobs: BulkJobs = Depends(get_jobs)
    ) -> int:
        return len(jobs) + (kakao.ad_account_id or 0)


    async def shutdown(registry: BulkJobs) -> None:
        await registry.aclose()
    """,
)

snippet(
    "testing_module",
    """
    from __future__ import annotations

    from collections.abc import Iterator

    import pytest

    import kakao_async as ka
    from kakao_async.testing import (
        DEFAULT_TOKEN,
        FakeKakaoServer,
        Fault,
        OnOffCall,
        RecordedRequest,
        control,
        fake_server_process,
        on_off_gaps,
    )


    async def test_switch_off(kakao_fake: FakeKakaoServer) -> None:
        ids = kakao_fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
        async with ka.KakaoClient(
            DEFAULT_TOKEN, ad_account_id=1, moment_base_url=kakao_fake.base_url,
            keyword_base_url=kakao_fake.base_url, on_off_interval=0.05,
        ) as kakao:
            result = await kakao.moment.creatives.set_configs([(i, "OFF") for i in ids])
        assert result.ok and kakao_fake.on_off_rejections == 0
        assert all(kakao_fake.moment_creative(i).config == "OFF" for i in ids)
        calls: list[OnOffCall] = kakao_fake.on_off_calls
        gaps: dict[int, list[float]] = on_off_gaps(calls)
        print(gaps, kakao_fake.peak_in_flight)


    async def test_in_process() -> None:
        quotas = {"reports.app": 0.1}
        async with FakeKakaoServer(on_off_interval=0.1, quotas=quotas, seed=1) as fake:
            fake.fail_next(2, status=503, code=-9798)
            fake.garbage_next(1)
            fake.reset_next(1)
            fake.stall_next(1, seconds=0.5)
            fake.respond_next({"content": []})
            fake.inject(Fault(kind="truncate"))
            fake.chaos(0.1)
            fake.latency = (0.0, 0.01)
            fake.on_off_interval = 0
            fake.add_oauth_client(client_id="c", refresh_token="r", rotate=True)
            fake.expire_access_tokens()
            keyword_ids: list[int] = fake.seed_keyword(ad_account_id=1, count=2)
            first: RecordedRequest = fake.requests[0]
            print(keyword_ids, first, fake.stats(), fake.keyword_creative(keyword_ids[0]).name)


    @pytest.fixture
    def standalone() -> Iterator[str]:
        with fake_server_process(on_off_interval=0.05, args=["--seed-accounts", "2"]) as url:
            yield url


    async def test_standalone(standalone: str) -> None:
        print(await control(standalone, "GET", "/_fake/stats"))
    """,
)

snippet(
    "fake_port_as_text",
    """
    from __future__ import annotations

    import os

    from kakao_async.testing import FakeKakaoServer


    async def serve() -> None:
        # README: "a port may be given as text, as read from the environment".
        async with FakeKakaoServer(port=os.environ.get("FAKE_PORT", "0")) as fake:
            print(fake.base_url)
    """,
)

snippet(
    "harness_wrong_on_purpose",
    """
    from __future__ import annotations

    from typing_extensions import assert_type

    import kakao_async as ka


    async def wrong(kakao: ka.KakaoClient) -> None:
        assert_type(await kakao.moment.creatives.get(1111), ka.DisplayCreative)
    """,
)
#: Not user code: what the harness must report (see test_the_check_sees_wrong_code).
HARNESS = "harness_wrong_on_purpose"

#: Snippets the public types get wrong today: the reason, and where the fix goes.
WRONG_TODAY = {
    "pairs_come_back_as_refs": (
        "a pair comes back as a CreativeRef at run time, typed as tuple[int, int] (README says "
        "so: overloads on six bulk methods would take keyword/_creatives.py over 400 lines)"
    ),
}

REPORT_LINE = re.compile(r"^(?P<file>user_\w+\.py):(?P<line>\d+): (?P<kind>error|note): ")


@pytest.fixture(scope="module")
def mypy_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """mypy --strict over every snippet at once: each module's lines of its report."""
    directory = tmp_path_factory.mktemp("user_typing")
    files = []
    for name, source in SNIPPETS.items():
        path = directory / f"user_{name}.py"
        path.write_text(source, encoding="utf-8")
        files.append(path.name)
    proc = mypy_strict(directory, *files)  # a user's directory: not the project's config
    # 0: clean, 1: errors reported; anything else (2: mypy itself failed) is no verdict.
    if proc.returncode not in (0, 1) or proc.stderr.strip():
        raise RuntimeError(f"mypy did not run: {proc.returncode}\n{proc.stdout}{proc.stderr}")
    report: dict[str, list[str]] = {name: [] for name in SNIPPETS}
    for line in proc.stdout.splitlines():
        match = REPORT_LINE.match(line)
        if match is None:
            raise RuntimeError(f"unexpected mypy output: {line}")
        report[match["file"].removeprefix("user_").removesuffix(".py")].append(line)
    return report


def check(name: str, report: dict[str, list[str]]) -> None:
    lines = report[name]
    if any(": error: " in line for line in lines):
        numbered = "\n".join(
            f"{n:4} {text}" for n, text in enumerate(SNIPPETS[name].splitlines(), 1)
        )
        raise TypeCheckFailed("\n".join(lines) + "\n\n" + numbered)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, raises=TypeCheckFailed, reason=WRONG_TODAY[name])]
            if name in WRONG_TODAY
            else [],
        )
        for name in SNIPPETS
        if name != HARNESS
    ],
)
def test_user_code_passes_mypy_strict(name: str, mypy_report: dict[str, list[str]]) -> None:
    check(name, mypy_report)


def test_the_check_sees_wrong_code(mypy_report: dict[str, list[str]]) -> None:
    """The harness can fail: a wrong line is reported, in its own module only."""
    with pytest.raises(
        TypeCheckFailed, match=r"user_harness_wrong_on_purpose\.py:\d+: error: .*assert-type"
    ):
        check(HARNESS, mypy_report)
    assert all(
        HARNESS not in line for name in SNIPPETS if name != HARNESS for line in mypy_report[name]
    )


def test_every_wrong_snippet_exists() -> None:
    assert set(WRONG_TODAY) <= set(SNIPPETS) - {HARNESS}


def test_snippets_use_public_names_only() -> None:
    """User code: no snippet reaches into a private module."""
    private = re.compile(r"kakao_async(\.\w+)*\._")
    for name, source in SNIPPETS.items():
        assert not private.search(source), name
