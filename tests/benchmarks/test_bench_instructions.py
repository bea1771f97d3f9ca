"""bench_instructions: the cost per call is a difference between two sizes, so they must differ;
bad sizes are refused before anything runs under valgrind."""

from __future__ import annotations

import asyncio

import pytest

from benchmarks import bench_instructions


@pytest.mark.parametrize(
    "argv", [["--requests", "500", "500"], ["--accounts", "300", "300"], ["--requests", "-5", "10"]]
)
def test_sizes_that_give_no_per_call_cost_are_refused(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["bench_instructions", *argv])
    # Never the real thing from a test: without the check, this ends the run at once.
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(SystemExit) as exited:
        bench_instructions.main()
    assert exited.value.code == 2
    assert "two different counts" in capsys.readouterr().err


@pytest.mark.parametrize("interval", ["0", "-1", "nan"])
def test_an_interval_that_is_not_a_positive_number_is_refused(
    interval: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["bench_instructions", "--interval", interval])
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(SystemExit) as exited:
        bench_instructions.main()
    assert exited.value.code == 2
    assert "--interval" in capsys.readouterr().err


def test_bulk_rows_leave_out_the_job_list_every_bulk_client_builds() -> None:
    loop, library = "hand-rolled onOff loop", "kakao_async set_configs"
    cost = {bench_instructions.JOB_LIST: 100.0, loop: 1100.0, library: 1300.0}
    assert bench_instructions.row_cells(bench_instructions.JOB_LIST, cost, loop) == [
        bench_instructions.JOB_LIST,
        "100",
        "-",
    ]
    assert bench_instructions.row_cells(library, cost, loop) == [library, "1,200", "1.200"]
    # GET rows have no job list to leave out.
    get = "kakao_async get_many"
    assert bench_instructions.row_cells(get, {**cost, get: 600.0}, get) == [get, "600", "1.000"]


@pytest.mark.parametrize(("flag", "loop_module"), [([], "asyncio"), (["--uvloop"], "uvloop")])
def test_a_child_runs_on_the_loop_asked_for(
    flag: list[str], loop_module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    async def child(name: str, count: int, interval: float) -> None:
        seen.append(type(asyncio.get_running_loop()).__module__.split(".")[0])

    monkeypatch.setattr(bench_instructions, "_child", child)
    argv = ["bench_instructions", "--child", "kakao_async get_many", "0", *flag]
    monkeypatch.setattr("sys.argv", argv)
    bench_instructions.main()
    assert seen == [loop_module]


@pytest.mark.parametrize(("only", "counted"), [("get", "GETS"), ("bulk", "BULKS")])
def test_only_counts_one_group_with_its_baseline(
    only: str, counted: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[str] = []

    def count(name: str, n: int, interval: float, use_uvloop: bool) -> int:
        asked.append(name)
        return n * (1000 + 10 * len(name))  # each client its own cost per call

    monkeypatch.setattr("sys.argv", ["bench_instructions", "--only", only, "--jobs", "1"])
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/valgrind")
    monkeypatch.setattr(bench_instructions, "_count", count)
    bench_instructions.main()
    assert set(asked) == set(getattr(bench_instructions, counted))
    out = capsys.readouterr().out
    assert ("hand-rolled onOff loop" in out) == (only == "bulk")
    assert ("raw aiohttp + attrs by hand" in out) == (only == "get")
