"""Every code block in README.md runs: Python against the fake server, commands as subprocesses."""

from __future__ import annotations

import ast
import asyncio
import inspect
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

import kakao_async as ka
import kakao_async._auth as auth_module
import kakao_async._client as client_module
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, control, fake_server_process
from kakao_async.testing._pytest import running_fake_server

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def blocks(language: str) -> list[str]:
    return [
        code for lang, code in FENCE.findall(README.read_text(encoding="utf-8")) if lang == language
    ]


def test_every_block_is_python_console_or_text() -> None:
    languages = {lang for lang, _ in FENCE.findall(README.read_text(encoding="utf-8"))}
    assert languages <= {"python", "console", "text"}, languages
    assert len(blocks("python")) >= 10


def seed_the_documented_world(fake: FakeKakaoServer) -> None:
    """The ids README's examples use."""
    fake.add_token("<business access token>")
    fake.add_token("second-token")
    for cid in (1111, 1112, 1113):
        fake.add_moment_creative(
            id=cid, ad_account_id=1234, ad_group_id=5678, name=f"creative {cid}"
        )
    fake.moment_creative(1111).system_config = "ADMIN_STOP"
    fake.moment_creative(1111).admin_stop_reason = "landing page ended"
    fake.add_moment_creative(id=2222, ad_account_id=4321, ad_group_id=1)
    fake.add_moment_creative(id=3333, ad_account_id=1234, ad_group_id=1, config="OFF")
    fake.add_keyword_creative(
        id=66666666661,
        ad_account_id=1234,
        biz_channel_id=2222222221,
        landing_info={"rspvLandingUrl": "https://www.daum.net"},
        assets={"priceTables": [{"text": "가격", "price": 1000, "range": "STATIC"}]},
    )
    fake.add_oauth_client(client_id="<REST API key>", refresh_token="<refresh token>", rotate=True)
    fake.add_ad_account(id=1234, name="brand")
    fake.add_campaign(id=1111, ad_account_id=1234, daily_budget_amount=50_000)
    fake.add_ad_group(id=35443, campaign_id=1111, bid_amount=200)
    fake.add_keyword(ad_account_id=1234, ad_group_id=4444444441, text="키워드1", bid_amount=1000)


def run_python_blocks(fake_url: str, redis_url: str, ns: dict[str, Any]) -> None:
    """Runs on its own thread and loop, so the quick start's asyncio.run() works as written."""
    loop = asyncio.new_event_loop()
    try:
        # Blocks that open their own `async with ... as kakao` rebind the name; keep ours to close.
        ns["kakao"] = shared = ka.KakaoClient("<business access token>", ad_account_id=1234)
        for number, code in enumerate(blocks("python"), 1):
            code = code.replace("redis://redis.internal:6379/0", redis_url)
            before = set(ns)
            compiled = compile(
                code, f"README python block {number}", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
            )
            outcome = eval(compiled, ns)
            if inspect.iscoroutine(outcome):
                loop.run_until_complete(outcome)
            for name in sorted(set(ns) - before):
                if name.startswith("test_") and inspect.iscoroutinefunction(ns[name]):
                    with running_fake_server(on_off_interval=0.05) as kakao_fake:
                        loop.run_until_complete(ns[name](kakao_fake))
                    ns.setdefault("_tests_run", []).append(name)
            if "bulk_off" in ns and "_app_checked" not in ns:
                loop.run_until_complete(exercise_app(ns["app"]))
                ns["_app_checked"] = True
        loop.run_until_complete(shared.aclose())
    finally:
        loop.close()


async def exercise_app(app: Any) -> None:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            reply = await client.post("/bulk-off", json=[1112])
            assert reply.status_code == 202, reply.text
            job = app.state.kakao_jobs.get(reply.json()["job"])
            await job.result()
            assert job.progress.done == 1


