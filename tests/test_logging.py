"""One logger hierarchy under ``kakao_async``, and one line per retry, quota turn and refusal."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer
from tests.conftest import INTERVAL

PACKAGE = Path(__file__).resolve().parent.parent / "kakao_async"

#: The loggers README documents, and nothing else.
LOGGERS = {
    "kakao_async.http",
    "kakao_async.ratelimit",
    "kakao_async.bulk",
    "kakao_async.auth",
    "kakao_async.events",
}


def test_the_package_logs_only_on_the_documented_loggers() -> None:
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        found = {
            n.strip("\"'") for n in re.findall(r"getLogger\(([^)]*)\)", path.read_text("utf-8"))
        }
        if path.parent.name != "cli":
            # "kakao_async" itself is only configured (the CLI's --debug handler), never logged on.
            assert "kakao_async" not in found, path
        names.update(found)
    assert names - {"kakao_async"} == LOGGERS


async def test_one_line_per_quota_turn_at_debug_and_per_refusal_at_info(
    fake: FakeKakaoServer, kakao: ka.KakaoClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="kakao_async")
    ids = fake.seed(ad_accounts=[1], creatives_per_account=3)[1]
    # Another process with the same token and its own limiter spends the quota first.
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url, on_off_interval=INTERVAL
    ) as other:
        await other.moment.creatives.set_config(ids[0], "OFF")
    caplog.clear()
    await kakao.moment.creatives.set_configs([(i, "OFF") for i in ids])
    assert fake.on_off_rejections == 1
    records = [r for r in caplog.records if r.name.startswith("kakao_async")]
    assert {r.name for r in records} <= LOGGERS
    key = kakao.quota_key(ka.endpoints.CREATIVE_ON_OFF_QUOTA, 1)
    turns = [r for r in records if "quota turn after" in r.getMessage()]
    # Four turns: the refused one, its requeue, and the two other creatives.
    assert len(turns) == 4
    assert all(
        r.name == "kakao_async.ratelimit" and r.levelno == logging.DEBUG and key in r.getMessage()
        for r in turns
    )
    [refused] = [r for r in records if "refused" in r.getMessage()]
    assert (refused.name, refused.levelno) == ("kakao_async.ratelimit", logging.INFO)
    assert "HTTP 429" in refused.getMessage()
    [retry] = [r for r in records if r.name == "kakao_async.http" and r.levelno == logging.INFO]
    assert "quota refusal 1 of 4, back through the limiter" in retry.getMessage()
    assert retry.getMessage().startswith("PUT /openapi/v4/creatives/onOff: KakaoRateLimitError")
