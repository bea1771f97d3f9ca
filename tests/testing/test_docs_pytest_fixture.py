"""docs/testing.md, "The pytest fixture": ``kakao_fake`` is registered by installing the package,
runs with ``on_off_interval`` 0.05 s on its own thread and loop, and serves async tests
(pytest-asyncio and anyio) and plain ones alike; a user's project needs no conftest for it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def fetch(fake: FakeKakaoServer, creative_id: int) -> int:
    async with ka.KakaoClient(
        DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url
    ) as kakao:
        return (await kakao.moment.creatives.get(creative_id)).id


@pytest.mark.anyio
async def test_an_anyio_test(kakao_fake: FakeKakaoServer) -> None:
    creative = kakao_fake.add_moment_creative(ad_account_id=1)
    assert await fetch(kakao_fake, creative.id) == creative.id


def test_the_fixture_as_documented(kakao_fake: FakeKakaoServer) -> None:
    assert kakao_fake.on_off_interval == 0.05
    assert kakao_fake.base_url.startswith("http://127.0.0.1:")
    creative = kakao_fake.add_moment_creative(ad_account_id=1)
    assert asyncio.run(fetch(kakao_fake, creative.id)) == creative.id


def test_a_users_project_gets_the_fixture_from_the_installed_plugin(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(
        textwrap.dedent(
            """
            import asyncio
            import kakao_async as ka
            from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

            def test_plain(kakao_fake: FakeKakaoServer) -> None:
                creative = kakao_fake.add_moment_creative(ad_account_id=7)

                async def fetch() -> int:
                    async with ka.KakaoClient(
                        DEFAULT_TOKEN, ad_account_id=7, moment_base_url=kakao_fake.base_url
                    ) as kakao:
                        return (await kakao.moment.creatives.get(creative.id)).id

                assert asyncio.run(fetch()) == creative.id
            """
        )
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_user.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