async def test_python_blocks(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    async with FakeKakaoServer(quotas=dict.fromkeys(ka.endpoints.QUOTAS, 0.05)) as fake:
        seed_the_documented_world(fake)
        # The README is written for Kakao; point its defaults at the fake instead.
        defaults = dict(ka.KakaoClient.__init__.__kwdefaults__ or {})
        defaults |= {"moment_base_url": fake.base_url, "keyword_base_url": fake.base_url}
        # Kakao's own intervals (5 s per report) would spend ~15 s of waits here; creatives.onOff
        # is scaled below (a block passing on_off_interval= must not meet a second value).
        scaled = {name: 0.05 for name in ka.endpoints.QUOTAS if name != "creatives.onOff"}
        defaults["quotas"] = scaled
        monkeypatch.setattr(ka.KakaoClient.__init__, "__kwdefaults__", defaults)
        monkeypatch.setattr(client_module, "KAKAO_ON_OFF_INTERVAL", 0.05)
        refreshing = dict(ka.RefreshingToken.__init__.__kwdefaults__ or {}) | {
            "auth_url": fake.base_url
        }
        monkeypatch.setattr(ka.RefreshingToken.__init__, "__kwdefaults__", refreshing)
        assert auth_module.RefreshingToken is ka.RefreshingToken
        saved: list[str] = []
        ns: dict[str, Any] = {
            "__name__": "readme",
            "token": DEFAULT_TOKEN,
            "token_a": DEFAULT_TOKEN,
            "token_b": "second-token",
            "save_refresh_token": saved.append,
            "changes": [ka.ConfigChange(1112, "OFF"), ka.ConfigChange(3333, "OFF")],
        }
        await asyncio.to_thread(run_python_blocks, fake.base_url, redis_url, ns)
        assert ns["_tests_run"] == ["test_switch_off"] and ns["_app_checked"]
        assert fake.moment_creative(1113).config == "DEL"
        assert fake.moment_creative(1112).config == "OFF"
        assert fake.moment_creative(2222).config == "OFF"
        assert saved and fake.token_refreshes >= 1
        # Several README clients spend one (user, account) quota with separate limiters, as two
        # tools would; 429 feedback may be needed, and every toggle above still landed.


# --- console blocks ---------------------------------------------------------------------------

#: Commands README gives that this file does not run, and what runs them instead.
RUN_ELSEWHERE = {
    "./scripts/test": ".ci/run runs it on every submission",
    "pip install kakao-async": "scripts/test installs the package and every extra (-e '.[dev]')",
    "pip install 'kakao-async[cli]'": "as above",
    "pip install 'kakao-async[redis]'": "as above",
    "pip install 'kakao-async[fastapi]' uvicorn": "as above (the test extra has uvicorn)",
    "pip install 'kakao-async[speed]'": "as above",
    "pip install 'kakao-async[pandas]'": "as above",
    "pip install 'kakao-async[otel]'": "as above",
}


def console_commands() -> list[str]:
    commands = []
    for code in blocks("console"):
        # A line ending in a backslash goes on on the next one, as in a shell.
        for line in code.replace("\\\n", " ").splitlines():
            line = " ".join(line.split("  #", 1)[0].split())
            if line:
                commands.append(line)
    return commands


def test_console_commands_are_all_accounted_for() -> None:
    commands = console_commands()
    unknown = [
        c
        for c in commands
        if c not in RUN_ELSEWHERE
        and not c.startswith(
            ("kakao-async ", "python -m kakao_async.testing", "python3 -m venv", "export KAKAO_")
        )
    ]
    assert not unknown, f"add these README commands to a test: {unknown}"


def env_for(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAKAO_")}
    env |= {
        "KAKAO_ACCESS_TOKEN": DEFAULT_TOKEN,
        "KAKAO_AD_ACCOUNT_ID": "1",
        "KAKAO_BASE_URL": url,
        "KAKAO_ON_OFF_INTERVAL": "0.05",
    }
    return env


def test_first_setup_command_runs_the_demo() -> None:
    (setup,) = [c for c in console_commands() if c.startswith("python3 -m venv")]
    # Creating the venv and installing are what scripts/test does too; the part that matters
    # here is the demo itself, run exactly as written (defaults included).
    assert setup.endswith(".venv/bin/kakao-async demo") and "pip install -e '.[cli]'" in setup
    proc = subprocess.run(
        [sys.executable, "-m", "kakao_async", "demo"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "8 ad accounts x 6 creatives" in proc.stdout and "rejected with 429: 0" in proc.stdout


def scaled(argv: list[str]) -> list[str]:
    """A standalone fake's arguments on a free port (8080 may be taken on a test machine), its
    creatives' quota scaled down to 0.05 s."""
    argv = list(argv)
    argv[argv.index("--port") + 1] = "0"
    argv[argv.index("--on-off-interval") + 1] = "0.05"
    return argv


def test_cli_commands_run_against_the_fake_the_readme_starts() -> None:
    # The Command line section starts a fake in the background and exports the CLI's settings;
    # its example ids are that fake's.
    (start,) = [
        c
        for c in console_commands()
        if c.startswith("python -m kakao_async.testing ") and c.endswith(" &")
    ]
    exported = dict(
        pair.split("=", 1)
        for c in console_commands()
        if c.startswith("export KAKAO_")
        for pair in shlex.split(c)[1:]
    )
    argv = shlex.split(start.removesuffix(" &"))[3:]
    assert exported == {
        "KAKAO_BASE_URL": f"http://127.0.0.1:{argv[argv.index('--port') + 1]}",
        "KAKAO_ACCESS_TOKEN": DEFAULT_TOKEN,
        "KAKAO_AD_ACCOUNT_ID": "1",
        "KAKAO_ON_OFF_INTERVAL": argv[argv.index("--on-off-interval") + 1],
    }
    commands = [c for c in console_commands() if c.startswith("kakao-async ")]
    assert len(commands) >= 8
    with fake_server_process(args=scaled(argv)) as url:
        for command in commands:
            proc = subprocess.run(
                [sys.executable, "-m", "kakao_async", *shlex.split(command)[1:]],
                capture_output=True,
                text=True,
                env=env_for(url),
                timeout=120,
            )
            assert proc.returncode == 0, (command, proc.stderr)
            assert DEFAULT_TOKEN not in proc.stdout + proc.stderr


def test_standalone_fake_server_commands() -> None:
    commands = [c for c in console_commands() if c.startswith("python -m kakao_async.testing")]
    assert len(commands) == 2
    for command in commands:
        with fake_server_process(args=scaled(shlex.split(command.removesuffix(" &"))[3:])) as url:
            stats = asyncio.run(control(url, "GET", "/_fake/stats"))
            rows = asyncio.run(control(url, "GET", "/_fake/on-off-calls"))
        assert stats["requests"] == 0 and rows == []
