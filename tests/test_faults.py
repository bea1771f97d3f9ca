"""Fault injection: 2,000 mixed calls with 10 % injected faults. Nothing is lost, nothing leaks."""

from __future__ import annotations

import asyncio
import collections
import random
from collections.abc import Awaitable, Callable

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

CALLS = 2_000
RATE = 0.10


async def test_two_thousand_calls_under_ten_percent_faults() -> None:
    rng = random.Random(2026)
    async with FakeKakaoServer(on_off_interval=0.005, seed=11) as fake:
        moment = fake.seed(ad_accounts=[1, 2, 3], creatives_per_account=20)
        keyword = [
            fake.add_keyword_creative(ad_account_id=1, biz_channel_id=9).id for _ in range(30)
        ]
        fake.chaos(RATE, kinds=("status", "reset", "stall", "body", "truncate"), stall_seconds=0.3)
        outcomes: collections.Counter[str] = collections.Counter()
        creates = 0
        bulk_items = 0
        async with ka.KakaoClient(
            DEFAULT_TOKEN,
            ad_account_id=1,
            moment_base_url=fake.base_url,
            keyword_base_url=fake.base_url,
            on_off_interval=0.005,
            timeout=0.1,
            retry=ka.RetryPolicy(attempts=3, base=0.001, cap=0.01),
        ) as kakao:
            m = kakao.moment.creatives
            k = kakao.keyword.creatives

            def pick() -> Callable[[], Awaitable[object]]:
                nonlocal creates, bulk_items
                account = rng.choice([1, 2, 3])
                cid = rng.choice(moment[account])
                roll = rng.random()
                if roll < 0.25:
                    return lambda: m.get(cid, ad_account_id=account)
                if roll < 0.35:
                    return lambda: m.list(ad_group_id=1, ad_account_id=account)
                if roll < 0.50:
                    return lambda: m.set_config(
                        cid, rng.choice(["ON", "OFF"]), ad_account_id=account
                    )
                if roll < 0.60:
                    return lambda: m.system_config_histories(cid, ad_account_id=account)
                if roll < 0.75:
                    return lambda: k.get(rng.choice(keyword))
                if roll < 0.85:
                    return lambda: k.list(biz_channel_id=9, limit=10)
                if roll < 0.93:
                    creates += 1
                    return lambda: k.create(biz_channel_id=9, name="n", title="t", description="d")
                if roll < 0.97:
                    ids = rng.sample(moment[account], 5)
                    bulk_items += 5
                    return lambda: m.get_many(ids, concurrency=3, ad_account_id=account)
                changes = [
                    ka.ConfigChange(c, "OFF", ad_account_id=account)
                    for c in rng.sample(moment[account], 3)
                ]
                bulk_items += 3
                return lambda: m.set_configs(changes)

            calls = [pick() for _ in range(CALLS)]
            semaphore = asyncio.Semaphore(40)
            lost = 0

            async def run(call: Callable[[], Awaitable[object]]) -> None:
                nonlocal lost
                async with semaphore:
                    try:
                        result = await call()
                    except ka.KakaoError as exc:
                        outcomes[type(exc).__name__] += 1
                        return
                    except Exception as exc:  # anything untyped is a failure of the library
                        outcomes[f"UNTYPED {type(exc).__name__}"] += 1
                        return
                    outcomes["ok"] += 1
                    if isinstance(result, ka.BulkResult):
                        lost += sum(
                            1 for r in result if not r.ok and not isinstance(r.error, ka.KakaoError)
                        )
                        outcomes["bulk items"] += len(result)

            await asyncio.gather(*(run(c) for c in calls))
            transport = kakao.transport
            assert isinstance(transport, ka.AiohttpTransport)
            session = transport.session
            assert session is not None
            assert len(session.connector._acquired) == 0  # type: ignore[union-attr]
        assert session.closed
        injected = dict(fake.chaos_injected)
        posts = sum(1 for r in fake.requests if r.method == "POST")

    assert not [name for name in outcomes if name.startswith("UNTYPED")], outcomes
    assert sum(v for key, v in outcomes.items() if key != "bulk items") == CALLS
    assert outcomes["bulk items"] == bulk_items and lost == 0
    # Never sent twice; one that timed out before reaching the fake is not sent at all.
    assert posts <= creates
    assert sum(injected.values()) > CALLS * RATE * 0.5, injected
    assert outcomes["ok"] > CALLS * 0.8, outcomes
    # Only this test's task is left: no retry, worker or lane outlived its call.
    await asyncio.sleep(0)
    assert asyncio.all_tasks() == {asyncio.current_task()}
    print(f"\ncalls {CALLS}, faults injected {injected}, outcomes {dict(outcomes)}, lost {lost}")
